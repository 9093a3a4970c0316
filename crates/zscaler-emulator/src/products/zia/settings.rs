//! Tenant-wide settings singletons (advanced, ATP, malware, mobile threat, authentication),
//! device groups and devices, workload groups, and the shadow IT / cloud application
//! catalogue.

use serde_json::{Map, Value, json};

use super::{
    apply_list_action, body_map, get_route, in_use, invalid_arg, invalid_body, list_route,
    rule_using, settings_route, string_list,
};
use crate::call::Reply;
use crate::routes::{Resource, Routes, TenantLock};
use crate::seed::{DOMAIN, FIRST_NAMES, LAST_NAMES};
use crate::store::{Flavor, IdStyle, Tenant, id_string};

const SINGLETONS: &[(&str, &str)] = &[
    (api!("/advancedSettings"), "zia.advancedSettings"),
    (
        api!("/cyberThreatProtection/advancedThreatSettings"),
        "zia.atpSettings",
    ),
    (
        api!("/cyberThreatProtection/securityExceptions"),
        "zia.atpExceptions",
    ),
    (
        api!("/cyberThreatProtection/malwarePolicy"),
        "zia.malwarePolicy",
    ),
    (
        api!("/cyberThreatProtection/atpMalwareInspection"),
        "zia.malwareInspection",
    ),
    (
        api!("/cyberThreatProtection/atpMalwareProtocols"),
        "zia.malwareProtocols",
    ),
    (
        api!("/cyberThreatProtection/malwareSettings"),
        "zia.malwareSettings",
    ),
    (
        api!("/mobileAdvanceThreatSettings"),
        "zia.mobileThreatSettings",
    ),
    (
        api!("/advancedUrlFilterAndCloudAppSettings"),
        "zia.urlAndAppSettings",
    ),
    (api!("/security"), "zia.securityAllowlist"),
    (api!("/security/advanced"), "zia.securityDenylist"),
];

pub fn install(routes: &mut Routes) {
    for (pattern, key) in SINGLETONS {
        settings_route(routes, pattern, key);
    }
    routes.put(api!("/cyberThreatProtection/maliciousUrls"), |t, c| {
        list_edit(t, c, "zia.atpMaliciousUrls", "maliciousUrls")
    });
    routes.get(api!("/cyberThreatProtection/maliciousUrls"), |t, _| {
        Reply::ok(json!({"maliciousUrls": stored_list(&t.read(), "zia.atpMaliciousUrls")}))
    });
    routes.post(api!("/authSettings/exemptedUrls"), |t, c| {
        list_edit(t, c, "zia.exemptedUrls", "urls")
    });
    routes.get(api!("/authSettings/exemptedUrls"), |t, _| {
        Reply::ok(json!({"urls": stored_list(&t.read(), "zia.exemptedUrls")}))
    });
    routes.get(api!("/authSettings"), |_, _| Reply::ok(auth_settings(true)));
    routes.get(api!("/authSettings/lite"), |_, _| {
        Reply::ok(auth_settings(false))
    });

    list_route(
        routes,
        api!("/deviceGroups"),
        "zia.deviceGroups",
        super::as_is,
    );
    list_route(
        routes,
        api!("/deviceGroups/devices"),
        "zia.devices",
        super::as_is,
    );
    list_route(
        routes,
        api!("/deviceGroups/devices/lite"),
        "zia.devices",
        |_, row| {
            json!({"id": row["id"],
               "name": format!("{} ({}) - {}", row["name"].as_str().unwrap_or_default(),
                               row["ownerName"].as_str().unwrap_or_default(),
                               row["hostName"].as_str().unwrap_or_default()),
               "deviceGroupType": row["deviceGroupType"], "ownerUserId": row["ownerUserId"]})
        },
    );

    routes.resource(
        Resource::new(
            "zia.workloadGroups",
            Flavor::Zia,
            api!("/workloadGroups"),
            api!("/workloadGroups/{id}"),
            "LGCUD",
        )
        .defaults(|| json!({"description": ""}))
        .hook(workload_hook)
        .guard_delete(|tenant, id| {
            rule_using(tenant, &["workloadGroups"], id)
                .map_or(Ok(()), |rule| Err(in_use("Workload group", id, &rule)))
        }),
    );

    routes.get(api!("/cloudApplications/lite"), |t, c| {
        let tenant = t.read();
        let rows: Vec<Value> = tenant
            .rows("zia.cloudApplications")
            .map(|r| json!({"id": r["id"], "name": r["name"]}))
            .collect();
        page_number(c, rows)
    });
    routes.get(api!("/cloudApplications/policy"), |t, c| {
        app_policy(t, c, false)
    });
    routes.get(api!("/cloudApplications/sslPolicy"), |t, c| {
        app_policy(t, c, true)
    });
    routes.put(api!("/cloudApplications/bulkUpdate"), |t, c| {
        let body = match body_map(c) {
            Ok(body) => body,
            Err(reply) => return reply,
        };
        let state = body
            .get("sanctionedState")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !["SANCTIONED", "UN_SANCTIONED", "NONE"].contains(&state) {
            return invalid_arg(&format!("Invalid sanctionedState {state}"));
        }
        let Some(ids) = body.get("applicationIds").and_then(Value::as_array) else {
            return invalid_arg("applicationIds cannot be null");
        };
        let mut tenant = t.write();
        for id in ids {
            if tenant
                .get("zia.cloudApplications", &id_string(id))
                .is_none()
            {
                return invalid_arg(&format!("Invalid applicationIds: unknown application {id}"));
            }
        }
        let tags = body.get("customTags").cloned();
        for id in ids {
            if let Some(Value::Object(app)) = tenant
                .table_mut("zia.cloudApplications")
                .get_mut(&id_string(id))
            {
                app.insert("sanctionedState".into(), json!(state));
                if let Some(tags) = &tags {
                    app.insert("customTags".into(), tags.clone());
                }
            }
        }
        Flavor::Zia.mark_pending(&mut tenant);
        Reply::empty(204)
    });
    list_route(routes, api!("/customTags"), "zia.customTags", super::as_is);
    routes.post(api!("/shadowIT/applications/export"), |t, _| {
        shadow_it_csv(t)
    });
    routes.post(
        api!("/shadowIT/applications/{entity}/exportCsv"),
        |t, c| match c.param("entity") {
            "USER" | "LOCATION" => shadow_it_csv(t),
            other => invalid_arg(&format!("Invalid entity {other}")),
        },
    );
    get_route(
        routes,
        api!("/cloudApplications/{id}"),
        "zia.cloudApplications",
        super::as_is,
    );
}

fn shadow_it_csv(t: &TenantLock) -> Reply {
    let tenant = t.read();
    let mut csv = String::from("Application,Category,Sanctioned State,Risk Index\n");
    for app in tenant.rows("zia.cloudApplications") {
        csv.push_str(&format!(
            "{},{},{},{}\n",
            app["name"].as_str().unwrap_or_default(),
            app["appClass"].as_str().unwrap_or_default(),
            app["sanctionedState"].as_str().unwrap_or_default(),
            app["riskIndex"]
        ));
    }
    Reply::text(200, "text/csv", csv)
}

fn auth_settings(full: bool) -> Value {
    let mut settings = json!({"orgAuthType": "SAFECHANNEL_DIR", "oneTimeAuth": "OTP_DISABLED",
        "samlEnabled": true, "kerberosEnabled": false, "kerberosPwd": "********",
        "passwordStrength": "STRONG", "passwordExpiry": "NEVER", "mobileAdminSamlIdpEnabled": false,
        "autoProvision": true, "directorySyncMigrateToScimEnabled": false});
    if full {
        settings["authFrequency"] = json!("PERMANENT_COOKIE");
    }
    settings
}

fn stored_list(tenant: &Tenant, key: &str) -> Vec<Value> {
    tenant
        .extra
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// `?action=ADD_TO_LIST|REMOVE_FROM_LIST` edits of a URL list; ZIA echoes the request's
/// list back, not the resulting one (recorded).
fn list_edit(t: &TenantLock, call: &crate::call::Call, key: &'static str, field: &str) -> Reply {
    let body = match body_map(call) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let Some(action) = call.query("action") else {
        return invalid_arg("action is required: ADD_TO_LIST or REMOVE_FROM_LIST");
    };
    let items = match string_list(body, field) {
        Ok(items) => items,
        Err(reply) => return reply,
    };
    if items
        .iter()
        .any(|u| u.is_empty() || u.contains(char::is_whitespace))
    {
        return invalid_arg(&format!("Invalid {field}"));
    }
    let mut tenant = t.write();
    let mut list = stored_list(&tenant, key);
    if let Err(reply) = apply_list_action(&mut list, action, &items) {
        return reply;
    }
    tenant.extra.insert(key, Value::Array(list));
    Flavor::Zia.mark_pending(&mut tenant);
    Reply::ok(json!({field: items}))
}

/// The shadow IT endpoints page with `pageNumber` (0-based) and `limit`.
fn page_number(call: &crate::call::Call, rows: Vec<Value>) -> Reply {
    let page = match call.query_u64("pageNumber") {
        Ok(page) => page.unwrap_or(0) as usize,
        Err(reply) => return reply,
    };
    let limit = match call.query_u64("limit") {
        Ok(limit) => limit.unwrap_or(1000).clamp(1, 1000) as usize,
        Err(reply) => return reply,
    };
    let page: Vec<Value> = rows.into_iter().skip(page * limit).take(limit).collect();
    Reply::ok(Value::Array(page))
}

fn app_policy(t: &TenantLock, call: &crate::call::Call, ssl: bool) -> Reply {
    let tenant = t.read();
    let search = call.query("search").map(str::to_lowercase);
    let class = call.query("appClass");
    let rows: Vec<Value> = tenant
        .rows("zia.cloudApplications")
        .filter(|a| !ssl || a["sslPolicy"] == true)
        .filter(|a| class.is_none_or(|c| a["appClass"] == c))
        .filter(|a| {
            search.as_ref().is_none_or(|s| {
                a["name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().contains(s))
            })
        })
        .map(|a| {
            json!({"app": a["appId"], "appName": a["name"], "parent": a["appClass"],
                         "parentName": a["appClassName"]})
        })
        .collect();
    page_number(call, rows)
}

fn workload_hook(_: &Tenant, group: &mut Map<String, Value>) -> Result<(), Reply> {
    let containers = group
        .get("expressionJson")
        .and_then(|e| e.get("expressionContainers"))
        .and_then(Value::as_array);
    let Some(containers) = containers.filter(|c| !c.is_empty()) else {
        return Err(invalid_arg("Workload group expression info is missing!"));
    };
    let mut terms = Vec::new();
    for container in containers {
        let tag_type = container["tagType"].as_str().unwrap_or_default();
        if !["ATTR", "ENI", "VPC", "VM"].contains(&tag_type) {
            return Err(invalid_body());
        }
        for tag in container["tagContainer"]["tags"]
            .as_array()
            .into_iter()
            .flatten()
        {
            terms.push(format!(
                "{tag_type}.{}={}",
                tag["key"].as_str().unwrap_or_default(),
                tag["value"].as_str().unwrap_or_default()
            ));
        }
    }
    group.insert("expression".into(), json!(terms.join(" AND ")));
    Ok(())
}

const CLOUD_APPS: &[(&str, &str, &str, i64, bool)] = &[
    (
        "Microsoft 365",
        "BUSINESS_PRODUCTIVITY",
        "Productivity and CRM Tools",
        1,
        true,
    ),
    (
        "Salesforce",
        "BUSINESS_PRODUCTIVITY",
        "Productivity and CRM Tools",
        1,
        true,
    ),
    ("Slack", "INSTANT_MESSAGING", "Instant Messaging", 2, true),
    (
        "Zoom",
        "ENTERPRISE_COLLABORATION",
        "Collaboration and Online Meetings",
        2,
        true,
    ),
    ("Dropbox", "FILE_SHARE", "File Sharing", 3, true),
    ("WeTransfer", "FILE_SHARE", "File Sharing", 4, false),
    ("Mega", "FILE_SHARE", "File Sharing", 5, false),
    ("ChatGPT", "AI_ML", "AI & ML Applications", 3, true),
    ("DeepSeek", "AI_ML", "AI & ML Applications", 5, false),
    ("Perplexity", "AI_ML", "AI & ML Applications", 3, false),
    ("Gmail", "WEBMAIL", "Webmail", 2, true),
    ("Yahoo Mail", "WEBMAIL", "Webmail", 3, false),
    ("YouTube", "STREAMING_MEDIA", "Video Streaming", 2, false),
    ("Netflix", "STREAMING_MEDIA", "Video Streaming", 2, false),
    (
        "LinkedIn",
        "SOCIAL_NETWORKING",
        "Social Networking",
        2,
        false,
    ),
    (
        "Facebook",
        "SOCIAL_NETWORKING",
        "Social Networking",
        3,
        false,
    ),
    (
        "GitHub",
        "SYSTEM_AND_DEVELOPMENT",
        "System & Development",
        2,
        true,
    ),
    (
        "AWS Console",
        "HOSTING_PROVIDER",
        "Hosting Providers",
        1,
        true,
    ),
    ("Workday", "HUMAN_RESOURCES", "Human Resources", 1, true),
    (
        "Cybozu",
        "ENTERPRISE_COLLABORATION",
        "Collaboration and Online Meetings",
        3,
        false,
    ),
];

fn seed_singletons(tenant: &mut Tenant) {
    let none = || json!(["NONE"]);
    let values = [
        (
            "zia.advancedSettings",
            super::merged([
                json!({
            "authBypassUrlCategories": none(), "domainFrontingBypassUrlCategories": none(),
            "authBypassUrls": [], "authBypassApps": [], "kerberosBypassUrlCategories": none(),
            "kerberosBypassUrls": [], "kerberosBypassApps": [], "basicBypassUrlCategories": none(),
            "basicBypassApps": none(), "httpRangeHeaderRemoveUrlCategories": none(),
            "digestAuthBypassUrlCategories": none(), "digestAuthBypassUrls": [], "digestAuthBypassApps": [],
            "enableDnsResolutionOnTransparentProxy": true, "enableIPv6DnsResolutionOnTransparentProxy": false,
            "enableIPv6DnsOptimizationOnAllTransparentProxy": false, "enableEvaluatePolicyOnGlobalSSLBypass": false,
            "dnsResolutionOnTransparentProxyExemptUrlCategories": none(),
            "dnsResolutionOnTransparentProxyIPv6ExemptUrlCategories": none(),
            "dnsResolutionOnTransparentProxyExemptUrls": [], "dnsResolutionOnTransparentProxyExemptApps": none(),
            "dnsResolutionOnTransparentProxyIPv6ExemptApps": none(),
            "dnsResolutionOnTransparentProxyUrlCategories": none(),
            "dnsResolutionOnTransparentProxyIPv6UrlCategories": none(),
            "dnsResolutionOnTransparentProxyUrls": [], "dnsResolutionOnTransparentProxyApps": none(),
            "dnsResolutionOnTransparentProxyIPv6Apps": none(), "blockDomainFrontingApps": none(),
            "preferSniOverConnHostApps": none(), }),
                json!({ "enableOffice365": true, "logInternalIp": true,
                    "enforceSurrogateIpForWindowsApp": true, "trackHttpTunnelOnHttpPorts": true,
                    "blockHttpTunnelOnNonHttpPorts": false, "blockDomainFrontingOnHostHeader": false,
                    "zscalerClientConnector1AndPacRoadWarriorInFirewall": false, "cascadeUrlFiltering": true,
                    "enablePolicyForUnauthenticatedTraffic": false, "blockNonCompliantHttpRequestOnHttpPorts": true,
                    "enableAdminRankAccess": false, "uiSessionTimeout": 36_000, "http2NonbrowserTrafficEnabled": false,
                    "ecsForAllEnabled": false, "dynamicUserRiskEnabled": false, "blockConnectHostSniMismatch": false,
                    "preferSniOverConnHost": false, "sipaXffHeaderEnabled": false, "blockNonHttpOnHttpPortEnabled": false,
                    "sniDnsOptimizationBypassUrlCategories": none(),
                }),
            ]),
        ),
        ("zia.atpSettings", {
            let mut atp = Map::new();
            atp.insert("riskTolerance".into(), json!(75));
            atp.insert("riskToleranceCapture".into(), json!(false));
            for threat in [
                "cmdCtlServer",
                "cmdCtlTraffic",
                "malwareSites",
                "activeX",
                "browserExploits",
                "fileFormatVunerabilites",
                "knownPhishingSites",
                "suspectedPhishingSites",
                "suspectAdwareSpywareSites",
                "webspam",
                "ircTunnelling",
                "anonymizer",
                "potentialMaliciousRequests",
                "bitTorrent",
                "tor",
                "googleTalk",
                "sshTunnelling",
                "cryptoMining",
                "adSpywareSites",
                "dgaDomains",
            ] {
                atp.insert(format!("{threat}Blocked"), json!(true));
                atp.insert(format!("{threat}Capture"), json!(false));
            }
            for (k, v) in [
                ("cookieStealingBlocked", true),
                ("cookieStealingPCAPEnabled", false),
                ("blockCountriesCapture", false),
                ("wpadBlocked", false),
                ("alertForUnknownOrSuspiciousC2Traffic", false),
                ("maliciousUrlsCapture", false),
            ] {
                atp.insert(k.into(), json!(v));
            }
            Value::Object(atp)
        }),
        ("zia.atpExceptions", json!({"bypassUrls": []})),
        ("zia.securityAllowlist", json!({"whitelistUrls": []})),
        ("zia.securityDenylist", json!({"blacklistUrls": []})),
        (
            "zia.malwarePolicy",
            json!({"blockUnscannableFiles": true, "blockPasswordProtectedArchiveFiles": true}),
        ),
        (
            "zia.malwareInspection",
            json!({"inspectInbound": true, "inspectOutbound": true}),
        ),
        (
            "zia.malwareProtocols",
            json!({"inspectHttp": true, "inspectFtpOverHttp": true, "inspectFtp": true}),
        ),
        (
            "zia.malwareSettings",
            json!({"virusBlocked": true, "virusCapture": true,
            "unwantedApplicationsBlocked": false, "unwantedApplicationsCapture": true, "trojanBlocked": true,
            "trojanCapture": true, "wormBlocked": false, "wormCapture": false, "adwareBlocked": false,
            "adwareCapture": false, "spywareBlocked": false, "spywareCapture": false,
            "ransomwareBlocked": true, "ransomwareCapture": true, "remoteAccessToolBlocked": false,
            "remoteAccessToolCapture": false}),
        ),
        (
            "zia.mobileThreatSettings",
            json!({"blockAppsWithMaliciousActivity": true,
            "blockAppsWithKnownVulnerabilities": false, "blockAppsSendingUnencryptedUserCredentials": true,
            "blockAppsSendingLocationInfo": false, "blockAppsSendingPersonallyIdentifiableInfo": false,
            "blockAppsSendingDeviceIdentifier": false, "blockAppsCommunicatingWithAdWebsites": false,
            "blockAppsCommunicatingWithRemoteUnknownServers": false}),
        ),
        (
            "zia.urlAndAppSettings",
            json!({"enableDynamicContentCat": true, "considerEmbeddedSites": true,
            "enforceSafeSearch": false, "safeSearchApps": [], "enableOffice365": true,
            "enableMsftO365": false, "enableUcaasZoom": false, "enableUcaasLogMeIn": false,
            "enableUcaasRingCentral": false, "enableUcaasWebex": false, "enableChatGptPrompt": false,
            "enableMicrosoftCoPilotPrompt": false, "enableGeminiPrompt": false,
            "enableNewlyRegisteredDomains": false, "enableBlockOverrideForNonAuthUser": false,
            "enableCIPACompliance": false, "zveloDbLookupDisabled": false,
            "enableCreativeCommonsSearchResults": false}),
        ),
    ];
    for (key, value) in values {
        tenant.extra.insert(key, value);
    }
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    seed_singletons(tenant);
    for (n, (name, os)) in [
        ("IOS", "IOS"),
        ("Android", "ANDROID_OS"),
        ("Windows", "WINDOWS_OS"),
        ("Mac", "MAC_OS"),
        ("Linux", "LINUX"),
        ("No Client Connector", "ANY"),
        ("Cloud Browser Isolation", "ANY"),
    ]
    .into_iter()
    .enumerate()
    {
        let group_type = if n < 5 {
            "ZCC_OS"
        } else if n == 5 {
            "NON_ZCC"
        } else {
            "CBI"
        };
        tenant.insert(
            "zia.deviceGroups",
            json!({"id": 35_227_156 + n as i64, "name": name,
            "groupType": group_type, "description": format!("{name} predefined group"),
            "osType": os, "predefined": true}),
        );
    }
    let mut tags = Vec::new();
    for name in ["Approved", "Under Review", "High Risk"] {
        let id = tenant.new_id(IdStyle::Int);
        tags.push(json!({"id": id, "name": name}));
        tenant.insert("zia.customTags", json!({"id": id, "name": name}));
    }
    for (n, (name, class, class_name, risk, ssl)) in CLOUD_APPS.iter().enumerate() {
        tenant.insert("zia.cloudApplications", json!({
            "id": 1_179_648 + n as i64 * 97, "appId": name.to_uppercase().replace([' ', '.'], "_"),
            "name": name, "appClass": class, "appClassName": class_name, "riskIndex": risk,
            "sanctionedState": if *risk <= 2 { "SANCTIONED" } else { "NONE" },
            "customTags": if *risk >= 4 { json!([tags[2].clone()]) } else { json!([]) },
            "sslPolicy": ssl,
        }));
    }
    if !demo {
        return;
    }
    tenant.extra.insert(
        "zia.exemptedUrls",
        json!([
            ".okta.com",
            ".acme-demo.okta.com",
            "login.microsoftonline.com"
        ]),
    );
    tenant.extra.insert(
        "zia.atpMaliciousUrls",
        json!([".acme-dem0-login.com", "c2.badactor.example"]),
    );
    tenant.extra.insert(
        "zia.atpExceptions",
        json!({"bypassUrls": [".acme-demo.com", "updates.acme-demo.com"]}),
    );
    tenant.extra.insert("zia.baHashes", json!([
        {"url": "44d88612fea8a8f36de82e1278abb02f", "urlComment": "EICAR test file", "type": "CUSTOM_FILEHASH_DENY"},
        {"url": "e4d909c290d0fb1ca068ffaddf22cbd0", "urlComment": "Signed installer", "type": "CUSTOM_FILEHASH_ALLOW"},
    ]));
    let os_types = [
        (
            "WINDOWS_OS",
            "Microsoft Windows 11 Enterprise;64 bit",
            "Dell Latitude 7440",
        ),
        ("MAC_OS", "macOS 15.3", "MacBookPro18,3"),
        ("IOS", "iOS 18.2", "iPhone15,2"),
        ("ANDROID_OS", "Android 15", "Pixel 8"),
    ];
    let owners: Vec<(Value, String)> = tenant
        .rows("zia.users")
        .take(30)
        .map(|u| {
            (
                u["id"].clone(),
                u["name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for (n, (owner_id, owner)) in owners.into_iter().enumerate() {
        let (os, version, model) = os_types[n % os_types.len()];
        let first = FIRST_NAMES[n % FIRST_NAMES.len()].to_lowercase();
        let last = LAST_NAMES[n % LAST_NAMES.len()].to_lowercase();
        let id = tenant.new_id(IdStyle::Int);
        tenant.insert(
            "zia.devices",
            json!({"id": id, "name": format!("{first}.{last}"),
            "deviceGroupType": "ZCC_OS", "deviceModel": model, "osType": os, "osVersion": version,
            "ownerUserId": owner_id, "ownerName": owner,
            "hostName": format!("ACME-{}-{:03}", &os[..3], n + 1)}),
        );
    }
    for (name, tag_type, key, value) in [
        ("Production Workloads", "ATTR", "Environment", "prod"),
        ("PCI Workloads", "VPC", "Vpc-id", "vpc-0acme0pci"),
        ("Build Agents", "VM", "GroupName", "ci-runners"),
    ] {
        let id = tenant.new_id(IdStyle::Int);
        tenant.insert(
            "zia.workloadGroups",
            json!({"id": id, "name": name,
            "description": format!("{name} ({DOMAIN})"),
            "expressionJson": {"expressionContainers": [{"tagType": tag_type, "operator": "AND",
                "tagContainer": {"tags": [{"key": key, "value": value}], "operator": "AND"}}]},
            "expression": format!("{tag_type}.{key}={value}"),
            "lastModifiedTime": 1_767_225_600, "lastModifiedBy": super::admin_ref()}),
        );
    }
}
