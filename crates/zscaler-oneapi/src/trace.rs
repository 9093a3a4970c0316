//! The OneAPI request ids a piece of work caused, for audit records: run the work inside
//! [`collect`] and every response's `x-oneapi-request-id` (retried attempts included) is
//! gathered, without threading a collector through every call site.

use std::cell::RefCell;
use std::future::Future;

tokio::task_local! {
    static REQUEST_IDS: RefCell<Vec<String>>;
}

/// Runs `work`; returns its output and the request ids of the OneAPI answers it received, in
/// order. Requests made from tasks `work` spawns are not seen.
pub async fn collect<F: Future>(work: F) -> (F::Output, Vec<String>) {
    REQUEST_IDS
        .scope(RefCell::new(Vec::new()), async move {
            let output = work.await;
            let ids = REQUEST_IDS.with(|ids| ids.take());
            (output, ids)
        })
        .await
}

/// Notes one answer's request id, if a [`collect`] is running in this task.
pub(crate) fn record(request_id: Option<&str>) {
    if let Some(id) = request_id {
        let _ = REQUEST_IDS.try_with(|ids| ids.borrow_mut().push(id.to_owned()));
    }
}
