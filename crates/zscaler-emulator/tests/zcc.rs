//! ZCC over real HTTP: devices and their secrets, removal, forwarding profiles, trusted
//! networks, app profiles and the tenant-wide settings, in the recorded shapes.

mod common;

use common::Tenant;
use serde_json::{Value, json};

const BASE: &str = "/zcc/papi/public/v1";

fn path(rest: &str) -> String {
    format!("{BASE}{rest}")
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

#[tokio::test]
async fn devices_page_filter_and_keep_recorded_types() {
    let t = Tenant::demo().await;
    let (status, first) = t.get(&path("/getDevices")).await;
    assert_eq!(status, 200);
    assert_eq!(arr(&first).len(), 50, "default page size");
    let d = &arr(&first)[0];
    for key in [
        "companyName",
        "type",
        "state",
        "udid",
        "macAddress",
        "user",
        "detail",
        "policyName",
        "last_seen_time",
        "osVersion",
        "agentVersion",
        "registrationState",
        "owner",
        "machineHostname",
        "manufacturer",
        "download_count",
        "registration_time",
        "deregistrationTimestamp",
        "config_download_time",
        "keepAliveTime",
        "hardwareFingerprint",
        "tunnelVersion",
        "vpnState",
        "upmVersion",
        "zappArch",
    ] {
        assert!(d.get(key).is_some(), "device lacks {key}");
    }
    assert_eq!(
        d.as_object().unwrap().len(),
        25,
        "no bookkeeping keys leak: {d}"
    );
    assert!(
        d["last_seen_time"].as_str().unwrap().parse::<u64>().is_ok(),
        "epoch string"
    );
    assert!(d["type"].is_u64() && d["download_count"].is_i64());

    let (_, all) = t.get(&path("/getDevices?pageSize=5000")).await;
    let all = arr(&all);
    assert!(all.len() > 500);
    let (_, capped) = t.get(&path("/getDevices?pageSize=100000")).await;
    assert_eq!(arr(&capped).len(), all.len());
    for os in 1..=5 {
        let (_, some) = t
            .get(&path(&format!("/getDevices?osType={os}&pageSize=5000")))
            .await;
        assert!(!arr(&some).is_empty(), "osType {os}");
        assert!(arr(&some).iter().all(|d| d["type"] == os));
    }
    let (_, p2) = t.get(&path("/getDevices?page=2&pageSize=10")).await;
    assert_eq!(arr(&p2)[0]["udid"], all[10]["udid"]);
    let (_, beyond) = t.get(&path("/getDevices?page=999&pageSize=100")).await;
    assert_eq!(beyond, json!([]));

    let user = all[0]["user"].as_str().unwrap();
    let (_, mine) = t.get(&path(&format!("/getDevices?username={user}"))).await;
    assert!(arr(&mine).iter().all(|d| d["user"] == user));
    assert!(!arr(&mine).is_empty());
    assert_eq!(t.get(&path("/getDevices?osType=abc")).await.0, 400);
}

#[tokio::test]
async fn device_details_otp_and_passwords() {
    let t = Tenant::demo().await;
    let (_, one) = t.get(&path("/getDevices?pageSize=1")).await;
    let device = &arr(&one)[0];
    let udid = device["udid"].as_str().unwrap();
    let enc = udid.replace(':', "%3A");

    let (status, details) = t.get(&path(&format!("/getDeviceDetails?udid={enc}"))).await;
    assert_eq!(status, 200);
    assert_eq!(details["unique_id"], udid);
    assert_eq!(details["devicePolicyName"], device["policyName"]);
    assert!(details["id"].is_string());
    assert_eq!(arr(&details["deviceOtpArray"]).len(), 10);

    let (status, body) = t
        .get(&path(&format!(
            "/getDeviceDetails?username={}",
            device["user"].as_str().unwrap()
        )))
        .await;
    assert_eq!((status, body), (400, Value::Null), "recorded: bare 400");

    let (status, otp) = t.get(&path(&format!("/getOtp?udid={enc}"))).await;
    assert_eq!(status, 200);
    let otp = otp.as_object().unwrap();
    assert_eq!(otp.len(), 8);
    assert_eq!(otp["logoutOtp"], details["deviceOtpArray"][0]);
    assert!(
        otp.values()
            .all(|v| v.as_str().is_some_and(|s| s.len() == 10))
    );
    assert_eq!(t.get(&path("/getOtp?udid=nope")).await, (400, Value::Null));

    assert_eq!(
        t.get(&path("/getPasswords?username=REDACTED&osType=3"))
            .await,
        (400, Value::Null)
    );
    let (status, pw) = t
        .get(&path(&format!(
            "/getPasswords?username={}&osType={}",
            device["user"].as_str().unwrap(),
            device["type"]
        )))
        .await;
    assert_eq!(status, 200);
    assert_eq!(pw["exitPass"], otp["exitOtp"]);
}

#[tokio::test]
async fn remove_then_force_remove() {
    let t = Tenant::demo().await;
    let (_, all) = t.get(&path("/getDevices?pageSize=5000")).await;
    let target = arr(&all)
        .iter()
        .find(|d| d["registrationState"] == "Registered")
        .unwrap()
        .clone();
    let udid = target["udid"].as_str().unwrap();

    let nothing = json!({"clientConnectorVersion": ["99.99.99"], "udids": ["NON_EXISTENT"],
                         "username": "nonexistent@test.com", "osType": "3"});
    assert_eq!(
        t.post(&path("/removeDevices"), nothing.clone()).await,
        (200, json!({"devicesRemoved": 0}))
    );
    let (status, body) = t.post(&path("/forceRemoveDevices"), nothing).await;
    assert_eq!(status, 400);
    assert_eq!(body["devicesRemoved"], 0);
    assert!(body["errorMsg"].is_string());
    assert_eq!(
        t.post(&path("/removeDevices"), json!({})).await.1["devicesRemoved"],
        0,
        "no criteria selects nothing"
    );

    let (status, body) = t
        .post(&path("/removeDevices"), json!({"udids": [udid]}))
        .await;
    assert_eq!((status, body), (200, json!({"devicesRemoved": 1})));
    let (_, mine) = t
        .get(&path(&format!(
            "/getDevices?username={}&pageSize=100",
            target["user"].as_str().unwrap()
        )))
        .await;
    let now = arr(&mine).iter().find(|d| d["udid"] == udid).unwrap();
    assert_eq!(now["registrationState"], "Remove pending");
    assert_eq!(now["state"], 3);

    let (status, body) = t
        .post(&path("/forceRemoveDevices"), json!({"udids": [udid]}))
        .await;
    assert_eq!((status, body), (200, json!({"devicesRemoved": 1})));
    let (_, after) = t.get(&path("/getDevices?pageSize=5000")).await;
    assert_eq!(arr(&after).len() + 1, arr(&all).len());
    assert_eq!(
        t.get(&path(&format!("/getOtp?udid={}", udid.replace(':', "%3A"))))
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn forwarding_profiles_edit_and_delete() {
    let t = Tenant::demo().await;
    let (_, list) = t.get(&path("/webForwardingProfile/listByCompany")).await;
    let list = arr(&list).clone();
    assert!(list.len() >= 3);
    assert!(
        list.iter()
            .any(|p| p["name"] == "Default" && p["id"] == "0")
    );
    let p = &list[0];
    assert!(p["id"].is_string() && p["active"].is_string() && p["conditionType"].is_u64());
    assert_eq!(arr(&p["forwardingProfileActions"]).len(), 4);
    assert!(p.get("_trustedNetworkIds").is_none());
    assert_eq!(
        t.get(&path("/webForwardingProfile/listByCompany?search=tunnel2"))
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        t.get(&path(
            "/webForwardingProfile/listByCompany?page=1&pageSize=1"
        ))
        .await
        .1
        .as_array()
        .unwrap()
        .len(),
        1
    );

    // Recorded: a create without actions fails softly.
    let (status, body) = t
        .post(
            &path("/webForwardingProfile/edit"),
            json!({"name": "Test", "hostname": "x.example.com"}),
        )
        .await;
    assert_eq!((status, body), (200, json!({"success": "false", "id": 0})));

    let mut new = list
        .iter()
        .find(|p| p["name"] == "Acme-Tunnel2.0")
        .unwrap()
        .clone();
    new.as_object_mut().unwrap().remove("id");
    new["name"] = json!("Branch Tunnel");
    new["trustedNetworkIds"] = json!(["999999"]);
    assert_eq!(
        t.post(&path("/webForwardingProfile/edit"), new.clone())
            .await
            .1["success"],
        "false",
        "dangling trusted network"
    );

    let (_, nets) = t.get(&path("/webTrustedNetwork/listByCompany")).await;
    let net_id = nets["trustedNetworkContracts"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    new["trustedNetworkIds"] = json!([net_id]);
    let (status, made) = t.post(&path("/webForwardingProfile/edit"), new).await;
    assert_eq!(status, 200);
    assert_eq!(made["success"], "true");
    let id = made["id"].as_u64().unwrap();

    let (_, list) = t
        .get(&path("/webForwardingProfile/listByCompany?search=branch"))
        .await;
    let mut made = arr(&list)[0].clone();
    assert_eq!(made["id"], id.to_string());
    made["dnsServers"] = json!("10.1.1.1");
    assert_eq!(
        t.post(&path("/webForwardingProfile/edit"), made).await.1["success"],
        "true"
    );
    let (_, list) = t
        .get(&path("/webForwardingProfile/listByCompany?search=branch"))
        .await;
    assert_eq!(arr(&list)[0]["dnsServers"], "10.1.1.1");

    // The trusted network is now in use.
    let (_, refused) = t
        .delete(&path(&format!("/webTrustedNetwork/{net_id}/delete")))
        .await;
    assert_eq!(refused["success"], "false");

    assert_eq!(
        t.delete(&path(&format!("/webForwardingProfile/{id}/delete")))
            .await
            .1,
        json!({"success": "true", "id": id})
    );
    assert_eq!(
        t.delete(&path("/webForwardingProfile/999999999/delete"))
            .await
            .1,
        json!({"success": "false", "id": 0})
    );
    assert_eq!(
        t.delete(&path("/webForwardingProfile/0/delete")).await.1["success"],
        "false",
        "Default stays"
    );
    // A profile an app profile uses cannot be deleted.
    let tunnel = arr(&t
        .get(&path(
            "/webForwardingProfile/listByCompany?search=Acme-Tunnel2.0",
        ))
        .await
        .1)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        t.delete(&path(&format!("/webForwardingProfile/{tunnel}/delete")))
            .await
            .1["success"],
        "false"
    );
}

#[tokio::test]
async fn trusted_networks_crud_in_recorded_shapes() {
    let t = Tenant::demo().await;
    let (status, all) = t.get(&path("/webTrustedNetwork/listByCompany")).await;
    assert_eq!(status, 200);
    let total = all["totalCount"].as_u64().unwrap();
    assert_eq!(arr(&all["trustedNetworkContracts"]).len() as u64, total);
    let (_, one) = t
        .get(&path("/webTrustedNetwork/listByCompany?page=1&pageSize=1"))
        .await;
    assert_eq!(
        one["totalCount"], total,
        "totalCount counts all matches, not the page"
    );
    assert_eq!(arr(&one["trustedNetworkContracts"]).len(), 1);

    let body = json!({"active": true, "networkName": "tests-trusted-network", "dnsServers": "10.10.10.10, 10.10.10.11",
                      "dnsSearchDomains": "test.example.com"});
    assert_eq!(
        t.post(&path("/webTrustedNetwork/create"), body.clone())
            .await,
        (200, json!({"conditionType": 0, "active": false}))
    );
    assert_eq!(
        t.post(&path("/webTrustedNetwork/create"), body).await.0,
        400,
        "duplicate name"
    );
    assert_eq!(
        t.post(
            &path("/webTrustedNetwork/create"),
            json!({"dnsServers": "1.1.1.1"})
        )
        .await
        .0,
        400
    );

    let (_, found) = t
        .get(&path(
            "/webTrustedNetwork/listByCompany?search=tests-trusted",
        ))
        .await;
    assert_eq!(found["totalCount"], 1);
    let mut net = found["trustedNetworkContracts"][0].clone();
    assert!(net["id"].is_string() && net["guid"].is_string() && net["active"] == true);
    assert!(
        net.get("trustedSubnets").is_none(),
        "empty subnet criteria are omitted"
    );
    net["trustedSubnets"] = json!("192.168.1.0/24");
    assert_eq!(
        t.put(&path("/webTrustedNetwork/edit"), net.clone()).await.1,
        json!({"success": "true", "errorCode": "0"})
    );
    let (_, found) = t
        .get(&path(
            "/webTrustedNetwork/listByCompany?search=tests-trusted",
        ))
        .await;
    assert_eq!(
        found["trustedNetworkContracts"][0]["trustedSubnets"],
        "192.168.1.0/24"
    );

    let id = net["id"].as_str().unwrap();
    assert_eq!(
        t.delete(&path(&format!("/webTrustedNetwork/{id}/delete")))
            .await
            .1["success"],
        "true"
    );
    assert_eq!(
        t.get(&path(
            "/webTrustedNetwork/listByCompany?search=tests-trusted"
        ))
        .await
        .1["totalCount"],
        0
    );
    assert_eq!(
        t.delete(&path("/webTrustedNetwork/999999999/delete"))
            .await
            .1,
        json!({"success": "false", "errorCode": "3005"})
    );
}

#[tokio::test]
async fn web_policies_by_device_type_with_rule_order() {
    let t = Tenant::demo().await;
    let (status, win) = t.get(&path("/web/policy/listByCompany?deviceType=3")).await;
    assert_eq!(status, 200);
    let win = arr(&win).clone();
    assert_eq!(win.last().unwrap()["name"], "Default");
    assert!(win.iter().all(|p| p["deviceType"] == "DEVICE_TYPE_WINDOWS"));
    assert_eq!(win[0]["ruleOrder"], json!(1.0));
    assert!(
        win[0]["id"].is_f64(),
        "web policy numbers are floats, as recorded"
    );
    assert!(win[0]["onNetPolicy"]["forwardingProfileActions"].is_array());
    assert_eq!(t.get(&path("/web/policy/listByCompany")).await.0, 400);

    let body = json!({"name": "tests-web-policy", "device_type": 3, "ruleOrder": 1, "groupIds": [101, 102],
                      "userIds": ["5807211"], "active": "1", "logMode": -1, "reauth_period": 8});
    let (status, made) = t.put(&path("/web/policy/edit"), body).await;
    assert_eq!(status, 200);
    assert_eq!(made["success"], "true");
    let id = made["id"].as_u64().unwrap();
    let (_, win2) = t.get(&path("/web/policy/listByCompany?deviceType=3")).await;
    let win2 = arr(&win2);
    assert_eq!(win2.len(), win.len() + 1);
    assert_eq!(win2[0]["id"], json!(id as f64));
    assert_eq!(win2[0]["groupIds"], json!(["101", "102"]));
    assert_eq!(win2[0]["reauth_period"], "8");
    let orders: Vec<f64> = win2
        .iter()
        .map(|p| p["ruleOrder"].as_f64().unwrap())
        .collect();
    assert_eq!(
        orders,
        (1..=win2.len()).map(|n| n as f64).collect::<Vec<_>>()
    );

    assert_eq!(
        t.put(
            &path("/web/policy/edit"),
            json!({"id": id, "ruleOrder": 2, "name": "renamed"})
        )
        .await
        .1["success"],
        "true"
    );
    let (_, win3) = t.get(&path("/web/policy/listByCompany?deviceType=3")).await;
    assert_eq!(arr(&win3)[1]["name"], "renamed");
    assert_eq!(
        t.put(
            &path("/web/policy/activate"),
            json!({"policyId": id, "deviceType": 3})
        )
        .await
        .1["success"],
        "true"
    );
    assert_eq!(
        t.put(&path("/web/policy/edit"), json!({"name": "x"}))
            .await
            .0,
        400,
        "create needs a device type"
    );
    assert_eq!(
        t.put(
            &path("/web/policy/edit"),
            json!({"id": id, "forwardingProfileId": 424242})
        )
        .await
        .1["success"],
        "false"
    );

    assert_eq!(
        t.delete(&path(&format!("/web/policy/{id}/delete"))).await.1,
        json!({"success": "true", "id": id})
    );
    assert_eq!(
        t.get(&path("/web/policy/listByCompany?deviceType=3"))
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        win.len()
    );
    let default_id = win.last().unwrap()["id"].as_f64().unwrap() as u64;
    assert_eq!(
        t.delete(&path(&format!("/web/policy/{default_id}/delete")))
            .await
            .1["success"],
        "false"
    );
}

#[tokio::test]
async fn tenant_settings_and_catalogues() {
    let t = Tenant::demo().await;
    let (_, company) = t.get(&path("/getCompanyInfo")).await;
    assert_eq!(company["name"], "Acme Demo");
    assert!(company["webAppConfig"].is_object() && company["proxyEnabled"].is_string());

    let (_, fail_open) = t.get(&path("/webFailOpenPolicy/listByCompany")).await;
    let mut policy = arr(&fail_open)[0].clone();
    policy["tunnelFailureRetryCount"] = json!(10);
    assert_eq!(
        t.put(&path("/webFailOpenPolicy/edit"), policy).await.1["success"],
        "true"
    );
    assert_eq!(
        t.get(&path("/webFailOpenPolicy/listByCompany")).await.1[0]["tunnelFailureRetryCount"],
        10
    );

    let (_, privacy) = t.get(&path("/getWebPrivacyInfo")).await;
    assert_eq!(privacy["collectUserInfo"], "1");
    assert_eq!(
        t.put(&path("/setWebPrivacyInfo"), json!({"collectUserInfo": "0"}))
            .await,
        (200, json!({}))
    );
    assert_eq!(
        t.get(&path("/getWebPrivacyInfo")).await.1["collectUserInfo"],
        "0"
    );

    let (_, zpa) = t.get(&path("/getZpaGroupEntitlements")).await;
    assert_eq!(zpa["zpaEnableForAll"], 1);
    assert_eq!(
        t.put(&path("/updateZpaGroupEntitlement"), json!({}))
            .await
            .0,
        404,
        "recorded"
    );
    let (status, updated) = t
        .put(
            &path("/updateZdxGroupEntitlement"),
            json!({"upmEnableForAll": 0, "upmGroupList": [{"id": 1, "name": "ZDX Beta"}]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(updated["totalCount"], 1);
    assert_eq!(
        t.get(&path("/getZdxGroupEntitlements")).await.1["upmEnableForAll"],
        0
    );

    let (_, roles) = t.get(&path("/getAdminRoles")).await;
    assert!(
        arr(&roles)
            .iter()
            .any(|r| r["roleName"] == "Super Admin" && r["isEditable"] == false)
    );
    assert_eq!(arr(&t.get(&path("/getAdminUsers")).await.1).len(), 3);
    assert_eq!(
        t.post(&path("/syncZpaAdminUsers"), json!({})).await,
        (404, json!("404 Not Found"))
    );

    let (_, apps) = t.get(&path("/predefined-ip-based-apps")).await;
    assert_eq!(apps["totalCount"], arr(&apps["appServiceContracts"]).len());
    assert_eq!(
        t.get(&path("/predefined-ip-based-apps/3")).await.1["appName"],
        "Microsoft Teams"
    );
    assert_eq!(
        t.get(&path("/custom-ip-based-apps")).await.1["totalCount"],
        1
    );
    assert_eq!(t.get(&path("/custom-ip-based-apps/1")).await.0, 404);

    let (_, cleanup) = t.get(&path("/getDeviceCleanupInfo")).await;
    assert_eq!(cleanup["active"], "1");
    assert_eq!(
        t.put(
            &path("/setDeviceCleanupInfo"),
            json!({"autoRemovalDays": 45})
        )
        .await
        .1["autoRemovalDays"],
        "45"
    );
}

#[tokio::test]
async fn csv_exports() {
    let t = Tenant::demo().await;
    let resp = t
        .http
        .get(t.url(&path("/downloadDevices?osTypes=3,4")))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/octet-stream")
    );
    let text = resp.text().await.unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("\"User\",\"Device type\"")
    );
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() > 300);
    assert!(
        rows.iter()
            .all(|r| r.contains("\"Windows\"") || r.contains("\"macOS\""))
    );
    let (_, reasons) = t.get(&path("/downloadDisableReasons")).await;
    assert!(reasons.as_str().unwrap().starts_with("\"User\",\"UDID\""));
}

#[tokio::test]
async fn empty_tenant_has_defaults_only() {
    let t = Tenant::empty().await;
    assert_eq!(t.get(&path("/getDevices")).await.1, json!([]));
    let (_, profiles) = t.get(&path("/webForwardingProfile/listByCompany")).await;
    assert_eq!(arr(&profiles).len(), 1);
    assert_eq!(
        t.get(&path("/webTrustedNetwork/listByCompany")).await.1,
        json!({"totalCount": 0, "trustedNetworkContracts": []})
    );
    assert_eq!(
        arr(&t
            .get(&path("/web/policy/listByCompany?deviceType=4"))
            .await
            .1)
        .len(),
        1
    );
}
