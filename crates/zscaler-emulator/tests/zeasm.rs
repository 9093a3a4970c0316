//! EASM on the wire: list envelopes and offset paging, detail reads, unknown organizations.

mod common;

use common::Tenant;
use serde_json::Value;

#[tokio::test]
async fn findings_page_by_offset_and_details_answer() {
    let t = Tenant::demo().await;
    let (status, orgs) = t.get("/easm/easm-ui/v1/organizations").await;
    assert_eq!(status, 200);
    assert_eq!(orgs["total_results"], 2);
    let org = orgs["results"][0]["id"].as_str().unwrap().to_owned();
    let base = format!("/easm/easm-ui/v1/organizations/{org}");

    let (_, first) = t.get(&format!("{base}/findings?limit=10")).await;
    assert_eq!(first["results"].as_array().unwrap().len(), 10);
    assert_eq!(first["total_results"], 24);
    assert!(
        first["next_link"]
            .as_str()
            .unwrap()
            .ends_with("offset=10&limit=10"),
        "{first}"
    );
    assert_eq!(first["prev_link"], "");
    let (_, last) = t.get(&format!("{base}/findings?offset=20&limit=10")).await;
    assert_eq!(last["results"].as_array().unwrap().len(), 4);
    assert_eq!(last["next_link"], "");
    assert!(
        first["results"][0].get("description").is_none(),
        "lists leave details out"
    );

    let id = first["results"][0]["id"].as_str().unwrap();
    let (status, details) = t.get(&format!("{base}/findings/{id}/details")).await;
    assert_eq!(status, 200);
    assert!(details["description"].is_string());
    let (_, evidence) = t.get(&format!("{base}/findings/{id}/evidence")).await;
    let parsed: Value = serde_json::from_str(evidence["content"].as_str().unwrap()).unwrap();
    assert!(parsed["header"].is_string());
    let (_, scan) = t.get(&format!("{base}/findings/{id}/scan-output")).await;
    assert_eq!(scan["source_type"], "HTTP");

    let (status, _) = t.get(&format!("{base}/findings/ffff/details")).await;
    assert_eq!(status, 404);
    let (status, _) = t.get("/easm/easm-ui/v1/organizations/nope/findings").await;
    assert_eq!(status, 404);
    let (status, _) = t.get(&format!("{base}/findings?limit=abc")).await;
    assert_eq!(status, 400);

    let (_, domains) = t.get(&format!("{base}/lookalike-domains")).await;
    let raw = domains["results"][0]["lookalike_raw"].as_str().unwrap();
    let (status, one) = t
        .get(&format!("{base}/lookalike-domains/{raw}/details"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(one["lookalike_raw"], raw);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_findings() {
    let a = Tenant::demo().await;
    let b = Tenant::demo().await;
    let path = "/easm/easm-ui/v1/organizations";
    assert_eq!(a.get(path).await.1, b.get(path).await.1);
    let empty = Tenant::empty().await;
    assert_eq!(empty.get(path).await.1["total_results"], 0);
}
