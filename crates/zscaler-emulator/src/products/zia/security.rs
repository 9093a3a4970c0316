//! Threat and data protection policy: SSL inspection, DLP (web rules, dictionaries,
//! engines), file type control, sandbox (rules, reports, behavioural analysis) and cloud app
//! control.

use serde_json::{Map, Value, json};

use super::firewall::one_of;
use super::policy::{self, RULE_TYPES, RuleSet, seed_rule};
use super::urls::check_categories;
use super::{
    body_map, fill_defaults, in_use, invalid_arg, invalid_body, predefined_refusal, project,
    rule_using, string_list,
};
use crate::call::{Product, Reply};
use crate::routes::{Resource, Routes};
use crate::store::{Flavor, IdStyle, Tenant, id_string};

/// `(name, id, parent)` of the file types rules can name.
const FILE_TYPES: &[(&str, i64, &str)] = &[
    ("FTCATEGORY_MS_WORD", 1, "OFFICE_DOCUMENTS"),
    ("FTCATEGORY_MS_EXCEL", 2, "OFFICE_DOCUMENTS"),
    ("FTCATEGORY_MS_POWERPOINT", 4, "OFFICE_DOCUMENTS"),
    ("FTCATEGORY_PDF_DOCUMENT", 7, "OTHER_DOCUMENTS"),
    ("FTCATEGORY_CSV", 8, "OTHER_DOCUMENTS"),
    ("FTCATEGORY_TXT", 9, "OTHER_DOCUMENTS"),
    ("FTCATEGORY_WINDOWS_EXECUTABLES", 20, "EXECUTABLES"),
    ("FTCATEGORY_MSI", 21, "EXECUTABLES"),
    ("FTCATEGORY_BAT", 22, "EXECUTABLES"),
    ("FTCATEGORY_POWERSHELL", 23, "EXECUTABLES"),
    ("FTCATEGORY_APK", 24, "MOBILE_APPS"),
    ("FTCATEGORY_PYTHON", 30, "CODE"),
    ("FTCATEGORY_JAVASCRIPT", 31, "CODE"),
    ("FTCATEGORY_MP3", 40, "AUDIO"),
    ("FTCATEGORY_MP4", 41, "VIDEO"),
    ("FTCATEGORY_JPEG", 50, "IMAGES"),
    ("FTCATEGORY_PNG", 51, "IMAGES"),
    ("FTCATEGORY_P7Z", 53, "ARCHIVES"),
    ("FTCATEGORY_ZIP", 54, "ARCHIVES"),
    ("FTCATEGORY_RAR", 55, "ARCHIVES"),
    ("FTCATEGORY_TAR", 56, "ARCHIVES"),
    ("FTCATEGORY_GZIP", 57, "ARCHIVES"),
    ("FTCATEGORY_BZIP2", 58, "ARCHIVES"),
    ("FTCATEGORY_ISO", 60, "ARCHIVES"),
    ("FTCATEGORY_ALZ", 247, "ARCHIVES"),
    ("FTCATEGORY_B64", 257, "ARCHIVES"),
];

fn ssl_defaults() -> Value {
    json!({
        "accessControl": "READ_WRITE", "rank": 7, "endPointApplications": [],
        "endPointApplicationGroups": [], "roadWarriorForKerberos": false, "urlCategories": [],
        "state": "ENABLED", "description": "",
    })
}

fn dlp_rule_defaults() -> Value {
    json!({
        "accessControl": "READ_WRITE", "protocols": ["ANY_RULE"], "rank": 0, "description": "",
        "fileTypes": [], "fileTypeCategories": [], "cloudApplications": [], "minSize": 0,
        "action": "ALLOW", "state": "ENABLED", "matchOnly": false, "withoutContentInspection": false,
        "inspectHttpGetEnabled": false, "dlpDownloadScanEnabled": false,
        "zccNotificationsEnabled": false, "severity": "RULE_SEVERITY_INFO", "subRules": [],
        "sourceIpGroups": [], "eunTemplateId": 0, "ucTemplateId": 0,
    })
}

fn file_type_defaults() -> Value {
    json!({
        "protocols": ["ANY_RULE"], "description": "", "browserEunTemplateId": 0, "fileTypes": [],
        "fileTypeCategories": [], "minSize": 0, "maxSize": 409_600, "filteringAction": "ALLOW",
        "capturePCAP": false, "operation": "DOWNLOAD", "activeContent": false, "unscannable": false,
        "passwordProtected": false, "state": "ENABLED", "rank": 7, "accessControl": "READ_WRITE",
        "cloudApplications": [], "labels": [],
    })
}

fn sandbox_rule_defaults() -> Value {
    json!({
        "protocols": ["ANY_RULE"], "baPolicyCategories": [], "description": "", "urlCategories": [],
        "fileTypes": [], "cbiProfileId": 0, "state": "ENABLED", "rank": 7,
        "accessControl": "READ_WRITE", "baRuleAction": "ALLOW", "firstTimeEnable": false,
        "firstTimeOperation": "ALLOW_SCAN", "mlActionEnabled": false, "byThreatScore": 0,
    })
}

fn cloud_app_defaults() -> Value {
    json!({
        "description": "", "applications": [], "actions": [], "state": "ENABLED", "rank": 7,
        "enforceTimeValidity": false, "accessControl": "READ_WRITE", "cascadingEnabled": false,
        "promptCaptureEnabled": false, "eunEnabled": false, "eunTemplateId": 0,
        "browserEunTemplateId": 0,
    })
}

fn dictionary_defaults() -> Value {
    json!({
        "description": "", "phrases": [], "patterns": [], "nameL10nTag": false,
        "dictionaryType": "PATTERNS_AND_PHRASES", "exactDataMatchDetails": [],
        "idmProfileMatchAccuracyDetails": [], "proximity": 0, "parentDictionaryId": 0,
        "predefinedPhrases": [], "ignoreExactMatchIdmDict": false, "includeBinNumbers": true,
        "dictTemplateId": 0, "predefinedClone": false, "thresholdAllowed": false,
        "proximityEnabledForCustomDictionary": false, "includeSsnNumbers": true,
        "unicodePhraseMatchingEnabled": false, "custom": true, "parentDictionary": true,
        "dictionaryCloningEnabled": false, "viewOnly": false, "proximityLengthEnabled": true,
        "customPhraseSupported": false, "hierarchicalDictionary": false, "lowConfidenceDisabled": false,
    })
}

pub fn install(routes: &mut Routes) {
    let zia = Flavor::Zia;
    policy::install(
        routes,
        RuleSet {
            table: "zia.sslInspectionRules",
            collection: api!("/sslInspectionRules"),
            item: api!("/sslInspectionRules/{id}"),
            lite: None,
            defaults: ssl_defaults,
            refs: &policy::USER_SCOPE_REFS[..10],
            check: Some(check_ssl_rule),
            scoped: false,
        },
    );
    policy::install(
        routes,
        RuleSet {
            table: "zia.webDlpRules",
            collection: api!("/webDlpRules"),
            item: api!("/webDlpRules/{id}"),
            lite: Some((
                api!("/webDlpRules/lite"),
                &[
                    "accessControl",
                    "id",
                    "description",
                    "fileTypes",
                    "fileTypeCategories",
                    "cloudApplications",
                    "minSize",
                    "state",
                    "matchOnly",
                    "withoutContentInspection",
                    "inspectHttpGetEnabled",
                    "name",
                    "dlpDownloadScanEnabled",
                    "zccNotificationsEnabled",
                    "severity",
                    "sourceIpGroups",
                ],
            )),
            defaults: dlp_rule_defaults,
            refs: policy::USER_SCOPE_REFS,
            check: Some(check_dlp_rule),
            scoped: false,
        },
    );
    policy::install(
        routes,
        RuleSet {
            table: "zia.fileTypeRules",
            collection: api!("/fileTypeRules"),
            item: api!("/fileTypeRules/{id}"),
            lite: None,
            defaults: file_type_defaults,
            refs: &policy::USER_SCOPE_REFS[..10],
            check: Some(check_file_type_rule),
            scoped: false,
        },
    );
    routes.get(api!("/fileTypeCategories"), |_, c| {
        let all: Vec<Value> = FILE_TYPES
            .iter()
            .map(|(name, id, parent)| json!({"id": id, "name": name, "parent": parent}))
            .collect();
        Flavor::Zia.list(c, all.iter())
    });
    policy::install(
        routes,
        RuleSet {
            table: "zia.sandboxRules",
            collection: api!("/sandboxRules"),
            item: api!("/sandboxRules/{id}"),
            lite: None,
            defaults: sandbox_rule_defaults,
            refs: &policy::USER_SCOPE_REFS[..7],
            check: Some(check_sandbox_rule),
            scoped: false,
        },
    );
    routes.get(api!("/webApplicationRules/ruleTypeMapping"), |_, _| {
        let map: Map<String, Value> = RULE_TYPES
            .iter()
            .map(|(label, id)| ((*label).to_owned(), json!(id)))
            .collect();
        Reply::ok(Value::Object(map))
    });
    routes.post(
        api!("/webApplicationRules/{ruleType}/availableActions"),
        |_, c| {
            let rule_type = c.param("ruleType");
            if !RULE_TYPES.iter().any(|(_, t)| *t == rule_type) {
                return invalid_arg(&format!("Invalid rule type {rule_type}"));
            }
            Reply::ok(json!(actions_for(rule_type)))
        },
    );
    routes.post(
        api!("/webApplicationRules/{ruleType}/duplicate/{id}"),
        |t, c| {
            let Some(name) = c.query("name").filter(|n| !n.is_empty()) else {
                return Reply::json(400, json!({"message": "Rule Name is mandatory"}));
            };
            let mut tenant = t.write();
            let Some(mut copy) = tenant
                .get("zia.webApplicationRules", c.param("id"))
                .filter(|r| r["type"] == c.param("ruleType"))
                .cloned()
            else {
                return Reply::not_found(Product::Zia, c.param("id"));
            };
            let id = tenant.new_id(IdStyle::Int);
            copy["id"] = id.clone();
            copy["name"] = json!(name);
            copy["predefined"] = json!(false);
            copy["order"] = json!(i64::MAX);
            tenant.insert("zia.webApplicationRules", copy);
            policy::renumber(
                &mut tenant,
                "zia.webApplicationRules",
                Some(c.param("ruleType")),
                None,
            );
            Flavor::Zia.mark_pending(&mut tenant);
            Reply::ok(
                tenant
                    .get("zia.webApplicationRules", &id_string(&id))
                    .cloned()
                    .unwrap_or_default(),
            )
        },
    );
    policy::install(
        routes,
        RuleSet {
            table: "zia.webApplicationRules",
            collection: api!("/webApplicationRules/{ruleType}"),
            item: api!("/webApplicationRules/{ruleType}/{id}"),
            lite: None,
            defaults: cloud_app_defaults,
            refs: &policy::USER_SCOPE_REFS[..10],
            check: Some(check_cloud_app_rule),
            scoped: true,
        },
    );

    super::list_route(
        routes,
        api!("/dlpDictionaries/lite"),
        "zia.dlpDictionaries",
        |_, row| {
            let mut lite = row.clone();
            if let Some(map) = lite.as_object_mut() {
                for key in [
                    "description",
                    "patterns",
                    "customPhraseMatchType",
                    "dictionaryType",
                ] {
                    map.remove(key);
                }
            }
            lite
        },
    );
    routes.post(api!("/dlpDictionaries/validateDlpPattern"), |_, c| {
        let body = match body_map(c) {
            Ok(body) => body,
            Err(reply) => return reply,
        };
        let pattern = body.get("data").and_then(Value::as_str).unwrap_or_default();
        Reply::ok(match unbalanced_at(pattern) {
            None => json!({"status": 0, "errPosition": -1, "errMsg": "Valid regular expression",
                "errParameter": null, "errSuggestion": null, "idList": null, "subIdsMap": null}),
            Some(pos) => json!({"status": 1, "errPosition": pos, "errMsg": "Unbalanced bracket",
                "errParameter": null, "errSuggestion": null, "idList": null, "subIdsMap": null}),
        })
    });
    routes.get(
        api!("/dlpDictionaries/{id}/predefinedIdentifiers"),
        |t, c| match t.read().get("zia.dlpDictionaries", c.param("id")) {
            Some(row) if row["custom"] == false => {
                let name = row["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_uppercase()
                    .replace(' ', "_");
                Reply::ok(json!([
                    format!("{name}_GLOBAL"),
                    format!("{name}_REGIONAL")
                ]))
            }
            Some(_) => Reply::ok(json!([])),
            None => Reply::not_found(Product::Zia, c.param("id")),
        },
    );
    routes.resource(
        Resource::new(
            "zia.dlpDictionaries",
            zia,
            api!("/dlpDictionaries"),
            api!("/dlpDictionaries/{id}"),
            "LGCUD",
        )
        .defaults(dictionary_defaults)
        .hook(dictionary_hook)
        .guard_delete(|tenant, id| {
            if tenant
                .get("zia.dlpDictionaries", id)
                .is_some_and(|d| d["custom"] == false)
            {
                return Err(predefined_refusal("DLP dictionary"));
            }
            let token = format!("D{id}.");
            match tenant.rows("zia.dlpEngines").find(|e| {
                e["engineExpression"]
                    .as_str()
                    .is_some_and(|x| x.contains(&token))
            }) {
                Some(engine) => Err(in_use(
                    "DLP dictionary",
                    id,
                    &format!(
                        "DLP engine \"{}\"",
                        engine["name"].as_str().unwrap_or_default()
                    ),
                )),
                None => Ok(()),
            }
        }),
    );

    super::list_route(
        routes,
        api!("/dlpEngines/lite"),
        "zia.dlpEngines",
        |_, row| {
            project(
                row,
                &["id", "name", "predefinedEngineName", "customDlpEngine"],
            )
        },
    );
    routes.post(api!("/dlpEngines/validateDlpExpr"), |t, c| {
        let body = match body_map(c) {
            Ok(body) => body,
            Err(reply) => return reply,
        };
        let expr = body.get("data").and_then(Value::as_str).unwrap_or_default();
        Reply::ok(match check_expression(&t.read(), expr) {
            Ok(()) => json!({"status": "Success", "errMsg": ""}),
            Err(msg) => json!({"status": "Failed", "errMsg": msg}),
        })
    });
    routes.resource(
        Resource::new(
            "zia.dlpEngines",
            zia,
            api!("/dlpEngines"),
            api!("/dlpEngines/{id}"),
            "LGCUD",
        )
        .required(&["name", "engineExpression"])
        .defaults(|| json!({"customDlpEngine": true, "description": ""}))
        .hook(|tenant, engine| {
            let id = id_string(&engine["id"]);
            let predefined = tenant
                .get("zia.dlpEngines", &id)
                .is_some_and(|e| e["customDlpEngine"] == false);
            engine.insert("customDlpEngine".into(), json!(!predefined));
            engine.entry("description").or_insert(json!(""));
            let expr = engine
                .get("engineExpression")
                .and_then(Value::as_str)
                .unwrap_or_default();
            check_expression(tenant, expr)
                .map_err(|msg| invalid_arg(&format!("Invalid engineExpression: {msg}")))
        })
        .guard_delete(|tenant, id| {
            if tenant
                .get("zia.dlpEngines", id)
                .is_some_and(|e| e["customDlpEngine"] == false)
            {
                return Err(predefined_refusal("DLP engine"));
            }
            rule_using(tenant, &["dlpEngines"], id)
                .map_or(Ok(()), |rule| Err(in_use("DLP engine", id, &rule)))
        }),
    );

    routes.get(api!("/sandbox/report/quota"), |t, _| {
        let used = t
            .read()
            .extra
            .get("zia.sandboxLookups")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        Reply::ok(
            json!([{"startTime": -1, "used": used, "allowed": 3000, "scale": "DAYS",
                          "unused": 3000u64.saturating_sub(used)}]),
        )
    });
    routes.get(api!("/sandbox/report/{md5}"), |t, c| {
        let md5 = c.param("md5").to_lowercase();
        if md5.len() != 32 || !md5.chars().all(|ch| ch.is_ascii_hexdigit()) {
            return invalid_arg(&format!("Invalid MD5 hash {md5}"));
        }
        let full = match c.query("details").unwrap_or("summary") {
            "full" => true,
            "summary" => false,
            other => return invalid_arg(&format!("Invalid details value {other}")),
        };
        let mut tenant = t.write();
        let used = tenant.extra.get("zia.sandboxLookups").and_then(Value::as_u64).unwrap_or(0);
        tenant.extra.insert("zia.sandboxLookups", json!(used + 1));
        let report = tenant.get("zia.sandboxReports", &md5).cloned();
        let (key, body) = if full { ("Full Details", "full") } else { ("Summary", "summary") };
        Reply::ok(match report {
            Some(report) => json!({key: report[body]}),
            None => json!({key: {"Summary": {"Status": "CONTENT_NOTFOUND", "Message": "Content lookup failed."}}}),
        })
    });
    routes.get(api!("/behavioralAnalysisAdvancedSettings"), |t, _| {
        Reply::ok(json!({"md5HashValueList": hash_list(&t.read())}))
    });
    routes.put(api!("/behavioralAnalysisAdvancedSettings"), |t, c| {
        let body = match body_map(c) {
            Ok(body) => body,
            Err(reply) => return reply,
        };
        let entries: Vec<Value> = if body.contains_key("fileHashesToBeBlocked") {
            match string_list(body, "fileHashesToBeBlocked") {
                Ok(hashes) => hashes
                    .into_iter()
                    .map(|h| json!({"url": h, "urlComment": "", "type": "CUSTOM_FILEHASH_DENY"}))
                    .collect(),
                Err(reply) => return reply,
            }
        } else {
            match body.get("md5HashValueList") {
                Some(Value::Array(items)) => items.clone(),
                _ => return invalid_body(),
            }
        };
        for entry in &entries {
            let hash = entry["url"].as_str().unwrap_or_default();
            if hash.len() != 32 || !hash.chars().all(|ch| ch.is_ascii_hexdigit()) {
                return invalid_arg(&format!("Invalid MD5 hash {hash}"));
            }
        }
        if entries.len() > 10_000 {
            return invalid_arg("At most 10000 file hashes are allowed");
        }
        let mut tenant = t.write();
        tenant
            .extra
            .insert("zia.baHashes", Value::Array(entries.clone()));
        Flavor::Zia.mark_pending(&mut tenant);
        Reply::ok(json!({"md5HashValueList": entries}))
    });
    routes.get(api!("/behavioralAnalysisAdvancedSettings/fileHashCount"), |t, _| {
        let list = hash_list(&t.read());
        let denied = list.iter().filter(|e| e["type"] != "CUSTOM_FILEHASH_ALLOW").count();
        let allowed = list.len() - denied;
        Reply::ok(json!({"allowedFileHashesCount": allowed, "allowedRemainingFileHashes": 10_000 - allowed,
                         "deniedFileHashesCount": denied, "deniedRemainingFileHashes": 10_000 - denied}))
    });
}

fn hash_list(tenant: &Tenant) -> Vec<Value> {
    tenant
        .extra
        .get("zia.baHashes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn check_ssl_rule(tenant: &Tenant, rule: &mut Map<String, Value>) -> Result<(), Reply> {
    // ZIA refuses anything but an action object outright (recorded: a flat "INSPECT").
    let Some(Value::Object(action)) = rule.get_mut("action") else {
        return Err(invalid_body());
    };
    let kind = action
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let sub = match kind.as_str() {
        "DECRYPT" => (
            "decryptSubActions",
            json!({"serverCertificates": "ALLOW", "ocspCheck": false,
            "blockSslTrafficWithNoSniEnabled": false, "minClientTLSVersion": "CLIENT_TLS_1_0",
            "minServerTLSVersion": "SERVER_TLS_1_0", "blockUndecrypt": false, "http2Enabled": false}),
        ),
        "DO_NOT_DECRYPT" => (
            "doNotDecryptSubActions",
            json!({"bypassOtherPolicies": false,
            "ocspCheck": false, "blockSslTrafficWithNoSniEnabled": false}),
        ),
        "BLOCK" => ("sslInterceptionCert", json!({"id": 0})),
        _ => return Err(invalid_body()),
    };
    let mut sub_actions = match action.remove(sub.0) {
        Some(Value::Object(given)) => given,
        None | Some(Value::Null) => Map::new(),
        Some(_) => return Err(invalid_body()),
    };
    fill_defaults(&mut sub_actions, sub.1);
    action.insert(sub.0.into(), Value::Object(sub_actions));
    fill_defaults(
        action,
        json!({"showEUN": false, "showEUNATP": false, "overrideDefaultCertificate": false}),
    );
    one_of(rule, "state", &["ENABLED", "DISABLED"])?;
    check_categories(tenant, rule, "urlCategories")
}

fn file_type_categories(rule: &Map<String, Value>) -> Result<Value, Reply> {
    let mut out = Vec::new();
    for name in string_list(rule, "fileTypes")? {
        match FILE_TYPES.iter().find(|(n, _, _)| *n == name) {
            Some((name, id, parent)) => out.push(json!({"id": id, "name": name, "parent": parent})),
            None => {
                return Err(invalid_arg(&format!(
                    "Invalid fileTypes: unknown file type {name}"
                )));
            }
        }
    }
    Ok(Value::Array(out))
}

fn check_dlp_rule(tenant: &Tenant, rule: &mut Map<String, Value>) -> Result<(), Reply> {
    one_of(rule, "action", &["ALLOW", "BLOCK", "ICAP_RESPONSE"])?;
    one_of(
        rule,
        "severity",
        &[
            "RULE_SEVERITY_HIGH",
            "RULE_SEVERITY_MEDIUM",
            "RULE_SEVERITY_LOW",
            "RULE_SEVERITY_INFO",
        ],
    )?;
    check_categories(tenant, rule, "urlCategories")?;
    let categories = file_type_categories(rule)?;
    rule.insert("fileTypeCategories".into(), categories);
    Ok(())
}

fn check_file_type_rule(tenant: &Tenant, rule: &mut Map<String, Value>) -> Result<(), Reply> {
    one_of(rule, "filteringAction", &["ALLOW", "BLOCK", "CAUTION"])?;
    one_of(
        rule,
        "operation",
        &["UPLOAD", "DOWNLOAD", "UPLOAD_DOWNLOAD"],
    )?;
    check_categories(tenant, rule, "urlCategories")?;
    let categories = file_type_categories(rule)?;
    rule.insert("fileTypeCategories".into(), categories);
    Ok(())
}

fn check_sandbox_rule(tenant: &Tenant, rule: &mut Map<String, Value>) -> Result<(), Reply> {
    one_of(rule, "baRuleAction", &["ALLOW", "BLOCK"])?;
    one_of(
        rule,
        "firstTimeOperation",
        &[
            "ALLOW_SCAN",
            "QUARANTINE",
            "ALLOW_NOSCAN",
            "QUARANTINE_ISOLATE",
        ],
    )?;
    check_categories(tenant, rule, "urlCategories")?;
    file_type_categories(rule).map(|_| ())
}

/// Actions cloud app control offers per rule type (the prefix follows ZIA's naming).
fn actions_for(rule_type: &str) -> Vec<String> {
    let short = match rule_type {
        "WEBMAIL" => "WEBMAIL",
        "STREAMING_MEDIA" => "STREAMING",
        "SOCIAL_NETWORKING" => "SOCIAL_NETWORKING",
        "FILE_SHARE" => "FILE_SHARE",
        "AI_ML" => "AI_ML",
        "INSTANT_MESSAGING" => "CHAT",
        _ => "APP",
    };
    [
        "VIEW",
        "UPLOAD",
        "SHARE",
        "POST",
        "EDIT",
        "CREATE",
        "DELETE",
        "SEND",
        "ATTACHMENT_SEND",
    ]
    .iter()
    .flat_map(|verb| {
        [
            format!("ALLOW_{short}_{verb}"),
            format!("BLOCK_{short}_{verb}"),
        ]
    })
    .chain(["ISOLATE".to_owned(), "CAUTION".to_owned()])
    .collect()
}

fn check_cloud_app_rule(_: &Tenant, rule: &mut Map<String, Value>) -> Result<(), Reply> {
    let rule_type = rule
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let allowed = actions_for(&rule_type);
    for action in string_list(rule, "actions")? {
        if !allowed.contains(&action) {
            return Err(invalid_arg(&format!(
                "Invalid actions: {action} is not available for {rule_type}"
            )));
        }
    }
    string_list(rule, "applications").map(|_| ())
}

fn dictionary_hook(tenant: &Tenant, dict: &mut Map<String, Value>) -> Result<(), Reply> {
    let id = id_string(&dict["id"]);
    let predefined = tenant
        .get("zia.dlpDictionaries", &id)
        .is_some_and(|d| d["custom"] == false);
    fill_defaults(dict, dictionary_defaults());
    dict.insert("custom".into(), json!(!predefined));
    one_of(
        dict,
        "dictionaryType",
        &[
            "PATTERNS_AND_PHRASES",
            "EXACT_DATA_MATCH",
            "INDEXED_DATA_MATCH",
        ],
    )?;
    for (list, field, prefix) in [
        ("phrases", "phrase", "PHRASE_COUNT_TYPE_"),
        ("patterns", "pattern", "PATTERN_COUNT_TYPE_"),
    ] {
        let Some(items) = dict.get(list) else {
            continue;
        };
        let Some(items) = items.as_array() else {
            return Err(invalid_body());
        };
        for item in items {
            let text = item[field].as_str().unwrap_or_default();
            let action = item["action"].as_str().unwrap_or_default();
            if text.is_empty() || !action.starts_with(prefix) {
                return Err(invalid_arg(&format!("Invalid {list}: {item}")));
            }
            if list == "patterns"
                && let Some(pos) = unbalanced_at(text)
            {
                return Err(invalid_arg(&format!(
                    "Invalid patterns: unbalanced bracket at {pos}"
                )));
            }
        }
    }
    Ok(())
}

/// Position of the first unbalanced bracket in a regular expression, if any.
fn unbalanced_at(pattern: &str) -> Option<usize> {
    let mut stack = Vec::new();
    let mut escaped = false;
    for (pos, ch) in pattern.chars().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '\\' => escaped = true,
            '(' | '[' | '{' => stack.push((ch, pos)),
            ')' | ']' | '}' => {
                let open = match ch {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match stack.pop() {
                    Some((o, _)) if o == open => {}
                    _ => return Some(pos),
                }
            }
            _ => {}
        }
    }
    stack.first().map(|(_, pos)| *pos)
}

/// Checks a DLP engine expression such as `((D63.S > 1) AND (D7.S > 0))`: balanced
/// parentheses and every `D<n>` naming an existing dictionary.
fn check_expression(tenant: &Tenant, expr: &str) -> Result<(), String> {
    if expr.trim().is_empty() || !expr.trim_start().starts_with('(') {
        return Err("Unexpected token, Error Position: 0".into());
    }
    if let Some(pos) = unbalanced_at(expr) {
        return Err(format!("Unbalanced parenthesis, Error Position: {pos}"));
    }
    let bytes: Vec<char> = expr.chars().collect();
    let mut i = 0;
    let mut found = false;
    while i < bytes.len() {
        if bytes[i] == 'D' && i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit() {
            let digits: String = bytes[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if tenant.get("zia.dlpDictionaries", &digits).is_none() {
                return Err(format!("Unknown dictionary D{digits}, Error Position: {i}"));
            }
            found = true;
            i += digits.len() + 1;
        } else {
            i += 1;
        }
    }
    if found {
        Ok(())
    } else {
        Err("The expression names no dictionary, Error Position: 0".into())
    }
}

/// Predefined dictionaries every tenant has: `(id, name)`.
const PREDEFINED_DICTIONARIES: &[(i64, &str)] = &[
    (60, "Social Security Numbers (US)"),
    (61, "Credit Cards"),
    (62, "Financial Statements"),
    (63, "Credit Card Numbers"),
    (64, "Medical Information"),
    (65, "Source Code"),
    (66, "Names (US)"),
    (67, "IBAN"),
    (68, "Passport Numbers"),
    (69, "Adult Content"),
];

const PREDEFINED_ENGINES: &[(i64, &str, &str, &str)] = &[
    (1, "PCI", "PCI", "((D63.S > 1))"),
    (2, "HIPAA", "HIPAA", "((D60.S > 0) AND (D64.S > 0))"),
    (3, "GLBA", "GLBA", "((D60.S > 0) AND (D62.S > 0))"),
    (
        4,
        "Offensive Language",
        "OFFENSIVE_LANGUAGE",
        "((D69.S > 2))",
    ),
];

/// `(table, defaults, fields)` of a rule every tenant starts with.
type SeededRule = (&'static str, fn() -> Value, Value);

pub fn seed(tenant: &mut Tenant, demo: bool) {
    for (id, name) in PREDEFINED_DICTIONARIES {
        let mut dict = dictionary_defaults();
        dict["id"] = json!(id);
        dict["name"] = json!(name);
        dict["description"] = json!(format!("Predefined dictionary: {name}"));
        dict["custom"] = json!(false);
        dict["thresholdAllowed"] = json!(true);
        dict["dictionaryType"] = json!("PATTERNS_AND_PHRASES");
        tenant.insert("zia.dlpDictionaries", dict);
    }
    for (id, name, tag, expr) in PREDEFINED_ENGINES {
        tenant.insert("zia.dlpEngines", json!({"id": id, "name": name, "predefinedEngineName": tag,
            "engineExpression": expr, "customDlpEngine": false, "description": format!("{name} compliance engine")}));
    }
    let defaults: [SeededRule; 6] = [
        (
            "zia.sslInspectionRules",
            ssl_defaults,
            json!({"name": "Zscaler Recommended Exemptions",
            "predefined": true, "urlCategories": ["GLOBAL_INT_GBL_SSL_BYPASS"],
            "description": "Zscaler Recommended Exemptions Rule created during the company provisioning",
            "action": {"type": "DO_NOT_DECRYPT", "doNotDecryptSubActions": {"bypassOtherPolicies": true,
                "ocspCheck": false, "blockSslTrafficWithNoSniEnabled": false},
                "showEUN": false, "showEUNATP": false, "overrideDefaultCertificate": false}}),
        ),
        (
            "zia.sslInspectionRules",
            ssl_defaults,
            json!({"name": "Office 365 One Click",
            "predefined": true, "urlCategories": ["GLOBAL_INT_OFC_SSL_BYPASS"],
            "action": {"type": "DO_NOT_DECRYPT", "doNotDecryptSubActions": {"bypassOtherPolicies": true,
                "ocspCheck": false, "blockSslTrafficWithNoSniEnabled": false},
                "showEUN": false, "showEUNATP": false, "overrideDefaultCertificate": false}}),
        ),
        (
            "zia.sslInspectionRules",
            ssl_defaults,
            json!({"name": "Default SSL Inspection Rule",
            "order": -1, "predefined": true, "defaultRule": true,
            "action": {"type": "DECRYPT", "decryptSubActions": {"serverCertificates": "ALLOW",
                "ocspCheck": true, "blockSslTrafficWithNoSniEnabled": false,
                "minClientTLSVersion": "CLIENT_TLS_1_0", "minServerTLSVersion": "SERVER_TLS_1_0",
                "blockUndecrypt": false, "http2Enabled": true},
                "showEUN": false, "showEUNATP": false, "overrideDefaultCertificate": false}}),
        ),
        (
            "zia.fileTypeRules",
            file_type_defaults,
            json!({"name": "Default File Type Control Rule",
            "order": -1, "predefined": true, "defaultRule": true}),
        ),
        (
            "zia.sandboxRules",
            sandbox_rule_defaults,
            json!({"name": "Default BA Rule", "order": -1,
            "predefined": true, "defaultRule": true, "baRuleAction": "ALLOW"}),
        ),
        (
            "zia.webDlpRules",
            dlp_rule_defaults,
            json!({"name": "Default DLP Web Rule", "order": -1,
            "predefined": true, "defaultRule": true}),
        ),
    ];
    for (table, defaults, fields) in defaults {
        seed_rule(tenant, table, defaults, fields);
    }
    seed_rule(
        tenant,
        "zia.webApplicationRules",
        cloud_app_defaults,
        json!({
            "name": "Office 365 One Click Rule", "type": "WEBMAIL", "predefined": true,
            "description": "Office 365 One Click Rule", "applications": ["WINDOWS_LIVE_HOTMAIL"],
            "actions": ["ALLOW_WEBMAIL_VIEW", "ALLOW_WEBMAIL_ATTACHMENT_SEND", "ALLOW_WEBMAIL_SEND"],
        }),
    );
    if demo {
        seed_demo(tenant);
    }
}

fn seed_demo(tenant: &mut Tenant) {
    let groups: Vec<Value> = tenant
        .rows("zia.groups")
        .map(|g| json!({"id": g["id"], "name": g["name"]}))
        .collect();
    let labels: Vec<Value> = tenant
        .rows("zia.ruleLabels")
        .map(|g| json!({"id": g["id"], "name": g["name"]}))
        .collect();
    for (name, categories, bypass) in [
        ("Bypass banking", json!(["CUSTOM_05"]), true),
        ("Bypass healthcare", json!(["CUSTOM_06", "HEALTH"]), true),
        ("Bypass finance", json!(["FINANCE"]), true),
        (
            "Inspect AI traffic",
            json!(["GENERAL_AI_ML", "AI_ML_APPS"]),
            false,
        ),
        ("Inspect file hosting", json!(["FILE_HOST"]), false),
        (
            "Block undecryptable to anonymizers",
            json!(["ANONYMIZER"]),
            false,
        ),
    ] {
        let action = if bypass {
            json!({"type": "DO_NOT_DECRYPT", "doNotDecryptSubActions": {"bypassOtherPolicies": true,
                "ocspCheck": true, "blockSslTrafficWithNoSniEnabled": false},
                "showEUN": false, "showEUNATP": false, "overrideDefaultCertificate": false})
        } else {
            json!({"type": "DECRYPT", "decryptSubActions": {"serverCertificates": "BLOCK",
                "ocspCheck": true, "blockSslTrafficWithNoSniEnabled": true,
                "minClientTLSVersion": "CLIENT_TLS_1_2", "minServerTLSVersion": "SERVER_TLS_1_2",
                "blockUndecrypt": true, "http2Enabled": true},
                "showEUN": true, "showEUNATP": true, "overrideDefaultCertificate": false})
        };
        seed_rule(
            tenant,
            "zia.sslInspectionRules",
            ssl_defaults,
            json!({"name": name,
            "urlCategories": categories, "action": action, "labels": [labels[0].clone()],
            "description": format!("{name} (security review 2026-Q1)")}),
        );
    }
    let mut dictionaries = Vec::new();
    for (name, phrases, patterns) in [
        (
            "Acme Project Codenames",
            json!([{"action": "PHRASE_COUNT_TYPE_ALL", "phrase": "Project Falcon"},
            {"action": "PHRASE_COUNT_TYPE_ALL", "phrase": "Project Osprey"}]),
            json!([]),
        ),
        (
            "Acme Employee IDs",
            json!([]),
            json!([{"action": "PATTERN_COUNT_TYPE_UNIQUE", "pattern": "ACME-[0-9]{6}"}]),
        ),
        (
            "Customer Account Numbers",
            json!([]),
            json!([{"action": "PATTERN_COUNT_TYPE_ALL", "pattern": "CA[0-9]{10}"}]),
        ),
        (
            "Confidential Markings",
            json!([{"action": "PHRASE_COUNT_TYPE_UNIQUE", "phrase": "Acme Confidential"},
            {"action": "PHRASE_COUNT_TYPE_UNIQUE", "phrase": "Internal Only"}]),
            json!([]),
        ),
    ] {
        let id = tenant.new_id(IdStyle::Int);
        let mut dict = dictionary_defaults();
        dict["id"] = id.clone();
        dict["name"] = json!(name);
        dict["description"] = json!(format!("{name} (custom)"));
        dict["phrases"] = phrases;
        dict["patterns"] = patterns;
        dict["customPhraseMatchType"] = json!("MATCH_ALL_CUSTOM_PHRASE_PATTERN_DICTIONARY");
        dictionaries.push(id);
        tenant.insert("zia.dlpDictionaries", dict);
    }
    let mut engines = Vec::new();
    for (name, expr) in [
        (
            "Acme IP Protection",
            format!(
                "((D{}.S > 0) OR (D{}.S > 0))",
                dictionaries[0], dictionaries[3]
            ),
        ),
        (
            "Acme PII",
            format!("((D{}.S > 2) AND (D66.S > 0))", dictionaries[1]),
        ),
        (
            "Acme Customer Data",
            format!("((D{}.S > 5))", dictionaries[2]),
        ),
    ] {
        let id = tenant.new_id(IdStyle::Int);
        engines.push(json!({"id": id, "name": name}));
        tenant.insert(
            "zia.dlpEngines",
            json!({"id": id, "name": name, "engineExpression": expr,
            "customDlpEngine": true, "description": format!("{name} engine")}),
        );
    }
    for (n, (name, action, severity)) in [
        ("Block source code upload", "BLOCK", "RULE_SEVERITY_HIGH"),
        ("Monitor PII to webmail", "ALLOW", "RULE_SEVERITY_MEDIUM"),
        (
            "Block customer data to file hosts",
            "BLOCK",
            "RULE_SEVERITY_HIGH",
        ),
        ("Monitor PCI data", "ALLOW", "RULE_SEVERITY_LOW"),
        ("Block confidential uploads", "BLOCK", "RULE_SEVERITY_HIGH"),
        ("Audit HIPAA traffic", "ALLOW", "RULE_SEVERITY_INFO"),
    ]
    .into_iter()
    .enumerate()
    {
        let engine = if n < 3 {
            engines[n].clone()
        } else {
            json!({"id": PREDEFINED_ENGINES[n - 3].0, "name": PREDEFINED_ENGINES[n - 3].1})
        };
        seed_rule(
            tenant,
            "zia.webDlpRules",
            dlp_rule_defaults,
            json!({"name": name, "action": action,
            "severity": severity, "dlpEngines": [engine], "groups": [groups[n % groups.len()].clone()],
            "protocols": ["HTTPS_RULE", "HTTP_RULE"], "description": format!("{name} (DLP program)")}),
        );
    }
    for (name, action, operation, types) in [
        (
            "Block executables download",
            "BLOCK",
            "DOWNLOAD",
            json!([{"id": 20, "name": "FTCATEGORY_WINDOWS_EXECUTABLES", "parent": "EXECUTABLES"}]),
        ),
        (
            "Caution archives upload",
            "CAUTION",
            "UPLOAD",
            json!([{"id": 54, "name": "FTCATEGORY_ZIP", "parent": "ARCHIVES"}]),
        ),
        (
            "Block scripts",
            "BLOCK",
            "UPLOAD_DOWNLOAD",
            json!([{"id": 23, "name": "FTCATEGORY_POWERSHELL", "parent": "EXECUTABLES"}]),
        ),
    ] {
        let names: Vec<Value> = types
            .as_array()
            .map(|a| a.iter().map(|t| t["name"].clone()).collect())
            .unwrap_or_default();
        seed_rule(
            tenant,
            "zia.fileTypeRules",
            file_type_defaults,
            json!({"name": name,
            "filteringAction": action, "operation": operation, "fileTypes": names,
            "fileTypeCategories": types, "labels": [labels[1].clone()]}),
        );
    }
    for (name, action) in [
        ("Sandbox executables from unknown sites", "BLOCK"),
        ("Quarantine archives", "BLOCK"),
    ] {
        seed_rule(
            tenant,
            "zia.sandboxRules",
            sandbox_rule_defaults,
            json!({"name": name,
            "baRuleAction": action, "firstTimeEnable": true, "firstTimeOperation": "QUARANTINE",
            "mlActionEnabled": true, "byThreatScore": 40,
            "baPolicyCategories": ["ADWARE_BLOCK", "BOTMAL_BLOCK", "ANONYP2P_BLOCK", "RANSOMWARE_BLOCK"],
            "fileTypes": ["FTCATEGORY_WINDOWS_EXECUTABLES", "FTCATEGORY_ZIP"],
            "urlCategories": ["MISCELLANEOUS_OR_UNKNOWN", "NEWLY_REG_DOMAINS"]}),
        );
    }
    for (name, rule_type, apps, actions) in [
        (
            "Allow YouTube viewing",
            "STREAMING_MEDIA",
            json!(["YOUTUBE"]),
            json!(["ALLOW_STREAMING_VIEW"]),
        ),
        (
            "Block streaming uploads",
            "STREAMING_MEDIA",
            json!(["YOUTUBE", "GOOGLE_STREAMING"]),
            json!(["BLOCK_STREAMING_UPLOAD"]),
        ),
        (
            "Block personal webmail attachments",
            "WEBMAIL",
            json!(["GOOGLE_WEBMAIL", "YAHOO_WEBMAIL"]),
            json!(["BLOCK_WEBMAIL_ATTACHMENT_SEND"]),
        ),
        (
            "Read-only social media",
            "SOCIAL_NETWORKING",
            json!(["FACEBOOK", "LINKEDIN"]),
            json!([
                "ALLOW_SOCIAL_NETWORKING_VIEW",
                "BLOCK_SOCIAL_NETWORKING_POST"
            ]),
        ),
        (
            "Isolate unsanctioned AI",
            "AI_ML",
            json!(["DEEPSEEK", "PERPLEXITY"]),
            json!(["ISOLATE"]),
        ),
        (
            "Block file share uploads",
            "FILE_SHARE",
            json!(["WETRANSFER", "MEGA"]),
            json!(["BLOCK_FILE_SHARE_UPLOAD"]),
        ),
    ] {
        seed_rule(
            tenant,
            "zia.webApplicationRules",
            cloud_app_defaults,
            json!({"name": name,
            "type": rule_type, "applications": apps, "actions": actions, "description": name}),
        );
    }
    for (md5, verdict) in SANDBOX_SAMPLES {
        tenant.insert("zia.sandboxReports", sandbox_report(md5, verdict));
    }
}

/// Known hashes of the demo tenant: the first three malicious, the rest benign.
pub(crate) const SANDBOX_SAMPLES: &[(&str, &str)] = &[
    ("44d88612fea8a8f36de82e1278abb02f", "MALICIOUS"),
    ("7e4a2b9c1d3f5a6b8c0d2e4f6a8b0c1d", "MALICIOUS"),
    ("1f3870be274f6c49b3e31a0c6728957f", "SUSPICIOUS"),
    ("9e107d9d372bb6826bd81d3542a419d6", "BENIGN"),
    ("e4d909c290d0fb1ca068ffaddf22cbd0", "BENIGN"),
];

fn sandbox_report(md5: &str, verdict: &str) -> Value {
    let (category, score, malware, file_type) = match verdict {
        "MALICIOUS" => ("MALWARE_BOTNET", 95, "Win32.Trojan.Emotet", "exe"),
        "SUSPICIOUS" => ("SUSPICIOUS", 55, "", "docm"),
        _ => ("BENIGN", 0, "", "pdf"),
    };
    let summary = json!({"Status": "COMPLETED", "Category": "EXECS", "FileType": file_type,
        "StartTime": 1_767_312_000, "Duration": 312_000});
    let classification = json!({"Type": verdict, "Category": category, "Score": score,
        "DetectedMalware": malware});
    let properties = json!({"FileType": file_type, "FileSize": 482_304, "MD5": md5,
        "SHA1": format!("{md5}a1b2c3d4"), "Sha256": format!("{md5}{md5}"),
        "Issuer": "", "DigitalCerificate": "", "SSDeep": "6144:abcdEFGHijkl:mnopQRST", "RootCA": ""});
    let full = json!({
        "Summary": summary, "Classification": classification, "FileProperties": properties,
        "Origin": {"Risk": if verdict == "BENIGN" { "LOW" } else { "HIGH" }, "Language": "English", "Country": "United States"},
        "SystemSummary": [{"Risk": "MODERATE", "Signature": "Creates files inside the user directory", "SignatureSources": ["SANDBOX"]}],
        "Networking": if verdict == "MALICIOUS" { json!([{"Risk": "HIGH", "Signature": "Connects to known C2 infrastructure", "SignatureSources": ["SANDBOX"]}]) } else { json!([]) },
        "SecurityBypass": [], "Exploit": [], "Stealth": [], "Spyware": [], "Persistence": [],
    });
    json!({"id": md5, "summary": {"Summary": summary, "Classification": classification,
        "FileProperties": properties}, "full": full})
}
