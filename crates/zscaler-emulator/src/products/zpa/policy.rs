//! Policy sets (one per policy type, present in every tenant) and their rules.
//!
//! Rules are stored in the v1 read shape: conditions with ids, one operand per value. The v2
//! write shape (`values` / `entryValues`) is expanded on the way in. `ruleOrder` stays a dense
//! `1..n` per set, with a set's default rule always last.

use serde_json::{Map, Value, json};

use super::{
    API_ADMIN, apps, connectors, identity, invalid, normalise_refs, not_found, now, object, pick,
    ref_list, services, v1, v2, without,
};
use crate::call::{Call, Reply};
use crate::routes::{Routes, TenantLock};
use crate::store::{Flavor, IdStyle, Tenant, id_string};

pub(crate) const POLICY_SETS: &str = "zpa.policySet";
pub(crate) const RULES: &str = "zpa.policyRule";

pub(crate) struct PolicyType {
    pub name: &'static str,
    pub code: &'static str,
    pub set_id: &'static str,
    set_name: &'static str,
    description: &'static str,
    actions: &'static [&'static str],
    /// Id, action and description of the rule the set always ends with.
    default_rule: Option<(&'static str, &'static str, &'static str)>,
}

pub(crate) const POLICY_TYPES: &[PolicyType] = &[
    PolicyType {
        name: "ACCESS_POLICY",
        code: "1",
        set_id: "216196257331281925",
        set_name: "Global_Policy",
        description: "The rules in this policy set are executed first.",
        actions: &["ALLOW", "DENY", "REQUIRE_APPROVAL"],
        default_rule: None,
    },
    PolicyType {
        name: "TIMEOUT_POLICY",
        code: "2",
        set_id: "216196257331281926",
        set_name: "ReAuth_Policy",
        description: "Re-Authentication policies.",
        actions: &["RE_AUTH"],
        default_rule: Some((
            "216196257331281927",
            "RE_AUTH",
            "This is the default Timeout Policy rule",
        )),
    },
    PolicyType {
        name: "SIEM_POLICY",
        code: "3",
        set_id: "216196257331281928",
        set_name: "Siem_Policy",
        description: "SIEM policies.",
        actions: &["LOG"],
        default_rule: None,
    },
    PolicyType {
        name: "CLIENT_FORWARDING_POLICY",
        code: "4",
        set_id: "216196257331281929",
        set_name: "Bypass_Policy",
        description: "Bypass policies.",
        actions: &["INTERCEPT", "INTERCEPT_ACCESSIBLE", "BYPASS"],
        default_rule: Some((
            "216196257331281930",
            "INTERCEPT",
            "This is the default Client Forwarding Policy rule",
        )),
    },
    PolicyType {
        name: "ISOLATION_POLICY",
        code: "5",
        set_id: "216196257331286609",
        set_name: "Isolation_Policy",
        description: "Isolation policies.",
        actions: &["ISOLATE", "BYPASS_ISOLATE"],
        default_rule: Some((
            "216196257331286610",
            "BYPASS_ISOLATE",
            "This is the default Isolation Policy rule",
        )),
    },
    PolicyType {
        name: "INSPECTION_POLICY",
        code: "6",
        set_id: "216196257331286611",
        set_name: "Inspection_Policy",
        description: "Inspection Policies",
        actions: &["INSPECT", "BYPASS_INSPECT"],
        default_rule: Some((
            "216196257331286612",
            "BYPASS_INSPECT",
            "This is the default Inspection Policy rule",
        )),
    },
    PolicyType {
        name: "CREDENTIAL_POLICY",
        code: "7",
        set_id: "216196257331286613",
        set_name: "Credential_Policy",
        description: "Privileged credential policies.",
        actions: &["INJECT_CREDENTIALS"],
        default_rule: None,
    },
    PolicyType {
        name: "CAPABILITIES_POLICY",
        code: "8",
        set_id: "216196257331286615",
        set_name: "Capabilities_Policy",
        description: "Privileged capabilities policies.",
        actions: &["CHECK_CAPABILITIES"],
        default_rule: None,
    },
    PolicyType {
        name: "CLIENTLESS_SESSION_PROTECTION_POLICY",
        code: "9",
        set_id: "216196257331286617",
        set_name: "Clientless_Session_Protection_Policy",
        description: "Browser protection policies.",
        actions: &["MONITOR", "DO_NOT_MONITOR"],
        default_rule: None,
    },
    PolicyType {
        name: "REDIRECTION_POLICY",
        code: "10",
        set_id: "216196257331286619",
        set_name: "Redirection_Policy",
        description: "Redirection policies.",
        actions: &["REDIRECT_DEFAULT", "REDIRECT_PREFERRED", "REDIRECT_ALWAYS"],
        default_rule: None,
    },
    PolicyType {
        name: "PRIVILEGED_PORTAL_POLICY",
        code: "11",
        set_id: "216196257331286621",
        set_name: "Privileged_Portal_Policy",
        description: "Privileged portal capabilities policies.",
        actions: &["CHECK_PRIVILEGED_PORTAL_CAPABILITIES"],
        default_rule: None,
    },
    PolicyType {
        name: "VPN_TUNNEL_POLICY",
        code: "12",
        set_id: "216196257331286623",
        set_name: "VPN_Tunnel_Policy",
        description: "VPN tunnel policies.",
        actions: &["ALLOW", "DENY"],
        default_rule: None,
    },
    PolicyType {
        name: "USER_PORTAL",
        code: "13",
        set_id: "216196257331286625",
        set_name: "User_Portal_Policy",
        description: "User portal policies.",
        actions: &["ALLOW", "DENY"],
        default_rule: None,
    },
];

const OBJECT_TYPES: &[&str] = &[
    "APP",
    "APP_GROUP",
    "CLIENT_TYPE",
    "SAML",
    "SCIM",
    "SCIM_GROUP",
    "POSTURE",
    "TRUSTED_NETWORK",
    "PLATFORM",
    "COUNTRY_CODE",
    "IDP",
    "LOCATION",
    "MACHINE_GRP",
    "CONSOLE",
    "RISK_FACTOR_TYPE",
    "CHROME_ENTERPRISE",
    "CHROME_POSTURE_PROFILE",
    "BRANCH_CONNECTOR_GROUP",
    "EDGE_CONNECTOR_GROUP",
    "USER_PORTAL",
];

pub(crate) const CLIENT_TYPES: &[&str] = &[
    "zpn_client_type_exporter",
    "zpn_client_type_exporter_noauth",
    "zpn_client_type_browser_isolation",
    "zpn_client_type_machine_tunnel",
    "zpn_client_type_ip_anchoring",
    "zpn_client_type_edge_connector",
    "zpn_client_type_zapp",
    "zpn_client_type_slogger",
    "zpn_client_type_branch_connector",
    "zpn_client_type_zapp_partner",
    "zpn_client_type_vdi",
];

const PLATFORMS: &[&str] = &["ios", "android", "mac", "windows", "linux", "chromeos"];

pub(crate) fn policy_type(name: &str) -> Option<&'static PolicyType> {
    let name = match name {
        "GLOBAL_POLICY" => "ACCESS_POLICY",
        "REAUTH_POLICY" => "TIMEOUT_POLICY",
        "BYPASS_POLICY" => "CLIENT_FORWARDING_POLICY",
        other => other,
    };
    POLICY_TYPES.iter().find(|t| t.name == name)
}

fn type_of_set(set_id: &str) -> Option<&'static PolicyType> {
    POLICY_TYPES.iter().find(|t| t.set_id == set_id)
}

pub fn install(routes: &mut Routes) {
    routes.get(v1!("policySet/policyType/{type}"), |t, c| {
        let Some(ty) = policy_type(c.param("type")) else {
            return invalid("policyType");
        };
        match t.read().get(POLICY_SETS, ty.set_id) {
            Some(set) => Reply::ok(set.clone()),
            None => not_found(ty.set_id),
        }
    });
    routes.get(v1!("policySet/rules/policyType/{type}"), list_rules);
    routes.get(v1!("policySet/{psid}/rule/{rid}"), |t, c| {
        let tenant = t.read();
        match find_rule(&tenant, c) {
            Ok(rule) => Reply::ok(rule_view(&tenant, rule, Shape::Read)),
            Err(reply) => reply,
        }
    });
    routes.post(v1!("policySet/{psid}/rule"), |t, c| {
        create_rule(t, c, false)
    });
    routes.post(v2!("policySet/{psid}/rule"), |t, c| create_rule(t, c, true));
    routes.put(v1!("policySet/{psid}/rule/{rid}"), update_rule);
    routes.put(v2!("policySet/{psid}/rule/{rid}"), update_rule);
    routes.delete(v1!("policySet/{psid}/rule/{rid}"), delete_rule);
    routes.put(
        v1!("policySet/{psid}/rule/{rid}/reorder/{order}"),
        reorder_rule,
    );
    routes.put(v1!("policySet/{psid}/reorder"), bulk_reorder);
}

// ---------------------------------------------------------------------------------------------
// Reads

fn list_rules(t: &TenantLock, c: &Call) -> Reply {
    let Some(ty) = policy_type(c.param("type")) else {
        return invalid("policyType");
    };
    let tenant = t.read();
    let rules: Vec<Value> = rules_in_order(&tenant, ty.set_id)
        .iter()
        .filter_map(|id| tenant.get(RULES, id))
        .map(|r| rule_view(&tenant, r, Shape::Read))
        .collect();
    Flavor::Zpa.list(c, rules.iter())
}

fn find_rule<'a>(tenant: &'a Tenant, c: &Call) -> Result<&'a Value, Reply> {
    let set = c.param("psid");
    if tenant.get(POLICY_SETS, set).is_none() {
        return Err(not_found(set));
    }
    let id = c.param("rid");
    tenant
        .get(RULES, id)
        .filter(|r| id_string(&r["policySetId"]) == set)
        .ok_or_else(|| not_found(id))
}

/// Ids of a set's rules by `ruleOrder`, the default rule last.
fn rules_in_order(tenant: &Tenant, set_id: &str) -> Vec<String> {
    let mut rules: Vec<(bool, u64, String)> = tenant
        .rows(RULES)
        .filter(|r| id_string(&r["policySetId"]) == set_id)
        .map(|r| {
            let order = r["ruleOrder"]
                .as_str()
                .and_then(|o| o.parse().ok())
                .unwrap_or(u64::MAX);
            (r["defaultRule"] == json!(true), order, id_string(&r["id"]))
        })
        .collect();
    rules.sort();
    rules.into_iter().map(|(_, _, id)| id).collect()
}

fn custom_rules(tenant: &Tenant, set_id: &str) -> Vec<String> {
    rules_in_order(tenant, set_id)
        .into_iter()
        .filter(|id| {
            tenant
                .get(RULES, id)
                .is_some_and(|r| r["defaultRule"] != json!(true))
        })
        .collect()
}

/// Rewrites `ruleOrder` and `priority` so the custom rules run in `order`, default rule last.
fn renumber(tenant: &mut Tenant, set_id: &str, order: &[String]) {
    let default = rules_in_order(tenant, set_id).into_iter().filter(|id| {
        tenant
            .get(RULES, id)
            .is_some_and(|r| r["defaultRule"] == json!(true))
    });
    let all: Vec<String> = order.iter().cloned().chain(default).collect();
    let total = all.len();
    for (index, id) in all.iter().enumerate() {
        if let Some(rule) = tenant.table_mut(RULES).get_mut(id) {
            rule["ruleOrder"] = json!((index + 1).to_string());
            rule["priority"] = json!((total - index).to_string());
        }
    }
    if let Some(set) = tenant.table_mut(POLICY_SETS).get_mut(set_id) {
        set["modifiedTime"] = json!(now());
        set["modifiedBy"] = json!(API_ADMIN);
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Read,
    CreatedV1,
    CreatedV2,
}

fn rule_view(tenant: &Tenant, rule: &Value, shape: Shape) -> Value {
    let rule_id = rule["id"].clone();
    let mut out = object(rule);
    if shape != Shape::Read {
        out = object(&without(
            &Value::Object(out),
            &[
                "policySetId",
                "extranetEnabled",
                "devicePostureFailureNotificationEnabled",
            ],
        ));
        if shape == Shape::CreatedV2 {
            let mut shaped = Map::new();
            for (k, v) in out {
                if k == "conditions" || k == "defaultRuleName" || k == "defaultRule" {
                    shaped.entry("extranetEnabled").or_insert(json!(false));
                    shaped
                        .entry("devicePostureFailureNotificationEnabled")
                        .or_insert(json!(false));
                    shaped.entry("privilegedCapabilities").or_insert(json!({}));
                    shaped
                        .entry("privilegedPortalCapabilities")
                        .or_insert(json!({}));
                }
                shaped.insert(k, v);
            }
            out = shaped;
        }
    }
    if let Some(conditions) = rule.get("conditions").and_then(Value::as_array) {
        let shown: Vec<Value> = conditions
            .iter()
            .map(|cond| {
                let cond_id = cond["id"].clone();
                let mut c = object(cond);
                let operands: Vec<Value> = cond["operands"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|op| operand_view(tenant, op, &cond_id, shape))
                    .collect();
                c.insert("operands".into(), Value::Array(operands));
                if shape == Shape::Read {
                    c.insert("ruleGid".into(), rule_id.clone());
                }
                Value::Object(c)
            })
            .collect();
        out.insert("conditions".into(), Value::Array(shown));
    }
    if rule.get("appConnectorGroups").is_some() {
        let groups: Vec<Value> = ref_list(rule.get("appConnectorGroups"))
            .iter()
            .filter_map(|id| tenant.get(connectors::CONNECTOR_GROUPS, id))
            .map(|g| match shape {
                Shape::Read => connectors::connector_group_summary(g),
                _ => pick(
                    g,
                    &[
                        "id",
                        "useInDrMode",
                        "connectorGroupType",
                        "wafDisabled",
                        "lssAppConnectorGroup",
                    ],
                ),
            })
            .collect();
        out.insert("appConnectorGroups".into(), Value::Array(groups));
    }
    if rule.get("appServerGroups").is_some() {
        let groups: Vec<Value> = ref_list(rule.get("appServerGroups"))
            .iter()
            .filter_map(|id| tenant.get(apps::SERVER_GROUPS, id))
            .map(|g| {
                pick(
                    g,
                    &[
                        "id",
                        "modifiedTime",
                        "creationTime",
                        "modifiedBy",
                        "name",
                        "enabled",
                        "description",
                        "configSpace",
                        "extranetEnabled",
                        "dynamicDiscovery",
                    ],
                )
            })
            .collect();
        out.insert("appServerGroups".into(), Value::Array(groups));
    }
    Value::Object(out)
}

/// An operand with the names ZPA resolves for it: reads carry `conditionId` and, for
/// IdP-scoped types, `idpId`/`idpName`; the create response only names the IdP.
fn operand_view(tenant: &Tenant, op: &Value, cond_id: &Value, shape: Shape) -> Value {
    let mut out = object(op);
    let object_type = op["objectType"].as_str().unwrap_or_default();
    let lhs = id_string(&op["lhs"]);
    let rhs = id_string(&op["rhs"]);
    let idp_name = |idp: &str| tenant.get(identity::IDPS, idp).map(|i| i["name"].clone());
    if shape != Shape::Read {
        if object_type == "SCIM_GROUP"
            && let Some(name) = idp_name(&lhs)
        {
            out.insert("name".into(), name);
        }
        return Value::Object(out);
    }
    let named = |table: &str, id: &str| tenant.get(table, id).map(|r| r["name"].clone());
    let by_field = |table: &str, field: &str, value: &str| {
        tenant
            .rows(table)
            .find(|r| id_string(&r[field]) == value)
            .map(|r| r["name"].clone())
    };
    match object_type {
        "SCIM_GROUP" => {
            out.insert("idpId".into(), json!(lhs));
            if let Some(name) = idp_name(&lhs) {
                out.insert("idpName".into(), name);
            }
        }
        "SAML" | "SCIM" => {
            let table = if object_type == "SAML" {
                identity::SAML_ATTRIBUTES
            } else {
                identity::SCIM_ATTRIBUTES
            };
            if let Some(attr) = tenant.get(table, &lhs) {
                let idp = id_string(&attr["idpId"]);
                out.insert("name".into(), attr["name"].clone());
                out.insert("idpId".into(), json!(idp));
                if let Some(name) = idp_name(&idp) {
                    out.insert("idpName".into(), name);
                }
            }
        }
        other => {
            let name = match other {
                "APP" => named(apps::APPLICATIONS, &rhs),
                "APP_GROUP" => named(apps::SEGMENT_GROUPS, &rhs),
                "IDP" => named(identity::IDPS, &rhs),
                "MACHINE_GRP" => named(identity::MACHINE_GROUPS, &rhs),
                "POSTURE" => by_field(identity::POSTURES, "postureUdid", &lhs),
                "TRUSTED_NETWORK" => by_field(identity::NETWORKS, "networkId", &lhs),
                "CLIENT_TYPE" => Some(json!(rhs)),
                _ => None,
            };
            if let Some(name) = name {
                out.insert("name".into(), name);
            }
        }
    }
    out.insert("conditionId".into(), cond_id.clone());
    Value::Object(out)
}

// ---------------------------------------------------------------------------------------------
// Writes

/// One condition as parsed from a request: operator, negation and `(objectType, lhs, rhs)`.
type ParsedCondition = (String, bool, Vec<(String, String, String)>);

fn scalar(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn parse_conditions(tenant: &Tenant, input: Option<&Value>) -> Result<Vec<ParsedCondition>, Reply> {
    let Some(input) = input.filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let conditions = input.as_array().ok_or_else(|| invalid("conditions"))?;
    let mut parsed = Vec::new();
    for cond in conditions {
        let operator = cond
            .get("operator")
            .and_then(Value::as_str)
            .unwrap_or("OR")
            .to_uppercase();
        if operator != "AND" && operator != "OR" {
            return Err(invalid("operator"));
        }
        let negated = cond
            .get("negated")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut operands = Vec::new();
        for op in cond
            .get("operands")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let object_type = op
                .get("objectType")
                .and_then(Value::as_str)
                .filter(|t| OBJECT_TYPES.contains(t))
                .ok_or_else(|| invalid("objectType"))?
                .to_owned();
            if let Some(values) = op.get("values").and_then(Value::as_array) {
                for value in values {
                    let rhs = scalar(Some(value)).ok_or_else(|| invalid("values"))?;
                    operands.push((object_type.clone(), "id".to_owned(), rhs));
                }
            } else if let Some(entries) = op.get("entryValues").and_then(Value::as_array) {
                for entry in entries {
                    let lhs = scalar(entry.get("lhs")).ok_or_else(|| invalid("entryValues"))?;
                    let rhs = scalar(entry.get("rhs")).ok_or_else(|| invalid("entryValues"))?;
                    operands.push((object_type.clone(), lhs, rhs));
                }
            } else {
                let lhs = scalar(op.get("lhs")).unwrap_or_else(|| "id".to_owned());
                let rhs = scalar(op.get("rhs")).ok_or_else(|| invalid("rhs"))?;
                operands.push((object_type, lhs, rhs));
            }
        }
        for (object_type, lhs, rhs) in &operands {
            check_operand(tenant, object_type, lhs, rhs)?;
        }
        if !operands.is_empty() {
            parsed.push((operator, negated, operands));
        }
    }
    Ok(parsed)
}

/// Dangling references in operands are refused the way ZPA refuses them: naming the field.
fn check_operand(tenant: &Tenant, object_type: &str, lhs: &str, rhs: &str) -> Result<(), Reply> {
    let exists = |table: &str, id: &str| tenant.get(table, id).is_some();
    let has = |table: &str, field: &str, value: &str| {
        tenant.rows(table).any(|r| id_string(&r[field]) == value)
    };
    let boolean = rhs == "true" || rhs == "false";
    let ok = match object_type {
        "APP" => exists(apps::APPLICATIONS, rhs),
        "APP_GROUP" => exists(apps::SEGMENT_GROUPS, rhs),
        "CLIENT_TYPE" => CLIENT_TYPES.contains(&rhs),
        "IDP" => exists(identity::IDPS, rhs),
        "MACHINE_GRP" => exists(identity::MACHINE_GROUPS, rhs),
        "SCIM_GROUP" => {
            if !exists(identity::IDPS, lhs) {
                return Err(invalid("lhs"));
            }
            tenant
                .get(identity::SCIM_GROUPS, rhs)
                .is_some_and(|g| id_string(&g["idpId"]) == lhs)
        }
        "SAML" => {
            if !exists(identity::SAML_ATTRIBUTES, lhs) {
                return Err(invalid("lhs"));
            }
            true
        }
        "SCIM" => {
            if !exists(identity::SCIM_ATTRIBUTES, lhs) {
                return Err(invalid("lhs"));
            }
            true
        }
        "POSTURE" => {
            if !has(identity::POSTURES, "postureUdid", lhs) {
                return Err(invalid("lhs"));
            }
            boolean
        }
        "TRUSTED_NETWORK" => {
            if !has(identity::NETWORKS, "networkId", lhs) {
                return Err(invalid("lhs"));
            }
            boolean
        }
        "PLATFORM" => {
            if !PLATFORMS.contains(&lhs) {
                return Err(invalid("lhs"));
            }
            boolean
        }
        "COUNTRY_CODE" => {
            if lhs.len() != 2 || !lhs.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(invalid("lhs"));
            }
            boolean
        }
        _ => true,
    };
    if ok { Ok(()) } else { Err(invalid("rhs")) }
}

/// Gives parsed conditions their ids and timestamps, in the stored (v1) shape.
fn build_conditions(tenant: &mut Tenant, parsed: Vec<ParsedCondition>) -> Vec<Value> {
    let stamp = now();
    parsed
        .into_iter()
        .map(|(operator, negated, operands)| {
            let cond_id = tenant.new_id(IdStyle::ShortString);
            let operands: Vec<Value> = operands
                .into_iter()
                .map(|(object_type, lhs, rhs)| {
                    let id = tenant.new_id(IdStyle::ShortString);
                    json!({"id": id, "modifiedTime": stamp, "creationTime": stamp,
                           "modifiedBy": API_ADMIN, "objectType": object_type,
                           "lhs": lhs, "rhs": rhs})
                })
                .collect();
            json!({"id": cond_id, "modifiedTime": stamp, "creationTime": stamp,
                   "modifiedBy": API_ADMIN, "operator": operator, "negated": negated,
                   "operands": operands})
        })
        .collect()
}

/// Validates a rule body into the stored fields (everything but ids, order and conditions).
fn shape_rule(
    tenant: &Tenant,
    ty: &PolicyType,
    body: &Map<String, Value>,
) -> Result<(Map<String, Value>, Vec<ParsedCondition>), Reply> {
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| invalid("name"))?;
    let action = match body.get("action").and_then(Value::as_str) {
        Some(action) => action.to_uppercase(),
        None if ty.actions.len() == 1 => ty.actions[0].to_owned(),
        None => return Err(invalid("action")),
    };
    if !ty.actions.contains(&action.as_str()) {
        return Err(invalid("action"));
    }
    let mut rule = Map::new();
    rule.insert("name".into(), json!(name));
    if let Some(description) = body.get("description").filter(|d| d.is_string()) {
        rule.insert("description".into(), description.clone());
    }
    rule.insert("policyType".into(), json!(ty.code));
    rule.insert("operator".into(), json!("AND"));
    rule.insert("action".into(), json!(action));
    if ty.name == "TIMEOUT_POLICY" {
        for field in ["reauthTimeout", "reauthIdleTimeout"] {
            let value = match body.get(field) {
                None | Some(Value::Null) => "-1".to_owned(),
                Some(v) => scalar(Some(v))
                    .filter(|s| s.parse::<i64>().is_ok())
                    .ok_or_else(|| invalid(field))?,
            };
            rule.insert(field.into(), json!(value));
        }
    }
    if let Some(msg) = body.get("customMsg").filter(|m| m.is_string()) {
        rule.insert("customMsg".into(), msg.clone());
    }
    let disabled = match body.get("disabled") {
        Some(Value::Bool(true)) => "1",
        Some(v) if scalar(Some(v)).as_deref() == Some("1") => "1",
        _ => "0",
    };
    rule.insert("disabled".into(), json!(disabled));
    if ty.name == "ACCESS_POLICY" {
        rule.insert("extranetEnabled".into(), json!(false));
    }
    rule.insert(
        "devicePostureFailureNotificationEnabled".into(),
        json!(false),
    );
    rule.insert("policySetId".into(), json!(ty.set_id));
    let parsed = parse_conditions(tenant, body.get("conditions"))?;
    if ty.default_rule.is_some() {
        rule.insert("defaultRuleName".into(), json!("Default_Rule"));
    }
    rule.insert("defaultRule".into(), json!(false));
    rule.insert("readOnly".into(), json!(false));
    rule.insert("zscalerManaged".into(), json!(false));
    for (field, table) in [
        ("appConnectorGroups", connectors::CONNECTOR_GROUPS),
        ("appServerGroups", apps::SERVER_GROUPS),
    ] {
        if let Some(refs) = body.get(field) {
            let mut holder = Map::new();
            holder.insert(field.into(), refs.clone());
            if !normalise_refs(tenant, &mut holder, field, table)?.is_empty() {
                rule.extend(holder);
            }
        }
    }
    match (ty.name, action.as_str()) {
        ("ISOLATION_POLICY", "ISOLATE") => {
            let profile = scalar(body.get("zpnIsolationProfileId"))
                .filter(|p| tenant.get(services::ISOLATION_PROFILES, p).is_some())
                .ok_or_else(|| invalid("zpnIsolationProfileId"))?;
            rule.insert("zpnIsolationProfileId".into(), json!(profile));
        }
        ("INSPECTION_POLICY", "INSPECT") => {
            let profile = scalar(body.get("zpnInspectionProfileId"))
                .filter(|p| tenant.get(services::INSPECTION_PROFILES, p).is_some())
                .ok_or_else(|| invalid("zpnInspectionProfileId"))?;
            rule.insert("zpnInspectionProfileId".into(), json!(profile));
        }
        ("CREDENTIAL_POLICY", _) => {
            let credential = body
                .get("credential")
                .and_then(|c| scalar(c.get("id")))
                .filter(|c| tenant.get(services::CREDENTIALS, c).is_some())
                .ok_or_else(|| invalid("credential"))?;
            rule.insert("credential".into(), json!({"id": credential}));
        }
        _ => {}
    }
    Ok((rule, parsed))
}

fn create_rule(t: &TenantLock, c: &Call, v2: bool) -> Reply {
    let set_id = c.param("psid");
    let Some(ty) = type_of_set(set_id) else {
        return not_found(set_id);
    };
    let body = match c.body_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let mut tenant = t.write();
    let (fields, parsed) = match shape_rule(&tenant, ty, body) {
        Ok(shaped) => shaped,
        Err(reply) => return reply,
    };
    let mut order = custom_rules(&tenant, set_id);
    let position = match scalar(body.get("ruleOrder")) {
        None => order.len(),
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if (1..=order.len() + 1).contains(&n) => n - 1,
            _ => return invalid("ruleOrder"),
        },
    };
    let id = tenant.new_id(IdStyle::ZpaString);
    let conditions = build_conditions(&mut tenant, parsed);
    let stamp = now();
    let rule = assemble(&id, &stamp, &stamp, fields, conditions);
    let rule_id = id_string(&id);
    tenant.insert(RULES, rule);
    order.insert(position, rule_id.clone());
    renumber(&mut tenant, set_id, &order);
    let shape = if v2 {
        Shape::CreatedV2
    } else {
        Shape::CreatedV1
    };
    match tenant.get(RULES, &rule_id) {
        Some(rule) => Reply::json(201, rule_view(&tenant, rule, shape)),
        None => not_found(&rule_id),
    }
}

/// Orders a rule's fields the way ZPA serialises them.
fn assemble(
    id: &Value,
    created: &str,
    modified: &str,
    fields: Map<String, Value>,
    conditions: Vec<Value>,
) -> Value {
    let mut rule = Map::new();
    rule.insert("id".into(), id.clone());
    rule.insert("modifiedTime".into(), json!(modified));
    rule.insert("creationTime".into(), json!(created));
    rule.insert("modifiedBy".into(), json!(API_ADMIN));
    let mut conditions = Some(conditions).filter(|c| !c.is_empty());
    for (k, v) in fields {
        if k == "policyType" {
            rule.insert("ruleOrder".into(), json!("0"));
            rule.insert("priority".into(), json!("0"));
        }
        if (k == "defaultRuleName" || k == "defaultRule")
            && let Some(conditions) = conditions.take()
        {
            rule.insert("conditions".into(), Value::Array(conditions));
        }
        rule.insert(k, v);
    }
    if let Some(conditions) = conditions {
        rule.insert("conditions".into(), Value::Array(conditions));
    }
    Value::Object(rule)
}

fn update_rule(t: &TenantLock, c: &Call) -> Reply {
    let body = match c.body_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let mut tenant = t.write();
    let existing = match find_rule(&tenant, c) {
        Ok(rule) => rule.clone(),
        Err(reply) => return reply,
    };
    let set_id = c.param("psid");
    let Some(ty) = type_of_set(set_id) else {
        return not_found(set_id);
    };
    if existing["defaultRule"] == json!(true) {
        return default_rule_update(&mut tenant, ty, existing, body);
    }
    let (fields, parsed) = match shape_rule(&tenant, ty, body) {
        Ok(shaped) => shaped,
        Err(reply) => return reply,
    };
    let conditions = build_conditions(&mut tenant, parsed);
    let created = existing["creationTime"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut rule = assemble(&existing["id"], &created, &now(), fields, conditions);
    rule["ruleOrder"] = existing["ruleOrder"].clone();
    rule["priority"] = existing["priority"].clone();
    tenant.insert(RULES, rule);
    Reply::empty(204)
}

/// A default rule keeps its name and conditions; only action and timeouts may change.
fn default_rule_update(
    tenant: &mut Tenant,
    ty: &PolicyType,
    mut rule: Value,
    body: &Map<String, Value>,
) -> Reply {
    if let Some(action) = body.get("action").and_then(Value::as_str) {
        if !ty.actions.contains(&action) {
            return invalid("action");
        }
        rule["action"] = json!(action);
    }
    for field in ["reauthTimeout", "reauthIdleTimeout", "customMsg"] {
        if let Some(v) = scalar(body.get(field)) {
            rule[field] = json!(v);
        }
    }
    rule["modifiedTime"] = json!(now());
    tenant.insert(RULES, rule);
    Reply::empty(204)
}

fn delete_rule(t: &TenantLock, c: &Call) -> Reply {
    let mut tenant = t.write();
    let rule = match find_rule(&tenant, c) {
        Ok(rule) => rule.clone(),
        Err(reply) => return reply,
    };
    if rule["defaultRule"] == json!(true) {
        return Reply::json(
            400,
            json!({"id": "default.rule.delete.not.allowed", "params": [],
                   "reason": "The default rule of a policy set cannot be deleted."}),
        );
    }
    let set_id = c.param("psid");
    let id = id_string(&rule["id"]);
    tenant.table_mut(RULES).shift_remove(&id);
    let order = custom_rules(&tenant, set_id);
    renumber(&mut tenant, set_id, &order);
    Reply::empty(204)
}

fn reorder_rule(t: &TenantLock, c: &Call) -> Reply {
    let mut tenant = t.write();
    let rule = match find_rule(&tenant, c) {
        Ok(rule) => rule.clone(),
        Err(reply) => return reply,
    };
    if rule["defaultRule"] == json!(true) {
        return invalid("ruleOrder");
    }
    let set_id = c.param("psid");
    let id = id_string(&rule["id"]);
    let mut order = custom_rules(&tenant, set_id);
    let target = match c.param("order").parse::<usize>() {
        Ok(n) if (1..=order.len()).contains(&n) => n - 1,
        _ => return invalid("ruleOrder"),
    };
    order.retain(|r| *r != id);
    order.insert(target, id);
    renumber(&mut tenant, set_id, &order);
    Reply::empty(204)
}

/// The body lists custom rules of the set, each once, in their new relative order; they take
/// over the positions those rules held, so rules left out keep their places.
fn bulk_reorder(t: &TenantLock, c: &Call) -> Reply {
    let set_id = c.param("psid");
    let mut tenant = t.write();
    if tenant.get(POLICY_SETS, set_id).is_none() {
        return not_found(set_id);
    }
    let Some(Value::Array(items)) = &c.body else {
        return invalid("ruleIds");
    };
    let wanted: Vec<String> = items.iter().filter_map(|i| scalar(Some(i))).collect();
    let current = custom_rules(&tenant, set_id);
    let mut unique = wanted.clone();
    unique.sort();
    unique.dedup();
    if wanted.is_empty()
        || wanted.len() != items.len()
        || unique.len() != wanted.len()
        || wanted.iter().any(|id| !current.contains(id))
    {
        return invalid("ruleIds");
    }
    let mut next = wanted.iter();
    let order: Vec<String> = current
        .iter()
        .map(|id| {
            if wanted.contains(id) {
                next.next().cloned().unwrap_or_else(|| id.clone())
            } else {
                id.clone()
            }
        })
        .collect();
    renumber(&mut tenant, set_id, &order);
    Reply::empty(204)
}

// ---------------------------------------------------------------------------------------------
// Used by other families

/// The name of the first rule with an operand of `object_type` pointing at `id`.
pub(crate) fn rule_referencing(tenant: &Tenant, object_type: &str, id: &str) -> Option<String> {
    tenant
        .rows(RULES)
        .find(|rule| {
            rule["conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| {
                    c["operands"].as_array().into_iter().flatten().any(|op| {
                        op["objectType"] == json!(object_type)
                            && (id_string(&op["rhs"]) == id || id_string(&op["lhs"]) == id)
                    })
                })
        })
        .map(|rule| rule["name"].as_str().unwrap_or_default().to_owned())
}

/// The name of the first rule whose `field` holds `id` (profiles, credentials).
pub(crate) fn rule_with_field(tenant: &Tenant, field: &str, id: &str) -> Option<String> {
    tenant
        .rows(RULES)
        .find(|rule| id_string(&rule[field]) == id || id_string(&rule[field]["id"]) == id)
        .map(|rule| rule["name"].as_str().unwrap_or_default().to_owned())
}

pub(crate) fn rule_using_server_group(tenant: &Tenant, id: &str) -> Option<String> {
    tenant
        .rows(RULES)
        .find(|rule| {
            ref_list(rule.get("appServerGroups"))
                .iter()
                .any(|g| g == id)
        })
        .map(|rule| rule["name"].as_str().unwrap_or_default().to_owned())
}

/// Removes every operand of `object_type` naming `id`, and conditions left empty.
pub(crate) fn drop_operands(tenant: &mut Tenant, object_type: &str, id: &str) {
    for rule in tenant.table_mut(RULES).values_mut() {
        let Some(conditions) = rule.get_mut("conditions").and_then(Value::as_array_mut) else {
            continue;
        };
        for cond in conditions.iter_mut() {
            if let Some(ops) = cond.get_mut("operands").and_then(Value::as_array_mut) {
                ops.retain(|op| {
                    !(op["objectType"] == json!(object_type) && id_string(&op["rhs"]) == id)
                });
            }
        }
        conditions.retain(|c| c["operands"].as_array().is_some_and(|o| !o.is_empty()));
        if conditions.is_empty()
            && let Some(map) = rule.as_object_mut()
        {
            map.remove("conditions");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Seeding

pub(crate) fn seed_policy_sets(tenant: &mut Tenant) {
    for ty in POLICY_TYPES {
        tenant.insert(
            POLICY_SETS,
            json!({"id": ty.set_id, "modifiedTime": "1726870150", "creationTime": "1619672239",
                   "modifiedBy": API_ADMIN, "name": ty.set_name, "enabled": true,
                   "description": ty.description, "policyType": ty.code, "sorted": true}),
        );
        if let Some((rule_id, action, description)) = ty.default_rule {
            let mut rule = json!({
                "id": rule_id, "modifiedTime": "1726870089", "creationTime": "1619672239",
                "modifiedBy": API_ADMIN, "name": "Default_Rule", "description": description,
                "ruleOrder": "1", "priority": "1", "policyType": ty.code, "operator": "AND",
                "action": action,
            });
            if ty.name == "TIMEOUT_POLICY" {
                rule["reauthTimeout"] = json!("-1");
                rule["reauthIdleTimeout"] = json!("-1");
                rule["customMsg"] = json!("Your access to private applications has expired");
            }
            let rest = json!({"disabled": "0", "devicePostureFailureNotificationEnabled": false,
                              "policySetId": ty.set_id, "defaultRuleName": "Default_Rule",
                              "defaultRule": true, "readOnly": false, "zscalerManaged": false});
            if let (Some(r), Some(extra)) = (rule.as_object_mut(), rest.as_object()) {
                r.extend(extra.clone());
            }
            tenant.insert(RULES, rule);
        }
    }
}

/// Adds a demo rule through the same validation a client's v1 create goes through.
pub(crate) fn seed_rule(tenant: &mut Tenant, type_name: &str, body: Value) -> Result<(), Reply> {
    let ty = policy_type(type_name).ok_or_else(|| invalid("policyType"))?;
    let body = object(&body);
    let (fields, parsed) = shape_rule(tenant, ty, &body)?;
    let id = tenant.new_id(IdStyle::ZpaString);
    let conditions = build_conditions(tenant, parsed);
    let stamp = (1_735_000_000 + tenant.rng.below(30_000_000)).to_string();
    let mut rule = assemble(&id, &stamp, &stamp, fields, conditions);
    if let Some(r) = rule.as_object_mut() {
        for cond in r
            .get_mut("conditions")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            cond["modifiedTime"] = json!(stamp);
            cond["creationTime"] = json!(stamp);
            for op in cond["operands"].as_array_mut().into_iter().flatten() {
                op["modifiedTime"] = json!(stamp);
                op["creationTime"] = json!(stamp);
            }
        }
    }
    let rule_id = id_string(&id);
    tenant.insert(RULES, rule);
    let mut order = custom_rules(tenant, ty.set_id);
    order.retain(|r| *r != rule_id);
    order.push(rule_id);
    renumber(tenant, ty.set_id, &order);
    Ok(())
}
