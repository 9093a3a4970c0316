//! moto's server (`moto_server`, pinned by `scripts/install-peers.sh`) on a free loopback port.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `moto_server` on a free loopback port; killed on drop.
pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Moto {
    /// Starts `$ZSCALER_MCP_PEERS/moto/bin/moto_server` (default `<repo>/.tools`) with
    /// `extra_env` added to its environment and waits up to 60 s for its port to open.
    ///
    /// # Panics
    /// When moto is not installed, cannot start, or does not listen within 60 s.
    pub fn start(extra_env: &[(&str, &str)]) -> Moto {
        let peers = std::env::var_os("ZSCALER_MCP_PEERS")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.tools"));
        let server = peers.join("moto/bin/moto_server");
        assert!(
            server.exists(),
            "{} is missing: run `bash scripts/install-peers.sh` (or `bash scripts/test.sh`)",
            server.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .expect("bind a loopback port")
            .local_addr()
            .expect("loopback address")
            .port();
        let mut command = Command::new(&server);
        command
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (key, value) in extra_env {
            command.env(key, value);
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|err| panic!("start {}: {err}", server.display()));
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("moto_server exited before listening ({status})");
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("moto did not start within 60 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto { child, url }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
