//! One OneAPI client per tenant, for tenant passthrough: each caller's credentials get a
//! client of their own (own token cache, own rate limiter, because each tenant has its own
//! limits), and all of them share one HTTP connection pool. The number of clients kept is
//! bounded; the least recently used is dropped first.

use std::collections::HashMap;
use std::sync::Mutex;

use url::Url;

use crate::client::{OneApiClient, build_http};
use crate::config::{ClientDefaults, Credentials};
use crate::error::Error;

/// Whose client to build: the caller's token URL, credentials and ZPA customer id.
pub struct Tenant {
    pub token_url: Url,
    pub credentials: Credentials,
    pub customer_id: Option<String>,
}

struct Entry {
    client: OneApiClient,
    last_used: u64,
}

#[derive(Default)]
struct Clients {
    by_key: HashMap<String, Entry>,
    /// A logical clock for least-recently-used eviction.
    clock: u64,
}

pub struct ClientPool {
    defaults: ClientDefaults,
    http: reqwest::Client,
    capacity: usize,
    clients: Mutex<Clients>,
}

impl std::fmt::Debug for ClientPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Keys are hashes and clients carry credentials: show only the count.
        f.debug_struct("ClientPool")
            .field("clients", &self.len())
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

impl ClientPool {
    /// A pool keeping at most `capacity` (≥ 1) clients built from `defaults`.
    pub fn new(defaults: ClientDefaults, capacity: usize) -> Result<ClientPool, Error> {
        let http = build_http(defaults.extra_ca_pem.as_deref())?;
        Ok(ClientPool {
            defaults,
            http,
            capacity: capacity.max(1),
            clients: Mutex::default(),
        })
    }

    /// The client kept under `key`, or a new one for `tenant()`. `key` must change whenever
    /// the credentials, the tenant or the customer id do (a hash over all of them).
    pub fn client(
        &self,
        key: &str,
        tenant: impl FnOnce() -> Tenant,
    ) -> Result<OneApiClient, Error> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.clock += 1;
        let now = clients.clock;
        if let Some(entry) = clients.by_key.get_mut(key) {
            entry.last_used = now;
            return Ok(entry.client.clone());
        }
        let Tenant {
            token_url,
            credentials,
            customer_id,
        } = tenant();
        let config = self
            .defaults
            .client_config(token_url, credentials, customer_id);
        let client = OneApiClient::with_http(config, self.http.clone())?;
        if clients.by_key.len() >= self.capacity
            && let Some(oldest) = clients
                .by_key
                .iter()
                .min_by_key(|(_, entry)| entry.last_used)
                .map(|(key, _)| key.clone())
        {
            // Calls still running on the dropped client keep their clone of it.
            clients.by_key.remove(&oldest);
        }
        clients.by_key.insert(
            key.to_owned(),
            Entry {
                client: client.clone(),
                last_used: now,
            },
        );
        Ok(client)
    }

    /// How many clients are kept.
    pub fn len(&self) -> usize {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .by_key
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ClientAuth, ClientConfig};

    fn defaults() -> ClientDefaults {
        let config = ClientConfig::new(
            "https://acme.zslogin.net/oauth2/v1/token".parse().unwrap(),
            "https://api.zsapi.net".parse().unwrap(),
            Credentials::secret("server", "server-secret"),
        );
        ClientDefaults::from(&config)
    }

    fn tenant(client_id: &str, customer_id: Option<&str>) -> Tenant {
        Tenant {
            token_url: format!("https://{client_id}.zslogin.net/oauth2/v1/token")
                .parse()
                .unwrap(),
            credentials: Credentials::secret(client_id, format!("{client_id}-secret")),
            customer_id: customer_id.map(str::to_owned),
        }
    }

    #[test]
    fn each_key_gets_its_own_tenant_client_and_keeps_it() {
        let pool = ClientPool::new(defaults(), 8).unwrap();
        let alpha = pool.client("a", || tenant("alpha", Some("11"))).unwrap();
        let beta = pool.client("b", || tenant("beta", None)).unwrap();
        assert_eq!(alpha.config().credentials.client_id, "alpha");
        assert_eq!(
            alpha.config().token_url.host_str(),
            Some("alpha.zslogin.net")
        );
        assert_eq!(alpha.customer_id().unwrap(), "11");
        assert_eq!(beta.config().credentials.client_id, "beta");
        assert!(beta.customer_id().is_err());
        assert_eq!(
            beta.config().credentials.auth,
            ClientAuth::Secret("beta-secret".into())
        );
        // The gateway and budgets come from the defaults, not the caller.
        assert_eq!(beta.config().api_base.as_str(), "https://api.zsapi.net/");
        // A known key is answered from the pool: the builder is not called again.
        let again = pool
            .client("a", || panic!("the client for `a` must be reused"))
            .unwrap();
        assert_eq!(again.config().credentials.client_id, "alpha");
        assert_eq!(pool.len(), 2);
    }

    #[test]
    fn the_least_recently_used_client_is_dropped_at_capacity() {
        let pool = ClientPool::new(defaults(), 2).unwrap();
        pool.client("a", || tenant("alpha", None)).unwrap();
        pool.client("b", || tenant("beta", None)).unwrap();
        pool.client("a", || unreachable!()).unwrap();
        pool.client("c", || tenant("gamma", None)).unwrap();
        assert_eq!(pool.len(), 2);
        // `b` was the least recently used, so it is the one rebuilt.
        let mut rebuilt = false;
        pool.client("b", || {
            rebuilt = true;
            tenant("beta", None)
        })
        .unwrap();
        assert!(rebuilt);
        pool.client("c", || panic!("`c` was used more recently than `a`"))
            .unwrap();
    }
}
