//! The fault matrix end to end: the real server binary over streamable HTTP, calling the
//! standalone emulator while it fails the way the OneAPI fails (429 with and without
//! `Retry-After`, 5xx, hangs, resets, a token expiring mid-run, the ZIA edit lock, an answer lost
//! after the work was done). Every call must answer within its retry budget, with a result or
//! an `isError` naming the problem, and the emulator's request log must show no write sent twice.

mod common;

use std::time::{Duration, Instant};

use common::{HttpServer, Session, Upstream};
use serde_json::{Value, json};

/// The per-call retry budget the server runs with here.
const BUDGET: Duration = Duration::from_secs(3);
/// What a call may take beyond its budget: the last attempt's own time and the MCP round trip.
const SLACK: Duration = Duration::from_secs(4);

const READ: &str = "zia_list_rule_labels";
const READ_PATH: &str = "/zia/api/v1/ruleLabels";
const WRITE: &str = "zia_create_rule_label";

fn server(upstream: &Upstream) -> HttpServer {
    let budget = BUDGET.as_secs().to_string();
    let mut env = upstream.server_env();
    env.extend([
        ("ZSCALER_MCP_AUTH_MODE".into(), "none".into()),
        ("ZSCALER_MCP_RETRY_BUDGET_SECS".into(), budget),
        ("ZSCALER_MCP_RATE_LIMITS".into(), "off".into()),
    ]);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    HttpServer::start_env(
        &[
            "--port",
            "0",
            "--enable-write-tools",
            "--write-tools",
            WRITE,
        ],
        &env,
    )
}

/// One `tools/call`, timed: (isError, the text, how long it took).
async fn call(session: &mut Session, tool: &str, arguments: Value) -> (bool, String, Duration) {
    let started = Instant::now();
    let reply = session
        .request("tools/call", json!({"name": tool, "arguments": arguments}))
        .await;
    let elapsed = started.elapsed();
    let result = &reply["result"];
    let text = result["content"][0]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("{tool}: no text content in {reply}"))
        .to_owned();
    assert!(
        elapsed <= BUDGET + SLACK,
        "{tool} took {elapsed:?}, beyond its {BUDGET:?} budget: {text}"
    );
    (result["isError"] == json!(true), text, elapsed)
}

/// The requests the emulator saw for `method path` since the log was last cleared, as
/// (status, fault) pairs.
async fn seen(upstream: &Upstream, method: &str, path: &str) -> Vec<(u64, Option<String>)> {
    upstream
        .log()
        .await
        .iter()
        .filter(|r| r["method"] == method && r["path"] == path)
        .map(|r| {
            (
                r["status"].as_u64().unwrap_or(0),
                r["fault"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

/// How many rule labels named `name` the tenant holds (read without faults).
async fn labels_named(session: &mut Session, name: &str) -> usize {
    let (failed, text, _) = call(session, READ, json!({"all": true})).await;
    assert!(!failed, "{text}");
    text.matches(&format!("\"{name}\"")).count()
}

#[tokio::test]
async fn reads_ride_out_transient_faults_and_report_the_rest_within_the_budget() {
    let upstream = Upstream::start(&[]);
    let server = server(&upstream);
    let mut session = Session::open(&server).await;
    // Warm the token so each case counts only its own requests.
    let (failed, text, _) = call(&mut session, READ, json!({})).await;
    assert!(!failed, "{text}");

    // Recovered by retrying: the result is the records, and the log shows every attempt.
    for (spec, attempts) in [
        ("429=1@GET /zia/api/v1/ruleLabels#2", 3),
        ("503@GET /zia/api/v1/ruleLabels#1", 2),
        ("reset@GET /zia/api/v1/ruleLabels#1", 2),
    ] {
        upstream.clear_log().await;
        upstream.fault(spec).await;
        let (failed, text, _) = call(&mut session, READ, json!({})).await;
        assert!(!failed, "{spec}: {text}");
        assert!(text.contains("\"name\""), "{spec}: {text}");
        assert_eq!(
            seen(&upstream, "GET", READ_PATH).await.len(),
            attempts,
            "{spec}"
        );
        upstream.clear_faults().await;
    }

    // A token that expires mid-run is refreshed once and the call repeated.
    let tokens = upstream.tokens_issued().await;
    upstream.clear_log().await;
    upstream
        .fault("expire-token@GET /zia/api/v1/ruleLabels#1")
        .await;
    let (failed, text, _) = call(&mut session, READ, json!({})).await;
    assert!(!failed, "expired token: {text}");
    assert_eq!(upstream.tokens_issued().await, tokens + 1);
    upstream.clear_faults().await;

    // Not recovered: an error that says what happened, within the budget, never a hang.
    for (spec, expect) in [
        ("429@GET /zia/api/v1/ruleLabels", "429"),
        ("503@GET /zia/api/v1/ruleLabels", "503"),
        ("hang@GET /zia/api/v1/ruleLabels", "did not answer"),
    ] {
        upstream.clear_log().await;
        upstream.fault(spec).await;
        let (failed, text, _) = call(&mut session, READ, json!({})).await;
        assert!(failed, "{spec}: {text}");
        assert!(
            text.to_lowercase().contains(expect),
            "{spec}: the error should say {expect:?}: {text}"
        );
        assert!(
            !seen(&upstream, "GET", READ_PATH).await.is_empty(),
            "{spec}: the call reached the upstream"
        );
        upstream.clear_faults().await;
    }

    // The session is healthy afterwards.
    let (failed, text, _) = call(&mut session, READ, json!({})).await;
    assert!(!failed, "{text}");
}

#[tokio::test]
async fn a_write_is_never_sent_twice_unless_the_upstream_provably_refused_it() {
    let upstream = Upstream::start(&[]);
    let server = server(&upstream);
    let mut session = Session::open(&server).await;

    // The ZIA edit lock refuses before doing anything: repeated, and the label exists once.
    upstream.clear_log().await;
    upstream
        .fault("edit-lock@POST /zia/api/v1/ruleLabels#2")
        .await;
    let (failed, text, _) = call(&mut session, WRITE, json!({"name": "locked-twice"})).await;
    assert!(!failed, "edit lock: {text}");
    let posts = seen(&upstream, "POST", READ_PATH).await;
    assert_eq!(posts.len(), 3, "{posts:?}");
    upstream.clear_faults().await;
    assert_eq!(labels_named(&mut session, "locked-twice").await, 1);

    // A 429 is a refusal too: repeated after its Retry-After.
    upstream.clear_log().await;
    upstream.fault("429=1@POST /zia/api/v1/ruleLabels#1").await;
    let (failed, text, _) = call(&mut session, WRITE, json!({"name": "limited-once"})).await;
    assert!(!failed, "429: {text}");
    assert_eq!(seen(&upstream, "POST", READ_PATH).await.len(), 2);
    upstream.clear_faults().await;
    assert_eq!(labels_named(&mut session, "limited-once").await, 1);

    // A 5xx, a reset or a lost answer may hide work done: sent once, and the error says the
    // outcome is unknown rather than pretending nothing happened.
    for (spec, name) in [
        ("503@POST /zia/api/v1/ruleLabels", "after-503"),
        ("reset@POST /zia/api/v1/ruleLabels", "after-reset"),
        ("lost=504@POST /zia/api/v1/ruleLabels", "after-lost"),
    ] {
        upstream.clear_log().await;
        upstream.fault(spec).await;
        let (failed, text, _) = call(&mut session, WRITE, json!({"name": name})).await;
        assert!(failed, "{spec}: {text}");
        assert_eq!(
            seen(&upstream, "POST", READ_PATH).await.len(),
            1,
            "{spec}: a write that may have been done must not be sent again"
        );
        upstream.clear_faults().await;
        let stored = labels_named(&mut session, name).await;
        assert!(stored <= 1, "{spec}: {stored} copies");
        if spec.starts_with("lost") {
            assert_eq!(stored, 1, "the lost answer's work was done");
            assert!(
                text.contains("504"),
                "{spec}: the error should name the status: {text}"
            );
        }
    }
}
