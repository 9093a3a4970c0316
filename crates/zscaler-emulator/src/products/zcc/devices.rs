//! ZCC enrolled devices: the `getDevices` list, per-device details and one-time passwords,
//! removal (soft, then forced) and the CSV exports.
//!
//! A device is stored in its list shape (snake_case timestamps as epoch strings, as recorded);
//! what only the details view shows lives under `_`-prefixed keys.

use serde_json::{Map, Value, json};

use super::policies::{DEVICE_TYPES, policy_names};
use super::{COMPANY_NAME, bad_request, page, public};
use crate::call::{Call, Reply};
use crate::routes::{Routes, TenantLock};
use crate::seed::{DOMAIN, FIRST_NAMES, LAST_NAMES};
use crate::store::{Tenant, epoch_seconds, id_string};

pub(crate) const DEVICES: &str = "zcc.devices";

const OTP_FIELDS: &[(&str, usize)] = &[
    ("logoutOtp", 0),
    ("revertOtp", 1),
    ("uninstallOtp", 2),
    ("exitOtp", 3),
    ("ziaDisableOtp", 4),
    ("zpaDisableOtp", 5),
    ("zdxDisableOtp", 6),
    ("zdpDisableOtp", 9),
];

pub fn install(routes: &mut Routes) {
    routes.get("/zcc/papi/public/v1/getDevices", list_devices);
    routes.get("/zcc/papi/public/v1/getDeviceDetails", device_details);
    routes.get("/zcc/papi/public/v1/getOtp", get_otp);
    routes.get("/zcc/papi/public/v1/getPasswords", get_passwords);
    routes.post("/zcc/papi/public/v1/removeDevices", |t, c| {
        remove(t, c, false)
    });
    routes.post("/zcc/papi/public/v1/forceRemoveDevices", |t, c| {
        remove(t, c, true)
    });
    routes.get("/zcc/papi/public/v1/getDeviceCleanupInfo", |t, _| {
        Reply::ok(t.read().get(CLEANUP, "0").map(public).unwrap_or_default())
    });
    routes.put("/zcc/papi/public/v1/setDeviceCleanupInfo", set_cleanup);
    routes.get("/zcc/papi/public/v1/downloadDevices", download_devices);
    routes.get(
        "/zcc/papi/public/v1/downloadServiceStatus",
        download_service_status,
    );
    routes.get("/zcc/papi/public/v1/downloadDisableReasons", |_, _| {
        csv(
            "\"User\",\"UDID\",\"Platform\",\"Service\",\"Disable Time\",\"Disable Reason\"\n"
                .to_owned(),
        )
    });
}

const CLEANUP: &str = "zcc.deviceCleanup";

/// Devices matching the `osType` and `username` filters, in enrolment order.
fn matching<'a>(tenant: &'a Tenant, call: &Call) -> Result<Vec<&'a Value>, Reply> {
    let os_type = match call.query("osType") {
        None | Some("") => None,
        Some(raw) => Some(raw.parse::<u64>().map_err(|_| bad_request())?),
    };
    let username = call.query("username").filter(|u| !u.is_empty());
    Ok(tenant
        .rows(DEVICES)
        .filter(|d| os_type.is_none_or(|t| d["type"] == t))
        .filter(|d| {
            username.is_none_or(|u| {
                d["user"]
                    .as_str()
                    .is_some_and(|x| x.eq_ignore_ascii_case(u))
            })
        })
        .collect())
}

fn list_devices(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let rows = match matching(&tenant, call) {
        Ok(rows) => rows,
        Err(reply) => return reply,
    };
    match page(call, &rows, 50, 5000) {
        Ok(list) => Reply::ok(Value::Array(list.into_iter().map(public).collect())),
        Err(reply) => reply,
    }
}

fn details(d: &Value) -> Value {
    let enabled = |on: bool| if on { "true" } else { "false" };
    let health = |on: bool| if on { "Active" } else { "Inactive" };
    let registered = d["registrationState"] == "Registered";
    let seen = d["last_seen_time"].clone();
    let mut base = json!({
        "id": d["_id"], "type": d["type"], "state": d["state"], "user_name": d["user"],
        "owner": d["owner"], "machineHostname": d["machineHostname"],
        "manufacturer": d["manufacturer"], "internal_model": d["_model"],
        "external_model": d["_model"], "os_version": d["osVersion"], "unique_id": d["udid"],
        "carrier": "", "mac_address": d["macAddress"], "device_locale": d["_locale"],
        "agent_version": d["agentVersion"], "rooted": 0,
        "config_download_time": d["config_download_time"],
        "registration_time": d["registration_time"], "download_count": d["download_count"],
        "deregistration_time": d["deregistrationTimestamp"], "last_seen_time": seen,
        "keep_alive_time": d["keepAliveTime"], "hardwareFingerprint": d["hardwareFingerprint"],
        "devicePolicyName": d["policyName"], "tunnelVersion": d["tunnelVersion"],
        "logFetchInfo": {"logTs": 0, "logAckTs": 0, "error": 0, "logFetchPCAPEnabled": false,
                         "logFetchDBEnabled": false, "logFetchFromNoOfDays": 0},
    });
    // Split in two: one `json!` this large exceeds the macro recursion limit.
    let services = json!({
        "upmVersion": d["upmVersion"], "zdpVersion": d["_zdpVersion"],
        "zappArch": d["zappArch"].as_str().unwrap_or_default(), "serialNumber": d["_serial"],
        "ziaEnabled": enabled(registered), "zpaEnabled": enabled(registered),
        "zdxEnabled": enabled(registered), "zdEnabled": "Not Applicable",
        "zdpEnabled": enabled(registered), "ziaHealth": health(registered),
        "zpaHealth": health(registered), "zdxHealth": health(registered),
        "zdHealth": "Not Applicable", "zdpHealth": health(registered),
        "zpaLastSeenTime": seen, "zdxLastSeenTime": seen, "zdLastSeenTime": "Not Applicable",
        "zdpLastSeenTime": seen, "zccLoggedInUserType": "", "externalDeviceId": "",
        "zccForceRevert": "0", "deviceOtpArray": d["_otp"], "antiTamperingStatus": "",
        "deviceTrust": 0, "zccTunnelVersion": "", "vdi": 0, "strictEnforcement": "0",
        "expectedZCCVersion": d["agentVersion"], "expectedZCCVersionTimestamp": seen,
        "zccUpgradeStatus": if registered { "Up to date" } else { "In Progress" },
        "lastLocationSourceUsed": "Source IP",
    });
    if let (Some(all), Value::Object(rest)) = (base.as_object_mut(), services) {
        all.extend(rest);
    }
    base
}

/// Details need the `udid`; the recorded tenant refuses a lookup by username with a bare 400.
fn device_details(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    match call.query("udid").and_then(|u| tenant.get(DEVICES, u)) {
        Some(device) => Reply::ok(details(device)),
        None => bad_request(),
    }
}

fn get_otp(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let Some(device) = call.query("udid").and_then(|u| tenant.get(DEVICES, u)) else {
        return bad_request();
    };
    let mut otp = Map::new();
    for (field, index) in OTP_FIELDS {
        otp.insert((*field).into(), device["_otp"][*index].clone());
    }
    Reply::ok(Value::Object(otp))
}

/// The profile passwords that apply to a user's device of one OS type; an unknown user or a
/// user without such a device gets the recorded bare 400.
fn get_passwords(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let (Some(user), Some(os)) = (call.query("username"), call.query("osType")) else {
        return bad_request();
    };
    let Some(device) = tenant.rows(DEVICES).find(|d| {
        d["user"]
            .as_str()
            .is_some_and(|u| u.eq_ignore_ascii_case(user))
            && id_string(&d["type"]) == os
    }) else {
        return bad_request();
    };
    let otp = &device["_otp"];
    Reply::ok(json!({
        "exitPass": otp[3], "logoutPass": otp[0], "uninstallPass": otp[2],
        "zadDisablePass": otp[7], "zdxDisablePass": otp[6], "zpaDisablePass": otp[5],
        "ziaDisablePass": otp[4], "zdpDisablePass": otp[9],
    }))
}

/// Devices a removal body selects: every criterion given must hold. A body with no criterion
/// at all selects nothing rather than the whole fleet.
fn selected(tenant: &Tenant, body: &Map<String, Value>) -> Vec<String> {
    let strings = |key: &str| -> Vec<String> {
        body.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let udids = strings("udids");
    let versions = strings("clientConnectorVersion");
    let user = body
        .get("username")
        .or_else(|| body.get("userName"))
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty());
    let os: Option<u64> = body.get("osType").and_then(|v| match v {
        Value::String(s) => s.parse().ok(),
        other => other.as_u64(),
    });
    if udids.is_empty() && versions.is_empty() && user.is_none() && os.is_none() {
        return Vec::new();
    }
    tenant
        .rows(DEVICES)
        .filter(|d| udids.is_empty() || udids.iter().any(|u| d["udid"] == u.as_str()))
        .filter(|d| {
            versions.is_empty()
                || versions.iter().any(|v| {
                    d["agentVersion"]
                        .as_str()
                        .is_some_and(|a| a.starts_with(v.as_str()))
                })
        })
        .filter(|d| {
            user.is_none_or(|u| {
                d["user"]
                    .as_str()
                    .is_some_and(|x| x.eq_ignore_ascii_case(u))
            })
        })
        .filter(|d| os.is_none_or(|o| d["type"] == o))
        .filter_map(|d| d["udid"].as_str().map(str::to_owned))
        .collect()
}

/// `removeDevices` marks devices "Remove pending" (the client unenrols on its next check-in);
/// `forceRemoveDevices` drops them at once and refuses a selection that matches nothing.
fn remove(t: &TenantLock, call: &Call, force: bool) -> Reply {
    let Ok(body) = call.body_object() else {
        return bad_request();
    };
    let mut tenant = t.write();
    let udids = selected(&tenant, body);
    if force {
        if udids.is_empty() {
            return Reply::json(
                400,
                json!({"devicesRemoved": 0, "errorMsg": "No devices match the given criteria"}),
            );
        }
        for udid in &udids {
            tenant.table_mut(DEVICES).shift_remove(udid);
        }
        return Reply::ok(json!({"devicesRemoved": udids.len()}));
    }
    let now = epoch_seconds().to_string();
    let mut removed = 0;
    for udid in &udids {
        if let Some(device) = tenant.table_mut(DEVICES).get_mut(udid)
            && device["registrationState"] != "Remove pending"
        {
            device["registrationState"] = json!("Remove pending");
            device["state"] = json!(3);
            device["deregistrationTimestamp"] = json!(now);
            removed += 1;
        }
    }
    Reply::ok(json!({"devicesRemoved": removed}))
}

fn set_cleanup(t: &TenantLock, call: &Call) -> Reply {
    let Ok(body) = call.body_object() else {
        return bad_request();
    };
    let mut tenant = t.write();
    let Some(Value::Object(mut info)) = tenant.get(CLEANUP, "0").cloned() else {
        return bad_request();
    };
    for (k, v) in body {
        if k != "id" {
            // The API keeps every field of this object as a string.
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            info.insert(k.clone(), json!(text));
        }
    }
    let shown = public(&Value::Object(info.clone()));
    tenant.insert(CLEANUP, Value::Object(info));
    Reply::ok(shown)
}

fn csv(text: String) -> Reply {
    Reply::text(200, "application/octet-stream;charset=UTF-8", text)
}

fn quoted(fields: &[String]) -> String {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
        .collect();
    cells.join(",") + "\n"
}

fn os_name(code: &Value) -> &'static str {
    match code.as_u64() {
        Some(1) => "iOS",
        Some(2) => "Android",
        Some(3) => "Windows",
        Some(4) => "macOS",
        Some(5) => "Linux",
        _ => "Unknown",
    }
}

/// `osTypes` (comma-separated codes) and `registrationTypes` narrow the export.
fn export_rows<'a>(tenant: &'a Tenant, call: &Call) -> Vec<&'a Value> {
    let os: Vec<String> = call
        .query("osTypes")
        .map(|s| {
            s.split(',')
                .map(|x| x.trim().to_owned())
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let states: Vec<String> = call
        .query("registrationTypes")
        .map(|s| {
            s.split(',')
                .map(|x| x.trim().to_owned())
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default();
    tenant
        .rows(DEVICES)
        .filter(|d| os.is_empty() || os.contains(&d["type"].to_string()))
        .filter(|d| states.is_empty() || states.contains(&d["state"].to_string()))
        .collect()
}

fn download_devices(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let mut out = quoted(
        &[
            "User",
            "Device type",
            "Platform",
            "Model",
            "Hostname",
            "OS Version",
            "Zscaler Client Connector Version",
            "Policy Name",
            "Device State",
            "Registration Time",
            "Last Seen Time",
            "UDID",
        ]
        .map(String::from),
    );
    for d in export_rows(&tenant, call) {
        let text = |k: &str| d[k].as_str().unwrap_or_default().to_owned();
        out.push_str(&quoted(&[
            text("user"),
            os_name(&d["type"]).to_owned(),
            text("detail"),
            text("_model"),
            text("machineHostname"),
            text("osVersion"),
            text("agentVersion"),
            text("policyName"),
            text("registrationState"),
            text("registration_time"),
            text("last_seen_time"),
            text("udid"),
        ]));
    }
    csv(out)
}

fn download_service_status(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let mut out = quoted(
        &[
            "User",
            "UDID",
            "Platform",
            "ZIA Status",
            "ZPA Status",
            "ZDX Status",
            "Last Seen Time",
        ]
        .map(String::from),
    );
    for d in export_rows(&tenant, call) {
        let on = d["registrationState"] == "Registered";
        let status = if on { "Active" } else { "Inactive" }.to_owned();
        out.push_str(&quoted(&[
            d["user"].as_str().unwrap_or_default().to_owned(),
            d["udid"].as_str().unwrap_or_default().to_owned(),
            os_name(&d["type"]).to_owned(),
            status.clone(),
            status.clone(),
            status,
            d["last_seen_time"].as_str().unwrap_or_default().to_owned(),
        ]));
    }
    csv(out)
}

// ---- seed ----------------------------------------------------------------------------------

struct Platform {
    code: u64,
    share: u64,
    models: &'static [(&'static str, &'static str)],
    os_versions: &'static [&'static str],
    agents: &'static [&'static str],
}

const PLATFORMS: &[Platform] = &[
    Platform {
        code: 3,
        share: 48,
        models: &[
            ("Dell Inc.", "Latitude 7440"),
            ("Lenovo", "ThinkPad T14 Gen 4"),
            ("HP", "EliteBook 840 G10"),
            ("Microsoft Corporation", "Surface Laptop 5"),
            ("VMware, Inc.", "VMware Virtual Platform"),
        ],
        os_versions: &[
            "Microsoft Windows 11 Enterprise;64 bit;amd64",
            "Microsoft Windows 11 Pro;64 bit;amd64",
            "Microsoft Windows 10 Enterprise;64 bit;amd64",
        ],
        agents: &[
            "4.5.2.73 (64-bit)",
            "4.6.0.216 (64-bit)",
            "4.7.0.88 (64-bit)",
            "4.4.1.12 (64-bit)",
        ],
    },
    Platform {
        code: 4,
        share: 27,
        models: &[
            ("Apple", "MacBookPro18,3"),
            ("Apple", "Mac15,7"),
            ("Apple", "Mac16,7"),
            ("Apple", "MacBookAir10,1"),
        ],
        os_versions: &[
            "Version 15.6.1 (Build 24G90) ;arm",
            "Version 14.7 (Build 23H124) ;arm",
            "Version 13.6.9 (Build 22G830) ;x86",
        ],
        agents: &["4.5.2.73", "4.6.0.102", "4.4.1.12"],
    },
    Platform {
        code: 1,
        share: 11,
        models: &[
            ("Apple", "iPhone15,2"),
            ("Apple", "iPhone16,1"),
            ("Apple", "iPad13,18"),
        ],
        os_versions: &["17.6.1", "18.1", "18.3.2"],
        agents: &["1.12.0", "1.13.1"],
    },
    Platform {
        code: 2,
        share: 9,
        models: &[
            ("samsung", "SM-S911B"),
            ("Google", "Pixel 8"),
            ("motorola", "moto g84"),
        ],
        os_versions: &["13", "14", "15"],
        agents: &["1.12.2.4", "1.13.0.7"],
    },
    Platform {
        code: 5,
        share: 5,
        models: &[
            ("Dell Inc.", "Precision 5570"),
            ("LENOVO", "ThinkPad P1 Gen 6"),
        ],
        os_versions: &[
            "Ubuntu 22.04.4 LTS;x86_64",
            "Ubuntu 24.04.1 LTS;x86_64",
            "Fedora Linux 40;x86_64",
        ],
        agents: &["3.7.1.78", "3.8.0.45"],
    },
];

fn hex(tenant: &mut Tenant, len: usize, upper: bool) -> String {
    let mut s = String::new();
    while s.len() < len {
        s.push_str(&format!("{:016x}", tenant.rng.next_u64()));
    }
    s.truncate(len);
    if upper { s.to_uppercase() } else { s }
}

fn otp(tenant: &mut Tenant) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..10)
        .map(|_| ALPHABET[tenant.rng.below(ALPHABET.len() as u64) as usize] as char)
        .collect()
}

pub fn seed(tenant: &mut Tenant) {
    let now = epoch_seconds();
    let names: Vec<(u64, Vec<String>)> = DEVICE_TYPES
        .iter()
        .map(|(code, kind)| (*code, policy_names(tenant, kind)))
        .collect();
    let (mut first, mut last, mut owner_index) = (FIRST_NAMES[0], LAST_NAMES[0], 0u64);
    for n in 0..560u64 {
        let roll = tenant.rng.below(100);
        let mut acc = 0;
        let platform = PLATFORMS
            .iter()
            .find(|p| {
                acc += p.share;
                roll < acc
            })
            .unwrap_or(&PLATFORMS[0]);
        // Most users have one device, some a laptop plus a phone or two.
        if n == 0 || tenant.rng.chance(65) {
            owner_index += 1;
            first = *tenant.rng.pick(FIRST_NAMES);
            last = *tenant.rng.pick(LAST_NAMES);
        }
        let user = format!(
            "{}.{}{owner_index}@{DOMAIN}",
            first.to_lowercase(),
            last.to_lowercase()
        );
        let (maker, model) = *tenant.rng.pick(platform.models);
        let os_version = *tenant.rng.pick(platform.os_versions);
        let agent = *tenant.rng.pick(platform.agents);
        let udid = match platform.code {
            3 => format!(
                "{}-{}-{}:{}",
                hex(tenant, 8, true),
                hex(tenant, 4, true),
                hex(tenant, 12, true),
                hex(tenant, 40, true)
            ),
            4 => format!(
                "{}-{}-{}-{}-{}:501",
                hex(tenant, 8, true),
                hex(tenant, 4, true),
                hex(tenant, 4, true),
                hex(tenant, 4, true),
                hex(tenant, 12, true)
            ),
            _ => hex(tenant, 32, true),
        };
        let registration = match tenant.rng.below(100) {
            0..=84 => ("Registered", 1),
            85..=94 => ("Unregistered", 2),
            _ => ("Remove pending", 3),
        };
        let registered_at = now - tenant.rng.range(3, 400) as u64 * 86_400;
        let seen = if registration.1 == 1 {
            now - tenant.rng.range(60, 3 * 86_400) as u64
        } else {
            now - tenant.rng.range(5, 60) as u64 * 86_400
        };
        let deregistered = if registration.1 == 1 { 0 } else { seen + 3600 };
        let host = match platform.code {
            3 => format!("ACME-{}", hex(tenant, 7, true)),
            4 => hex(tenant, 10, true),
            _ => format!(
                "{}-{}",
                first.to_lowercase(),
                model.replace([' ', ','], "-")
            ),
        };
        let policy = names
            .iter()
            .find(|(c, _)| *c == platform.code)
            .map(|(_, list)| tenant.rng.pick(list).clone())
            .unwrap_or_else(|| "Default".into());
        let mac: Vec<String> = (0..6)
            .map(|_| format!("{:02X}", tenant.rng.below(256)))
            .collect();
        let otps: Vec<String> = (0..10).map(|_| otp(tenant)).collect();
        let fingerprint = hex(tenant, 40, false);
        let device = json!({
            "companyName": COMPANY_NAME, "type": platform.code, "state": registration.1,
            "udid": udid, "macAddress": mac.join(":"), "user": user,
            "detail": format!("{maker} {model}"), "policyName": policy,
            "last_seen_time": seen.to_string(), "osVersion": os_version, "agentVersion": agent,
            "registrationState": registration.0, "owner": format!("{}{}", first.to_lowercase(), last.to_lowercase()),
            "machineHostname": host, "manufacturer": maker,
            "download_count": tenant.rng.range(1, 40),
            "registration_time": registered_at.to_string(),
            "deregistrationTimestamp": deregistered.to_string(),
            "config_download_time": (seen - 1800).to_string(),
            "keepAliveTime": seen.to_string(), "hardwareFingerprint": fingerprint,
            "tunnelVersion": if platform.code == 3 || platform.code == 4 { "20:1" } else { "" },
            "vpnState": 0, "upmVersion": "4.5.0.33",
            "zappArch": if platform.code == 3 { json!("x64") } else { Value::Null },
            "_id": (190_286_000 + n).to_string(), "_model": model,
            "_serial": hex(tenant, 10, true), "_locale": "en-US",
            "_zdpVersion": "25.3.16.1167", "_otp": otps,
        });
        tenant.table_mut(DEVICES).insert(udid, device);
    }
}

/// The cleanup settings every tenant has, with or without devices.
pub fn seed_settings(tenant: &mut Tenant) {
    tenant.insert(
        CLEANUP,
        json!({"id": "0", "active": "1", "forceRemoveType": "0", "deviceExceedLimit": "16",
               "autoRemovalDays": "0", "autoPurgeDays": "0"}),
    );
}
