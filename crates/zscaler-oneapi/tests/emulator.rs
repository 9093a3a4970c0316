//! The client against the running emulator: authentication, single-flight tokens, every fault
//! kind, the retry budget, no duplicated writes, error texts and pagination — asserted on the
//! emulator's request log, which records the exact wire calls.

use std::time::{Duration, Instant};

use serde_json::json;
use zscaler_emulator::{EmulatorConfig, FaultRule, RunningEmulator};
use zscaler_oneapi::{
    ClientConfig, Credentials, Error, OneApiClient, PageRequest, Paging, RateLimits, Request,
};

async fn emulator() -> RunningEmulator {
    zscaler_emulator::spawn(EmulatorConfig::demo(3))
        .await
        .expect("emulator starts")
}

fn config_for(emu: &RunningEmulator, budget: Duration) -> ClientConfig {
    let client = emu.client();
    let mut config = ClientConfig::new(
        emu.token_url().parse().unwrap(),
        emu.base_url().parse().unwrap(),
        Credentials::secret(
            client.client_id.clone(),
            client.client_secret.clone().unwrap(),
        ),
    );
    config.customer_id = Some(emu.customer_id().to_owned());
    config.rate_limits = RateLimits::disabled();
    config.retry_budget = budget;
    config.request_timeout = Duration::from_secs(5);
    config
}

fn client_for(emu: &RunningEmulator) -> OneApiClient {
    OneApiClient::new(config_for(emu, Duration::from_secs(10))).unwrap()
}

fn fault(emu: &RunningEmulator, spec: &str) {
    for rule in FaultRule::parse_spec(spec).unwrap() {
        emu.add_fault(rule);
    }
}

fn calls(emu: &RunningEmulator, method: &str, path: &str) -> usize {
    emu.requests()
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .count()
}

#[tokio::test]
async fn authenticates_with_a_client_secret_and_reuses_the_token() {
    let emu = emulator().await;
    let client = client_for(&emu);
    let status = client
        .send(Request::get("/zia/api/v1/status"))
        .await
        .unwrap();
    assert_eq!(status.status, 200);
    assert_eq!(status.body["status"], "ACTIVE");
    assert!(
        status.request_id.is_some(),
        "x-oneapi-request-id is surfaced"
    );
    client
        .send(Request::get("/zia/api/v1/status"))
        .await
        .unwrap();
    assert_eq!(emu.tokens_issued(), 1);
    let token_call = emu
        .requests()
        .into_iter()
        .find(|r| r.path == "/oauth2/v1/token")
        .unwrap();
    assert_eq!(token_call.body["grant_type"], "client_credentials");
    assert_eq!(token_call.body["audience"], "https://api.zscaler.com");
}

#[tokio::test]
async fn authenticates_with_a_private_key_jwt_assertion() {
    let mut config = EmulatorConfig::demo(3);
    config.client.public_key_pem = Some(include_bytes!("../testdata/test-rsa-pub.pem").to_vec());
    let emu = zscaler_emulator::spawn(config).await.unwrap();
    let mut client_config = config_for(&emu, Duration::from_secs(5));
    client_config.credentials = Credentials::private_key(
        "emulator-client",
        include_str!("../testdata/test-rsa-key.pem"),
    );
    let client = OneApiClient::new(client_config).unwrap();
    assert_eq!(
        client
            .send(Request::get("/zia/api/v1/status"))
            .await
            .unwrap()
            .status,
        200
    );
    let token_call = emu
        .requests()
        .into_iter()
        .find(|r| r.path == "/oauth2/v1/token")
        .unwrap();
    assert_eq!(
        token_call.body["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    assert!(token_call.body.get("client_secret").is_none());
}

#[tokio::test]
async fn wrong_secret_is_a_token_error_that_hides_the_secret() {
    let emu = emulator().await;
    let mut config = config_for(&emu, Duration::from_secs(5));
    config.credentials = Credentials::secret("emulator-client", "not-the-secret-xyz");
    let err = OneApiClient::new(config)
        .unwrap()
        .send(Request::get("/zia/api/v1/status"))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Token { .. }), "{err:?}");
    assert!(text.contains("invalid_client"), "{text}");
    assert!(!text.contains("not-the-secret-xyz"), "{text}");
}

#[tokio::test]
async fn concurrent_first_calls_share_one_token_request() {
    let emu = emulator().await;
    let client = client_for(&emu);
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send(Request::get("/zia/api/v1/status")).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().status, 200);
    }
    assert_eq!(emu.tokens_issued(), 1);
}

#[tokio::test]
async fn token_expiry_mid_session_refreshes_once_and_retries() {
    let emu = emulator().await;
    let client = client_for(&emu);
    client
        .send(Request::get("/zia/api/v1/status"))
        .await
        .unwrap();
    fault(&emu, "expire-token@*#1");
    let resp = client
        .send(Request::get("/zia/api/v1/users"))
        .await
        .unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(resp.attempts, 2);
    assert_eq!(emu.tokens_issued(), 2);
}

#[tokio::test]
async fn concurrent_401s_cause_a_single_refresh() {
    let emu = emulator().await;
    let client = client_for(&emu);
    client
        .send(Request::get("/zia/api/v1/status"))
        .await
        .unwrap();
    emu.expire_tokens();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send(Request::get("/zia/api/v1/status")).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(emu.tokens_issued(), 2);
}

#[tokio::test]
async fn retries_429_with_and_without_retry_after() {
    let emu = emulator().await;
    let client = client_for(&emu);
    fault(&emu, "429=1@GET /zia/api/v1/users#1");
    let resp = client
        .send(Request::get("/zia/api/v1/users"))
        .await
        .unwrap();
    assert_eq!(resp.attempts, 2);

    fault(&emu, "429@GET /zia/api/v1/groups#2");
    let resp = client
        .send(Request::get("/zia/api/v1/groups"))
        .await
        .unwrap();
    assert_eq!(resp.attempts, 3);

    fault(&emu, "429=1s@/zpa/*#1");
    let path = client.zpa_path("/segmentGroup").unwrap();
    assert_eq!(client.send(Request::get(path)).await.unwrap().attempts, 2);
}

#[tokio::test]
async fn a_long_retry_after_fails_fast_within_the_budget_naming_what_was_retried() {
    let emu = emulator().await;
    let client = OneApiClient::new(config_for(&emu, Duration::from_secs(2))).unwrap();
    fault(&emu, "429=60@GET /zia/api/v1/users");
    let started = Instant::now();
    let err = client
        .send(Request::get("/zia/api/v1/users"))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "must not sleep past the budget"
    );
    assert!(matches!(err, Error::RetryBudgetExhausted { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("429"), "{text}");
    assert!(text.contains("/zia/api/v1/users"), "{text}");
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_but_a_post_is_never_resent() {
    let emu = emulator().await;
    let client = client_for(&emu);
    fault(&emu, "503@GET /zia/api/v1/users#2");
    assert_eq!(
        client
            .send(Request::get("/zia/api/v1/users"))
            .await
            .unwrap()
            .attempts,
        3
    );

    fault(&emu, "503@POST /zia/api/v1/groups#1");
    let err = client
        .send(Request::post("/zia/api/v1/groups").json(json!({"name": "Once only"})))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        calls(&emu, "POST", "/zia/api/v1/groups"),
        1,
        "a POST that may have run is not resent"
    );
}

#[tokio::test]
async fn refused_writes_are_retried_without_duplicates() {
    let emu = emulator().await;
    let client = client_for(&emu);
    fault(&emu, "429=1@POST /zia/api/v1/groups#1");
    fault(&emu, "edit-lock@POST /zia/api/v1/groups#2");
    let created = client
        .send(Request::post("/zia/api/v1/groups").json(json!({"name": "Exactly one"})))
        .await
        .unwrap();
    assert_eq!(created.status, 200);
    let succeeded = emu
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/zia/api/v1/groups" && r.status == 200)
        .count();
    assert_eq!(succeeded, 1);
    assert_eq!(calls(&emu, "POST", "/zia/api/v1/groups"), 4);
}

#[tokio::test]
async fn a_reset_connection_is_retried_for_reads_only() {
    let emu = emulator().await;
    let client = client_for(&emu);
    client
        .send(Request::get("/zia/api/v1/status"))
        .await
        .unwrap();
    fault(&emu, "reset@GET /zia/api/v1/users#1");
    assert_eq!(
        client
            .send(Request::get("/zia/api/v1/users"))
            .await
            .unwrap()
            .attempts,
        2
    );

    fault(&emu, "reset@POST /zia/api/v1/groups#1");
    let err = client
        .send(Request::post("/zia/api/v1/groups").json(json!({"name": "Maybe sent"})))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(calls(&emu, "POST", "/zia/api/v1/groups"), 1);
}

#[tokio::test]
async fn a_hung_upstream_answers_within_the_budget() {
    let emu = emulator().await;
    let mut config = config_for(&emu, Duration::from_secs(2));
    config.request_timeout = Duration::from_secs(1);
    let client = OneApiClient::new(config).unwrap();
    client
        .send(Request::get("/zia/api/v1/status"))
        .await
        .unwrap();
    fault(&emu, "hang@/zia/api/v1/users");
    let started = Instant::now();
    let err = client
        .send(Request::get("/zia/api/v1/users"))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        matches!(
            err,
            Error::Timeout { .. } | Error::RetryBudgetExhausted { .. }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_retried_delete_that_finds_nothing_counts_as_done() {
    let emu = emulator().await;
    let client = client_for(&emu);
    let created = client
        .send(Request::post("/zia/api/v1/groups").json(json!({"name": "To delete"})))
        .await
        .unwrap();
    let path = format!("/zia/api/v1/groups/{}", created.body["id"]);
    // The first DELETE is processed but its answer is lost; the retry then finds nothing.
    fault(&emu, &format!("lost=504@DELETE {path}#1"));
    client.send(Request::delete(path.clone())).await.unwrap();
    assert_eq!(calls(&emu, "DELETE", &path), 2);
    let err = client.send(Request::get(path)).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn product_errors_read_well() {
    let emu = emulator().await;
    let client = client_for(&emu);
    let err = client
        .send(Request::get("/zia/api/v1/users/1"))
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert!(err.to_string().contains("ZIA"), "{err}");

    let missing = client.zpa_path("/segmentGroup/1").unwrap();
    let err = client.send(Request::get(missing)).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains("ZPA"), "{err}");
    assert!(err.to_string().contains("request id"), "{err}");

    let err = client
        .send(Request::post("/zia/api/v1/users").json(json!({"name": "No email"})))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(err.to_string().contains("email"), "{err}");
}

#[tokio::test]
async fn zpa_paths_need_the_customer_id_and_say_so() {
    let emu = emulator().await;
    let mut config = config_for(&emu, Duration::from_secs(5));
    config.customer_id = None;
    let err = OneApiClient::new(config)
        .unwrap()
        .zpa_path("/application")
        .unwrap_err();
    assert!(err.to_string().contains("ZSCALER_CUSTOMER_ID"), "{err}");
}

#[tokio::test]
async fn zia_pages_walk_every_user() {
    let emu = emulator().await;
    let client = client_for(&emu);
    let first = client
        .list_page(
            Request::get("/zia/api/v1/users"),
            Paging::PageSize,
            PageRequest::new(1, 100),
        )
        .await
        .unwrap();
    assert_eq!(first.items.len(), 100);
    assert_eq!(first.next_page, Some(2));
    let (all, truncated) = client
        .list_all(
            Request::get("/zia/api/v1/users"),
            Paging::PageSize,
            100,
            10_000,
        )
        .await
        .unwrap();
    assert!(!truncated);
    let total = emu.with_tenant(|t| t.rows("zia.users").count());
    assert_eq!(all.len(), total);
    assert!(total > 500);
    let (capped, truncated) = client
        .list_all(
            Request::get("/zia/api/v1/users"),
            Paging::PageSize,
            100,
            250,
        )
        .await
        .unwrap();
    assert!(truncated);
    assert_eq!(capped.len(), 250);
}

#[tokio::test]
async fn zpa_pages_read_string_totals() {
    let emu = emulator().await;
    let client = client_for(&emu);
    let path = client.zpa_path("/segmentGroup").unwrap();
    let page = client
        .list_page(Request::get(path), Paging::ZpaPages, PageRequest::new(1, 2))
        .await
        .unwrap();
    let total = emu.with_tenant(|t| t.rows("zpa.segmentGroup").count()) as u64;
    assert_eq!(page.total, Some(total));
    assert_eq!(page.items.len(), 2.min(total as usize));
    let sent = emu
        .requests()
        .into_iter()
        .rfind(|r| r.path.ends_with("/segmentGroup"))
        .unwrap();
    assert!(
        sent.query.contains("pagesize=2"),
        "ZPA wants lower-case pagesize: {}",
        sent.query
    );
}

#[tokio::test]
async fn zia_activation_round_trip() {
    let emu = emulator().await;
    let client = client_for(&emu);
    client
        .send(Request::post("/zia/api/v1/groups").json(json!({"name": "Staged"})))
        .await
        .unwrap();
    assert_eq!(client.zia_activation_status().await.unwrap(), "PENDING");
    assert_eq!(client.zia_activate().await.unwrap(), "ACTIVE");
    assert_eq!(client.zia_activation_status().await.unwrap(), "ACTIVE");
}

#[tokio::test]
async fn client_side_rate_limit_spaces_calls_per_product() {
    let emu = emulator().await;
    let mut config = config_for(&emu, Duration::from_secs(10));
    config.rate_limits = RateLimits::from_spec("zia.get=5/s").unwrap();
    let client = OneApiClient::new(config).unwrap();
    let started = Instant::now();
    for _ in 0..10 {
        client
            .send(Request::get("/zia/api/v1/status"))
            .await
            .unwrap();
    }
    // 10 calls at 5/s need at least the second window.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    // ZPA is not slowed by ZIA's limit.
    let path = client.zpa_path("/segmentGroup").unwrap();
    let zpa_started = Instant::now();
    for _ in 0..10 {
        client.send(Request::get(path.clone())).await.unwrap();
    }
    assert!(
        zpa_started.elapsed() < Duration::from_millis(900),
        "{:?}",
        zpa_started.elapsed()
    );
}
