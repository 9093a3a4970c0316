//! ZPA over real HTTP: envelopes and paging, CRUD per resource family, referential refusals,
//! policy rule ordering and the v2 → v1 condition shape, SCIM paging and search.

mod common;

use common::Tenant;
use serde_json::{Value, json};

const V1: &str = "/zpa/mgmtconfig/v1/admin/customers/{cid}";
const V2: &str = "/zpa/mgmtconfig/v2/admin/customers/{cid}";
const UC: &str = "/zpa/userconfig/v1/customers/{cid}";
const OKTA: &str = "216196257331285825";

fn v1(path: &str) -> String {
    format!("{V1}/{path}")
}

fn v2(path: &str) -> String {
    format!("{V2}/{path}")
}

fn list(body: &Value) -> Vec<Value> {
    body["list"].as_array().cloned().unwrap_or_default()
}

fn find<'a>(items: &'a [Value], name: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["name"] == json!(name))
        .unwrap_or_else(|| panic!("{name} not in list"))
}

async fn all(t: &Tenant, path: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    list(&t.get(&format!("{path}{sep}pagesize=500")).await.1)
}

async fn id_of(t: &Tenant, path: &str, name: &str) -> String {
    find(&all(t, path).await, name)["id"]
        .as_str()
        .expect("string id")
        .to_owned()
}

fn assert_invalid(reply: (u16, Value), field: &str) {
    assert_eq!(reply.0, 400, "{}", reply.1);
    assert_eq!(reply.1["id"], "invalid.resource.argument", "{}", reply.1);
    assert_eq!(reply.1["params"], json!([field]), "{}", reply.1);
}

fn assert_in_use(reply: (u16, Value)) {
    assert_eq!(reply.0, 400, "{}", reply.1);
    assert_eq!(reply.1["id"], "resource.in.use", "{}", reply.1);
}

async fn connector_group(t: &Tenant, name: &str) -> String {
    let (status, body) = t
        .post(
            &v1("appConnectorGroup"),
            json!({"name": name, "latitude": "37.33874", "longitude": "-121.8852525",
                   "location": "San Jose, CA, USA", "versionProfileId": "0"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

// ---------------------------------------------------------------------------------------------
// Segment groups, application segments, server groups, servers

#[tokio::test]
async fn segment_group_crud_and_refusal_while_apps_use_it() {
    let t = Tenant::demo().await;
    let (status, page) = t.get(&v1("segmentGroup?pagesize=3&page=2")).await;
    assert_eq!(status, 200);
    assert_eq!(page["totalCount"], "7");
    assert_eq!(page["totalPages"], "3");
    assert_eq!(list(&page).len(), 3);

    let groups = all(&t, &v1("segmentGroup")).await;
    let engineering = find(&groups, "Engineering Tools");
    assert!(engineering["applications"].as_array().unwrap().len() >= 5);
    assert_eq!(engineering["microtenantName"], "Default");
    let used = engineering["id"].as_str().unwrap();
    assert_in_use(t.delete(&v1(&format!("segmentGroup/{used}"))).await);

    let (status, created) = t
        .post(
            &v1("segmentGroup"),
            json!({"name": "Partner Apps", "enabled": true}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(created["tcpKeepAliveEnabled"], "0");
    assert!(created.get("microtenantName").is_none());
    let id = created["id"].as_str().unwrap();
    assert_eq!(id.len(), 18);
    let path = v1(&format!("segmentGroup/{id}"));
    assert_eq!(
        t.put(&path, json!({"name": "Partner Apps", "description": "B2B"}))
            .await,
        (204, Value::Null)
    );
    let (_, got) = t.get(&path).await;
    assert_eq!(got["description"], "B2B");
    assert_eq!(got["enabled"], true, "a PUT keeps fields it leaves out");
    assert_eq!(
        t.put(
            &v2(&format!("segmentGroup/{id}")),
            json!({"name": "Partner Apps v2"})
        )
        .await
        .0,
        204
    );
    assert_eq!(t.get(&path).await.1["name"], "Partner Apps v2");
    assert_eq!(t.delete(&path).await.0, 204);
    let (status, gone) = t.get(&path).await;
    assert_eq!(status, 404);
    assert_eq!(gone["id"], "resource.not.found");

    let (status, dup) = t
        .post(&v1("segmentGroup"), json!({"name": "Finance Systems"}))
        .await;
    assert_eq!(
        (status, dup["id"].clone()),
        (400, json!("resource.already.exist"))
    );
}

#[tokio::test]
async fn application_segment_lifecycle_with_port_ranges() {
    let t = Tenant::demo().await;
    let group = id_of(&t, &v1("segmentGroup"), "Corporate Apps").await;
    let server_group = id_of(&t, &v1("serverGroup"), "Engineering Dynamic - Global").await;
    let body = json!({"name": "Wiki Mirror", "domainNames": ["mirror.acme-demo.com"],
                      "segmentGroupId": group, "serverGroups": [{"id": server_group}],
                      "tcpPortRanges": ["9001", "9001", "8000", "8080"]});
    let (status, created) = t.post(&v1("application"), body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["bypassType"], "NEVER");
    assert_eq!(created["tcpKeepAlive"], "0");
    assert!(created.get("segmentGroupName").is_none());
    assert!(created.get("tcpPortRange").is_none());
    assert_eq!(created["serverGroups"][0]["dynamicDiscovery"], false);
    let id = created["id"].as_str().unwrap();
    let path = v1(&format!("application/{id}"));

    let (_, got) = t.get(&path).await;
    assert_eq!(got["segmentGroupName"], "Corporate Apps");
    assert_eq!(
        got["tcpPortRange"],
        json!([{"from": "9001", "to": "9001"}, {"from": "8000", "to": "8080"}])
    );
    assert_eq!(
        got["serverGroups"][0]["name"],
        "Engineering Dynamic - Global"
    );
    assert_eq!(got["serverGroups"][0]["dynamicDiscovery"], true);
    assert_eq!(got["healthReporting"], "ON_ACCESS");

    let update = json!({"name": "Wiki Mirror", "domainNames": ["mirror.acme-demo.com"],
                        "segmentGroupId": group, "tcpPortRange": [{"from": "443", "to": "443"}]});
    assert_eq!(t.put(&path, update).await.0, 204);
    let (_, got) = t.get(&path).await;
    assert_eq!(got["tcpPortRanges"], json!(["443", "443"]));

    let (_, found) = t
        .get(&v1("application?search=name%2BEQ%2BWiki+Mirror"))
        .await;
    assert_eq!(found["totalCount"], "1");
    let (_, contains) = t
        .get(&v1("application?search=name%2BCONTAINS%2Bbastion"))
        .await;
    assert_eq!(contains["totalCount"], "2");

    assert_eq!(t.delete(&format!("{path}?forceDelete=true")).await.0, 204);
    assert_eq!(t.get(&path).await.0, 404);
}

#[tokio::test]
async fn application_segment_validation_names_the_field() {
    let t = Tenant::demo().await;
    let group = id_of(&t, &v1("segmentGroup"), "Corporate Apps").await;
    let base = json!({"name": "X", "domainNames": ["x.acme-demo.com"], "segmentGroupId": group,
                      "tcpPortRanges": ["80", "80"]});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    assert_invalid(
        t.post(
            &v1("application"),
            with("segmentGroupId", json!("216196257331999999")),
        )
        .await,
        "segmentGroupId",
    );
    assert_invalid(
        t.post(
            &v1("application"),
            with("serverGroups", json!([{"id": "1"}])),
        )
        .await,
        "serverGroups",
    );
    assert_invalid(
        t.post(&v1("application"), with("tcpPortRanges", json!(["80"])))
            .await,
        "tcpPortRanges",
    );
    assert_invalid(
        t.post(
            &v1("application"),
            with("tcpPortRanges", json!(["90", "80"])),
        )
        .await,
        "tcpPortRanges",
    );
    assert_invalid(
        t.post(&v1("application"), with("tcpPortRanges", json!([])))
            .await,
        "tcpPortRanges",
    );
    let (status, missing) = t.post(&v1("application"), json!({"name": "Y"})).await;
    assert_eq!(status, 400);
    assert_eq!(missing["params"], json!(["segmentGroupId"]));
}

#[tokio::test]
async fn apps_by_type_lists_sub_apps_of_each_kind() {
    let t = Tenant::demo().await;
    let apps = all(&t, &v1("application")).await;
    assert_eq!(apps.len(), 36, "every demo segment passes validation");
    for (kind, expected) in [
        ("BROWSER_ACCESS", "Confluence"),
        ("SECURE_REMOTE_ACCESS", "Windows Jump Host"),
        ("INSPECT", "Jenkins"),
    ] {
        let (status, body) = t
            .get(&v1(&format!(
                "application/getAppsByType?applicationType={kind}&expandAll=false"
            )))
            .await;
        assert_eq!(status, 200);
        let sub = find(&list(&body), expected).clone();
        let parent = find(&apps, expected);
        assert_eq!(sub["appId"], parent["id"]);
        assert_ne!(sub["id"], parent["id"]);
    }
    let (_, pra) = t
        .get(&v1("application/getAppsByType?applicationType=SECURE_REMOTE_ACCESS&search=name%2BEQ%2BBastion+SSH+-+SJC"))
        .await;
    assert_eq!(list(&pra).len(), 1);
    assert_eq!(list(&pra)[0]["applicationProtocol"], "SSH");
    assert_invalid(
        t.get(&v1("application/getAppsByType?applicationType=NOPE"))
            .await,
        "applicationType",
    );
    let jump = find(&apps, "Windows Jump Host");
    assert_eq!(jump["praApps"][0]["applicationPort"], "3389");
}

#[tokio::test]
async fn browser_access_apps_in_a_put_replace_the_old_ones() {
    let t = Tenant::demo().await;
    let group = id_of(&t, &v1("segmentGroup"), "Corporate Apps").await;
    let server_group = id_of(&t, &v1("serverGroup"), "Engineering Dynamic - Global").await;
    let cert = id_of(&t, &v1("certificate"), "portal.acme-demo.com").await;
    let ba = |port: &str| {
        json!([{"name": "wiki", "domain": "wiki.acme-demo.com", "applicationPort": port,
                "applicationProtocol": "HTTPS", "certificateId": cert}])
    };
    let (status, created) = t
        .post(
            &v1("application"),
            json!({"name": "Wiki BA", "domainNames": ["wiki.acme-demo.com"],
                   "segmentGroupId": group, "serverGroups": [{"id": server_group}],
                   "tcpPortRange": [{"from": "443", "to": "443"}], "clientlessApps": ba("443")}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let path = v1(&format!("application/{}", created["id"].as_str().unwrap()));
    let (_, before) = t.get(&path).await;
    assert_eq!(before["clientlessApps"].as_array().unwrap().len(), 1);
    // A partial PUT (the stored record merged) carrying the BA list again, as a client that
    // read the segment and changed one port would send it.
    assert_eq!(
        t.put(&path, json!({"clientlessApps": ba("8443")})).await.0,
        204
    );
    let (_, after) = t.get(&path).await;
    let apps = after["clientlessApps"].as_array().unwrap();
    assert_eq!(apps.len(), 1, "{after}");
    assert_eq!(apps[0]["applicationPort"], "8443");
    assert_eq!(apps[0]["id"], before["clientlessApps"][0]["id"]);
    // The same through a full PUT of what GET showed, with the BA list swapped.
    let mut full = after.clone();
    full["clientlessApps"] = ba("9443");
    assert_eq!(t.put(&path, full).await.0, 204);
    let (_, after) = t.get(&path).await;
    let apps = after["clientlessApps"].as_array().unwrap();
    assert_eq!(apps.len(), 1, "{after}");
    assert_eq!(apps[0]["applicationPort"], "9443");
}

#[tokio::test]
async fn deleting_a_segment_named_in_policy_needs_force_delete() {
    let t = Tenant::demo().await;
    let jira = id_of(&t, &v1("application"), "Jira").await;
    let path = v1(&format!("application/{jira}"));
    assert_in_use(t.delete(&path).await);
    assert_eq!(t.delete(&format!("{path}?forceDelete=true")).await.0, 204);
    let rules = all(&t, &v1("policySet/rules/policyType/ACCESS_POLICY")).await;
    let contractors = find(&rules, "Contractors - Jira and Confluence");
    let operands: Vec<Value> = contractors["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["operands"].as_array().unwrap().clone())
        .collect();
    assert!(operands.iter().all(|o| o["rhs"] != json!(jira)));
    assert!(
        operands.iter().any(|o| o["objectType"] == "APP"),
        "Confluence stays"
    );
}

#[tokio::test]
async fn server_groups_and_servers_refuse_deletes_while_referenced() {
    let t = Tenant::demo().await;
    let acg = connector_group(&t, "Test ACG").await;
    assert_invalid(
        t.post(
            &v1("serverGroup"),
            json!({"name": "No ACG", "dynamicDiscovery": true}),
        )
        .await,
        "appConnectorGroups",
    );
    assert_invalid(
        t.post(
            &v1("serverGroup"),
            json!({"name": "No servers", "appConnectorGroups": [{"id": acg}]}),
        )
        .await,
        "servers",
    );
    let (status, server) = t
        .post(
            &v1("server"),
            json!({"name": "srv-test", "address": "10.1.1.1"}),
        )
        .await;
    assert_eq!(status, 201);
    let server_id = server["id"].as_str().unwrap();
    let (status, group) = t
        .post(
            &v1("serverGroup"),
            json!({"name": "Test SG", "appConnectorGroups": [{"id": acg}], "servers": [{"id": server_id}]}),
        )
        .await;
    assert_eq!(status, 201, "{group}");
    assert_eq!(group["appConnectorGroups"][0]["name"], "Test ACG");
    assert!(group.get("enabled").is_none());
    let group_id = group["id"].as_str().unwrap();
    let (_, got) = t.get(&v1(&format!("serverGroup/{group_id}"))).await;
    assert_eq!(got["enabled"], false);
    assert_eq!(got["servers"][0]["address"], "10.1.1.1");
    assert_eq!(got["appConnectorGroups"][0]["cityCountry"], "San Jose, US");

    assert_in_use(t.delete(&v1(&format!("server/{server_id}"))).await);
    assert_in_use(t.delete(&v1(&format!("appConnectorGroup/{acg}"))).await);
    let used = id_of(&t, &v1("serverGroup"), "SAP Servers").await;
    assert_in_use(t.delete(&v1(&format!("serverGroup/{used}"))).await);

    assert_eq!(
        t.put(
            &v1(&format!("server/{server_id}")),
            json!({"name": "srv-renamed"})
        )
        .await
        .0,
        204
    );
    let (_, srv) = t.get(&v1(&format!("server/{server_id}"))).await;
    assert_eq!(srv["address"], "10.1.1.1");
    assert_eq!(srv["appServerGroupIds"], json!([group_id]));
    let (_, summary) = t.get(&v1("server/summary?pagesize=500")).await;
    assert!(
        list(&summary)
            .iter()
            .any(|s| s["name"] == "srv-renamed" && s.get("address").is_none())
    );

    // A client that sends the GET back (group ids and all) does not pin the membership.
    assert_eq!(t.put(&v1(&format!("server/{server_id}")), srv).await.0, 204);
    assert_eq!(
        t.delete(&v1(&format!("serverGroup/{group_id}"))).await.0,
        204
    );
    let (_, srv) = t.get(&v1(&format!("server/{server_id}"))).await;
    assert!(srv.get("appServerGroupIds").is_none(), "{srv}");
    assert_eq!(t.delete(&v1(&format!("server/{server_id}"))).await.0, 204);
    assert_eq!(
        t.delete(&v1(&format!("appConnectorGroup/{acg}"))).await.0,
        204
    );
    assert_eq!(t.get(&v1(&format!("server/{server_id}"))).await.0, 404);
}

// ---------------------------------------------------------------------------------------------
// Connectors, service edges, provisioning keys

#[tokio::test]
async fn connector_groups_carry_connectors_with_health() {
    let t = Tenant::demo().await;
    let groups = all(&t, &v1("appConnectorGroup")).await;
    assert!((6..=10).contains(&groups.len()));
    let cities: std::collections::HashSet<&str> = groups
        .iter()
        .map(|g| g["cityCountry"].as_str().unwrap())
        .collect();
    assert_eq!(cities.len(), groups.len());
    for g in &groups {
        let n = g["connectors"].as_array().map_or(0, Vec::len);
        assert!((2..=4).contains(&n), "{} has {n} connectors", g["name"]);
        assert_eq!(g["version"]["sargeVersion"], "26.52.3");
    }
    let connectors = all(&t, &v1("connector")).await;
    assert!(
        connectors
            .iter()
            .any(|c| c["controlChannelStatus"] == "ZPN_STATUS_DISCONNECTED")
    );
    assert!(
        connectors
            .iter()
            .any(|c| c["controlChannelStatus"] == "ZPN_STATUS_AUTHENTICATED")
    );
    assert!(
        connectors
            .iter()
            .any(|c| c["currentVersion"] != c["expectedVersion"])
    );
    let first = &connectors[0];
    for key in [
        "lastBrokerConnectTime",
        "upgradeStatus",
        "privateIp",
        "appConnectorGroupName",
        "provisioningKeyName",
    ] {
        assert!(first[key].is_string(), "{key}");
    }

    let id = first["id"].as_str().unwrap();
    let path = v1(&format!("connector/{id}"));
    assert_eq!(
        t.put(&path, json!({"name": "renamed", "enabled": false}))
            .await
            .0,
        204
    );
    let (_, got) = t.get(&path).await;
    assert_eq!(
        (got["name"].clone(), got["enabled"].clone()),
        (json!("renamed"), json!(false))
    );
    assert_eq!(got["assistantVersion"]["platform"], "el9");

    let group_id = got["appConnectorGroupId"].as_str().unwrap().to_owned();
    assert_in_use(
        t.delete(&v1(&format!("appConnectorGroup/{group_id}")))
            .await,
    );
    assert_eq!(t.post(&v1("connector"), json!({"name": "x"})).await.0, 405);

    let ids: Vec<Value> = connectors[1..3].iter().map(|c| c["id"].clone()).collect();
    assert_eq!(
        t.post(&v1("connector/bulkDelete"), json!({"ids": ids}))
            .await
            .0,
        204
    );
    assert_eq!(
        t.get(&v1(&format!("connector/{}", ids[0].as_str().unwrap())))
            .await
            .0,
        404
    );
    let (status, _) = t
        .post(
            &v1("connector/bulkDelete"),
            json!({"ids": [id, "216196257331999999"]}),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(t.get(&path).await.0, 200, "bulk delete is all or nothing");
    assert_eq!(t.delete(&path).await.0, 204);
}

#[tokio::test]
async fn service_edge_groups_and_edges() {
    let t = Tenant::demo().await;
    let groups = all(&t, &v1("serviceEdgeGroup")).await;
    assert_eq!(groups.len(), 3);
    assert!(groups.iter().all(|g| g["isPublic"] == "FALSE"));
    assert!(
        groups
            .iter()
            .any(|g| g["trustedNetworks"][0]["networkId"].is_string())
    );
    let edges = all(&t, &v1("serviceEdge")).await;
    assert_eq!(edges.len(), 6);
    assert!(
        edges
            .iter()
            .any(|e| e["privateBrokerVersion"]["ctrlChannelStatus"] == "ZPN_STATUS_DISCONNECTED")
    );

    let (status, created) = t
        .post(
            &v1("serviceEdgeGroup"),
            json!({"name": "Test SEG", "isPublic": true, "latitude": "51.5", "longitude": "-0.12",
                   "location": "London, UK", "versionProfileId": "0"}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["isPublic"], "TRUE");
    assert_eq!(created["countryCode"], "GB");
    let id = created["id"].as_str().unwrap();
    assert_invalid(
        t.put(
            &v1(&format!("serviceEdgeGroup/{id}")),
            json!({"trustedNetworks": [{"id": "42"}]}),
        )
        .await,
        "trustedNetworks",
    );
    assert_eq!(
        t.delete(&v1(&format!("serviceEdgeGroup/{id}"))).await.0,
        204
    );

    let busy = groups[0]["id"].as_str().unwrap();
    assert_in_use(t.delete(&v1(&format!("serviceEdgeGroup/{busy}"))).await);
    let ids: Vec<Value> = edges.iter().take(2).map(|e| e["id"].clone()).collect();
    assert_eq!(
        t.post(&v1("serviceEdge/bulkDelete"), json!({"ids": ids}))
            .await
            .0,
        204
    );
    assert_eq!(all(&t, &v1("serviceEdge")).await.len(), 4);
}

#[tokio::test]
async fn provisioning_keys_for_both_association_types() {
    let t = Tenant::demo().await;
    for (assoc, group_path, cert) in [
        ("CONNECTOR_GRP", "appConnectorGroup", "6573"),
        ("SERVICE_EDGE_GRP", "serviceEdgeGroup", "6574"),
    ] {
        let keys_path = v1(&format!("associationType/{assoc}/provisioningKey"));
        let existing = all(&t, &keys_path).await;
        assert!(!existing.is_empty());
        assert!(existing[0]["zcomponentName"].is_string());
        let group = all(&t, &v1(group_path)).await[0]["id"].clone();
        let (status, key) = t
            .post(
                &keys_path,
                json!({"name": format!("{assoc}-new"), "maxUsage": 2,
                                     "enrollmentCertId": cert, "zcomponentId": group}),
            )
            .await;
        assert_eq!(status, 200, "{key}");
        assert_eq!(
            (key["maxUsage"].clone(), key["usageCount"].clone()),
            (json!("2"), json!("0"))
        );
        assert!(
            key["provisioningKey"]
                .as_str()
                .unwrap()
                .starts_with("3|api.private.zscaler.com|")
        );
        let id = key["id"].as_str().unwrap();
        assert!(id.len() < 10, "short numeric id");
        let item = format!("{keys_path}/{id}");
        let (_, got) = t.get(&item).await;
        assert_eq!(
            got["enrollmentCertName"],
            if cert == "6573" {
                "Connector"
            } else {
                "Service Edge"
            }
        );
        assert_eq!(
            t.put(&item, json!({"name": format!("{assoc}-renamed")}))
                .await
                .0,
            204
        );
        assert_eq!(t.get(&item).await.1["maxUsage"], "2");
        assert_invalid(t.put(&item, json!({"maxUsage": "0"})).await, "maxUsage");
        assert_eq!(t.delete(&item).await.0, 204);
        assert_eq!(t.get(&item).await.0, 404);
    }
    let acg = all(&t, &v1("appConnectorGroup")).await[0]["id"].clone();
    assert_invalid(
        t.post(&v1("associationType/SERVICE_EDGE_GRP/provisioningKey"),
               json!({"name": "wrong", "maxUsage": 1, "enrollmentCertId": "6574", "zcomponentId": acg}))
            .await,
        "zcomponentId",
    );
    assert_invalid(
        t.get(&v1("associationType/BOGUS/provisioningKey")).await,
        "associationType",
    );
}

#[tokio::test]
async fn enrollment_certificates_exist_in_every_tenant() {
    let t = Tenant::empty().await;
    let (_, body) = t
        .get(&v2("enrollmentCert?search=name%2BEQ%2BService+Edge"))
        .await;
    assert_eq!(body["totalCount"], "1");
    assert_eq!(list(&body)[0]["id"], "6574");
    assert_eq!(list(&body)[0]["parentCertName"], "Root");
    assert_eq!(t.get(&v1("enrollmentCert/6571")).await.1["name"], "Root");
}

// ---------------------------------------------------------------------------------------------
// Policies

const TYPES: &[(&str, &str)] = &[
    ("ACCESS_POLICY", "1"),
    ("TIMEOUT_POLICY", "2"),
    ("CLIENT_FORWARDING_POLICY", "4"),
    ("ISOLATION_POLICY", "5"),
    ("INSPECTION_POLICY", "6"),
    ("CREDENTIAL_POLICY", "7"),
    ("CAPABILITIES_POLICY", "8"),
    ("CLIENTLESS_SESSION_PROTECTION_POLICY", "9"),
    ("REDIRECTION_POLICY", "10"),
    ("PRIVILEGED_PORTAL_POLICY", "11"),
    ("VPN_TUNNEL_POLICY", "12"),
    ("SIEM_POLICY", "3"),
    ("USER_PORTAL", "13"),
];

#[tokio::test]
async fn every_policy_type_has_a_set_even_in_an_empty_tenant() {
    let t = Tenant::empty().await;
    let mut ids = std::collections::HashSet::new();
    for (name, code) in TYPES {
        let (status, set) = t.get(&v1(&format!("policySet/policyType/{name}"))).await;
        assert_eq!(status, 200, "{name}");
        assert_eq!(set["policyType"], *code);
        assert_eq!(set["sorted"], true);
        assert!(ids.insert(set["id"].as_str().unwrap().to_owned()));
    }
    assert_eq!(
        t.get(&v1("policySet/policyType/GLOBAL_POLICY")).await.1["name"],
        "Global_Policy"
    );
    assert_invalid(t.get(&v1("policySet/policyType/NOPE")).await, "policyType");
    let (_, timeout) = t
        .get(&v1("policySet/rules/policyType/TIMEOUT_POLICY"))
        .await;
    assert_eq!(list(&timeout)[0]["defaultRule"], true);
    let (_, access) = t.get(&v1("policySet/rules/policyType/ACCESS_POLICY")).await;
    assert_eq!(access["totalCount"], "0");
    assert!(access.get("list").is_none());
}

#[tokio::test]
async fn v2_rules_are_stored_and_read_in_the_v1_shape() {
    let t = Tenant::demo().await;
    let set = t.get(&v1("policySet/policyType/TIMEOUT_POLICY")).await.1["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({"name": "v2 rule", "action": "RE_AUTH", "reauthTimeout": 3456000,
        "reauthIdleTimeout": "2592000", "customMsg": null,
        "conditions": [
            {"operator": "OR", "operands": [{"objectType": "CLIENT_TYPE",
                "values": ["zpn_client_type_exporter", "zpn_client_type_zapp"]}]},
            {"operator": "OR", "operands": [{"objectType": "SCIM_GROUP",
                "entryValues": [{"lhs": OKTA, "rhs": 3251059}, {"lhs": OKTA, "rhs": 3251058}]}]}]});
    let (status, created) = t.post(&v2(&format!("policySet/{set}/rule")), body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["privilegedCapabilities"], json!({}));
    assert!(created.get("policySetId").is_none());
    assert_eq!(
        created["conditions"][1]["operands"][0]["name"],
        "Acme Okta Workforce"
    );
    let id = created["id"].as_str().unwrap();
    let (_, got) = t.get(&v1(&format!("policySet/{set}/rule/{id}"))).await;
    assert_eq!(got["reauthTimeout"], "3456000");
    assert_eq!(got["policySetId"], json!(set));
    let client = &got["conditions"][0]["operands"];
    assert_eq!(client.as_array().unwrap().len(), 2);
    assert_eq!(client[0]["lhs"], "id");
    assert_eq!(client[1]["rhs"], "zpn_client_type_zapp");
    assert_eq!(client[1]["name"], "zpn_client_type_zapp");
    assert_eq!(client[0]["conditionId"], got["conditions"][0]["id"]);
    let scim = &got["conditions"][1]["operands"];
    assert_eq!(scim[0]["rhs"], "3251059");
    assert_eq!(scim[0]["idpName"], "Acme Okta Workforce");
    assert_eq!(got["conditions"][0]["ruleGid"], json!(id));

    let rules = all(&t, &v1("policySet/rules/policyType/TIMEOUT_POLICY")).await;
    let last = rules.last().unwrap();
    assert_eq!(last["defaultRule"], true);
    assert_eq!(last["ruleOrder"], json!(rules.len().to_string()));

    let update = json!({"name": "v2 rule", "action": "RE_AUTH",
        "conditions": [{"operator": "OR", "operands": [{"objectType": "CLIENT_TYPE", "values": ["zpn_client_type_zapp"]}]}]});
    assert_eq!(
        t.put(&v2(&format!("policySet/{set}/rule/{id}")), update)
            .await
            .0,
        204
    );
    let (_, got2) = t.get(&v1(&format!("policySet/{set}/rule/{id}"))).await;
    assert_eq!(got2["conditions"].as_array().unwrap().len(), 1);
    assert_ne!(got2["conditions"][0]["id"], got["conditions"][0]["id"]);
    assert_eq!(got2["ruleOrder"], got["ruleOrder"]);

    assert_invalid(
        t.post(
            &v2(&format!("policySet/{set}/rule")),
            json!({"name": "bad", "conditions": [{"operands": [{"objectType": "SCIM_GROUP",
                   "entryValues": [{"lhs": OKTA, "rhs": 1}]}]}]}),
        )
        .await,
        "rhs",
    );
    let default_id = last["id"].as_str().unwrap();
    assert_eq!(
        t.delete(&v1(&format!("policySet/{set}/rule/{default_id}")))
            .await
            .0,
        400
    );
    assert_eq!(
        t.delete(&v1(&format!("policySet/{set}/rule/{id}"))).await.0,
        204
    );
    assert_eq!(
        t.get(&v1(&format!("policySet/{set}/rule/{id}"))).await.0,
        404
    );
}

async fn orders(t: &Tenant) -> Vec<(String, String)> {
    all(t, &v1("policySet/rules/policyType/ACCESS_POLICY"))
        .await
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_owned(),
                r["ruleOrder"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn rule_order_stays_dense_through_reorders_and_deletes() {
    let t = Tenant::empty().await;
    let set = t.get(&v1("policySet/policyType/ACCESS_POLICY")).await.1["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut ids = Vec::new();
    for name in ["a", "b", "c", "d"] {
        let (status, rule) = t
            .post(
                &v1(&format!("policySet/{set}/rule")),
                json!({"name": name, "action": "ALLOW", "ruleOrder": null}),
            )
            .await;
        assert_eq!(status, 201);
        ids.push(rule["id"].as_str().unwrap().to_owned());
    }
    let names =
        |o: Vec<(String, String)>| o.into_iter().map(|(n, _)| n).collect::<Vec<_>>().join("");
    assert_eq!(names(orders(&t).await), "abcd");
    assert_eq!(
        t.put(
            &v1(&format!("policySet/{set}/rule/{}/reorder/1", ids[3])),
            json!({})
        )
        .await
        .0,
        204
    );
    assert_eq!(names(orders(&t).await), "dabc");
    assert_invalid(
        t.put(
            &v1(&format!("policySet/{set}/rule/{}/reorder/9", ids[0])),
            json!({}),
        )
        .await,
        "ruleOrder",
    );
    let reversed: Vec<&String> = ids.iter().rev().collect();
    assert_eq!(
        t.put(&v1(&format!("policySet/{set}/reorder")), json!(reversed))
            .await
            .0,
        204
    );
    assert_eq!(names(orders(&t).await), "dcba");
    // A partial list reorders those rules among the positions they hold.
    assert_eq!(
        t.put(
            &v1(&format!("policySet/{set}/reorder")),
            json!([ids[0], ids[3]])
        )
        .await
        .0,
        204
    );
    assert_eq!(names(orders(&t).await), "acbd");
    assert_invalid(
        t.put(
            &v1(&format!("policySet/{set}/reorder")),
            json!([ids[0], ids[0]]),
        )
        .await,
        "ruleIds",
    );
    assert_invalid(
        t.put(
            &v1(&format!("policySet/{set}/reorder")),
            json!(["216196257331999999"]),
        )
        .await,
        "ruleIds",
    );
    assert_eq!(
        t.delete(&v1(&format!("policySet/{set}/rule/{}", ids[2])))
            .await
            .0,
        204
    );
    let after = orders(&t).await;
    assert_eq!(
        after.iter().map(|(_, o)| o.as_str()).collect::<Vec<_>>(),
        ["1", "2", "3"]
    );
    let (status, inserted) = t
        .post(
            &v1(&format!("policySet/{set}/rule")),
            json!({"name": "e", "action": "DENY", "ruleOrder": "1"}),
        )
        .await;
    assert_eq!((status, inserted["ruleOrder"].clone()), (201, json!("1")));
    assert_eq!(names(orders(&t).await), "eabd");
}

#[tokio::test]
async fn actions_and_profiles_are_validated_per_policy_type() {
    let t = Tenant::demo().await;
    let set = |ty: &'static str| {
        let t = &t;
        async move {
            t.get(&v1(&format!("policySet/policyType/{ty}"))).await.1["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let forwarding = set("CLIENT_FORWARDING_POLICY").await;
    assert_invalid(
        t.post(
            &v1(&format!("policySet/{forwarding}/rule")),
            json!({"name": "x", "action": "ALLOW"}),
        )
        .await,
        "action",
    );
    let isolation = set("ISOLATION_POLICY").await;
    assert_invalid(
        t.post(
            &v2(&format!("policySet/{isolation}/rule")),
            json!({"name": "x", "action": "ISOLATE"}),
        )
        .await,
        "zpnIsolationProfileId",
    );
    let (status, rule) = t
        .post(&v2(&format!("policySet/{isolation}/rule")),
              json!({"name": "x", "action": "ISOLATE", "zpnIsolationProfileId": "216196257331370022"}))
        .await;
    assert_eq!(status, 201);
    assert_eq!(rule["ruleOrder"], "3", "before the default rule");
    let access = set("ACCESS_POLICY").await;
    assert_invalid(
        t.post(&v1(&format!("policySet/{access}/rule")),
               json!({"name": "x", "action": "ALLOW", "conditions": [{"operands": [{"objectType": "APP", "lhs": "id", "rhs": "1"}]}]}))
            .await,
        "rhs",
    );
    assert_eq!(
        t.get(&v1("policySet/216196257331999999/rule/1")).await.0,
        404
    );
}

#[tokio::test]
async fn demo_access_rules_page_and_resolve_names() {
    let t = Tenant::demo().await;
    let (_, page) = t
        .get(&v1(
            "policySet/rules/policyType/ACCESS_POLICY?page=2&pagesize=4",
        ))
        .await;
    assert_eq!(page["totalCount"], "11");
    assert_eq!(page["totalPages"], "3");
    assert_eq!(list(&page)[0]["ruleOrder"], "5");
    let rules = all(&t, &v1("policySet/rules/policyType/ACCESS_POLICY")).await;
    let engineering = find(&rules, "Engineering - Dev Tools");
    let operands: Vec<&Value> = engineering["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["operands"].as_array().unwrap())
        .collect();
    assert!(
        operands
            .iter()
            .any(|o| o["objectType"] == "APP_GROUP" && o["name"] == "Engineering Tools")
    );
    assert!(
        operands.iter().any(|o| o["objectType"] == "POSTURE"
            && o["name"].as_str().unwrap().contains("Domain Joined"))
    );
    assert_eq!(
        engineering["appConnectorGroups"][0]["name"],
        "San Jose DC Connectors"
    );
    assert!(rules.iter().any(|r| r["action"] == "DENY"));
    for ty in [
        "TIMEOUT_POLICY",
        "CLIENT_FORWARDING_POLICY",
        "ISOLATION_POLICY",
        "INSPECTION_POLICY",
    ] {
        assert!(
            all(&t, &v1(&format!("policySet/rules/policyType/{ty}")))
                .await
                .len()
                >= 2,
            "{ty}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Identity

#[tokio::test]
async fn posture_networks_idps_and_saml_attributes() {
    let t = Tenant::demo().await;
    let (_, postures) = t.get(&v2("posture")).await;
    assert_eq!(postures["totalCount"], "8");
    let first = &list(&postures)[0];
    assert_eq!(
        t.get(&v1(&format!("posture/{}", first["id"].as_str().unwrap())))
            .await
            .1,
        *first
    );
    let (_, networks) = t.get(&v2("network?pagesize=4")).await;
    assert_eq!(
        (networks["totalPages"].clone(), list(&networks).len()),
        (json!("2"), 4)
    );
    assert_eq!(t.get(&v1("network/216196257331372849")).await.0, 200);
    let (_, idps) = t.get(&v2("idp")).await;
    assert_eq!(idps["totalCount"], "2");
    assert_eq!(
        t.get(&v1(&format!("idp/{OKTA}"))).await.1["scimEnabled"],
        true
    );

    let (_, saml) = t.get(&v2("samlAttribute")).await;
    assert_eq!(saml["totalCount"], "12");
    assert_eq!(saml["currentCount"], list(&saml).len().to_string());
    let (_, by_idp) = t.get(&v2(&format!("samlAttribute/idp/{OKTA}"))).await;
    assert_eq!(by_idp["totalCount"], "6");
    assert!(
        list(&by_idp)
            .iter()
            .all(|a| a["idpName"] == "Acme Okta Workforce")
    );

    let (status, created) = t
        .post(
            &v1("samlAttribute"),
            json!({"name": "CostCenter_Okta", "samlName": "CostCenter", "idpId": OKTA}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let path = v1(&format!(
        "samlAttribute/{}",
        created["id"].as_str().unwrap()
    ));
    assert_eq!(t.put(&path, json!({"samlName": "costCenter"})).await.0, 204);
    assert_eq!(t.get(&path).await.1["samlName"], "costCenter");
    assert_eq!(t.delete(&path).await.0, 204);
    assert_eq!(t.get(&path).await.0, 404);
    assert_invalid(
        t.post(
            &v1("samlAttribute"),
            json!({"name": "x", "samlName": "x", "idpId": "1"}),
        )
        .await,
        "idpId",
    );
}

#[tokio::test]
async fn scim_attributes_and_their_values() {
    let t = Tenant::demo().await;
    let (_, attrs) = t.get(&v1(&format!("idp/{OKTA}/scimattribute"))).await;
    assert_eq!(attrs["totalCount"], "14");
    assert!(attrs["currentCount"].is_string());
    let (_, active) = t
        .get(&v1(&format!("idp/{OKTA}/scimattribute/216196257331285839")))
        .await;
    assert_eq!(
        (active["name"].clone(), active["dataType"].clone()),
        (json!("active"), json!("Boolean"))
    );
    let (_, values) = t
        .get(&format!(
            "{UC}/scimattribute/idpId/{OKTA}/attributeId/216196257331285839"
        ))
        .await;
    assert_eq!(
        values,
        json!({"totalPages": 1, "totalCount": 2, "list": ["false", "true"]})
    );
    let (_, departments) = t
        .get(&format!(
            "{UC}/scimattribute/idpId/{OKTA}/attributeId/216196257331285841?pagesize=5"
        ))
        .await;
    assert_eq!(departments["totalCount"], 12);
    assert_eq!(departments["totalPages"], 3);
    assert_eq!(
        t.get(&v1(
            "idp/216196257331372701/scimattribute/216196257331285839"
        ))
        .await
        .0,
        404
    );
}

#[tokio::test]
async fn scim_groups_page_with_integer_envelopes_and_substring_search() {
    let t = Tenant::demo().await;
    let path = format!("{UC}/scimgroup/idpId/{OKTA}");
    let (status, first) = t.get(&path).await;
    assert_eq!(status, 200);
    let total = first["totalCount"].as_u64().unwrap();
    assert!(total > 500, "{total} groups");
    assert_eq!(first["totalPages"].as_u64().unwrap(), total.div_ceil(20));
    assert_eq!(list(&first)[0]["id"], 3_251_059);
    assert!(list(&first)[0]["idpId"].is_u64());
    let (_, second) = t.get(&format!("{path}?page=2&pagesize=20")).await;
    assert_ne!(list(&first)[0], list(&second)[0]);
    let (_, big) = t.get(&format!("{path}?pagesize=500")).await;
    assert_eq!(list(&big).len(), 500);

    let (_, found) = t.get(&format!("{path}?search=finance")).await;
    let hits = list(&found);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|g| {
        g["name"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("finance")
    }));
    let matched = found["totalCount"].as_u64().unwrap() as usize;
    assert!(matched < total as usize);
    assert_eq!(hits.len(), matched.min(20));

    let (_, group) = t.get(&format!("{UC}/scimgroup/3251059")).await;
    assert_eq!(group["name"], list(&first)[0]["name"]);
    assert_eq!(t.get(&format!("{UC}/scimgroup/1")).await.0, 404);
    assert_eq!(t.get(&format!("{UC}/scimgroup/idpId/42")).await.0, 404);
}

// ---------------------------------------------------------------------------------------------
// PRA, certificates, profiles, LSS, microtenants

#[tokio::test]
async fn pra_portals_and_credentials() {
    let t = Tenant::demo().await;
    let cert = id_of(&t, &v1("certificate"), "portal.acme-demo.com").await;
    let (status, portal) = t
        .post(
            &v1("praPortal"),
            json!({"name": "New Portal", "domain": "new.acme-demo.com", "certificateId": cert}),
        )
        .await;
    assert_eq!(status, 201, "{portal}");
    let path = v1(&format!("praPortal/{}", portal["id"].as_str().unwrap()));
    let (_, got) = t.get(&path).await;
    assert_eq!(got["certificateName"], "portal.acme-demo.com");
    assert_in_use(t.delete(&v1(&format!("certificate/{cert}"))).await);
    assert_eq!(t.delete(&path).await.0, 204);
    assert_invalid(
        t.post(
            &v1("praPortal"),
            json!({"name": "x", "domain": "x.acme-demo.com", "certificateId": "9"}),
        )
        .await,
        "certificateId",
    );

    let (status, cred) = t
        .post(
            &v1("credential"),
            json!({"name": "svc-test", "credentialType": "USERNAME_PASSWORD",
                                        "userName": "svc", "password": "s3cret!"}),
        )
        .await;
    assert_eq!(status, 201, "{cred}");
    assert!(cred.get("password").is_none());
    assert_eq!(cred["microtenantName"], "Default");
    let id = cred["id"].as_str().unwrap();
    assert!(id.len() < 10);
    let path = v1(&format!("credential/{id}"));
    assert_eq!(t.put(&path, json!({"description": "rotated"})).await.0, 204);
    assert_eq!(t.get(&path).await.1["description"], "rotated");
    assert_eq!(t.delete(&path).await.0, 204);
    assert_invalid(
        t.post(
            &v1("credential"),
            json!({"name": "x", "credentialType": "SSH_KEY", "userName": "u"}),
        )
        .await,
        "privateKey",
    );
    assert_eq!(all(&t, &v1("credential")).await.len(), 5);
}

#[tokio::test]
async fn browser_access_certificates() {
    let t = Tenant::demo().await;
    let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
    let (status, cert) = t
        .post(
            &v1("certificate"),
            json!({"name": "app.acme-demo.com", "certBlob": pem}),
        )
        .await;
    assert_eq!(status, 201, "{cert}");
    assert_eq!(cert["cName"], "app.acme-demo.com");
    assert!(cert.get("certBlob").is_none());
    assert!(
        !cert["certificate"]
            .as_str()
            .unwrap()
            .contains("PRIVATE KEY")
    );
    let (_, issued) = t.get(&v2("clientlessCertificate/issued")).await;
    assert_eq!(issued["totalCount"], "4");
    let path = v1(&format!("certificate/{}", cert["id"].as_str().unwrap()));
    assert_eq!(t.get(&path).await.1["microtenantName"], "Default");
    assert_eq!(t.delete(&path).await.0, 204);
    assert_invalid(
        t.post(&v1("certificate"), json!({"name": "nope"})).await,
        "certBlob",
    );
    let jenkins = id_of(&t, &v1("certificate"), "jenkins.acme-demo.com").await;
    assert_in_use(t.delete(&v1(&format!("certificate/{jenkins}"))).await);
}

#[tokio::test]
async fn lss_inspection_isolation_and_microtenants() {
    let t = Tenant::demo().await;
    let (_, lss) = t.get(&v2("lssConfig")).await;
    assert_eq!(lss["totalCount"], "2");
    let acg = all(&t, &v1("appConnectorGroup")).await[0]["id"].clone();
    let body = json!({"config": {"name": "SIEM", "lssHost": "siem.acme-demo.com", "lssPort": 514,
        "sourceLogType": "zpn_auth_log", "format": "%s{LogTimestamp}"}, "connectorGroups": [{"id": acg}]});
    let (status, created) = t.post(&v2("lssConfig"), body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["config"]["lssPort"], "514");
    assert_eq!(created["config"]["id"], created["id"]);
    let path = v2(&format!("lssConfig/{}", created["id"].as_str().unwrap()));
    assert_eq!(t.get(&path).await.1["connectorGroups"][0]["id"], acg);
    assert_eq!(t.delete(&path).await.0, 204);
    assert_invalid(
        t.post(
            &v2("lssConfig"),
            json!({"config": {"name": "x", "lssHost": "h", "lssPort": "1",
            "sourceLogType": "nope", "format": "f"}, "connectorGroups": [{"id": acg}]}),
        )
        .await,
        "sourceLogType",
    );
    let (_, types) = t
        .get("/zpa/mgmtconfig/v2/admin/lssConfig/customers/{cid}/clientTypes")
        .await;
    assert_eq!(types["zpn_client_type_zapp"], "Client Connector");
    let (_, formats) = t.get(&v2("lssConfig/logType/formats")).await;
    assert!(
        formats["zpn_trans_log"]["json"]
            .as_str()
            .unwrap()
            .contains("%j{Customer}")
    );
    let (_, codes) = t
        .get("/zpa/mgmtconfig/v2/admin/lssConfig/statusCodes")
        .await;
    assert!(codes["zpn_trans_log"].is_object());

    let (_, profiles) = t.get(&v1("inspectionProfile")).await;
    assert_eq!(profiles["totalCount"], "2");
    let (status, profile) = t
        .post(
            &v1("inspectionProfile"),
            json!({"name": "Test", "paranoiaLevel": 2,
              "predefinedControls": [{"id": "942100", "action": "BLOCK"}]}),
        )
        .await;
    assert_eq!(status, 201, "{profile}");
    assert_eq!(
        profile["controlsInfo"],
        json!([{"controlType": "PREDEFINED", "count": "1"}])
    );
    assert_invalid(
        t.put(
            &v1(&format!(
                "inspectionProfile/{}",
                profile["id"].as_str().unwrap()
            )),
            json!({"paranoiaLevel": "9"}),
        )
        .await,
        "paranoiaLevel",
    );
    let used = id_of(&t, &v1("inspectionProfile"), "Strict - Finance Apps").await;
    assert_in_use(t.delete(&v1(&format!("inspectionProfile/{used}"))).await);
    let (_, isolation) = t.get(&v1("isolation/profiles")).await;
    assert_eq!(list(&isolation)[0]["id"], "216196257331370022");

    let (_, micro) = t.get(&v1("microtenants")).await;
    let names: Vec<Value> = list(&micro).iter().map(|m| m["name"].clone()).collect();
    assert_eq!(names, [json!("Acme EU Subsidiary"), json!("Default")]);
    assert_eq!(list(&micro)[1]["scopeOrder"], "2");
    let (_, summary) = t.get(&v1("microtenants/summary")).await;
    assert_eq!(summary.as_array().unwrap().len(), 2);
    let (status, created) = t
        .post(
            &v1("microtenants"),
            json!({"name": "Lab", "criteriaAttribute": "AuthDomain",
              "criteriaAttributeValues": ["acme-demo.com"]}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["operator"], "OR");
    let path = v1(&format!("microtenants/{}", created["id"].as_str().unwrap()));
    assert_eq!(t.get(&path).await.1["scopeOrder"], "2");
    assert_eq!(t.delete(&path).await.0, 204);
    assert_eq!(t.delete(&v1("microtenants/0")).await.0, 400);
}

#[tokio::test]
async fn empty_tenant_has_only_system_objects() {
    let t = Tenant::empty().await;
    for path in [
        "application",
        "segmentGroup",
        "serverGroup",
        "appConnectorGroup",
        "connector",
    ] {
        assert_eq!(t.get(&v1(path)).await.1["totalCount"], "0", "{path}");
    }
    assert_eq!(t.get(&v2("idp")).await.1["totalCount"], "0");
    assert_eq!(t.get(&v1("microtenants")).await.1["totalCount"], "1");
}
