//! ZCC: devices (list, details, OTP, cleanup settings, removal), forwarding profiles, trusted
//! networks, fail-open, app profiles (web policies), privacy, IP-based app catalogues, company,
//! admins and entitlements. Writes round-trip through confirmation.

use serde_json::{Value, json};

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    devices(h).await;
    trusted_networks(h).await;
    forwarding_profiles(h).await;
    policies(h).await;
    tenant_settings(h).await;
    removal(h).await;
}

fn udid_of(device: &Value) -> String {
    device["udid"]
        .as_str()
        .expect("a device has a udid")
        .to_owned()
}

async fn devices(h: &Harness) {
    let page = h.call("zcc_list_devices", json!({"page_size": 5})).await;
    assert_eq!(page["count"], 5, "{page}");
    let device = page["items"][0].clone();
    let windows = h
        .items("zcc_list_devices", json!({"os_type": 3, "all": true}))
        .await;
    assert!(windows.iter().all(|d| d["type"] == 3), "{windows:?}");
    let udid = udid_of(&device);
    let details = h
        .call("zcc_get_device_details", json!({"udid": udid}))
        .await;
    assert!(!details.as_object().unwrap().is_empty(), "{details}");
    let otp = h.call("zcc_get_device_otp", json!({"udid": udid})).await;
    assert!(otp["uninstallOtp"].is_string(), "{otp}");
    h.fails("zcc_get_device_otp", json!({"udid": "no-such-device"}))
        .await;

    let cleanup = h.call("zcc_get_device_cleanup_info", json!({})).await;
    let limit = cleanup["deviceExceedLimit"]
        .as_str()
        .unwrap_or("30")
        .to_owned();
    let new_limit = if limit == "45" { "60" } else { "45" };
    h.call(
        "zcc_update_device_cleanup_info",
        json!({"device_exceed_limit": new_limit}),
    )
    .await;
    let cleanup = h.call("zcc_get_device_cleanup_info", json!({})).await;
    assert_eq!(cleanup["deviceExceedLimit"], new_limit, "{cleanup}");
}

/// The id of the record named `name` in a list tool's result.
async fn id_named(h: &Harness, list: &str, field: &str, name: &str) -> String {
    let items = h.items(list, json!({"search": name, "all": true})).await;
    let found = items
        .iter()
        .find(|r| r[field] == name)
        .unwrap_or_else(|| panic!("{list}: no record named {name} in {items:?}"));
    id_of(found)
}

async fn trusted_networks(h: &Harness) {
    let id = h.first_id("zcc_list_trusted_networks", json!({})).await;
    let got = h
        .call("zcc_get_trusted_network", json!({"network_id": id}))
        .await;
    assert_eq!(id_of(&got), id);

    h.call(
        "zcc_create_trusted_network",
        json!({"network_name": "MCP Office", "dns_servers": "10.1.1.1,10.1.1.2",
               "dns_search_domains": "office.acme-demo.com", "condition_type": 1}),
    )
    .await;
    let id = id_named(h, "zcc_list_trusted_networks", "networkName", "MCP Office").await;
    let got = h
        .call("zcc_get_trusted_network", json!({"network_id": id}))
        .await;
    assert_eq!(got["dnsServers"], "10.1.1.1,10.1.1.2");
    let edited = h
        .call(
            "zcc_update_trusted_network",
            json!({"network_id": id, "trusted_egress_ips": "203.0.113.7"}),
        )
        .await;
    assert_eq!(edited["success"], "true", "{edited}");
    let got = h
        .call("zcc_get_trusted_network", json!({"network_id": id}))
        .await;
    assert_eq!(got["trustedEgressIps"], "203.0.113.7");
    assert_eq!(got["dnsServers"], "10.1.1.1,10.1.1.2", "kept: {got}");
    let deleted = h
        .call("zcc_delete_trusted_network", json!({"network_id": id}))
        .await;
    assert_eq!(deleted["success"], "true", "{deleted}");
    let err = h
        .fails("zcc_get_trusted_network", json!({"network_id": id}))
        .await;
    assert!(err.contains("network_id"), "{err}");
}

async fn forwarding_profiles(h: &Harness) {
    let profiles = h.items("zcc_list_forwarding_profiles", json!({})).await;
    let template = profiles
        .iter()
        .find(|p| {
            p["forwardingProfileActions"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        })
        .expect("a profile with actions");
    let got = h
        .call(
            "zcc_get_forwarding_profile",
            json!({"profile_id": id_of(template)}),
        )
        .await;
    assert_eq!(got["name"], template["name"]);

    let created = h
        .call(
            "zcc_create_forwarding_profile",
            json!({"name": "MCP Profile",
                   "forwarding_profile_actions": template["forwardingProfileActions"].clone()}),
        )
        .await;
    assert_eq!(created["success"], "true", "{created}");
    let id = id_named(h, "zcc_list_forwarding_profiles", "name", "MCP Profile").await;
    h.call(
        "zcc_update_forwarding_profile",
        json!({"profile_id": id, "fields": {"hostname": "probe.acme-demo.com"}}),
    )
    .await;
    let got = h
        .call("zcc_get_forwarding_profile", json!({"profile_id": id}))
        .await;
    assert_eq!(got["hostname"], "probe.acme-demo.com");
    assert_eq!(got["name"], "MCP Profile");
    let deleted = h
        .call("zcc_delete_forwarding_profile", json!({"profile_id": id}))
        .await;
    assert_eq!(deleted["success"], "true", "{deleted}");
    h.fails("zcc_get_forwarding_profile", json!({"profile_id": id}))
        .await;
}

async fn policies(h: &Harness) {
    let fail_open = h.items("zcc_list_fail_open_policies", json!({})).await;
    let policy = &fail_open[0];
    let flip = if policy["enableFailOpen"] == 1 { 0 } else { 1 };
    h.call(
        "zcc_update_fail_open_policy",
        json!({"policy_id": id_of(policy), "enable_fail_open": flip}),
    )
    .await;
    let after = h.items("zcc_list_fail_open_policies", json!({})).await;
    assert_eq!(after[0]["enableFailOpen"], flip, "{after:?}");

    let windows = h
        .items("zcc_list_web_policies", json!({"device_type": 3}))
        .await;
    let got = h
        .call(
            "zcc_get_web_policy",
            json!({"device_type": 3, "policy_id": id_of(&windows[0])}),
        )
        .await;
    assert_eq!(got["name"], windows[0]["name"]);
    let created = h
        .call(
            "zcc_create_web_policy",
            json!({"name": "MCP App Profile", "device_type": 3, "description": "tools test"}),
        )
        .await;
    assert_eq!(created["success"], "true", "{created}");
    let id = created["id"].to_string();
    let got = h
        .call(
            "zcc_get_web_policy",
            json!({"device_type": 3, "policy_id": id}),
        )
        .await;
    assert_eq!(got["name"], "MCP App Profile");
    h.call(
        "zcc_update_web_policy",
        json!({"policy_id": id, "description": "updated by the tools test"}),
    )
    .await;
    h.call(
        "zcc_activate_web_policy",
        json!({"policy_id": created["id"].clone(), "device_type": 3}),
    )
    .await;
    let got = h
        .call(
            "zcc_get_web_policy",
            json!({"device_type": 3, "policy_id": id}),
        )
        .await;
    assert_eq!(got["description"], "updated by the tools test");
    assert_eq!(got["active"], 1.0, "{got}");
    let deleted = h
        .call("zcc_delete_web_policy", json!({"policy_id": id}))
        .await;
    assert_eq!(deleted["success"], "true", "{deleted}");
    h.fails(
        "zcc_get_web_policy",
        json!({"device_type": 3, "policy_id": id}),
    )
    .await;

    let privacy = h.call("zcc_get_web_privacy_info", json!({})).await;
    let (field, value) = privacy
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, v)| v.is_string() && k.as_str() != "id")
        .map(|(k, v)| (k.clone(), v.clone()))
        .expect("a privacy setting");
    let flipped = if value == "1" { "0" } else { "1" };
    h.call(
        "zcc_update_web_privacy_info",
        json!({"fields": {field.clone(): flipped}}),
    )
    .await;
    let privacy = h.call("zcc_get_web_privacy_info", json!({})).await;
    assert_eq!(privacy[&field], flipped, "{privacy}");

    for (list, get) in [
        ("zcc_list_predefined_ip_apps", "zcc_get_predefined_ip_app"),
        ("zcc_list_custom_ip_apps", "zcc_get_custom_ip_app"),
    ] {
        let id = h.first_id(list, json!({})).await;
        let got = h.call(get, json!({"app_id": id})).await;
        assert_eq!(id_of(&got), id, "{get}");
    }
}

async fn tenant_settings(h: &Harness) {
    let company = h.call("zcc_get_company_info", json!({})).await;
    assert!(!company.as_object().unwrap().is_empty());
    h.items("zcc_list_admin_users", json!({})).await;
    h.items("zcc_list_admin_roles", json!({})).await;
    for (get, update, field, arg) in [
        (
            "zcc_get_zpa_group_entitlements",
            "zcc_update_zpa_group_entitlements",
            "zpaEnableForAll",
            "zpa_enable_for_all",
        ),
        (
            "zcc_get_zdx_group_entitlements",
            "zcc_update_zdx_group_entitlements",
            "upmEnableForAll",
            "upm_enable_for_all",
        ),
    ] {
        let before = h.call(get, json!({})).await;
        let flipped = if before[field] == 1 { 0 } else { 1 };
        h.call(update, json!({ arg: flipped })).await;
        let after = h.call(get, json!({})).await;
        assert_eq!(after[field], flipped, "{update}: {after}");
        assert_eq!(after["groupList"], before["groupList"], "kept: {after}");
    }
}

async fn removal(h: &Harness) {
    let devices = h.items("zcc_list_devices", json!({"all": true})).await;
    let registered: Vec<&Value> = devices
        .iter()
        .filter(|d| d["registrationState"] == "Registered")
        .collect();
    let (soft, hard) = (udid_of(registered[0]), udid_of(registered[1]));
    let out = h.call("zcc_remove_devices", json!({"udids": [soft]})).await;
    assert_eq!(out["devicesRemoved"], 1, "{out}");
    let asked = h.asked.lock().unwrap().last().cloned().unwrap_or_default();
    assert!(asked.starts_with("Delete"), "removal is confirmed: {asked}");
    let details = h
        .call("zcc_get_device_details", json!({"udid": soft}))
        .await;
    assert_eq!(details["state"], 3, "remove pending: {details}");
    let out = h
        .call("zcc_force_remove_devices", json!({"udids": [hard]}))
        .await;
    assert_eq!(out["devicesRemoved"], 1, "{out}");
    h.fails("zcc_get_device_details", json!({"udid": hard}))
        .await;
}
