//! ZCell on the wire: customer scoping, required windows, SIM search and analytics.

mod common;

use common::Tenant;
use serde_json::json;
use zscaler_emulator::DEMO_ZCELL_CUSTOMER_ID as CID;

#[tokio::test]
async fn sims_are_searched_and_scoped_to_the_customer() {
    let t = Tenant::demo().await;
    let base = format!("/zcell/config/api/v1/customers/{CID}");
    let (status, all) = t.post(&format!("{base}/sims/search"), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(all.as_array().unwrap().len(), 18);
    let iccid = all[0]["iccid"].as_str().unwrap().to_owned();
    let (_, some) = t
        .post(&format!("{base}/sims/search"), json!({"iccid": [iccid]}))
        .await;
    assert_eq!(some.as_array().unwrap().len(), 1);
    let (status, one) = t.get(&format!("{base}/sims/details?iccId={iccid}")).await;
    assert_eq!(status, 200);
    assert_eq!(one["iccid"], iccid.as_str());
    let (status, _) = t.get(&format!("{base}/sims/details")).await;
    assert_eq!(status, 400);
    let (status, _) = t
        .post(
            "/zcell/config/api/v1/customers/someone-else/sims/search",
            json!({}),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn windows_are_required_where_the_api_requires_them() {
    let t = Tenant::demo().await;
    let base = format!("/zcell/config/api/v1/customers/{CID}");
    let (status, body) = t.get(&format!("{base}/anomaly-policy")).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("startDateTime"));
    let (status, policies) = t
        .get(&format!(
            "{base}/anomaly-policy?startDateTime=100&endDateTime=200"
        ))
        .await;
    assert_eq!(status, 200);
    assert!(policies[0].get("violationList").is_none());
    let (status, _) = t
        .get(&format!(
            "{base}/sim/analytics/usage/day?startDate=200&endDate=100"
        ))
        .await;
    assert_eq!(status, 400);
    let (_, days) = t
        .get(&format!(
            "{base}/sim/analytics/usage/day?startDate=0&endDate=259200"
        ))
        .await;
    assert_eq!(days.as_array().unwrap().len(), 3);
    let (status, _) = t
        .post(
            &format!("/zcell/config/api/v1/network-events/{CID}/search/startTime/abc/endTime/5"),
            json!({}),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = t
        .post(
            &format!("/zcell/config/api/v1/audit/customers/{CID}/search"),
            json!({}),
        )
        .await;
    assert_eq!(status, 400);
}
