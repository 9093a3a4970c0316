//! Malformed requests get a specific modelled error, never a dropped connection.

use zscaler_aws_fake::FakeOptions;

use crate::common::{Env, bounded};

fn authorization(service: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=00"
    )
}

#[tokio::test]
async fn malformed_bodies_get_clear_errors() {
    bounded(async {
        let env = Env::start(FakeOptions::default()).await;
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");

        let ecs = client
            .post(format!("{}/", env.fake.url))
            .header("authorization", authorization("ecs"))
            .header(
                "x-amz-target",
                "AmazonEC2ContainerServiceV20141113.CreateExpressGatewayService",
            )
            .header("content-type", "application/x-amz-json-1.1")
            .body("{not json")
            .send()
            .await
            .expect("ecs call");
        assert_eq!(ecs.status(), 400);
        assert_eq!(
            ecs.headers()["x-amzn-errortype"],
            "InvalidParameterException"
        );
        let body: serde_json::Value = ecs.json().await.expect("json error body");
        assert_eq!(body["__type"], "InvalidParameterException");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("not valid JSON")),
            "{body}"
        );

        for (method, path) in [("POST", "/harnesses"), ("PATCH", "/harnesses/x-0123456789")] {
            let reply = client
                .request(
                    method.parse().expect("method"),
                    format!("{}{path}", env.fake.url),
                )
                .header("authorization", authorization("bedrock-agentcore"))
                .header("content-type", "application/json")
                .body("[1, 2")
                .send()
                .await
                .expect("control call");
            assert_eq!(reply.status(), 400, "{method} {path}");
            assert_eq!(reply.headers()["x-amzn-errortype"], "ValidationException");
        }

        let invoke = client
            .post(format!("{}/harnesses/invoke", env.fake.url))
            .header("authorization", authorization("bedrock-agentcore"))
            .body("{}")
            .send()
            .await
            .expect("invoke call");
        assert_eq!(invoke.status(), 400);
        let body: serde_json::Value = invoke.json().await.expect("json error body");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("harnessArn")),
            "{body}"
        );
    })
    .await;
}
