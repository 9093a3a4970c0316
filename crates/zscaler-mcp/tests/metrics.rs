//! `/metrics` through the real binary: off by default, refused on stdio, behind the same
//! authentication as `/mcp`, and counting what an operator watches (HTTP requests, tool calls
//! by tool and outcome, OneAPI attempts by product and status, retries, latency histograms).

mod common;

use std::collections::BTreeMap;

use common::{HttpServer, Session, answer, http, zscaler_mcp};
use serde_json::json;

/// One sample of the scrape: name, labels, value.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parses Prometheus text exposition (comments skipped; label values have no `,` or `"` here).
fn parse(text: &str) -> Vec<Sample> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (series, value) = line.rsplit_once(' ').expect("a sample has a value");
            let (name, labels) = match series.split_once('{') {
                Some((name, rest)) => (name, rest.trim_end_matches('}')),
                None => (series, ""),
            };
            let labels = labels
                .split(',')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').expect("label=value");
                    (k.to_owned(), v.trim_matches('"').to_owned())
                })
                .collect();
            Sample {
                name: name.to_owned(),
                labels,
                value: value.parse().expect("a number"),
            }
        })
        .collect()
}

/// The value of the series `name` whose labels include `labels`, summed over the rest.
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.name == name)
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
        .sum()
}

async fn scrape(server: &HttpServer, headers: &[(&str, &str)]) -> (u16, String, String) {
    answer(http().get(server.url("/metrics")), headers).await
}

#[tokio::test]
async fn metrics_count_requests_tool_calls_oneapi_attempts_and_retries() {
    // The first ZIA status read is throttled once, so the client retries it.
    let server = HttpServer::start(&["--metrics", "--demo-faults", "429=0@/zia/api/v1/status#1"]);
    let mut session = Session::open(&server).await;
    let call = |name: &str, arguments| json!({"name": name, "arguments": arguments});
    let ok = session
        .request("tools/call", call("zia_get_activation_status", json!({})))
        .await;
    assert_eq!(ok["result"]["isError"], json!(false), "{ok}");
    let refused = session
        .request("tools/call", call("zpa_get_segment_group", json!({})))
        .await;
    assert_eq!(refused["result"]["isError"], json!(true), "{refused}");
    let (_, unknown) = session
        .post(json!({"jsonrpc": "2.0", "id": 99, "method": "tools/call",
            "params": call("zia_made_up_tool_name", json!({}))}))
        .await;
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");

    let (status, content_type, text) = scrape(&server, &[]).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(content_type, "text/plain; version=0.0.4; charset=utf-8");
    let samples = parse(&text);
    let tool_calls = "zscaler_mcp_tool_calls_total";
    assert_eq!(
        value(
            &samples,
            tool_calls,
            &[("tool", "zia_get_activation_status"), ("outcome", "ok")]
        ),
        1.0,
        "{text}"
    );
    assert_eq!(
        value(
            &samples,
            tool_calls,
            &[("tool", "zpa_get_segment_group"), ("outcome", "tool_error")]
        ),
        1.0,
        "{text}"
    );
    // A made-up name is counted, under one label whatever the name.
    assert_eq!(
        value(
            &samples,
            tool_calls,
            &[("tool", "(unknown)"), ("outcome", "error")]
        ),
        1.0,
        "{text}"
    );
    assert!(!text.contains("zia_made_up_tool_name"), "{text}");

    let oneapi = "zscaler_oneapi_requests_total";
    let zia_status = |status| [("product", "zia"), ("method", "GET"), ("status", status)];
    assert_eq!(value(&samples, oneapi, &zia_status("429")), 1.0, "{text}");
    assert_eq!(value(&samples, oneapi, &zia_status("200")), 1.0, "{text}");
    assert_eq!(
        value(
            &samples,
            "zscaler_oneapi_retries_total",
            &[("product", "zia"), ("reason", "429")]
        ),
        1.0,
        "{text}"
    );
    assert!(
        value(
            &samples,
            "zscaler_oneapi_token_requests_total",
            &[("outcome", "ok")]
        ) >= 1.0,
        "{text}"
    );

    // initialize, initialized, three calls: five POSTs to /mcp, all answered.
    let mcp_posts = value(
        &samples,
        "zscaler_mcp_http_requests_total",
        &[("route", "/mcp"), ("method", "POST")],
    );
    assert_eq!(mcp_posts, 5.0, "{text}");

    // Latencies are histograms (buckets), not summaries.
    assert_eq!(
        value(
            &samples,
            "zscaler_mcp_tool_call_duration_seconds_bucket",
            &[("tool", "zia_get_activation_status"), ("le", "+Inf")]
        ),
        1.0,
        "{text}"
    );
    assert_eq!(
        value(
            &samples,
            "zscaler_oneapi_request_duration_seconds_count",
            &[("product", "zia")]
        ),
        2.0,
        "{text}"
    );
    assert!(
        text.contains("# HELP zscaler_mcp_tool_calls_total "),
        "{text}"
    );
    assert!(
        text.contains("# TYPE zscaler_oneapi_request_duration_seconds histogram"),
        "{text}"
    );
    assert_eq!(
        value(
            &samples,
            "zscaler_mcp_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))]
        ),
        1.0,
        "{text}"
    );
}

#[tokio::test]
async fn metrics_are_off_unless_asked_for() {
    let server = HttpServer::start(&[]);
    let (status, _, _) = scrape(&server, &[]).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn metrics_need_the_authentication_mcp_needs() {
    let server = HttpServer::start_env(
        &["--demo", "--port", "0", "--metrics"],
        &[
            ("ZSCALER_MCP_AUTH_MODE", "api-key"),
            ("ZSCALER_MCP_AUTH_API_KEY", "scraper-key-0123456789"),
        ],
    );
    let (status, _, text) = scrape(&server, &[]).await;
    assert_eq!(status, 401, "{text}");
    assert!(!text.contains("zscaler_"), "{text}");
    let (status, _, _) = scrape(&server, &[("x-api-key", "guess")]).await;
    assert_eq!(status, 401);

    let (status, _, text) = scrape(&server, &[("x-api-key", "scraper-key-0123456789")]).await;
    assert_eq!(status, 200, "{text}");
    // The refusals were counted.
    let refused = value(
        &parse(&text),
        "zscaler_mcp_http_requests_total",
        &[("route", "/metrics"), ("status", "401")],
    );
    assert_eq!(refused, 2.0, "{text}");
}

#[test]
fn metrics_are_refused_on_stdio() {
    let output = zscaler_mcp()
        .args(["--demo", "--metrics"])
        .env_remove("ZSCALER_MCP_TRANSPORT")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--metrics / ZSCALER_MCP_METRICS serves /metrics over HTTP"),
        "{stderr}"
    );
}
