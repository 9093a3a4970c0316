//! Test support for the AWS deployer: a loopback HTTP server that answers the AWS operations
//! moto 5.2.5 lacks and forwards every other request, unchanged, to a real `moto_server`.
//!
//! Faked (wire format taken from `aws-sdk-ecs` 1.157, `aws-sdk-bedrockagentcorecontrol` 1.97 and
//! `aws-sdk-bedrockagentcore` 1.83):
//! - ECS Express Mode: `Create/Describe/Update/DeleteExpressGatewayService`, plus the classic
//!   `DescribeServices`, `ListServices` and `DeleteCluster` where they touch an Express service.
//! - AgentCore Harness: `Create/Get/Update/Delete/ListHarness(es)`.
//! - Token-vault credential providers: `Create/Get/Update/Delete/List` for API-key and OAuth2.
//! - Data-plane `InvokeHarness`, answered as an `application/vnd.amazon.eventstream` stream.
//! - A container registry (OCI distribution API, read side) holding the images tests push with
//!   [`FakeAws::push_image`], and ECR's `GetAuthorizationToken` pointing at it.
//!
//! Services are told apart by the SigV4 credential scope in `Authorization`
//! (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`), so every SDK client can share one
//! endpoint URL (`AWS_ENDPOINT_URL`). The account id is moto's default, [`ACCOUNT_ID`].
//!
//! ```no_run
//! use zscaler_aws_fake::{FakeAws, FakeOptions, Moto};
//! let moto = Moto::start(&[]);
//! let fake = FakeAws::start(&moto.url, FakeOptions::default());
//! // point the CLI or SDK clients at fake.url; inspect fake.state() afterwards
//! ```

mod agentcore;
mod ecs;
mod invoke;
mod moto;
mod registry;
mod server;
mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use parking_lot::Mutex;

pub use moto::Moto;

/// The account id moto answers for (and the fake puts in every ARN).
pub const ACCOUNT_ID: &str = "123456789012";

/// How many polls the fake's asynchronous resources take to settle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FakeOptions {
    /// `DescribeExpressGatewayService` calls answered without the PUBLIC ingress endpoint before it
    /// appears (0: it is in the create response already).
    pub express_polls_until_public: u32,
    /// After `DeleteExpressGatewayService`: calls (`DescribeExpressGatewayService`,
    /// `DescribeServices` naming the service, `DeleteCluster` of its cluster) that still see it
    /// DRAINING; the next one sees INACTIVE.
    pub express_drain_polls: u32,
    /// `GetHarness` calls answering CREATING (or UPDATING after an update) before READY.
    pub harness_polls_until_ready: u32,
}

impl Default for FakeOptions {
    fn default() -> Self {
        FakeOptions {
            express_polls_until_public: 1,
            express_drain_polls: 1,
            harness_polls_until_ready: 1,
        }
    }
}

/// The fake on a free loopback port, served by its own thread and tokio runtime; stops on drop.
pub struct FakeAws {
    /// `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL` or an SDK `endpoint_url`.
    pub url: String,
    state: Arc<Mutex<state::State>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FakeAws {
    /// Starts the fake in front of the moto server at `moto_url` and returns once it listens.
    ///
    /// # Panics
    /// When no loopback port can be bound or the runtime cannot start (test support: a broken
    /// environment should fail the test loudly).
    pub fn start(moto_url: &str, options: FakeOptions) -> FakeAws {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener
            .set_nonblocking(true)
            .expect("make the listener non-blocking");
        let addr: SocketAddr = listener.local_addr().expect("listener address");
        let state = Arc::new(Mutex::new(state::State::new(options)));
        let app = server::App::new(
            moto_url.trim_end_matches('/').to_owned(),
            format!("http://{addr}"),
            state.clone(),
        );
        let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("zscaler-aws-fake".to_owned())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("start the fake's tokio runtime");
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)
                        .expect("hand the listener to tokio");
                    let _ = ready_tx.send(());
                    tokio::select! {
                        result = server::serve(listener, app) => {
                            if let Err(err) = result {
                                eprintln!("zscaler-aws-fake: server stopped: {err}");
                            }
                        }
                        _ = shutdown_rx => {}
                    }
                });
                runtime.shutdown_timeout(Duration::from_secs(2));
            })
            .expect("spawn the fake's thread");
        ready_rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the fake did not start within 30 s");
        FakeAws {
            url: format!("http://{addr}"),
            state,
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
        }
    }

    /// Publishes an image in the fake's registry as `<host:port of url>/<repository>:<tag>`,
    /// built for `platforms` (`"linux/amd64"`, `"linux/arm64/v8"`…); two or more make an index.
    /// An ECR image URI reaches it too, through `GetAuthorizationToken`'s `proxyEndpoint`.
    pub fn push_image(&self, repository: &str, tag: &str, platforms: &[&str]) {
        let mut state = self.state.lock();
        state
            .images
            .retain(|i| !(i.repository == repository && i.tag == tag));
        state.images.push(registry::Image {
            repository: repository.to_owned(),
            tag: tag.to_owned(),
            platforms: platforms.iter().map(|p| (*p).to_owned()).collect(),
        });
    }

    /// The image reference that reaches [`FakeAws::push_image`]'s image without ECR.
    pub fn image_ref(&self, repository: &str, tag: &str) -> String {
        format!(
            "{}/{repository}:{tag}",
            self.url.trim_start_matches("http://")
        )
    }

    /// A snapshot of everything the fake holds, for assertions:
    /// `{"expressServices": [...], "harnesses": [...], "credentialProviders": [...],
    /// "invocations": [...], "registryRequests": [{"path", "auth", "status"}]}` (see the crate's
    /// tests for the fields).
    pub fn state(&self) -> serde_json::Value {
        self.state.lock().snapshot()
    }
}

impl Drop for FakeAws {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
