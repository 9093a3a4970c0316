//! EASM: organizations, findings with evidence and scan output, lookalike domains.

use serde_json::json;

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    let orgs = h.items("zeasm_list_organizations", json!({})).await;
    assert_eq!(orgs.len(), 2, "{orgs:?}");
    let org = id_of(&orgs[0]);

    let page = h
        .call(
            "zeasm_list_findings",
            json!({"org_id": org, "page_size": 10}),
        )
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 10, "{page}");
    assert_eq!(page["total"], 24, "{page}");
    assert_eq!(page["next_page"], 2, "{page}");
    let second = h
        .items(
            "zeasm_list_findings",
            json!({"org_id": org, "page_size": 10, "page": 3}),
        )
        .await;
    assert_eq!(second.len(), 4);
    let finding = &page["items"][0];
    assert!(finding["risk_level"].is_string(), "{finding}");
    let fid = id_of(finding);

    let details = h
        .call(
            "zeasm_get_finding_details",
            json!({"org_id": org, "finding_id": fid}),
        )
        .await;
    assert_eq!(
        details["impacted_asset_name"],
        finding["impacted_asset_name"]
    );
    assert!(details["description"].is_string(), "{details}");

    // Evidence and scan output carry text from outside the tenant: labelled.
    for tool in [
        "zeasm_get_finding_evidence",
        "zeasm_get_finding_scan_output",
    ] {
        let out = h
            .run(tool, json!({"org_id": org, "finding_id": fid}))
            .await
            .unwrap();
        let text = format!("{:?}", out.content);
        assert!(text.contains("UNTRUSTED"), "{tool}: {text}");
        assert!(out.structured.unwrap()["content"].is_string());
    }

    let domains = h
        .items(
            "zeasm_list_lookalike_domains",
            json!({"org_id": org, "all": true}),
        )
        .await;
    assert!(domains.len() >= 5, "{domains:?}");
    let raw = domains[0]["lookalike_raw"].as_str().unwrap().to_owned();
    let one = h
        .call(
            "zeasm_get_lookalike_domain",
            json!({"org_id": org, "lookalike_raw": raw}),
        )
        .await;
    assert_eq!(one["lookalike_raw"], raw.as_str());
    assert!(one["description"].is_string(), "{one}");

    let err = h
        .fails("zeasm_list_findings", json!({"org_id": "no-such-org"}))
        .await;
    assert!(
        err.contains("404") || err.contains("does not exist"),
        "{err}"
    );
}
