//! ZTW (Cloud & Branch Connector) over real HTTP: reads the MCP tools use, IP group
//! writes, location templates and provisioning URLs, and the separate activation flag.

mod common;

use common::Tenant;
use serde_json::json;

fn p(path: &str) -> String {
    format!("/ztw/api/v1{path}")
}

#[tokio::test]
async fn activation_has_its_own_pending_flag() {
    let t = Tenant::demo().await;
    let (status, state) = t.get(&p("/ecAdminActivateStatus")).await;
    assert_eq!(status, 200);
    assert_eq!(state["orgEditStatus"], "EDITS_CLEARED");
    t.post(
        &p("/ipGroups"),
        json!({"name": "staged", "ipAddresses": ["10.9.0.0/16"]}),
    )
    .await;
    assert_eq!(
        t.get(&p("/ecAdminActivateStatus")).await.1["orgEditStatus"],
        "EDITS_PRESENT"
    );
    assert_eq!(
        t.get("/zia/api/v1/status").await.1["status"],
        "ACTIVE",
        "ZIA is not affected"
    );
    let (status, after) = t
        .put(&p("/ecAdminActivateStatus/activate"), json!({}))
        .await;
    assert_eq!(
        (status, after["orgEditStatus"].clone()),
        (200, json!("EDITS_CLEARED"))
    );
    t.post(
        &p("/ipGroups"),
        json!({"name": "staged2", "ipAddresses": ["10.8.0.0/16"]}),
    )
    .await;
    assert_eq!(
        t.put(&p("/ecAdminActivateStatus/forcedActivate"), json!({}))
            .await
            .1["adminActivateStatus"],
        "ADM_ACTV_DONE"
    );
}

#[tokio::test]
async fn read_endpoints_of_the_tool_catalogue() {
    let t = Tenant::demo().await;
    let (_, roles) = t.get(&p("/adminRoles")).await;
    let role = &roles[0];
    for key in [
        "id",
        "rank",
        "name",
        "policyAccess",
        "featurePermissions",
        "isNonEditable",
        "logsLimit",
        "roleType",
        "reportTimeDuration",
    ] {
        assert!(role.get(key).is_some(), "role lacks {key}");
    }
    assert_eq!(role["roleType"], "EDGE_CONNECTOR_ADMIN");
    let (_, admins) = t.get(&p("/adminUsers")).await;
    assert_eq!(admins.as_array().unwrap().len(), 3);
    assert_eq!(
        t.get(&p(&format!("/adminUsers/{}", admins[0]["id"])))
            .await
            .0,
        200
    );
    let (_, clouds) = t.get(&p("/publicCloudInfo")).await;
    assert_eq!(clouds.as_array().unwrap().len(), 3);
    assert_eq!(t.get(&p("/publicCloudInfo/count")).await.1, json!(3));
    assert_eq!(
        t.get(&p("/publicCloudInfo/lite")).await.1[0]
            .as_object()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        t.get(&p(&format!("/publicCloudInfo/{}", clouds[0]["id"])))
            .await
            .1["cloudType"],
        "AWS"
    );
    let (_, accounts) = t.get(&p("/publicCloudAccountDetails")).await;
    assert_eq!(accounts[0]["publicCloudInfo"]["name"], clouds[0]["name"]);
    assert!(
        t.get(&p("/discoveryService/workloadDiscoverySettings"))
            .await
            .1["trustedAccountId"]
            .is_string()
    );
    let (_, locations) = t.get(&p("/location")).await;
    assert!(
        locations
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["ecLocation"] == true)
    );
    assert_eq!(
        t.get(&p(&format!("/location/{}", locations[0]["id"])))
            .await
            .0,
        200
    );
    assert_eq!(
        t.get(&p("/location/lite"))
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let (_, groups) = t.get(&p("/ecgroup")).await;
    assert_eq!(groups[0]["location"]["id"], locations[0]["id"]);
    assert!(t.get(&p("/networkServices?search=DNS")).await.1[0]["destUdpPorts"].is_array());
    assert_eq!(
        t.get(&p("/networkServiceGroups")).await.1[0]["services"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(t.get(&p("/adminUsers/1")).await.0, 404);
}

#[tokio::test]
async fn ip_groups_create_list_lite_delete() {
    let t = Tenant::demo().await;
    for (path, body) in [
        (
            "/ipSourceGroups",
            json!({"name": "src", "ipAddresses": ["10.1.0.0/16"]}),
        ),
        (
            "/ipDestinationGroups",
            json!({"name": "dst", "type": "DSTN_IP", "addresses": ["1.1.1.1"]}),
        ),
        (
            "/ipGroups",
            json!({"name": "grp", "ipAddresses": ["10.2.0.1-10.2.0.9"]}),
        ),
    ] {
        let (status, created) = t.post(&p(path), body).await;
        assert_eq!(status, 200, "{path}");
        assert!(created["id"].is_i64(), "{path}");
        let (_, lite) = t.get(&p(&format!("{path}/lite"))).await;
        assert!(
            lite.as_array()
                .unwrap()
                .iter()
                .any(|g| g["id"] == created["id"] && g.as_object().unwrap().len() == 2)
        );
        let (_, found) = t
            .get(&p(&format!(
                "{path}?search={}",
                created["name"].as_str().unwrap()
            )))
            .await;
        assert_eq!(found.as_array().unwrap().len(), 1, "{path}");
        assert_eq!(
            t.delete(&p(&format!("{path}/{}", created["id"]))).await.0,
            204,
            "{path}"
        );
        assert_eq!(
            t.delete(&p(&format!("{path}/{}", created["id"]))).await.0,
            404,
            "{path}"
        );
    }
    let (status, err) = t
        .post(
            &p("/ipSourceGroups"),
            json!({"name": "bad", "ipAddresses": ["nope"]}),
        )
        .await;
    assert_eq!(
        (status, err["code"].clone()),
        (400, json!("INVALID_INPUT_ARGUMENT"))
    );
    let (status, dup) = t
        .post(
            &p("/ipGroups"),
            json!({"name": "Workload Subnets", "ipAddresses": ["10.0.0.1"]}),
        )
        .await;
    assert_eq!(
        (status, dup["code"].clone()),
        (409, json!("DUPLICATE_ITEM"))
    );
    let (_, groups) = t.get(&p("/ipGroups?search=Workload")).await;
    let (status, err) = t
        .delete(&p(&format!("/ipGroups/{}", groups[0]["id"])))
        .await;
    assert_eq!(
        (status, err["code"].clone()),
        (409, json!("RESOURCE_IN_USE")),
        "used by a forwarding rule"
    );
}

#[tokio::test]
async fn location_templates_and_provisioning_urls() {
    let t = Tenant::demo().await;
    let (status, template) = t
        .post(
            &p("/locationTemplate"),
            json!({"name": "tests-template",
        "desc": "tests-template", "template": {"templatePrefix": "pfx", "xffForwardEnabled": true,
        "authRequired": true, "upBandwidth": 10, "dnBandwidth": 10}}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        template["template"]["surrogateIP"], false,
        "template defaults are filled"
    );
    assert!(template["lastModTime"].is_u64());
    let id = template["id"].clone();
    let (status, updated) = t
        .put(
            &p(&format!("/locationTemplate/{id}")),
            json!({"name": "tests-template",
        "desc": "Updated", "template": {"templatePrefix": "pfx", "upBandwidth": 20}}),
        )
        .await;
    assert_eq!(
        (status, updated["template"]["upBandwidth"].clone()),
        (200, json!(20))
    );
    assert!(
        t.get(&p("/locationTemplate"))
            .await
            .1
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["desc"] == "Updated")
    );
    assert_eq!(
        t.post(&p("/locationTemplate"), json!({"name": "no template"}))
            .await
            .0,
        400
    );

    let (status, prov) = t
        .post(
            &p("/provUrl"),
            json!({"name": "AWS-TEST", "desc": "test",
        "provUrlData": {"locationTemplate": {"id": id}, "cloudProviderType": "AWS"}}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        prov["provUrlData"]["locationTemplate"]["name"],
        "tests-template"
    );
    assert!(prov["provUrl"].as_str().unwrap().ends_with("name=AWS-TEST"));
    let (status, err) = t.delete(&p(&format!("/locationTemplate/{id}"))).await;
    assert_eq!(
        (status, err["code"].clone()),
        (409, json!("RESOURCE_IN_USE"))
    );
    assert_eq!(
        t.post(
            &p("/provUrl"),
            json!({"name": "dangling", "provUrlData": {"locationTemplate": {"id": 1}}})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        t.delete(&p(&format!("/provUrl/{}", prov["id"]))).await.0,
        204
    );
    assert_eq!(
        t.delete(&p(&format!("/locationTemplate/{id}"))).await.0,
        204
    );
    assert_eq!(t.get(&p(&format!("/provUrl/{}", prov["id"]))).await.0, 404);
}

#[tokio::test]
async fn empty_tenant_has_defaults_only() {
    let t = Tenant::empty().await;
    assert_eq!(
        t.get(&p("/locationTemplate")).await.1[0]["name"],
        "Default Location Template"
    );
    assert_eq!(
        t.get(&p("/adminRoles")).await.1.as_array().unwrap().len(),
        1
    );
    assert!(
        t.get(&p("/publicCloudInfo"))
            .await
            .1
            .as_array()
            .unwrap()
            .is_empty()
    );
    let (_, svc) = t.get(&p("/networkServices")).await;
    let predefined = svc[0]["id"].clone();
    assert_eq!(
        t.delete(&p(&format!("/networkServices/{predefined}")))
            .await
            .0,
        403
    );
}
