//! ZMS GraphQL on the wire: connections, paging, search, lookups and their errors.

mod common;

use common::Tenant;
use serde_json::{Value, json};

const AGENTS: &str = "query ListAgents($customerId: ID!, $page: Int, $pageSize: Int, $search: String) { agents(customerId: $customerId, page: $page, pageSize: $pageSize, search: $search) { nodes { name eyezId } pageInfo { pageNumber pageSize totalCount totalPages } } }";

async fn query(t: &Tenant, text: &str, vars: Value) -> Value {
    let (status, body) = t
        .post("/zms/graphql", json!({"query": text, "variables": vars}))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn connections_page_and_search() {
    let t = Tenant::demo().await;
    let page = query(
        &t,
        AGENTS,
        json!({"customerId": "1", "page": 2, "pageSize": 5}),
    )
    .await;
    let agents = &page["data"]["agents"];
    assert_eq!(agents["nodes"].as_array().unwrap().len(), 5);
    assert_eq!(
        agents["pageInfo"],
        json!({"pageNumber": 2, "pageSize": 5, "totalCount": 14, "totalPages": 3})
    );
    let found = query(&t, AGENTS, json!({"customerId": "1", "search": "web-"})).await;
    let names: Vec<&str> = found["data"]["agents"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert!(
        !names.is_empty() && names.iter().all(|n| n.starts_with("web-")),
        "{names:?}"
    );

    let groups = query(
        &t,
        "query($customerId: ID!) { resourceGroups(customerId: $customerId) { nodes { ... on UnmanagedResourceGroup { name cidrs } ... on ManagedResourceGroup { name } } } }",
        json!({"customerId": "1"}),
    )
    .await;
    let nodes = groups["data"]["resourceGroups"]["nodes"]
        .as_array()
        .unwrap();
    assert!(nodes.iter().any(|n| n["cidrs"].is_array()));
    assert!(
        nodes.iter().any(|n| n.get("cidrs").is_none()),
        "fragments apply by type"
    );
}

#[tokio::test]
async fn missing_arguments_and_unknown_records_are_errors() {
    let t = Tenant::demo().await;
    let missing = query(&t, AGENTS, json!({"page": 1})).await;
    assert!(
        missing["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("customerId"),
        "{missing}"
    );
    let unknown = query(
        &t,
        "query($c: ID!, $e: String!) { nonce(customerId: $c, eyezId: $e) { nonce { name } } }",
        json!({"c": "1", "e": "nope"}),
    )
    .await;
    assert_eq!(
        unknown["errors"][0]["extensions"]["classification"],
        "NOT_FOUND"
    );
    assert!(unknown["data"]["nonce"].is_null());
    let empty = Tenant::empty().await;
    let none = query(&empty, AGENTS, json!({"customerId": "1"})).await;
    assert_eq!(none["data"]["agents"]["pageInfo"]["totalCount"], 0);
    let namespaces = query(
        &empty,
        "query($c: ID!) { tagNamespaces(customerId: $c) { nodes { name origin } } }",
        json!({"c": "1"}),
    )
    .await;
    assert_eq!(
        namespaces["data"]["tagNamespaces"]["nodes"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
