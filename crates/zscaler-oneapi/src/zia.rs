//! ZIA staged configuration: writes take effect only after activation.

use serde_json::Value;

use crate::client::{OneApiClient, Request};
use crate::error::Error;
use crate::product::Product;

impl OneApiClient {
    /// `ACTIVE`, `PENDING` (changes waiting for activation) or `INPROGRESS`.
    pub async fn zia_activation_status(&self) -> Result<String, Error> {
        let response = self.send(Request::get("/zia/api/v1/status")).await?;
        status_field(&response.body, response.status)
    }

    /// Activates pending ZIA changes; returns the resulting status.
    pub async fn zia_activate(&self) -> Result<String, Error> {
        let response = self
            .send(Request::post("/zia/api/v1/status/activate"))
            .await?;
        status_field(&response.body, response.status)
    }
}

fn status_field(body: &Value, status: u16) -> Result<String, Error> {
    body.get("status")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| Error::Decode {
            product: Product::Zia,
            status,
            message: format!("expected {{\"status\": \"ACTIVE\"|\"PENDING\"|…}}, got {body}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::tests::test_client;
    use crate::testserver::{Canned, TestServer};

    #[tokio::test]
    async fn status_and_activate() {
        let server = TestServer::start().await;
        let client = test_client(&server, "/");
        server.script([
            Canned::new(200, r#"{"status":"PENDING"}"#),
            Canned::new(200, r#"{"status":"ACTIVE"}"#),
            Canned::new(200, r#"{"state":"?"}"#),
        ]);
        let run = async {
            assert_eq!(client.zia_activation_status().await.unwrap(), "PENDING");
            assert_eq!(client.zia_activate().await.unwrap(), "ACTIVE");
            assert!(matches!(
                client.zia_activation_status().await,
                Err(Error::Decode { .. })
            ));
        };
        tokio::time::timeout(std::time::Duration::from_secs(20), run)
            .await
            .unwrap();
        let log = server.api_log();
        assert_eq!(log[0].target, "/zia/api/v1/status");
        assert_eq!(
            (log[1].method.as_str(), log[1].target.as_str()),
            ("POST", "/zia/api/v1/status/activate")
        );
    }
}
