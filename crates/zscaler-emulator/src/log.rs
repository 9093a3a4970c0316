//! The request log tests read to assert the exact wire calls a client made.

use parking_lot::Mutex;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    pub seq: u64,
    pub method: String,
    pub path: String,
    /// The raw query string, as sent.
    pub query: String,
    /// The body as JSON when it parsed, else as text; form bodies are logged without values
    /// of secret fields.
    pub body: Value,
    pub authorized: bool,
    pub status: u16,
    /// The fault that answered this request, if any.
    pub fault: Option<String>,
}

/// Bounded so a long benchmark or soak run cannot grow the emulator without limit.
pub struct RequestLog {
    entries: Mutex<std::collections::VecDeque<LoggedRequest>>,
    seq: std::sync::atomic::AtomicU64,
    capacity: usize,
}

impl RequestLog {
    pub fn new(capacity: usize) -> RequestLog {
        RequestLog {
            entries: Mutex::default(),
            seq: Default::default(),
            capacity,
        }
    }

    pub fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
    }

    pub fn push(&self, entry: LoggedRequest) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self.entries.lock();
        if entries.len() == self.capacity {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    pub fn snapshot(&self) -> Vec<LoggedRequest> {
        self.entries.lock().iter().cloned().collect()
    }

    pub fn clear(&self) {
        self.entries.lock().clear();
    }
}
