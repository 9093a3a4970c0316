//! Privileged remote access (portals, credentials), browser-access certificates, AppProtection
//! (inspection) and isolation profiles, log streaming (LSS) and microtenants.

use serde_json::{Map, Value, json};

use super::{
    apps, connectors, in_use, invalid, microtenant_name, normalise_refs, now, object, pick, policy,
    ref_list, v1, v2, without,
};
use crate::call::Reply;
use crate::routes::{Resource, Routes};
use crate::seed::DOMAIN;
use crate::store::{Flavor, IdStyle, Tenant, id_string};

pub(crate) const PRA_PORTALS: &str = "zpa.praPortal";
pub(crate) const CREDENTIALS: &str = "zpa.credential";
pub(crate) const CERTIFICATES: &str = "zpa.certificate";
pub(crate) const INSPECTION_PROFILES: &str = "zpa.inspectionProfile";
pub(crate) const ISOLATION_PROFILES: &str = "zpa.isolationProfile";
pub(crate) const LSS_CONFIGS: &str = "zpa.lssConfig";
pub(crate) const MICROTENANTS: &str = "zpa.microtenant";

/// Log types LSS can stream, with the fields their default formats carry.
const LOG_TYPES: &[(&str, &[&str])] = &[
    (
        "zpn_trans_log",
        &[
            "LogTimestamp",
            "Customer",
            "SessionID",
            "ConnectionID",
            "ConnectionStatus",
            "Username",
            "ServicePort",
            "ClientPublicIP",
            "Application",
            "AppGroup",
            "Server",
            "PolicyProcessingTime",
        ],
    ),
    (
        "zpn_auth_log",
        &[
            "LogTimestamp",
            "Customer",
            "Username",
            "SessionID",
            "SessionStatus",
            "Version",
            "Platform",
            "ZEN",
            "Hostname",
            "ClientType",
            "PublicIP",
            "PrivateIP",
        ],
    ),
    (
        "zpn_ast_auth_log",
        &[
            "LogTimestamp",
            "Customer",
            "SessionID",
            "SessionType",
            "SessionStatus",
            "Version",
            "Platform",
            "ZEN",
            "Connector",
            "ConnectorGroup",
            "PrivateIP",
            "PublicIP",
        ],
    ),
    (
        "zpn_http_trans_log",
        &[
            "LogTimestamp",
            "Customer",
            "SessionID",
            "ConnectionID",
            "Username",
            "Method",
            "Host",
            "URL",
            "StatusCode",
            "UserAgent",
            "Application",
        ],
    ),
    (
        "zpn_audit_log",
        &[
            "ModifiedTime",
            "CreationTime",
            "ModifiedBy",
            "RequestID",
            "SessionID",
            "AuditOldValue",
            "AuditNewValue",
            "AuditOperationType",
            "ObjectType",
            "ObjectName",
            "ObjectID",
            "CustomerID",
            "User",
            "ClientAuditUpdate",
        ],
    ),
    (
        "zpn_sys_auth_log",
        &[
            "LogTimestamp",
            "Customer",
            "SessionID",
            "SessionType",
            "SessionStatus",
            "Version",
            "Platform",
            "ZEN",
            "ServiceEdge",
            "PrivateIP",
            "PublicIP",
        ],
    ),
    (
        "zpn_ast_comprehensive_stats",
        &[
            "LogTimestamp",
            "Customer",
            "SessionID",
            "Connector",
            "ConnectorGroup",
            "CPUUtilization",
            "MemUtilization",
            "ActiveConnections",
        ],
    ),
    (
        "zpn_pbroker_comprehensive_stats",
        &[
            "LogTimestamp",
            "Customer",
            "ServiceEdge",
            "ServiceEdgeGroup",
            "CPUUtilization",
            "MemUtilization",
            "ActiveConnections",
        ],
    ),
    (
        "zpn_waf_http_exchanges_log",
        &[
            "LogTimestamp",
            "Customer",
            "SessionID",
            "Application",
            "InspectionProfile",
            "InspectionControl",
            "Action",
            "Severity",
        ],
    ),
];

const CLIENT_TYPES: &[(&str, &str)] = &[
    ("zpn_client_type_exporter", "Web Browser"),
    (
        "zpn_client_type_exporter_noauth",
        "Web Browser Unauthenticated",
    ),
    ("zpn_client_type_browser_isolation", "Cloud Browser"),
    ("zpn_client_type_machine_tunnel", "Machine Tunnel"),
    ("zpn_client_type_ip_anchoring", "ZIA Service Edge"),
    ("zpn_client_type_edge_connector", "Cloud Connector"),
    ("zpn_client_type_zapp", "Client Connector"),
    ("zpn_client_type_slogger", "ZPA LSS"),
    ("zpn_client_type_branch_connector", "Branch Connector"),
    ("zpn_client_type_zapp_partner", "Client Connector Partner"),
    ("zpn_client_type_vdi", "VDI"),
];

pub fn install(routes: &mut Routes) {
    let zpa = Flavor::Zpa;
    routes.resource(
        Resource::new(
            PRA_PORTALS,
            zpa,
            v1!("praPortal"),
            v1!("praPortal/{id}"),
            "LGCUD",
        )
        .required(&["name", "domain", "certificateId"])
        .defaults(|| json!({"enabled": true, "userNotificationEnabled": false}))
        .merge_on_update()
        .hook(portal_hook)
        .view(portal_view)
        .created_view(|_, p| p.clone()),
    );
    routes.resource(
        Resource::new(
            CREDENTIALS,
            zpa,
            v1!("credential"),
            v1!("credential/{id}"),
            "LGCUD",
        )
        .required(&["name", "credentialType"])
        .id_style(IdStyle::ShortString)
        .defaults(|| json!({"microtenantName": "Default"}))
        .merge_on_update()
        .hook(credential_hook)
        .guard_delete(|tenant, id| {
            match policy::rule_with_field(tenant, "credential", id) {
                Some(rule) => Err(in_use(&format!(
                    "Credential {id} is used by policy rule {rule}"
                ))),
                None => Ok(()),
            }
        }),
    );
    routes.resource(
        Resource::new(
            CERTIFICATES,
            zpa,
            v1!("certificate"),
            v1!("certificate/{id}"),
            "LGCUD",
        )
        .merge_on_update()
        .hook(certificate_hook)
        .view(certificate_view)
        .created_view(|_, c| c.clone())
        .guard_delete(certificate_in_use),
    );
    routes.resource(
        Resource::new(
            CERTIFICATES,
            zpa,
            v2!("clientlessCertificate/issued"),
            v2!("clientlessCertificate/issued/{id}"),
            "L",
        )
        .view(certificate_view),
    );
    routes.resource(
        Resource::new(
            INSPECTION_PROFILES,
            zpa,
            v1!("inspectionProfile"),
            v1!("inspectionProfile/{id}"),
            "LGCUD",
        )
        .defaults(|| {
            json!({"paranoiaLevel": "1", "predefinedControlsVersion": "OWASP_CRS/3.3.5",
                   "incarnationNumber": "1", "checkControlDeploymentStatus": false,
                   "zsDefinedControlChoice": "ALL", "apiProfile": false,
                   "overrideAction": "COMMON",
                   "globalControlActions": ["PREDEFINED:PASS", "CUSTOM:NONE", "OVERRIDE_ACTION:COMMON"],
                   "predefinedControls": [], "customControls": []})
        })
        .merge_on_update()
        .hook(inspection_hook)
        .guard_delete(|tenant, id| {
            match policy::rule_with_field(tenant, "zpnInspectionProfileId", id) {
                Some(rule) => Err(in_use(&format!(
                    "Inspection profile {id} is used by policy rule {rule}"
                ))),
                None => Ok(()),
            }
        }),
    );
    routes.get(v1!("isolation/profiles"), |t, c| {
        let tenant = t.read();
        super::with_current_count(Flavor::Zpa.list(c, tenant.rows(ISOLATION_PROFILES)))
    });
    routes.get(v1!("inspectionControls/actionTypes"), |_, _| {
        Reply::ok(json!(["PASS", "BLOCK", "REDIRECT", "ALLOW"]))
    });
    routes.get(v1!("inspectionControls/severityTypes"), |_, _| {
        Reply::ok(json!(["CRITICAL", "ERROR", "WARNING", "INFO"]))
    });
    routes.get(v1!("inspectionControls/controlTypes"), |_, _| {
        Reply::ok(json!([
            "WEBSOCKET_PREDEFINED",
            "WEBSOCKET_CUSTOM",
            "THREATLABZ",
            "CUSTOM",
            "PREDEFINED",
            "API_PREDEFINED",
            "ADP_PREDEFINED"
        ]))
    });
    routes.get(v1!("inspectionControls/custom/httpMethods"), |_, _| {
        Reply::ok(json!([
            "GET",
            "HEAD",
            "POST",
            "OPTIONS",
            "PUT",
            "PATCH",
            "DELETE",
            "CHECKOUT",
            "COPY",
            "LOCK",
            "MERGE",
            "MKACTIVITY",
            "MKCOL",
            "MOVE",
            "PROPFIND",
            "PROPPATCH",
            "UNLOCK",
            "TRACE",
            "CONNECT"
        ]))
    });
    routes.get(v1!("inspectionControls/predefined/versions"), |_, _| {
        Reply::ok(json!(["OWASP_CRS/4.8.0", "OWASP_CRS/3.3.5"]))
    });

    routes.resource(
        Resource::new(
            LSS_CONFIGS,
            zpa,
            v2!("lssConfig"),
            v2!("lssConfig/{id}"),
            "LGCUD",
        )
        .required(&["config"])
        .allow_duplicate_names()
        .merge_on_update()
        .hook(lss_hook)
        .view(lss_view),
    );
    routes.get(
        "/zpa/mgmtconfig/v2/admin/lssConfig/customers/{cid}/clientTypes",
        |_, _| {
            let types: Map<String, Value> = CLIENT_TYPES
                .iter()
                .map(|(k, v)| ((*k).to_owned(), json!(v)))
                .collect();
            Reply::ok(Value::Object(types))
        },
    );
    // With `logType`, the customer path answers that log type's templates only.
    routes.get(v2!("lssConfig/logType/formats"), |_, c| {
        let formats = log_formats();
        match c.query("logType") {
            None => Reply::ok(formats),
            Some(log_type) => match formats.get(log_type) {
                Some(one) => Reply::ok(one.clone()),
                None => invalid("logType"),
            },
        }
    });
    routes.get(
        "/zpa/mgmtconfig/v2/admin/lssConfig/logType/formats",
        |_, _| Reply::ok(log_formats()),
    );
    routes.get("/zpa/mgmtconfig/v2/admin/lssConfig/statusCodes", |_, _| {
        Reply::ok(status_codes())
    });

    routes.get(v1!("microtenants/summary"), |t, _| {
        let tenant = t.read();
        let rows: Vec<Value> = microtenants_in_scope_order(&tenant)
            .into_iter()
            .map(|m| pick(&m, &["id", "name", "enabled"]))
            .collect();
        Reply::ok(Value::Array(rows))
    });
    routes.resource(
        Resource::new(
            MICROTENANTS,
            zpa,
            v1!("microtenants"),
            v1!("microtenants/{id}"),
            "GCUD",
        )
        .defaults(
            || json!({"enabled": true, "operator": "OR", "privilegedApprovalsEnabled": false}),
        )
        .merge_on_update()
        .hook(microtenant_hook)
        .view(microtenant_view)
        .created_view(|_, m| m.clone())
        .guard_delete(microtenant_in_use),
    );
    routes.get(v1!("microtenants"), |t, c| {
        let tenant = t.read();
        let rows: Vec<Value> = microtenants_in_scope_order(&tenant)
            .iter()
            .map(|m| microtenant_view(&tenant, m))
            .collect();
        Flavor::Zpa.list(c, rows.iter())
    });
    routes.get(v1!("authDomains"), |t, _| {
        let tenant = t.read();
        Reply::ok(json!({"authDomains": [DOMAIN, format!("{}.zslogin.net", tenant.customer_id)]}))
    });
}

// ---------------------------------------------------------------------------------------------
// PRA portals and credentials

fn portal_hook(tenant: &Tenant, portal: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(portal);
    let cert = id_string(portal.get("certificateId").unwrap_or(&Value::Null));
    if tenant.get(CERTIFICATES, &cert).is_none() {
        return Err(invalid("certificateId"));
    }
    portal.insert("certificateId".into(), json!(cert));
    if !portal
        .get("domain")
        .and_then(Value::as_str)
        .is_some_and(|d| d.contains('.') && !d.contains(' '))
    {
        return Err(invalid("domain"));
    }
    for derived in ["certificateName", "cName", "microtenantName"] {
        portal.remove(derived);
    }
    Ok(())
}

fn portal_view(tenant: &Tenant, portal: &Value) -> Value {
    let mut out = object(portal);
    if let Some(cert) = tenant.get(CERTIFICATES, &id_string(&portal["certificateId"])) {
        out.insert("certificateName".into(), cert["name"].clone());
    }
    out.insert("cName".into(), portal["domain"].clone());
    out.insert("microtenantName".into(), microtenant_name(tenant, portal));
    Value::Object(out)
}

/// Secrets are write-only: they reset `lastCredentialResetTime` and are never stored.
fn credential_hook(_: &Tenant, credential: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(credential);
    let kind = credential
        .get("credentialType")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let needs: &[&str] = match kind.as_str() {
        "USERNAME_PASSWORD" => &["userName"],
        "SSH_KEY" => &["userName"],
        "PASSWORD" => &[],
        _ => return Err(invalid("credentialType")),
    };
    for field in needs {
        if credential
            .get(*field)
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(invalid(field));
        }
    }
    let secret_field = if kind == "SSH_KEY" {
        "privateKey"
    } else {
        "password"
    };
    let secret_given = credential
        .get(secret_field)
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty());
    let first_time = !credential.contains_key("lastCredentialResetTime");
    if first_time && !secret_given {
        return Err(invalid(secret_field));
    }
    if secret_given {
        credential.insert("lastCredentialResetTime".into(), json!(now()));
    }
    for secret in ["password", "privateKey", "passphrase"] {
        credential.remove(secret);
    }
    if kind == "PASSWORD" {
        credential.remove("userName");
        credential.remove("userDomain");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Browser-access certificates

/// A create carries the PEM in `certBlob`; ZPA answers with what it parsed out of it. The
/// emulator does not parse X.509, so the subject follows the certificate's name.
fn certificate_hook(tenant: &Tenant, cert: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(cert);
    let created = super::stored(tenant, CERTIFICATES, cert).is_none();
    let blob = cert.remove("certBlob");
    if created {
        let pem = blob
            .as_ref()
            .and_then(Value::as_str)
            .filter(|b| b.contains("-----BEGIN CERTIFICATE-----"))
            .ok_or_else(|| invalid("certBlob"))?;
        let name = cert.get("name").and_then(Value::as_str).unwrap_or_default();
        let cn = if name.contains('.') {
            name.to_owned()
        } else {
            format!("{name}.{DOMAIN}")
        };
        let first = pem.find("-----BEGIN CERTIFICATE-----").unwrap_or(0);
        let end_marker = "-----END CERTIFICATE-----";
        let last = pem[first..]
            .find(end_marker)
            .map_or(pem.len(), |e| first + e + end_marker.len());
        let stamp = now();
        let valid_to = stamp.parse::<u64>().unwrap_or(0) + 10 * 365 * 86_400;
        let subject = format!("CN={cn},OU=IT,O=Acme Demo,L=San Jose,ST=California,C=US");
        let fields = json!({
            "validFromInEpochSec": stamp, "validToInEpochSec": valid_to.to_string(),
            "certificate": format!("{}\n", &pem[first..last]),
            "issuedTo": subject, "issuedBy": subject,
            "serialNo": format!("{}{}", stamp, cn.len() * 7919),
            "publicKey": "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n",
            "san": [cn], "readOnly": false, "zscalerManaged": false, "cName": cn,
        });
        cert.extend(object(&fields));
    }
    cert.remove("microtenantName");
    Ok(())
}

fn certificate_view(tenant: &Tenant, cert: &Value) -> Value {
    let mut out = object(cert);
    out.insert("microtenantName".into(), microtenant_name(tenant, cert));
    Value::Object(out)
}

fn certificate_in_use(tenant: &Tenant, id: &str) -> Result<(), Reply> {
    if let Some(portal) = tenant
        .rows(PRA_PORTALS)
        .find(|p| id_string(&p["certificateId"]) == id)
    {
        return Err(in_use(&format!(
            "Certificate {id} is used by PRA portal {}",
            portal["name"].as_str().unwrap_or_default()
        )));
    }
    let used_by_app = tenant.rows(apps::APPLICATIONS).find(|a| {
        a["commonAppsDto"]["appsConfig"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| id_string(&c["certificateId"]) == id)
    });
    match used_by_app {
        Some(app) => Err(in_use(&format!(
            "Certificate {id} is used by application segment {}",
            app["name"].as_str().unwrap_or_default()
        ))),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// AppProtection (inspection) profiles

fn inspection_hook(_: &Tenant, profile: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(profile);
    super::string_number(profile, "paranoiaLevel")?;
    let level: u8 = profile["paranoiaLevel"]
        .as_str()
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    if !(1..=4).contains(&level) {
        return Err(invalid("paranoiaLevel"));
    }
    let mut info = Vec::new();
    for (field, kind) in [
        ("predefinedControls", "PREDEFINED"),
        ("customControls", "CUSTOM"),
    ] {
        let controls = profile
            .get(field)
            .and_then(Value::as_array)
            .ok_or_else(|| invalid(field))?;
        if controls.iter().any(|c| c.get("id").is_none()) {
            return Err(invalid(field));
        }
        if !controls.is_empty() {
            info.push(json!({"controlType": kind, "count": controls.len().to_string()}));
        }
    }
    profile.insert("controlsInfo".into(), Value::Array(info));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Log streaming (v2): `{id, config: {...}, connectorGroups: [...], policyRuleResource}`

fn lss_hook(tenant: &Tenant, lss: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(lss);
    let id = lss.get("id").cloned().unwrap_or(Value::Null);
    let Some(Value::Object(config)) = lss.get_mut("config") else {
        return Err(invalid("config"));
    };
    for field in ["name", "lssHost", "lssPort", "sourceLogType", "format"] {
        if config.get(field).is_none_or(|v| v.is_null() || v == "") {
            return Err(invalid(field));
        }
    }
    super::string_number(config, "lssPort")?;
    let port: u32 = config["lssPort"]
        .as_str()
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    if !(1..=65535).contains(&port) {
        return Err(invalid("lssPort"));
    }
    let log_type = config["sourceLogType"].as_str().unwrap_or_default();
    if !LOG_TYPES.iter().any(|(t, _)| *t == log_type) {
        return Err(invalid("sourceLogType"));
    }
    config.insert("id".into(), id);
    config.entry("enabled").or_insert(json!(true));
    config.entry("useTls").or_insert(json!(false));
    config.entry("filter").or_insert(json!([]));
    let name = config["name"].clone();
    lss.insert("name".into(), name);
    let groups = normalise_refs(tenant, lss, "connectorGroups", connectors::CONNECTOR_GROUPS)?;
    if groups.is_empty() {
        return Err(invalid("connectorGroups"));
    }
    Ok(())
}

fn lss_view(tenant: &Tenant, lss: &Value) -> Value {
    let mut out = object(&without(lss, &["name"]));
    let groups: Vec<Value> = ref_list(lss.get("connectorGroups"))
        .iter()
        .filter_map(|id| tenant.get(connectors::CONNECTOR_GROUPS, id))
        .map(|g| pick(g, &["id", "name"]))
        .collect();
    out.insert("connectorGroups".into(), Value::Array(groups));
    Value::Object(out)
}

fn log_formats() -> Value {
    let mut formats = Map::new();
    for (log_type, fields) in LOG_TYPES {
        let json_fields: Vec<String> = fields
            .iter()
            .map(|f| format!("\"{f}\":%j{{{f}}}"))
            .collect();
        let csv: Vec<String> = fields.iter().map(|f| format!("%s{{{f}:csv}}")).collect();
        let tsv: Vec<String> = fields.iter().map(|f| format!("%s{{{f}}}")).collect();
        formats.insert(
            (*log_type).to_owned(),
            json!({"json": format!("{{{}}}\\n", json_fields.join(",")),
                   "csv": format!("{}\\n", csv.join(",")),
                   "tsv": format!("{}\\n", tsv.join("\\t"))}),
        );
    }
    Value::Object(formats)
}

fn status_codes() -> Value {
    json!({
        "zpn_auth_log": {
            "ZPN_STATUS_AUTHENTICATED": "The client was authenticated",
            "ZPN_STATUS_AUTH_FAILED": "The client failed authentication",
            "ZPN_STATUS_DISCONNECTED": "The client disconnected",
            "ZPN_STATUS_TIMEOUT": "The client timed out"
        },
        "zpn_ast_auth_log": {
            "ZPN_STATUS_AUTHENTICATED": "The App Connector was authenticated",
            "ZPN_STATUS_AUTH_FAILED": "The App Connector failed authentication",
            "ZPN_STATUS_DISCONNECTED": "The App Connector disconnected"
        },
        "zpn_trans_log": {
            "BRK_MT_SETUP_FAIL_BIND_TO_AST_LOCAL_OWNER": "Setup failed: the App Connector is not the local owner",
            "BRK_MT_TERMINATED_IDLE_TIMEOUT": "Session terminated after the idle timeout",
            "BRK_MT_AUTH_NO_APP_FOUND": "No application segment matched the request",
            "BRK_MT_SETUP_FAIL_REJECTED_BY_POLICY": "The access policy rejected the request",
            "AST_MT_SETUP_ERR_HASH_TBL_FULL": "The App Connector's connection table is full",
            "AST_MT_SETUP_ERR_CONN_PEER": "The App Connector could not reach the server"
        },
        "zpn_sys_auth_log": {
            "ZPN_STATUS_AUTHENTICATED": "The Private Service Edge was authenticated",
            "ZPN_STATUS_DISCONNECTED": "The Private Service Edge disconnected"
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Microtenants: "Default" (id "0") always exists and sorts last.

pub(crate) fn seed_default_microtenant(tenant: &mut Tenant) {
    tenant.insert(
        MICROTENANTS,
        json!({"id": "0", "name": "Default",
               "description": "This is the default Microtenant for users not associated to any Microtenant",
               "enabled": true, "operator": "OR", "privilegedApprovalsEnabled": true}),
    );
}

fn microtenants_in_scope_order(tenant: &Tenant) -> Vec<Value> {
    let mut rows: Vec<Value> = tenant
        .rows(MICROTENANTS)
        .filter(|m| m["id"] != json!("0"))
        .cloned()
        .collect();
    rows.extend(tenant.get(MICROTENANTS, "0").cloned());
    rows
}

fn microtenant_hook(tenant: &Tenant, micro: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(micro);
    if let Some(attr) = micro.get("criteriaAttribute")
        && attr.as_str() != Some("AuthDomain")
    {
        return Err(invalid("criteriaAttribute"));
    }
    if let Some(values) = micro.get("criteriaAttributeValues") {
        let domains: Vec<&str> = values
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let known = [
            DOMAIN.to_owned(),
            format!("{}.zslogin.net", tenant.customer_id),
        ];
        if domains.iter().any(|d| !known.iter().any(|k| k == d)) {
            return Err(invalid("criteriaAttributeValues"));
        }
    }
    micro.remove("scopeOrder");
    Ok(())
}

fn microtenant_view(tenant: &Tenant, micro: &Value) -> Value {
    let position = microtenants_in_scope_order(tenant)
        .iter()
        .position(|m| m["id"] == micro["id"])
        .map_or(1, |p| p + 1);
    let mut out = object(micro);
    out.insert("scopeOrder".into(), json!(position.to_string()));
    Value::Object(out)
}

fn microtenant_in_use(tenant: &Tenant, id: &str) -> Result<(), Reply> {
    if id == "0" {
        return Err(invalid("id"));
    }
    let owns = [
        apps::APPLICATIONS,
        apps::SEGMENT_GROUPS,
        apps::SERVER_GROUPS,
        connectors::CONNECTOR_GROUPS,
    ]
    .iter()
    .any(|table| {
        tenant
            .rows(table)
            .any(|r| id_string(&r["microtenantId"]) == id)
    });
    if owns {
        return Err(in_use(&format!(
            "Microtenant {id} still owns configuration"
        )));
    }
    Ok(())
}
