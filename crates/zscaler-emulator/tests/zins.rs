//! Z-Insights GraphQL on the wire: selection, limit, windows and errors.

mod common;

use common::Tenant;
use serde_json::{Value, json};

const DAY: i64 = 86_400_000;
const END: i64 = 1_765_763_519_331;

async fn query(t: &Tenant, text: &str, vars: Value) -> Value {
    let (status, body) = t
        .post("/zins/graphql", json!({"query": text, "variables": vars}))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

const BY_LOCATION: &str = "query WebTrafficByLocation($startTime: Long!, $endTime: Long!, $trafficUnit: WebTrafficUnits!, $limit: Int) { WEB_TRAFFIC { location(start_time: $startTime, end_time: $endTime, traffic_unit: $trafficUnit) { obfuscated entries(limit: $limit) { name total } } } }";

#[tokio::test]
async fn reports_answer_what_was_selected() {
    let t = Tenant::demo().await;
    let body = query(
        &t,
        BY_LOCATION,
        json!({"startTime": END - 7 * DAY, "endTime": END, "trafficUnit": "TRANSACTIONS", "limit": 2}),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let report = &body["data"]["WEB_TRAFFIC"]["location"];
    assert_eq!(report["obfuscated"], false);
    let entries = report["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "limit honoured");
    assert_eq!(
        entries[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["name", "total"],
        "only the selected fields"
    );
    let fortnight = query(
        &t,
        BY_LOCATION,
        json!({"startTime": END - 14 * DAY, "endTime": END, "trafficUnit": "TRANSACTIONS", "limit": 2}),
    )
    .await;
    assert_eq!(
        fortnight["data"]["WEB_TRAFFIC"]["location"]["entries"][0]["total"]
            .as_i64()
            .unwrap(),
        2 * entries[0]["total"].as_i64().unwrap()
    );
}

#[tokio::test]
async fn bad_queries_get_graphql_errors() {
    let t = Tenant::demo().await;
    let bad_window = query(
        &t,
        BY_LOCATION,
        json!({"startTime": END - 3 * DAY, "endTime": END, "trafficUnit": "BYTES"}),
    )
    .await;
    assert_eq!(
        bad_window["errors"][0]["extensions"]["classification"],
        "BAD_REQUEST"
    );
    assert_eq!(
        bad_window["errors"][0]["path"],
        json!(["WEB_TRAFFIC", "location"])
    );
    assert!(bad_window["data"]["WEB_TRAFFIC"]["location"].is_null());

    let missing = query(
        &t,
        BY_LOCATION,
        json!({"endTime": END, "trafficUnit": "BYTES"}),
    )
    .await;
    assert!(
        missing["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("startTime"),
        "{missing}"
    );

    let unknown = query(&t, "query { NOPE { x } }", json!({})).await;
    assert_eq!(
        unknown["errors"][0]["extensions"]["classification"],
        "ValidationError"
    );
    let field = query(
        &t,
        "query($s: Long!, $e: Long!) { IOT { device_stats { bogus } } }",
        json!({"s": 1, "e": 2}),
    )
    .await;
    assert!(
        field["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("bogus"),
        "{field}"
    );
    let syntax = query(&t, "query { WEB_TRAFFIC { location( } }", json!({})).await;
    assert_eq!(
        syntax["errors"][0]["extensions"]["classification"],
        "InvalidSyntax"
    );
    let mutation = query(&t, "mutation { x }", json!({})).await;
    assert!(mutation["errors"].is_array());
    let (status, _) = t.post("/zins/graphql", json!({"variables": {}})).await;
    assert_eq!(status, 400);
}
