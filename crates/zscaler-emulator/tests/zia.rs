//! ZIA over real HTTP: list envelopes and paging, CRUD round trips, referential refusals,
//! rule ordering, URL categories and lookup, sandbox reports, settings and activation.

mod common;

use common::Tenant;
use serde_json::{Value, json};

const API: &str = "/zia/api/v1";

fn p(path: &str) -> String {
    format!("{API}{path}")
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a bare array")
        .iter()
        .map(|r| r["id"].to_string())
        .collect()
}

fn first_id(list: &Value) -> Value {
    list[0]["id"].clone()
}

#[tokio::test]
async fn users_page_filter_and_round_trip() {
    let t = Tenant::demo().await;
    let (status, page1) = t.get(&p("/users?page=1&pageSize=500")).await;
    assert_eq!(status, 200);
    assert_eq!(page1.as_array().unwrap().len(), 500);
    let (_, page2) = t.get(&p("/users?page=2&pageSize=500")).await;
    assert_eq!(
        page2.as_array().unwrap().len(),
        120,
        "620 users in the demo tenant"
    );
    assert!(ids(&page1).iter().all(|id| !ids(&page2).contains(id)));
    let user = &page1[0];
    for key in [
        "id",
        "name",
        "email",
        "groups",
        "department",
        "adminUser",
        "deleted",
        "pilotUser",
    ] {
        assert!(user.get(key).is_some(), "user lacks {key}");
    }

    let (_, finance) = t.get(&p("/users?dept=Finance&pageSize=1000")).await;
    assert!(!finance.as_array().unwrap().is_empty());
    assert!(
        finance
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["department"]["name"] == "Finance")
    );
    let (_, contractors) = t.get(&p("/users?group=contractors&pageSize=1000")).await;
    assert!(contractors.as_array().unwrap().iter().all(|u| {
        u["groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["name"] == "Contractors")
    }));

    let dept = t.get(&p("/departments")).await.1[0].clone();
    let group = t.get(&p("/groups")).await.1[0].clone();
    let (status, created) = t
        .post(&p("/users"), json!({"name": "Test User", "email": "test.user@acme-demo.com",
            "groups": [{"id": group["id"]}], "department": {"id": dept["id"]}, "password": "S3cret!x"}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        created["department"]["name"], dept["name"],
        "references come back named"
    );
    assert!(
        created.get("password").is_none(),
        "the password is write-only"
    );
    let id = created["id"].clone();
    let (_, got) = t.get(&p(&format!("/users/{id}"))).await;
    assert_eq!(got["email"], "test.user@acme-demo.com");
    let (status, updated) = t
        .put(
            &p(&format!("/users/{id}")),
            json!({"name": "Renamed User", "email": "test.user@acme-demo.com",
            "groups": [{"id": group["id"]}], "department": {"id": dept["id"]}}),
        )
        .await;
    assert_eq!(
        (status, updated["name"].clone()),
        (200, json!("Renamed User"))
    );
    assert_eq!(t.delete(&p(&format!("/users/{id}"))).await.0, 204);
    assert_eq!(t.get(&p(&format!("/users/{id}"))).await.0, 404);

    let (status, err) = t
        .post(
            &p("/users"),
            json!({"name": "Dangling", "email": "d@acme-demo.com",
            "groups": [{"id": 1}], "department": {"id": dept["id"]}}),
        )
        .await;
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("groups"));
}

#[tokio::test]
async fn users_bulk_delete_and_group_in_use() {
    let t = Tenant::demo().await;
    let (_, users) = t.get(&p("/users?pageSize=3")).await;
    let (status, body) = t
        .post(
            &p("/users/bulkDelete"),
            json!({"ids": [users[0]["id"], users[1]["id"]]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["ids"].as_array().unwrap().len(), 2);
    assert_eq!(
        t.get(&p(&format!("/users/{}", users[0]["id"]))).await.0,
        404
    );

    let group = users[2]["groups"][0]["id"].clone();
    let (status, err) = t.delete(&p(&format!("/groups/{group}"))).await;
    assert_eq!(status, 409);
    assert_eq!(err["code"], "RESOURCE_IN_USE");

    let (_, lite) = t.get(&p("/groups/lite")).await;
    assert_eq!(
        lite[0].as_object().unwrap().len(),
        2,
        "lite is {{id, name}}"
    );
    let (_, dept_lite) = t
        .get(&p(&format!(
            "/departments/lite/{}",
            users[2]["department"]["id"]
        )))
        .await;
    assert_eq!(dept_lite["name"], users[2]["department"]["name"]);
    let (status, dup) = t.post(&p("/groups"), json!({"name": "Contractors"})).await;
    assert_eq!(
        (status, dup["code"].clone()),
        (409, json!("DUPLICATE_ITEM"))
    );
}

#[tokio::test]
async fn activation_follows_every_write() {
    let t = Tenant::demo().await;
    assert_eq!(t.get(&p("/status")).await.1, json!({"status": "ACTIVE"}));
    t.post(&p("/ruleLabels"), json!({"name": "Staged"})).await;
    assert_eq!(t.get(&p("/status")).await.1["status"], "PENDING");
    assert_eq!(
        t.post(&p("/status/activate"), json!({})).await.1["status"],
        "ACTIVE"
    );
    t.put(&p("/advancedSettings"), json!({"uiSessionTimeout": 600}))
        .await;
    assert_eq!(t.get(&p("/status")).await.1["status"], "PENDING");
    let (_, eusa) = t.get(&p("/eusaStatus/latest")).await;
    assert_eq!(eusa["acceptedStatus"], true);
    assert_eq!(t.get(&p("/authenticatedSession")).await.0, 200);
}

#[tokio::test]
async fn locations_sublocations_and_groups() {
    let t = Tenant::demo().await;
    let (_, locations) = t.get(&p("/locations")).await;
    let list = locations.as_array().unwrap();
    assert!(list.len() >= 10);
    assert!(
        list.iter().all(|l| l["parentId"] == 0),
        "sublocations are listed separately"
    );
    let parent = list
        .iter()
        .find(|l| l["childCount"].as_u64().unwrap_or(0) > 0)
        .unwrap();
    let (_, subs) = t
        .get(&p(&format!("/locations/{}/sublocations", parent["id"])))
        .await;
    assert_eq!(
        subs.as_array().unwrap().len() as u64,
        parent["childCount"].as_u64().unwrap()
    );
    assert!(
        parent["dynamiclocationGroups"][0]["name"]
            .as_str()
            .unwrap()
            .contains("Corporate")
    );
    assert_eq!(
        t.get(&p("/locations?xffEnabled=true"))
            .await
            .1
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["xffForwardEnabled"] != true)
            .count(),
        0
    );

    let (status, err) = t.delete(&p(&format!("/locations/{}", parent["id"]))).await;
    assert_eq!(
        (status, err["code"].clone()),
        (409, json!("RESOURCE_IN_USE"))
    );

    let (_, groups) = t.get(&p("/locations/groups")).await;
    let corporate = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "Corporate User Traffic Group")
        .unwrap();
    assert!(corporate["locationsCount"].as_u64().unwrap() > 0);
    let (_, count) = t.get(&p("/locations/groups/count")).await;
    assert_eq!(
        count.as_u64().unwrap() as usize,
        groups.as_array().unwrap().len()
    );
    let (_, lite) = t.get(&p("/locations/lite")).await;
    assert!(lite[0].get("country").is_none());

    // Create with a fresh VPN credential, update with a string number, delete both.
    let (status, cred) = t
        .post(
            &p("/vpnCredentials"),
            json!({"type": "UFQDN",
        "fqdn": "lab@acme-demo.com", "preSharedKey": "secret", "comments": "lab"}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(cred.get("preSharedKey").is_none());
    let (status, loc) = t
        .post(
            &p("/locations"),
            json!({"name": "Lab", "country": "UNITED_STATES",
        "tz": "UNITED_STATES_AMERICA_LOS_ANGELES", "profile": "SERVER",
        "vpnCredentials": [{"id": cred["id"], "type": "UFQDN"}]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        loc["dynamiclocationGroups"][0]["name"],
        "Server Traffic Group"
    );
    let id = loc["id"].clone();
    let (_, got) = t.get(&p(&format!("/locations/{id}"))).await;
    assert_eq!(got["vpnCredentials"][0]["fqdn"], "lab@acme-demo.com");
    let (status, updated) = t.put(&p(&format!("/locations/{id}")), json!({"name": "Lab",
        "idleTimeInMinutes": "720", "profile": "SERVER", "vpnCredentials": [{"id": cred["id"], "type": "UFQDN"}]})).await;
    assert_eq!(status, 200);
    assert_eq!(updated["idleTimeInMinutes"], 720);
    assert!(
        updated.get("aupTimeoutInDays").is_some(),
        "full key set survives a PUT"
    );
    let (status, err) = t
        .delete(&p(&format!("/vpnCredentials/{}", cred["id"])))
        .await;
    assert_eq!(
        (status, err["code"].clone()),
        (409, json!("RESOURCE_IN_USE"))
    );
    assert_eq!(t.delete(&p(&format!("/locations/{id}"))).await.0, 204);
    assert_eq!(t.get(&p(&format!("/locations/{id}"))).await.0, 404);
    assert_eq!(
        t.delete(&p(&format!("/vpnCredentials/{}", cred["id"])))
            .await
            .0,
        204
    );
}

#[tokio::test]
async fn static_ips_vpn_credentials_and_gre_tunnels() {
    let t = Tenant::demo().await;
    let (status, ip) = t
        .post(
            &p("/staticIP"),
            json!({"ipAddress": "104.239.237.2", "comment": "new"}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(ip["lastModificationTime"].is_u64());
    assert!(ip["city"]["name"].is_string());
    let (status, dup) = t
        .post(&p("/staticIP"), json!({"ipAddress": "104.239.237.2"}))
        .await;
    assert_eq!(
        (status, dup["code"].clone()),
        (409, json!("DUPLICATE_ITEM"))
    );
    assert_eq!(
        t.post(&p("/staticIP"), json!({"ipAddress": "not-an-ip"}))
            .await
            .0,
        400
    );

    let (status, _) = t
        .post(
            &p("/vpnCredentials"),
            json!({"type": "IP", "ipAddress": "8.8.8.8"}),
        )
        .await;
    assert_eq!(
        status, 400,
        "an IP credential needs a provisioned static IP"
    );
    let (status, cred) = t
        .post(
            &p("/vpnCredentials"),
            json!({"type": "IP", "ipAddress": "104.239.237.2",
        "preSharedKey": "x"}),
        )
        .await;
    assert_eq!(status, 200);

    let (_, vips) = t
        .get(&p("/vips/recommendedList?sourceIp=104.239.237.2"))
        .await;
    let (status, gre) = t
        .post(
            &p("/greTunnels"),
            json!({"sourceIp": "104.239.237.2", "comment": "gre",
        "primaryDestVip": {"id": vips[0]["id"]}, "secondaryDestVip": {"id": vips[1]["id"]}}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(gre["primaryDestVip"]["virtualIp"], vips[0]["virtualIp"]);
    assert_eq!(gre["id"], ip["id"], "a GRE tunnel takes its static IP's id");
    let (status, err) = t
        .put(
            &p(&format!("/staticIP/{}", ip["id"])),
            json!({"ipAddress": "104.239.237.2", "comment": "x"}),
        )
        .await;
    assert_eq!(
        (status, err["code"].clone()),
        (409, json!("DUPLICATE_ITEM")),
        "the address is immutable"
    );
    let (status, renamed) = t
        .put(
            &p(&format!("/staticIP/{}", ip["id"])),
            json!({"comment": "renamed"}),
        )
        .await;
    assert_eq!(
        (status, renamed["ipAddress"].clone()),
        (200, json!("104.239.237.2"))
    );
    assert!(gre["internalIpRange"].is_string());
    let (status, err) = t.delete(&p(&format!("/staticIP/{}", ip["id"]))).await;
    assert_eq!(
        (status, err["code"].clone()),
        (409, json!("RESOURCE_IN_USE"))
    );
    assert_eq!(
        t.delete(&p(&format!("/greTunnels/{}", gre["id"]))).await.0,
        204
    );
    assert_eq!(
        t.post(
            &p("/vpnCredentials/bulkDelete"),
            json!({"ids": [cred["id"]]})
        )
        .await
        .0,
        204
    );
    assert_eq!(
        t.delete(&p(&format!("/staticIP/{}", ip["id"]))).await.0,
        204
    );
    let (_, ranges) = t.get(&p("/greTunnels/availableInternalIpRanges")).await;
    assert_eq!(ranges.as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn firewall_rules_keep_a_dense_order_with_default_last() {
    let t = Tenant::demo().await;
    let (_, rules) = t.get(&p("/firewallFilteringRules")).await;
    let list = rules.as_array().unwrap();
    assert!(list.len() >= 21);
    let last = list.last().unwrap();
    assert_eq!(
        (last["defaultRule"].clone(), last["order"].clone()),
        (json!(true), json!(-1))
    );
    let orders: Vec<i64> = list
        .iter()
        .filter(|r| r["defaultRule"] != true)
        .map(|r| r["order"].as_i64().unwrap())
        .collect();
    assert_eq!(orders, (1..=orders.len() as i64).collect::<Vec<_>>());

    let src = t.get(&p("/ipSourceGroups")).await.1[0].clone();
    let label = t.get(&p("/ruleLabels")).await.1[0].clone();
    let (status, rule) = t.post(&p("/firewallFilteringRules"), json!({"name": "Inserted at 2", "order": 2,
        "action": "BLOCK_DROP", "srcIpGroups": [{"id": src["id"]}], "labels": [{"id": label["id"]}]})).await;
    assert_eq!(status, 200);
    assert_eq!(rule["order"], 2);
    assert_eq!(rule["srcIpGroups"][0]["name"], src["name"]);
    let (_, after) = t.get(&p("/firewallFilteringRules")).await;
    let orders: Vec<i64> = after
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["defaultRule"] != true)
        .map(|r| r["order"].as_i64().unwrap())
        .collect();
    assert_eq!(orders, (1..=orders.len() as i64).collect::<Vec<_>>());
    assert_eq!(after[1]["id"], rule["id"]);

    let id = rule["id"].clone();
    let (status, moved) = t
        .put(
            &p(&format!("/firewallFilteringRules/{id}")),
            json!({"name": "Inserted at 2",
        "order": 1, "action": "ALLOW"}),
        )
        .await;
    assert_eq!((status, moved["order"].clone()), (200, json!(1)));
    assert_eq!(
        t.get(&p(&format!("/firewallFilteringRules/{id}"))).await.1["action"],
        "ALLOW"
    );
    assert_eq!(
        t.delete(&p(&format!("/firewallFilteringRules/{id}")))
            .await
            .0,
        204
    );
    assert_eq!(
        t.get(&p(&format!("/firewallFilteringRules/{id}"))).await.0,
        404
    );

    let (status, err) = t
        .delete(&p(&format!("/firewallFilteringRules/{}", last["id"])))
        .await;
    assert_eq!(status, 403, "the default rule cannot be deleted: {err}");
    let (status, err) = t
        .post(
            &p("/firewallFilteringRules"),
            json!({"name": "Bad ref", "order": 1,
        "destIpGroups": [{"id": 42}]}),
        )
        .await;
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("destIpGroups"));
    assert_eq!(
        t.get(&p("/firewallFilteringRules?search=telnet"))
            .await
            .1
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| !r["name"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("telnet"))
            .count(),
        0
    );
}

#[tokio::test]
async fn empty_tenant_still_has_default_rules_and_predefined_objects() {
    let t = Tenant::empty().await;
    for (path, min) in [
        ("/firewallFilteringRules", 2),
        ("/firewallDnsRules", 2),
        ("/firewallIpsRules", 1),
        ("/urlFilteringRules", 1),
        ("/sslInspectionRules", 3),
        ("/webDlpRules", 1),
        ("/fileTypeRules", 1),
        ("/sandboxRules", 1),
        ("/webApplicationRules/WEBMAIL", 1),
    ] {
        let (status, rules) = t.get(&p(path)).await;
        assert_eq!(status, 200, "{path}");
        let list = rules.as_array().unwrap();
        assert!(list.len() >= min, "{path}");
        assert!(list.iter().all(|r| r["predefined"] == true), "{path}");
    }
    assert!(t.get(&p("/networkServices?search=DNS")).await.1[0]["type"] == "PREDEFINED");
    assert!(
        t.get(&p("/urlCategories?customOnly=true"))
            .await
            .1
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(t.get(&p("/users")).await.1.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn ip_groups_services_and_in_use_refusals() {
    let t = Tenant::demo().await;
    let (status, dst) = t
        .post(
            &p("/ipDestinationGroups"),
            json!({"name": "tests-dst",
        "addresses": ["1.1.1.1", "8.8.8.8"], "type": "DSTN_IP"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        dst["ipAddresses"], dst["addresses"],
        "ipAddresses mirrors addresses"
    );
    assert_eq!(
        t.post(
            &p("/ipDestinationGroups"),
            json!({"name": "bad", "addresses": ["nope"], "type": "DSTN_IP"})
        )
        .await
        .0,
        400
    );
    let (status, src) = t
        .post(
            &p("/ipSourceGroups"),
            json!({"name": "tests-src", "ipAddresses": ["10.0.0.0/8"]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(src["creatorContext"], "ZIA");
    let (status, svc) = t
        .post(
            &p("/networkServices"),
            json!({"name": "tests-svc",
        "destTcpPorts": [{"start": 389}, {"start": 636}]}),
        )
        .await;
    assert_eq!((status, svc["type"].clone()), (200, json!("CUSTOM")));
    let (status, group) = t
        .post(
            &p("/networkServiceGroups"),
            json!({"name": "tests-svc-group",
        "services": [{"id": svc["id"]}, {"id": 773995}]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(group["services"][1]["name"], "ICMP_ANY");
    assert_eq!(group["services"][1]["isNameL10nTag"], true);

    let (_, rule) = t
        .post(
            &p("/firewallFilteringRules"),
            json!({"name": "uses everything", "order": 1,
        "srcIpGroups": [{"id": src["id"]}], "destIpGroups": [{"id": dst["id"]}],
        "nwServiceGroups": [{"id": group["id"]}]}),
        )
        .await;
    for path in [
        format!("/ipSourceGroups/{}", src["id"]),
        format!("/ipDestinationGroups/{}", dst["id"]),
        format!("/networkServiceGroups/{}", group["id"]),
        format!("/networkServices/{}", svc["id"]),
    ] {
        let (status, err) = t.delete(&p(&path)).await;
        assert_eq!(
            (status, err["code"].clone()),
            (409, json!("RESOURCE_IN_USE")),
            "{path}"
        );
    }
    assert_eq!(
        t.delete(&p("/networkServices/773995")).await.0,
        403,
        "predefined services stay"
    );
    t.delete(&p(&format!("/firewallFilteringRules/{}", rule["id"])))
        .await;
    t.delete(&p(&format!("/networkServiceGroups/{}", group["id"])))
        .await;
    for path in [
        format!("/ipSourceGroups/{}", src["id"]),
        format!("/ipDestinationGroups/{}", dst["id"]),
        format!("/networkServices/{}", svc["id"]),
    ] {
        assert_eq!(t.delete(&p(&path)).await.0, 204, "{path}");
    }
    let (_, lite) = t.get(&p("/ipSourceGroups/lite")).await;
    assert_eq!(lite[0].as_object().unwrap().len(), 2);
    let (_, apps) = t.get(&p("/networkApplications")).await;
    // Network applications have no name: `search` matches their id.
    let (_, ssh) = t.get(&p("/networkApplications?search=ssh")).await;
    assert_eq!(
        ssh,
        json!([{"id": "SSH", "parentCategory": "REMOTE_ACCESS",
                            "description": "SSH_DESC", "deprecated": false}])
    );
    let (_, second) = t.get(&p("/networkApplications?page=2&pageSize=1")).await;
    assert_eq!(second[0]["id"], apps[1]["id"]);
    assert_eq!(
        t.get(&p(&format!(
            "/networkApplications/{}",
            apps[0]["id"].as_str().unwrap()
        )))
        .await
        .0,
        200
    );
    assert_eq!(
        t.post(
            &p("/networkApplicationGroups"),
            json!({"name": "x", "networkApplications": ["NOPE"]})
        )
        .await
        .0,
        400
    );
    let (status, app_group) = t
        .post(
            &p("/networkApplicationGroups"),
            json!({"name": "x", "networkApplications": ["APNS", "DICT"]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        t.delete(&p(&format!(
            "/networkApplicationGroups/{}",
            app_group["id"]
        )))
        .await
        .0,
        204
    );
}

#[tokio::test]
async fn rule_labels_count_references_and_refuse_delete() {
    let t = Tenant::demo().await;
    let (status, found) = t.get(&p("/ruleLabels?search=pci")).await;
    assert_eq!(status, 200);
    let label = &found[0];
    assert!(label["referencedRuleCount"].as_u64().unwrap() > 0);
    let (status, err) = t.delete(&p(&format!("/ruleLabels/{}", label["id"]))).await;
    assert_eq!(
        (status, err["code"].clone()),
        (409, json!("RESOURCE_IN_USE"))
    );

    let (_, created) = t
        .post(
            &p("/ruleLabels"),
            json!({"name": "Fresh", "description": "d"}),
        )
        .await;
    assert_eq!(created["referencedRuleCount"], 0);
    assert!(created["createdBy"]["id"].is_u64());
    let id = created["id"].clone();
    assert_eq!(
        t.put(&p(&format!("/ruleLabels/{id}")), json!({"name": "Fresher"}))
            .await
            .1["name"],
        "Fresher"
    );
    assert_eq!(t.delete(&p(&format!("/ruleLabels/{id}"))).await.0, 204);

    let (status, interval) = t
        .post(
            &p("/timeIntervals"),
            json!({"name": "Nights", "startTime": 0,
        "endTime": 360, "daysOfWeek": ["MON"]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        t.post(
            &p("/timeIntervals"),
            json!({"name": "Bad", "startTime": 0, "endTime": 5000,
        "daysOfWeek": ["MON"]})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        t.delete(&p(&format!("/timeIntervals/{}", interval["id"])))
            .await
            .0,
        204
    );
}

#[tokio::test]
async fn url_categories_custom_lifecycle_and_incremental_edits() {
    let t = Tenant::demo().await;
    let (_, all) = t.get(&p("/urlCategories")).await;
    let (_, custom) = t.get(&p("/urlCategories?customOnly=True")).await;
    assert!(all.as_array().unwrap().len() > custom.as_array().unwrap().len());
    assert!(
        custom
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["customCategory"] == true)
    );
    assert_eq!(
        t.get(&p("/urlCategories/ADULT_THEMES")).await.1["superCategory"],
        "ADULT_MATERIAL"
    );
    let (_, quota) = t.get(&p("/urlCategories/urlQuota")).await;
    let before = quota["uniqueUrlsProvisioned"].as_u64().unwrap();

    let (status, cat) = t.post(&p("/urlCategories"), json!({"configuredName": "TestCategory",
        "superCategory": "USER_DEFINED", "urls": ["a.example.com", "b.example.com"], "type": "URL_CATEGORY"})).await;
    assert_eq!(status, 200);
    let id = cat["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("CUSTOM_"));
    assert_eq!(cat["customUrlsCount"], 2);
    let (_, added) = t
        .put(
            &p(&format!("/urlCategories/{id}?action=ADD_TO_LIST")),
            json!({"configuredName": "TestCategory", "urls": ["c.example.com"]}),
        )
        .await;
    assert_eq!(added["urls"].as_array().unwrap().len(), 3);
    let (_, removed) = t
        .put(
            &p(&format!("/urlCategories/{id}?action=REMOVE_FROM_LIST")),
            json!({"configuredName": "TestCategory", "urls": ["a.example.com"]}),
        )
        .await;
    assert_eq!(removed["urls"], json!(["b.example.com", "c.example.com"]));
    assert_eq!(
        t.get(&p("/urlCategories/urlQuota")).await.1["uniqueUrlsProvisioned"]
            .as_u64()
            .unwrap(),
        before + 2
    );
    let (status, replaced) = t
        .put(
            &p(&format!("/urlCategories/{id}")),
            json!({"configuredName": "TestCategory",
        "description": "updated", "urls": ["z.example.com"]}),
        )
        .await;
    assert_eq!(
        (status, replaced["customUrlsCount"].clone()),
        (200, json!(1))
    );
    let (status, dup) = t
        .post(
            &p("/urlCategories"),
            json!({"configuredName": "TestCategory"}),
        )
        .await;
    assert_eq!(
        (status, dup["code"].clone()),
        (409, json!("DUPLICATE_ITEM"))
    );

    let (_, rule) = t
        .post(
            &p("/urlFilteringRules"),
            json!({"name": "uses cat", "order": 1,
        "action": "BLOCK", "urlCategories": [id]}),
        )
        .await;
    let (status, err) = t.delete(&p(&format!("/urlCategories/{id}"))).await;
    assert_eq!(
        (status, err["code"].clone()),
        (409, json!("RESOURCE_IN_USE"))
    );
    t.delete(&p(&format!("/urlFilteringRules/{}", rule["id"])))
        .await;
    assert_eq!(t.delete(&p(&format!("/urlCategories/{id}"))).await.0, 204);
    assert_eq!(t.get(&p(&format!("/urlCategories/{id}"))).await.0, 404);
    assert_eq!(t.delete(&p("/urlCategories/ADULT_THEMES")).await.0, 403);
    let (_, lite) = t.get(&p("/urlCategories/lite")).await;
    assert!(lite[0].get("urls").is_none());
}

#[tokio::test]
async fn url_lookup_is_a_deterministic_table() {
    let t = Tenant::demo().await;
    let (status, found) = t
        .post(
            &p("/urlLookup"),
            json!(["google.com", "www.wicar.org", "unknown.example"]),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        found[0],
        json!({"url": "google.com", "urlClassifications": ["WEB_SEARCH"],
        "urlClassificationsWithSecurityAlert": []})
    );
    assert_eq!(
        found[1]["urlClassificationsWithSecurityAlert"],
        json!(["MALWARE_SITE"])
    );
    assert_eq!(
        found[2]["urlClassifications"],
        json!(["MISCELLANEOUS_OR_UNKNOWN"])
    );
    assert_eq!(
        t.post(&p("/urlLookup"), json!({"urls": []})).await.1,
        json!({"message": "Request body is invalid."})
    );
    let many: Vec<String> = (0..101).map(|n| format!("h{n}.example")).collect();
    assert_eq!(t.post(&p("/urlLookup"), json!(many)).await.0, 400);
}

#[tokio::test]
async fn url_filtering_rules_round_trip_with_full_shape() {
    let t = Tenant::demo().await;
    let (_, rules) = t.get(&p("/urlFilteringRules")).await;
    assert!(rules.as_array().unwrap().len() > 20);
    let (status, rule) = t.post(&p("/urlFilteringRules"), json!({"name": "TestURLRule", "order": 1, "rank": 7,
        "action": "BLOCK", "urlCategories": ["OTHER_ADULT_MATERIAL"], "protocols": ["HTTPS_RULE", "HTTP_RULE"],
        "state": "ENABLED"})).await;
    assert_eq!(status, 200);
    for key in [
        "accessControl",
        "requestMethods",
        "blockOverride",
        "lastModifiedTime",
        "lastModifiedBy",
        "usersAndGroupsSet",
        "predefined",
        "cbiProfileId",
    ] {
        assert!(rule.get(key).is_some(), "rule lacks {key}");
    }
    assert_eq!(rule["requestMethods"].as_array().unwrap().len(), 17);
    let id = rule["id"].clone();
    let (status, updated) = t
        .put(
            &p(&format!("/urlFilteringRules/{id}")),
            json!({"name": "TestURLRule2",
        "order": 1, "action": "CAUTION", "urlCategories": ["GAMBLING"]}),
        )
        .await;
    assert_eq!((status, updated["action"].clone()), (200, json!("CAUTION")));
    assert_eq!(
        t.post(
            &p("/urlFilteringRules"),
            json!({"name": "bad", "order": 1,
        "urlCategories": ["NOT_A_CATEGORY"]})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        t.post(&p("/urlFilteringRules"), json!({"order": 1}))
            .await
            .1["message"],
        "name cannot be null"
    );
    assert_eq!(
        t.delete(&p(&format!("/urlFilteringRules/{id}"))).await.0,
        204
    );
    assert_eq!(t.get(&p(&format!("/urlFilteringRules/{id}"))).await.0, 404);
}

#[tokio::test]
async fn ssl_rules_validate_the_action_object() {
    let t = Tenant::demo().await;
    let (_, rules) = t.get(&p("/sslInspectionRules")).await;
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"]["type"] == "DO_NOT_DECRYPT" && r["predefined"] != true)
    );
    let (status, body) = t
        .post(
            &p("/sslInspectionRules"),
            json!({"name": "Flat", "order": 1, "action": "INSPECT"}),
        )
        .await;
    assert_eq!(
        (status, body),
        (400, json!({"message": "Request body is invalid."}))
    );
    let (status, rule) = t
        .post(
            &p("/sslInspectionRules"),
            json!({"name": "Bypass partners", "order": 1,
        "action": {"type": "DO_NOT_DECRYPT"}, "urlCategories": ["FINANCE"]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        rule["action"]["doNotDecryptSubActions"]["bypassOtherPolicies"],
        false
    );
    assert_eq!(rule["action"]["showEUN"], false);
    let predefined = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["predefined"] == true && r["defaultRule"] != true)
        .unwrap();
    assert_eq!(
        t.delete(&p(&format!("/sslInspectionRules/{}", predefined["id"])))
            .await
            .0,
        403
    );
    assert_eq!(
        t.delete(&p(&format!("/sslInspectionRules/{}", rule["id"])))
            .await
            .0,
        204
    );
}

#[tokio::test]
async fn dlp_dictionaries_engines_and_web_rules() {
    let t = Tenant::demo().await;
    let (status, dict) = t.post(&p("/dlpDictionaries"), json!({"name": "tests-dict",
        "dictionaryType": "PATTERNS_AND_PHRASES", "phrases": [{"action": "PHRASE_COUNT_TYPE_ALL", "phrase": "Secret"}],
        "patterns": [{"action": "PATTERN_COUNT_TYPE_UNIQUE", "pattern": "X-[0-9]{4}"}]})).await;
    assert_eq!(status, 200);
    assert_eq!(dict["custom"], true);
    assert!(dict.get("hierarchicalDictionary").is_some());
    let (status, engine) = t
        .post(
            &p("/dlpEngines"),
            json!({"name": "tests-engine",
        "engineExpression": format!("((D{}.S > 1))", dict["id"])}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        t.post(
            &p("/dlpEngines"),
            json!({"name": "bad", "engineExpression": "((D999999.S > 1))"})
        )
        .await
        .0,
        400
    );
    let (status, err) = t
        .delete(&p(&format!("/dlpDictionaries/{}", dict["id"])))
        .await;
    assert_eq!(
        (status, err["code"].clone()),
        (409, json!("RESOURCE_IN_USE"))
    );

    let (status, rule) = t.post(&p("/webDlpRules"), json!({"name": "tests-dlp", "order": 1, "action": "BLOCK",
        "severity": "RULE_SEVERITY_HIGH", "dlpEngines": [{"id": engine["id"]}], "fileTypes": ["FTCATEGORY_ZIP"]})).await;
    assert_eq!(status, 200);
    assert_eq!(rule["fileTypeCategories"][0]["parent"], "ARCHIVES");
    let (_, lite) = t.get(&p("/webDlpRules/lite")).await;
    assert!(lite[0].get("order").is_none());
    let (status, err) = t.delete(&p(&format!("/dlpEngines/{}", engine["id"]))).await;
    assert_eq!(
        (status, err["code"].clone()),
        (409, json!("RESOURCE_IN_USE"))
    );
    assert_eq!(
        t.delete(&p(&format!("/webDlpRules/{}", rule["id"])))
            .await
            .0,
        204
    );
    assert_eq!(
        t.delete(&p(&format!("/dlpEngines/{}", engine["id"])))
            .await
            .0,
        204
    );
    assert_eq!(
        t.delete(&p(&format!("/dlpDictionaries/{}", dict["id"])))
            .await
            .0,
        204
    );
    assert_eq!(
        t.delete(&p("/dlpEngines/1")).await.0,
        403,
        "predefined engines stay"
    );

    let (_, valid) = t
        .post(
            &p("/dlpDictionaries/validateDlpPattern"),
            json!({"data": "test-pattern"}),
        )
        .await;
    assert_eq!(valid["errMsg"], "Valid regular expression");
    let (_, failed) = t
        .post(&p("/dlpEngines/validateDlpExpr"), json!({"data": "test"}))
        .await;
    assert_eq!(failed["status"], "Failed");
}

#[tokio::test]
async fn file_type_sandbox_and_cloud_app_rules() {
    let t = Tenant::demo().await;
    let (status, rule) = t
        .post(
            &p("/fileTypeRules"),
            json!({"name": "ft", "order": 1, "filteringAction": "BLOCK",
        "operation": "DOWNLOAD", "fileTypes": ["FTCATEGORY_ALZ", "FTCATEGORY_P7Z"]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        rule["fileTypeCategories"][0],
        json!({"id": 247, "name": "FTCATEGORY_ALZ", "parent": "ARCHIVES"})
    );
    assert_eq!(
        t.post(
            &p("/fileTypeRules"),
            json!({"name": "bad", "order": 1, "fileTypes": ["FTCATEGORY_NOPE"]})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        t.delete(&p(&format!("/fileTypeRules/{}", rule["id"])))
            .await
            .0,
        204
    );

    let (status, sandbox) = t
        .post(
            &p("/sandboxRules"),
            json!({"name": "sb", "order": 1, "baRuleAction": "BLOCK",
        "fileTypes": ["FTCATEGORY_BZIP2"], "byThreatScore": 40}),
        )
        .await;
    assert_eq!(
        (status, sandbox["baRuleAction"].clone()),
        (200, json!("BLOCK"))
    );
    assert_eq!(
        t.delete(&p(&format!("/sandboxRules/{}", sandbox["id"])))
            .await
            .0,
        204
    );

    let (_, mapping) = t.get(&p("/webApplicationRules/ruleTypeMapping")).await;
    assert_eq!(mapping["Webmail"], "WEBMAIL");
    let (status, app_rule) = t
        .post(
            &p("/webApplicationRules/WEBMAIL"),
            json!({"name": "wm", "order": 1,
        "applications": ["GOOGLE_WEBMAIL"], "actions": ["ALLOW_WEBMAIL_VIEW"]}),
        )
        .await;
    assert_eq!((status, app_rule["type"].clone()), (200, json!("WEBMAIL")));
    let id = app_rule["id"].clone();
    assert_eq!(
        t.get(&p(&format!("/webApplicationRules/STREAMING_MEDIA/{id}")))
            .await
            .0,
        404,
        "scoped by type"
    );
    let (status, err) = t
        .put(
            &p(&format!("/webApplicationRules/WEBMAIL/{id}")),
            json!({"description": "x"}),
        )
        .await;
    assert_eq!(
        (status, err["message"].clone()),
        (400, json!("name cannot be null"))
    );
    let (status, err) = t
        .post(
            &p(&format!("/webApplicationRules/WEBMAIL/duplicate/{id}")),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, err),
        (400, json!({"message": "Rule Name is mandatory"}))
    );
    let (status, copy) = t
        .post(
            &p(&format!(
                "/webApplicationRules/WEBMAIL/duplicate/{id}?name=copy"
            )),
            json!({}),
        )
        .await;
    assert_eq!((status, copy["name"].clone()), (200, json!("copy")));
    let (_, actions) = t
        .post(
            &p("/webApplicationRules/STREAMING_MEDIA/availableActions"),
            json!({"cloudApps": ["YOUTUBE"]}),
        )
        .await;
    assert!(
        actions
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "ALLOW_STREAMING_VIEW")
    );
    assert_eq!(
        t.delete(&p(&format!("/webApplicationRules/WEBMAIL/{id}")))
            .await
            .0,
        204
    );
    assert_eq!(t.get(&p("/webApplicationRules/NOT_A_TYPE")).await.0, 400);
}

#[tokio::test]
async fn sandbox_reports_quota_and_behavioural_analysis() {
    let t = Tenant::demo().await;
    let (_, summary) = t
        .get(&p(
            "/sandbox/report/44d88612fea8a8f36de82e1278abb02f?details=summary",
        ))
        .await;
    assert_eq!(summary["Summary"]["Classification"]["Type"], "MALICIOUS");
    assert_eq!(summary["Summary"]["Summary"]["Status"], "COMPLETED");
    let (_, full) = t
        .get(&p(
            "/sandbox/report/e4d909c290d0fb1ca068ffaddf22cbd0?details=full",
        ))
        .await;
    assert_eq!(full["Full Details"]["Classification"]["Type"], "BENIGN");
    let (_, unknown) = t
        .get(&p(
            "/sandbox/report/d41d8cd98f00b204e9800998ecf8427e?details=summary",
        ))
        .await;
    assert_eq!(
        unknown,
        json!({"Summary": {"Summary": {"Status": "CONTENT_NOTFOUND", "Message": "Content lookup failed."}}})
    );
    assert_eq!(
        t.get(&p("/sandbox/report/nothex?details=summary")).await.0,
        400
    );
    let (_, quota) = t.get(&p("/sandbox/report/quota")).await;
    assert_eq!(quota[0]["used"], 3);

    let (_, counts) = t
        .get(&p("/behavioralAnalysisAdvancedSettings/fileHashCount"))
        .await;
    assert_eq!(
        (
            counts["deniedFileHashesCount"].clone(),
            counts["allowedFileHashesCount"].clone()
        ),
        (json!(1), json!(1))
    );
    let (status, _) = t
        .put(
            &p("/behavioralAnalysisAdvancedSettings"),
            json!({"fileHashesToBeBlocked": ["d41d8cd98f00b204e9800998ecf8427e"]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        t.get(&p("/behavioralAnalysisAdvancedSettings")).await.1["md5HashValueList"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        t.put(
            &p("/behavioralAnalysisAdvancedSettings"),
            json!({"fileHashesToBeBlocked": ["zz"]})
        )
        .await
        .0,
        400
    );
}

#[tokio::test]
async fn settings_singletons_and_url_lists() {
    let t = Tenant::demo().await;
    let (status, atp) = t
        .get(&p("/cyberThreatProtection/advancedThreatSettings"))
        .await;
    assert_eq!((status, atp["riskTolerance"].clone()), (200, json!(75)));
    let (status, body) = t
        .put(
            &p("/cyberThreatProtection/advancedThreatSettings"),
            json!({"malwareUrlFilterEnabled": true}),
        )
        .await;
    assert_eq!(
        (status, body),
        (400, json!({"message": "Request body is invalid."}))
    );
    let (_, updated) = t
        .put(
            &p("/advancedSettings"),
            json!({"uiSessionTimeout": 300, "authBypassUrls": [".x.com"]}),
        )
        .await;
    assert_eq!(updated["uiSessionTimeout"], 300);
    assert_eq!(updated["enableOffice365"], true, "unchanged keys survive");
    for path in [
        "/cyberThreatProtection/malwarePolicy",
        "/cyberThreatProtection/atpMalwareInspection",
        "/cyberThreatProtection/atpMalwareProtocols",
        "/cyberThreatProtection/malwareSettings",
        "/mobileAdvanceThreatSettings",
        "/authSettings",
        "/authSettings/lite",
        "/advancedUrlFilterAndCloudAppSettings",
        "/cyberThreatProtection/securityExceptions",
    ] {
        assert_eq!(t.get(&p(path)).await.0, 200, "{path}");
    }

    let (_, before) = t.get(&p("/authSettings/exemptedUrls")).await;
    let n = before["urls"].as_array().unwrap().len();
    let (status, echo) = t
        .post(
            &p("/authSettings/exemptedUrls?action=ADD_TO_LIST"),
            json!({"urls": ["a.test.com", "b.test.com"]}),
        )
        .await;
    assert_eq!(
        (status, echo),
        (200, json!({"urls": ["a.test.com", "b.test.com"]}))
    );
    assert_eq!(
        t.get(&p("/authSettings/exemptedUrls")).await.1["urls"]
            .as_array()
            .unwrap()
            .len(),
        n + 2
    );
    t.post(
        &p("/authSettings/exemptedUrls?action=REMOVE_FROM_LIST"),
        json!({"urls": ["a.test.com"]}),
    )
    .await;
    assert_eq!(
        t.get(&p("/authSettings/exemptedUrls")).await.1["urls"]
            .as_array()
            .unwrap()
            .len(),
        n + 1
    );

    let (_, added) = t
        .put(
            &p("/cyberThreatProtection/maliciousUrls?action=ADD_TO_LIST"),
            json!({"maliciousUrls": ["bad.example.com"]}),
        )
        .await;
    assert_eq!(added, json!({"maliciousUrls": ["bad.example.com"]}));
    assert!(
        t.get(&p("/cyberThreatProtection/maliciousUrls")).await.1["maliciousUrls"]
            .as_array()
            .unwrap()
            .contains(&json!("bad.example.com"))
    );
    assert_eq!(
        t.put(
            &p("/cyberThreatProtection/maliciousUrls?action=NOPE"),
            json!({"maliciousUrls": []})
        )
        .await
        .0,
        400
    );
}

#[tokio::test]
async fn devices_workloads_shadow_it_and_admins() {
    let t = Tenant::demo().await;
    let (_, groups) = t.get(&p("/deviceGroups")).await;
    assert!(
        groups
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["name"] == "Windows" && g["predefined"] == true)
    );
    let (_, devices) = t.get(&p("/deviceGroups/devices")).await;
    assert_eq!(devices.as_array().unwrap().len(), 30);
    let (_, lite) = t.get(&p("/deviceGroups/devices/lite")).await;
    assert!(lite[0]["name"].as_str().unwrap().contains(" - ACME-"));

    let (status, err) = t.post(&p("/workloadGroups"), json!({"name": "wg"})).await;
    assert_eq!(
        (status, err["message"].clone()),
        (400, json!("Workload group expression info is missing!"))
    );
    let (status, wg) = t.post(&p("/workloadGroups"), json!({"name": "wg", "expressionJson": {"expressionContainers": [
        {"tagType": "ATTR", "operator": "AND", "tagContainer": {"tags": [{"key": "Env", "value": "prod"}], "operator": "AND"}}]}})).await;
    assert_eq!(
        (status, wg["expression"].clone()),
        (200, json!("ATTR.Env=prod"))
    );
    assert_eq!(
        t.delete(&p(&format!("/workloadGroups/{}", wg["id"])))
            .await
            .0,
        204
    );

    let (_, apps) = t
        .get(&p("/cloudApplications/lite?pageNumber=0&limit=5"))
        .await;
    assert_eq!(apps.as_array().unwrap().len(), 5);
    let (_, policy) = t.get(&p("/cloudApplications/policy?search=chat")).await;
    assert_eq!(policy[0]["appName"], "ChatGPT");
    let (status, _) = t
        .put(
            &p("/cloudApplications/bulkUpdate"),
            json!({"sanctionedState": "UN_SANCTIONED",
        "applicationIds": [apps[0]["id"]]}),
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(
        t.get(&p(&format!("/cloudApplications/{}", apps[0]["id"])))
            .await
            .1["sanctionedState"],
        "UN_SANCTIONED"
    );
    assert_eq!(
        t.get(&p("/customTags")).await.1.as_array().unwrap().len(),
        3
    );

    let (_, admins) = t.get(&p("/adminUsers")).await;
    assert!(admins.as_array().unwrap().len() >= 5);
    assert_eq!(
        t.get(&p(&format!("/adminUsers/{}", first_id(&admins))))
            .await
            .1["isPasswordLoginAllowed"],
        true
    );
    let (_, roles) = t.get(&p("/adminRoles/lite")).await;
    assert_eq!(roles[0].as_object().unwrap().len(), 5);
    assert!(
        t.get(&p(&format!("/adminRoles/{}", first_id(&roles))))
            .await
            .1["featurePermissions"]
            .is_object()
    );
    assert_eq!(
        t.post(&p("/adminRoles"), json!({"name": "x"})).await.1["code"],
        "SCOPE_LIMITED"
    );
}

#[tokio::test]
async fn dns_and_ips_rules() {
    let t = Tenant::demo().await;
    let (status, dns) = t
        .post(
            &p("/firewallDnsRules"),
            json!({"name": "redir", "order": 1, "action": "REDIR_REQ",
        "redirectIp": "8.8.8.8", "destCountries": ["COUNTRY_CA"]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(dns["destIpCategories"], json!(["ANY"]));
    assert_eq!(
        t.post(
            &p("/firewallDnsRules"),
            json!({"name": "no ip", "order": 1, "action": "REDIR_REQ"})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        t.post(
            &p("/firewallDnsRules"),
            json!({"name": "bad country", "order": 1,
        "destCountries": ["CANADA"]})
        )
        .await
        .0,
        400
    );
    let (_, dns_rules) = t.get(&p("/firewallDnsRules")).await;
    let defaults = dns_rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["defaultRule"] == true)
        .count();
    assert_eq!(defaults, 2);
    let (status, ips) = t
        .post(
            &p("/firewallIpsRules"),
            json!({"name": "ips", "order": 1, "action": "BLOCK_DROP"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        t.post(
            &p("/firewallIpsRules"),
            json!({"name": "ips2", "order": 1, "action": "EXPLODE"})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        t.get(&p(&format!("/firewallIpsRules/{}", ips["id"])))
            .await
            .1["order"],
        1
    );
    assert_eq!(
        t.delete(&p(&format!("/firewallIpsRules/{}", ips["id"])))
            .await
            .0,
        204
    );
    assert_eq!(
        t.delete(&p(&format!("/firewallDnsRules/{}", dns["id"])))
            .await
            .0,
        204
    );
}

#[tokio::test]
async fn region_lookups_by_coordinates_ip_and_city_prefix() {
    let t = Tenant::demo().await;
    let (status, near) = t
        .get(&p(
            "/region/byGeoCoordinates?latitude=37.3&longitude=-121.9",
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(near["cityName"], "San Jose");
    assert_eq!(near["countryCode"], "US");
    for key in [
        "cityGeoId",
        "stateGeoId",
        "stateName",
        "countryName",
        "postalCode",
    ] {
        assert!(!near[key].is_null(), "RegionInfo lacks {key}: {near}");
    }
    let (status, _) = t
        .get(&p("/region/byGeoCoordinates?latitude=137&longitude=0"))
        .await;
    assert_eq!(status, 400);

    let (status, by_ip) = t.get(&p("/region/byIPAddress/81.8.4.2")).await;
    assert_eq!(status, 200);
    assert!(by_ip["cityName"].is_string());
    let (_, again) = t.get(&p("/region/byIPAddress/81.8.4.2")).await;
    assert_eq!(
        by_ip, again,
        "the same address always geolocates the same way"
    );
    let (status, _) = t.get(&p("/region/byIPAddress/not-an-ip")).await;
    assert_eq!(status, 400);

    let (status, found) = t.get(&p("/region/search?prefix=san")).await;
    assert_eq!(status, 200);
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["cityName"].as_str())
        .collect();
    assert_eq!(names, ["San Jose"]);
    let (_, narrowed) = t.get(&p("/region/search?prefix=sa,%20brazil")).await;
    assert_eq!(narrowed[0]["cityName"], "Sao Paulo");
    assert_eq!(narrowed.as_array().unwrap().len(), 1);
    // Recorded: a search without `prefix` is refused.
    let (status, refused) = t.get(&p("/region/search?search=San")).await;
    assert_eq!(status, 400);
    assert_eq!(refused["code"], "INVALID_INPUT_ARGUMENT");
}

#[tokio::test]
async fn static_ips_filter_by_address() {
    let t = Tenant::demo().await;
    let (_, all) = t.get(&p("/staticIP")).await;
    assert!(all.as_array().unwrap().len() > 1);
    let ip = all[1]["ipAddress"].as_str().unwrap().to_owned();
    let (status, one) = t.get(&p(&format!("/staticIP?ipAddress={ip}"))).await;
    assert_eq!(status, 200);
    assert_eq!(ids(&one), vec![all[1]["id"].to_string()]);
    let (_, none) = t.get(&p("/staticIP?ipAddress=198.51.100.254")).await;
    assert!(none.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn custom_ips_signatures_check_their_rule_text() {
    let t = Tenant::demo().await;
    let (status, seeded) = t.get(&p("/ipsSignatureRules?search=log4shell")).await;
    assert_eq!(status, 200, "{seeded}");
    assert_eq!(seeded.as_array().map(Vec::len), Some(1), "{seeded}");
    assert!(
        seeded[0]["ruleText"]
            .as_str()
            .unwrap()
            .contains("sid:1000001;")
    );

    let text = r#"alert tcp any any -> any 8080 (msg:"probe"; sid:2000001; rev:1;)"#;
    let (status, created) = t
        .post(
            &p("/ipsSignatureRules"),
            json!({"name": "Probe 8080", "ruleText": text}),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["enabled"], true);
    assert_eq!(created["category"]["name"], "CUSTOM");
    let item = p(&format!("/ipsSignatureRules/{}", created["id"]));

    // No sid/rev, a sid another signature holds, and an over-long name are all refused.
    for (body, why) in [
        (
            json!({"name": "x", "ruleText": "alert tcp any any -> any any (msg:\"x\";)"}),
            "sid",
        ),
        (
            json!({"name": "dup", "ruleText": "alert tcp any any -> any any (sid:1000002; rev:1;)"}),
            "already",
        ),
        (
            json!({"name": "n".repeat(32), "ruleText": "alert tcp any any -> any any (sid:9; rev:1;)"}),
            "31",
        ),
    ] {
        let (status, err) = t.post(&p("/ipsSignatureRules"), body).await;
        assert_eq!(status, 400, "{err}");
        assert!(err["message"].as_str().unwrap().contains(why), "{err}");
    }

    // A full-replace PUT may keep its own sid.
    let (status, updated) = t
        .put(
            &item,
            json!({"name": "Probe 8080", "ruleText": text.replace("rev:1", "rev:2"), "enabled": false}),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["enabled"], false);
    assert_eq!(t.delete(&item).await.0, 204);
    assert_eq!(t.get(&item).await.0, 404);
}
