//! ZIdentity over real HTTP: the paged envelope, user and group CRUD, memberships, API clients
//! and resource servers.

mod common;

use common::Tenant;
use serde_json::{Value, json};

const BASE: &str = "/ziam/admin/api/v1";

fn path(rest: &str) -> String {
    format!("{BASE}{rest}")
}

fn records(page: &Value) -> &Vec<Value> {
    page["records"].as_array().expect("records array")
}

#[tokio::test]
async fn users_page_with_offset_limit_and_next_link() {
    let t = Tenant::demo().await;
    let (status, first) = t.get(&path("/users")).await;
    assert_eq!(status, 200);
    let total = first["totalRecord"].as_u64().unwrap();
    assert!(total > 500, "demo has {total} users");
    assert_eq!(first["results_total"], total);
    assert_eq!(first["pageOffset"], 0);
    assert_eq!(first["pageSize"], 100);
    assert_eq!(records(&first).len(), 100);
    let next = first["next_link"].as_str().unwrap();
    assert!(next.starts_with(&t.emu.base_url()), "{next}");
    assert!(next.contains("offset=100"), "{next}");
    assert!(first.get("prev_link").is_none());

    // Follow next_link to the end and see every user exactly once.
    let mut seen = std::collections::HashSet::new();
    let mut page = first.clone();
    loop {
        for r in records(&page) {
            assert!(seen.insert(r["id"].as_str().unwrap().to_owned()));
        }
        let Some(link) = page["next_link"].as_str() else {
            break;
        };
        let rel = link.strip_prefix(&t.emu.base_url()).unwrap().to_owned();
        page = t.get(&rel).await.1;
    }
    assert_eq!(seen.len() as u64, total);

    let (_, big) = t.get(&path("/users?limit=5000")).await;
    assert_eq!(big["pageSize"], 1000, "limit is capped at 1000");
    assert_eq!(records(&big).len() as u64, total.min(1000));
    let (_, last) = t
        .get(&path(&format!("/users?offset={}&limit=50", total - 10)))
        .await;
    assert_eq!(records(&last).len(), 10);
    assert!(last.get("next_link").is_none());
    assert!(last["prev_link"].is_string());
}

#[tokio::test]
async fn user_object_shape_and_like_filters() {
    let t = Tenant::demo().await;
    let (_, page) = t.get(&path("/users?limit=1")).await;
    let user = &records(&page)[0];
    for key in [
        "id",
        "loginName",
        "displayName",
        "firstName",
        "lastName",
        "primaryEmail",
        "secondaryEmail",
        "department",
        "status",
        "customAttrsInfo",
        "source",
        "idp",
    ] {
        assert!(user.get(key).is_some(), "user lacks {key}: {user}");
    }
    assert_eq!(user["id"].as_str().unwrap().len(), 13);
    assert!(user["status"].is_boolean());

    let (_, like) = t
        .get(&path("/users?loginName[like]=MAYA.&limit=1000"))
        .await;
    let hits = records(&like);
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|u| u["loginName"].as_str().unwrap().starts_with("maya."))
    );
    assert_eq!(like["totalRecord"], hits.len());

    let login = user["loginName"].as_str().unwrap();
    let (_, exact) = t.get(&path(&format!("/users?loginName={login}"))).await;
    assert_eq!(exact["totalRecord"], 1);
    let (_, by_name) = t
        .get(&path("/users?displayName[like]=chen&limit=1000"))
        .await;
    assert!(
        records(&by_name)
            .iter()
            .all(|u| u["displayName"].as_str().unwrap().contains("Chen"))
    );
    let (_, none) = t.get(&path("/users?primaryEmail[like]=nobody-here")).await;
    assert_eq!(none["totalRecord"], 0);
    assert!(none.get("next_link").is_none());
}

#[tokio::test]
async fn user_crud_round_trip() {
    let t = Tenant::demo().await;
    let body = json!({"loginName": "new.hire@acme-demo.com", "primaryEmail": "new.hire@acme-demo.com",
                      "firstName": "New", "lastName": "Hire"});
    let (status, created) = t.post(&path("/users"), body.clone()).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["displayName"], "New Hire");
    assert_eq!(created["source"], "API");
    assert_eq!(created["status"], true);
    assert_eq!(t.get(&path(&format!("/users/{id}"))).await.1, created);

    let (status, dup) = t.post(&path("/users"), body).await;
    assert_eq!(status, 409, "duplicate loginName: {dup}");
    let (status, bad) = t
        .post(&path("/users"), json!({"loginName": "x@acme-demo.com"}))
        .await;
    assert_eq!(status, 400);
    assert!(bad["detail"].as_str().unwrap().contains("primaryEmail"));

    let update = json!({"loginName": "new.hire@acme-demo.com", "primaryEmail": "new.hire@acme-demo.com",
                        "displayName": "Newly Hired", "status": false});
    let (status, updated) = t.put(&path(&format!("/users/{id}")), update).await;
    assert_eq!(status, 200);
    assert_eq!(updated["displayName"], "Newly Hired");
    assert_eq!(
        t.get(&path(&format!("/users/{id}"))).await.1["status"],
        false
    );

    assert_eq!(t.delete(&path(&format!("/users/{id}"))).await.0, 204);
    let (status, missing) = t.get(&path(&format!("/users/{id}"))).await;
    assert_eq!(status, 404);
    assert!(missing["detail"].is_string());
    assert_eq!(t.delete(&path(&format!("/users/{id}"))).await.0, 404);
}

#[tokio::test]
async fn groups_list_filters_and_crud() {
    let t = Tenant::demo().await;
    let (_, all) = t.get(&path("/groups")).await;
    let total = all["totalRecord"].as_u64().unwrap();
    assert!(total >= 20);
    let (_, static_only) = t.get(&path("/groups?excludeDynamicGroups=true")).await;
    assert!(static_only["totalRecord"].as_u64().unwrap() < total);
    assert!(
        records(&static_only)
            .iter()
            .all(|g| g["dynamicGroup"] == false)
    );
    let (_, eng) = t.get(&path("/groups?name[like]=engin")).await;
    assert_eq!(records(&eng)[0]["name"], "Engineering");

    // The API makes "API" groups whatever source the body names (recorded).
    let body = json!({"name": "Audit Team", "description": "auditors", "source": "SCIM",
                      "adminEntitlementEnabled": true, "serviceEntitlementEnabled": true,
                      "dynamicGroup": false});
    let (status, created) = t.post(&path("/groups"), body).await;
    assert_eq!(status, 201);
    assert_eq!(created["source"], "API");
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, _) = t
        .post(&path("/groups"), json!({"name": "audit team"}))
        .await;
    assert_eq!(status, 409);

    let (status, updated) = t
        .put(
            &path(&format!("/groups/{id}")),
            json!({"name": "Audit Team 2", "description": "x"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(updated["source"], "API");
    assert_eq!(
        t.get(&path(&format!("/groups/{id}"))).await.1["name"],
        "Audit Team 2"
    );
    assert_eq!(t.delete(&path(&format!("/groups/{id}"))).await.0, 204);
    assert_eq!(t.get(&path(&format!("/groups/{id}"))).await.0, 404);
}

async fn group_id(t: &Tenant, name: &str) -> String {
    let (_, page) = t.get(&path(&format!("/groups?name[like]={name}"))).await;
    records(&page)
        .iter()
        .find(|g| g["name"] == name)
        .and_then(|g| g["id"].as_str())
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn memberships_add_replace_remove_and_cascade() {
    let t = Tenant::demo().await;
    let (_, created) = t.post(&path("/groups"), json!({"name": "Project X"})).await;
    let gid = created["id"].as_str().unwrap().to_owned();
    let (_, users) = t.get(&path("/users?limit=3")).await;
    let uids: Vec<String> = records(&users)
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();

    let bulk: Value = uids[..2].iter().map(|u| json!({"id": u})).collect();
    assert_eq!(
        t.post(&path(&format!("/groups/{gid}/users")), bulk).await.0,
        200
    );
    let (_, members) = t.get(&path(&format!("/groups/{gid}/users"))).await;
    assert_eq!(members["totalRecord"], 2);

    // A dangling id is refused and changes nothing.
    let (status, _) = t
        .post(
            &path(&format!("/groups/{gid}/users")),
            json!([{"id": uids[2]}, {"id": "nosuchuser000"}]),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        t.get(&path(&format!("/groups/{gid}/users"))).await.1["totalRecord"],
        2
    );
    assert_eq!(
        t.post(
            &path(&format!("/groups/{gid}/users/nosuchuser000")),
            json!({})
        )
        .await
        .0,
        400
    );

    assert_eq!(
        t.post(
            &path(&format!("/groups/{gid}/users/{}", uids[2])),
            json!({})
        )
        .await
        .0,
        200
    );
    let (_, groups) = t.get(&path(&format!("/users/{}/groups", uids[2]))).await;
    assert!(records(&groups).iter().any(|g| g["id"] == gid.as_str()));

    assert_eq!(
        t.put(
            &path(&format!("/groups/{gid}/users")),
            json!([{"id": uids[0]}])
        )
        .await
        .0,
        200
    );
    let (_, members) = t.get(&path(&format!("/groups/{gid}/users"))).await;
    assert_eq!(members["totalRecord"], 1);
    assert_eq!(records(&members)[0]["id"], uids[0].as_str());

    assert_eq!(
        t.delete(&path(&format!("/groups/{gid}/users/{}", uids[0])))
            .await
            .0,
        204
    );
    assert_eq!(
        t.delete(&path(&format!("/groups/{gid}/users/{}", uids[0])))
            .await
            .0,
        404
    );

    // Deleting the group drops it from its members' group lists.
    t.post(
        &path(&format!("/groups/{gid}/users/{}", uids[1])),
        json!({}),
    )
    .await;
    assert_eq!(t.delete(&path(&format!("/groups/{gid}"))).await.0, 204);
    let (_, groups) = t
        .get(&path(&format!("/users/{}/groups?limit=1000", uids[1])))
        .await;
    assert!(records(&groups).iter().all(|g| g["id"] != gid.as_str()));
    assert_eq!(t.get(&path(&format!("/groups/{gid}/users"))).await.0, 404);
}

#[tokio::test]
async fn demo_memberships_page_and_dynamic_groups_are_read_only() {
    let t = Tenant::demo().await;
    let everyone = group_id(&t, "All Employees").await;
    let (_, page) = t.get(&path(&format!("/groups/{everyone}/users"))).await;
    assert!(page["totalRecord"].as_u64().unwrap() > 500);
    assert!(
        page["next_link"]
            .as_str()
            .unwrap()
            .contains(&format!("/groups/{everyone}/users?"))
    );

    let mac = group_id(&t, "Mac Users").await;
    let uid = records(&page)[0]["id"].as_str().unwrap().to_owned();
    let (status, _) = t
        .post(&path(&format!("/groups/{mac}/users/{uid}")), json!({}))
        .await;
    assert_eq!(status, 400, "dynamic group membership is rule-driven");

    // Deleting a user removes it from every group.
    let (_, before) = t
        .get(&path(&format!("/groups/{everyone}/users?limit=1")))
        .await;
    assert_eq!(t.delete(&path(&format!("/users/{uid}"))).await.0, 204);
    let (_, after) = t
        .get(&path(&format!("/groups/{everyone}/users?limit=1")))
        .await;
    assert_eq!(
        after["totalRecord"].as_u64().unwrap() + 1,
        before["totalRecord"].as_u64().unwrap()
    );
}

#[tokio::test]
async fn entitlements_follow_group_flags() {
    let t = Tenant::demo().await;
    let secops = group_id(&t, "Security").await;
    let (_, members) = t
        .get(&path(&format!("/groups/{secops}/users?limit=1")))
        .await;
    let uid = records(&members)[0]["id"].as_str().unwrap().to_owned();
    let (status, admin) = t
        .get(&path(&format!("/users/{uid}/admin-entitlements")))
        .await;
    assert_eq!(status, 200);
    let first = &admin.as_array().unwrap()[0];
    assert!(first["service"]["serviceName"].is_string());
    assert!(first["roles"].as_array().is_some_and(|r| !r.is_empty()));

    let (_, created) = t
        .post(
            &path("/users"),
            json!({"loginName": "loner@acme-demo.com", "primaryEmail": "loner@acme-demo.com"}),
        )
        .await;
    let loner = created["id"].as_str().unwrap();
    assert_eq!(
        t.get(&path(&format!("/users/{loner}/admin-entitlements")))
            .await
            .1,
        json!([])
    );
    assert_eq!(
        t.get(&path(&format!("/users/{loner}/service-entitlements")))
            .await
            .1,
        json!([])
    );
    assert_eq!(
        t.get(&path("/users/nosuchuser000/service-entitlements"))
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn api_clients_and_secrets() {
    let t = Tenant::demo().await;
    let (_, servers) = t.get(&path("/resource-servers")).await;
    assert_eq!(servers["totalRecord"], 1);
    let server = &records(&servers)[0];
    assert_eq!(server["primaryAud"], "https://api.zscaler.com");
    let sid = server["id"].as_str().unwrap();
    assert_eq!(
        t.get(&path(&format!("/resource-servers/{sid}"))).await.1,
        *server
    );

    let (status, _) = t
        .post(
            &path("/api-clients"),
            json!({"name": "bad", "clientResources": [{"id": "nope"}]}),
        )
        .await;
    assert_eq!(status, 400, "dangling resource server");
    let (status, client) = t
        .post(
            &path("/api-clients"),
            json!({"name": "CI bot", "clientResources": [{"id": sid, "name": "Zscaler APIs"}]}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(client["clientAuthentication"]["authType"], "SECRET");
    let cid = client["id"].as_str().unwrap().to_owned();

    let (status, secret) = t
        .post(&path(&format!("/api-clients/{cid}/secrets")), json!({}))
        .await;
    assert_eq!(status, 201);
    assert!(secret["value"].as_str().unwrap().len() >= 32);
    let (_, listed) = t.get(&path(&format!("/api-clients/{cid}/secrets"))).await;
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], secret["id"]);
    assert!(
        listed[0].get("value").is_none(),
        "secret values are shown once"
    );

    let secret_id = secret["id"].as_str().unwrap();
    assert_eq!(
        t.delete(&path(&format!("/api-clients/{cid}/secrets/{secret_id}")))
            .await
            .0,
        204
    );
    assert_eq!(
        t.get(&path(&format!("/api-clients/{cid}/secrets"))).await.1,
        json!([])
    );

    let (status, _) = t
        .put(
            &path(&format!("/api-clients/{cid}")),
            json!({"name": "CI bot 2"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(t.delete(&path(&format!("/api-clients/{cid}"))).await.0, 204);
    assert_eq!(t.get(&path(&format!("/api-clients/{cid}"))).await.0, 404);
    let (_, clients) = t.get(&path("/api-clients")).await;
    assert_eq!(clients["totalRecord"], 3);
}

#[tokio::test]
async fn empty_tenant_has_only_the_resource_server() {
    let t = Tenant::empty().await;
    assert_eq!(t.get(&path("/users")).await.1["totalRecord"], 0);
    assert_eq!(t.get(&path("/groups")).await.1["records"], json!([]));
    assert_eq!(t.get(&path("/resource-servers")).await.1["totalRecord"], 1);
}
