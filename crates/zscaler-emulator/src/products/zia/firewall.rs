//! Cloud firewall: filtering, DNS and IPS rules, custom IPS signatures, IP source/destination
//! groups, network services and their groups, network applications and their groups, plus the
//! rule labels and time intervals every rule family references.

use serde_json::{Map, Value, json};

use super::directory::reference;
use super::policy::{self, RuleSet, seed_rule};
use super::{
    fill_defaults, get_route, id_name, in_use, invalid_arg, list_route, predefined_refusal,
    resolve_refs, rule_using, rules_using_count,
};
use crate::call::{Product, Reply};
use crate::routes::{Resource, Routes};
use crate::store::{Flavor, IdStyle, Tenant, id_string};

/// `(name, type, tcp ports, udp ports)`; an empty list with `Some` means "any port".
type ServiceDef = (
    &'static str,
    &'static str,
    Option<&'static [(i64, i64)]>,
    Option<&'static [(i64, i64)]>,
);

const PREDEFINED_SERVICE_BASE: i64 = 773_995;

const SERVICES: &[ServiceDef] = &[
    ("ICMP_ANY", "STANDARD", None, None),
    ("UDP_ANY", "STANDARD", None, Some(&[])),
    ("TCP_ANY", "STANDARD", Some(&[]), None),
    ("DNS", "PREDEFINED", Some(&[(53, 53)]), Some(&[(53, 53)])),
    ("HTTP", "PREDEFINED", Some(&[(80, 80)]), None),
    (
        "HTTPS",
        "PREDEFINED",
        Some(&[(443, 443)]),
        Some(&[(443, 443)]),
    ),
    ("FTP", "PREDEFINED", Some(&[(21, 21)]), None),
    ("SSH", "PREDEFINED", Some(&[(22, 22)]), None),
    ("SMTP", "PREDEFINED", Some(&[(25, 25)]), None),
    ("NTP", "PREDEFINED", None, Some(&[(123, 123)])),
    ("RDP", "PREDEFINED", Some(&[(3389, 3389)]), None),
    ("SNMP", "PREDEFINED", None, Some(&[(161, 162)])),
    (
        "LDAP",
        "PREDEFINED",
        Some(&[(389, 389)]),
        Some(&[(389, 389)]),
    ),
    ("LDAPS", "PREDEFINED", Some(&[(636, 636)]), None),
    (
        "KERBEROS",
        "PREDEFINED",
        Some(&[(88, 88)]),
        Some(&[(88, 88)]),
    ),
    ("SMB", "PREDEFINED", Some(&[(445, 445)]), None),
    ("IMAP", "PREDEFINED", Some(&[(143, 143)]), None),
    ("POP3", "PREDEFINED", Some(&[(110, 110)]), None),
    ("SYSLOG", "PREDEFINED", None, Some(&[(514, 514)])),
    (
        "NETBIOS",
        "PREDEFINED",
        Some(&[(139, 139)]),
        Some(&[(137, 138)]),
    ),
];

/// Network applications ZIA recognises (`id`, `parentCategory`), read-only in every tenant.
pub(crate) const NETWORK_APPS: &[(&str, &str)] = &[
    ("APNS", "APP_SERVICE"),
    ("APPSTORE", "APP_SERVICE"),
    ("DICT", "APP_SERVICE"),
    ("DNS_OVER_HTTPS", "APP_SERVICE"),
    ("GOOGLE_DNS", "APP_SERVICE"),
    ("ICLOUD", "APP_SERVICE"),
    ("SKYPE", "INSTANT_MESSAGING"),
    ("SLACK", "INSTANT_MESSAGING"),
    ("TEAMS", "INSTANT_MESSAGING"),
    ("WHATSAPP", "INSTANT_MESSAGING"),
    ("ZOOM", "ENTERPRISE_COLLABORATION"),
    ("WEBEX", "ENTERPRISE_COLLABORATION"),
    ("OFFICE365", "ENTERPRISE_COLLABORATION"),
    ("SHAREPOINT", "ENTERPRISE_COLLABORATION"),
    ("ONEDRIVE", "FILE_SHARE"),
    ("YAMMER", "SOCIAL_NETWORKING"),
    ("OUTLOOK", "WEBMAIL"),
    ("EXCHANGE", "WEBMAIL"),
    ("DROPBOX", "FILE_SHARE"),
    ("BOX", "FILE_SHARE"),
    ("GOOGLE_DRIVE", "FILE_SHARE"),
    ("BITTORRENT", "P2P"),
    ("TOR", "TUNNELING"),
    ("OPENVPN", "TUNNELING"),
    ("IPSEC", "TUNNELING"),
    ("SSH", "REMOTE_ACCESS"),
    ("RDP", "REMOTE_ACCESS"),
    ("TEAMVIEWER", "REMOTE_ACCESS"),
    ("ANYDESK", "REMOTE_ACCESS"),
    ("VNC", "REMOTE_ACCESS"),
    ("NETFLIX", "STREAMING_MEDIA"),
    ("YOUTUBE", "STREAMING_MEDIA"),
    ("SPOTIFY", "STREAMING_MEDIA"),
    ("STEAM", "GAMING"),
    ("MINECRAFT", "GAMING"),
    ("SALESFORCE", "BUSINESS_PRODUCTIVITY"),
    ("SERVICENOW", "BUSINESS_PRODUCTIVITY"),
    ("GITHUB", "SYSTEM_AND_DEVELOPMENT"),
    ("AWS", "HOSTING_PROVIDER"),
    ("AZURE", "HOSTING_PROVIDER"),
];

const FIREWALL_REFS: &[(&str, &str)] = &[
    ("locations", "zia.locations"),
    ("locationGroups", "zia.locationGroups"),
    ("departments", "zia.departments"),
    ("groups", "zia.groups"),
    ("users", "zia.users"),
    ("timeWindows", "zia.timeIntervals"),
    ("labels", "zia.ruleLabels"),
    ("srcIpGroups", "zia.ipSourceGroups"),
    ("destIpGroups", "zia.ipDestinationGroups"),
    ("nwServices", "zia.networkServices"),
    ("nwServiceGroups", "zia.networkServiceGroups"),
    ("nwApplicationGroups", "zia.networkApplicationGroups"),
    ("deviceGroups", "zia.deviceGroups"),
    ("devices", "zia.devices"),
];

fn firewall_defaults() -> Value {
    json!({
        "accessControl": "READ_WRITE", "rank": 7, "action": "ALLOW", "state": "ENABLED",
        "description": "", "enableFullLogging": false, "srcIps": [], "destAddresses": [],
        "destCountries": [], "sourceCountries": [], "destIpCategories": [], "nwApplications": [],
        "excludeSrcCountries": false, "isEunEnabled": false, "eunTemplateId": 0, "capturePCAP": false,
    })
}

fn dns_defaults() -> Value {
    json!({
        "action": "ALLOW", "capturePCAP": false, "accessControl": "READ_WRITE", "rank": 7,
        "description": "", "endPointApplications": [], "endPointApplicationGroups": [],
        "excludeContextShieldEndPoint": false, "protocols": ["ANY_RULE"], "state": "ENABLED",
        "destCountries": [], "sourceCountries": [], "destIpCategories": ["ANY"], "resCategories": ["ANY"],
        "applications": [], "applicationGroups": [], "dnsRuleRequestTypes": [], "isEunEnabled": false,
        "eunTemplateId": 0, "isWebEUNEnabled": false, "defaultDnsRuleNameUsed": false,
    })
}

fn ips_defaults() -> Value {
    json!({
        "accessControl": "READ_WRITE", "rank": 7, "action": "ALLOW", "state": "ENABLED",
        "description": "", "enableFullLogging": false, "srcIps": [], "destAddresses": [],
        "destCountries": [], "sourceCountries": [], "destIpCategories": [], "threatCategories": [],
        "resCategories": [], "capturePCAP": false, "excludeSrcCountries": false,
    })
}

pub fn install(routes: &mut Routes) {
    let zia = Flavor::Zia;
    policy::install(
        routes,
        RuleSet {
            table: "zia.firewallFilteringRules",
            collection: api!("/firewallFilteringRules"),
            item: api!("/firewallFilteringRules/{id}"),
            lite: None,
            defaults: firewall_defaults,
            refs: FIREWALL_REFS,
            check: Some(check_firewall_rule),
            scoped: false,
        },
    );
    policy::install(
        routes,
        RuleSet {
            table: "zia.firewallDnsRules",
            collection: api!("/firewallDnsRules"),
            item: api!("/firewallDnsRules/{id}"),
            lite: None,
            defaults: dns_defaults,
            refs: &FIREWALL_REFS[..9],
            check: Some(check_dns_rule),
            scoped: false,
        },
    );
    policy::install(
        routes,
        RuleSet {
            table: "zia.firewallIpsRules",
            collection: api!("/firewallIpsRules"),
            item: api!("/firewallIpsRules/{id}"),
            lite: None,
            defaults: ips_defaults,
            refs: &FIREWALL_REFS[..11],
            check: Some(|_, rule| {
                one_of(
                    rule,
                    "action",
                    &["ALLOW", "BLOCK_DROP", "BLOCK_RESET", "BYPASS_IPS"],
                )
            }),
            scoped: false,
        },
    );

    routes.resource(
        Resource::new(
            "zia.ipsSignatureRules",
            zia,
            api!("/ipsSignatureRules"),
            api!("/ipsSignatureRules/{id}"),
            "LGCUD",
        )
        .required(&["name", "ruleText"])
        .defaults(signature_defaults)
        .hook(signature_hook),
    );

    list_route(
        routes,
        api!("/ipSourceGroups/lite"),
        "zia.ipSourceGroups",
        id_name,
    );
    routes.resource(
        Resource::new(
            "zia.ipSourceGroups",
            zia,
            api!("/ipSourceGroups"),
            api!("/ipSourceGroups/{id}"),
            "LGCUD",
        )
        .defaults(|| {
            json!({"ipAddresses": [], "description": "", "creatorContext": "ZIA",
                   "isNonEditable": false, "extranetIpPool": false})
        })
        .hook(|_, group| {
            fill_defaults(
                group,
                json!({"description": "", "creatorContext": "ZIA",
                "isNonEditable": false, "extranetIpPool": false}),
            );
            check_addresses(group, "ipAddresses", true)
        })
        .guard_delete(|tenant, id| {
            rule_using(tenant, &["srcIpGroups", "sourceIpGroups"], id)
                .map_or(Ok(()), |rule| Err(in_use("IP source group", id, &rule)))
        }),
    );
    list_route(
        routes,
        api!("/ipDestinationGroups/lite"),
        "zia.ipDestinationGroups",
        |_, row| json!({"id": row["id"], "name": row["name"], "type": row["type"]}),
    );
    routes.resource(
        Resource::new(
            "zia.ipDestinationGroups",
            zia,
            api!("/ipDestinationGroups"),
            api!("/ipDestinationGroups/{id}"),
            "LGCUD",
        )
        .defaults(ip_destination_defaults)
        .hook(ip_destination_hook)
        .view(|_, row| {
            let mut view = row.clone();
            view["ipAddresses"] = row["addresses"].clone();
            view
        })
        .guard_delete(|tenant, id| {
            rule_using(tenant, &["destIpGroups"], id).map_or(Ok(()), |rule| {
                Err(in_use("IP destination group", id, &rule))
            })
        }),
    );

    list_route(
        routes,
        api!("/networkServices/lite"),
        "zia.networkServices",
        id_name,
    );
    routes.resource(
        Resource::new(
            "zia.networkServices",
            zia,
            api!("/networkServices"),
            api!("/networkServices/{id}"),
            "LGCUD",
        )
        .defaults(|| json!({"type": "CUSTOM"}))
        .hook(network_service_hook)
        .guard_delete(|tenant, id| {
            if tenant
                .get("zia.networkServices", id)
                .is_some_and(|s| s["type"] != "CUSTOM")
            {
                return Err(predefined_refusal("network service"));
            }
            if let Some(group) = tenant
                .rows("zia.networkServiceGroups")
                .find(|g| super::refers_to(g, "services", id))
            {
                let user = format!(
                    "network service group \"{}\"",
                    group["name"].as_str().unwrap_or_default()
                );
                return Err(in_use("Network service", id, &user));
            }
            rule_using(tenant, &["nwServices"], id)
                .map_or(Ok(()), |rule| Err(in_use("Network service", id, &rule)))
        }),
    );
    list_route(
        routes,
        api!("/networkServiceGroups/lite"),
        "zia.networkServiceGroups",
        id_name,
    );
    routes.resource(
        Resource::new(
            "zia.networkServiceGroups",
            zia,
            api!("/networkServiceGroups"),
            api!("/networkServiceGroups/{id}"),
            "LGCUD",
        )
        .required(&["name", "services"])
        .defaults(|| json!({"description": "", "creatorContext": "ZIA"}))
        .hook(|tenant, group| {
            fill_defaults(group, json!({"description": "", "creatorContext": "ZIA"}));
            resolve_refs(tenant, group, &[("services", "zia.networkServices")])
        })
        .guard_delete(|tenant, id| {
            rule_using(tenant, &["nwServiceGroups"], id).map_or(Ok(()), |rule| {
                Err(in_use("Network service group", id, &rule))
            })
        }),
    );
    routes.resource(
        Resource::new(
            "zia.networkApplicationGroups",
            zia,
            api!("/networkApplicationGroups"),
            api!("/networkApplicationGroups/{id}"),
            "LGCUD",
        )
        .required(&["name", "networkApplications"])
        .defaults(|| json!({"description": ""}))
        .hook(|_, group| {
            fill_defaults(group, json!({"description": ""}));
            check_network_apps(group, "networkApplications")
        })
        .guard_delete(|tenant, id| {
            rule_using(tenant, &["nwApplicationGroups"], id).map_or(Ok(()), |rule| {
                Err(in_use("Network application group", id, &rule))
            })
        }),
    );
    routes.get(api!("/networkApplications"), |_, c| {
        let search = c.query("search").map(str::to_lowercase);
        let apps: Vec<Value> = NETWORK_APPS
            .iter()
            .filter(|(id, _)| {
                search
                    .as_ref()
                    .is_none_or(|s| id.to_lowercase().contains(s))
            })
            .map(|(id, parent)| network_app(id, parent))
            .collect();
        // These records have no `name`: `search` matched the id above, so page them here
        // rather than let the generic list filter them out by name.
        let (page, size) = match (c.query_u64("page"), c.query_u64("pageSize")) {
            (Ok(page), Ok(size)) => (
                page.unwrap_or(1).max(1),
                size.unwrap_or(100).clamp(1, 10_000),
            ),
            (Err(reply), _) | (_, Err(reply)) => return reply,
        };
        let skip = usize::try_from((page - 1) * size).unwrap_or(usize::MAX);
        let page: Vec<Value> = apps.into_iter().skip(skip).take(size as usize).collect();
        Reply::ok(Value::Array(page))
    });
    routes.get(api!("/networkApplications/{id}"), |_, c| match NETWORK_APPS
        .iter()
        .find(|(id, _)| *id == c.param("id"))
    {
        Some((id, parent)) => Reply::ok(network_app(id, parent)),
        None => Reply::not_found(Product::Zia, c.param("id")),
    });

    routes.resource(
        Resource::new(
            "zia.ruleLabels",
            zia,
            api!("/ruleLabels"),
            api!("/ruleLabels/{id}"),
            "LGCUD",
        )
        .defaults(|| json!({"description": "", "createdBy": super::admin_ref()}))
        .hook(|_, label| {
            label.entry("createdBy").or_insert_with(super::admin_ref);
            label.entry("description").or_insert(json!(""));
            Ok(())
        })
        .view(|tenant, row| {
            let mut view = row.clone();
            view["referencedRuleCount"] =
                json!(rules_using_count(tenant, "labels", &id_string(&row["id"])));
            view
        })
        .guard_delete(|tenant, id| {
            rule_using(tenant, &["labels"], id)
                .map_or(Ok(()), |rule| Err(in_use("Rule label", id, &rule)))
        }),
    );
    routes.resource(
        Resource::new(
            "zia.timeIntervals",
            zia,
            api!("/timeIntervals"),
            api!("/timeIntervals/{id}"),
            "LGCUD",
        )
        .required(&["name", "startTime", "endTime", "daysOfWeek"])
        .hook(time_interval_hook)
        .guard_delete(|tenant, id| {
            rule_using(tenant, &["timeWindows"], id)
                .map_or(Ok(()), |rule| Err(in_use("Time interval", id, &rule)))
        }),
    );
    get_route(
        routes,
        api!("/timeIntervals/lite/{id}"),
        "zia.timeIntervals",
        id_name,
    );
}

fn signature_defaults() -> Value {
    json!({"description": "", "enabled": true, "deleted": false, "category": {"id": 0, "name": "CUSTOM"},
           "dynamicValidationSubmitted": false, "dynamicValidationRejected": false,
           "dynamicValidationSucceeded": true, "disabledFromZSCM": false})
}

/// The value of a Snort option (`sid`, `rev`, …) in a signature's parenthesised option list.
fn signature_option(text: &str, key: &str) -> Option<String> {
    let (_, rest) = text.split_once('(')?;
    let (inside, _) = rest.rsplit_once(')')?;
    inside.split(';').map(str::trim).find_map(|kv| {
        let value = kv.strip_prefix(key)?.trim_start().strip_prefix(':')?;
        Some(value.trim().to_owned())
    })
}

/// ZIA checks a custom signature's text the way Snort does: options in parentheses that must
/// include `sid:` (unique in the tenant) and `rev:`; names are at most 31 characters.
fn signature_hook(tenant: &Tenant, sig: &mut Map<String, Value>) -> Result<(), Reply> {
    fill_defaults(sig, signature_defaults());
    let name = sig.get("name").and_then(Value::as_str).unwrap_or_default();
    if name.chars().count() > 31 {
        return Err(invalid_arg("name must be at most 31 characters"));
    }
    let text = match sig.get("ruleText") {
        Some(Value::String(text)) => text.trim().to_owned(),
        _ => return Err(super::invalid_body()),
    };
    let (Some(sid), Some(_)) = (
        signature_option(&text, "sid"),
        signature_option(&text, "rev"),
    ) else {
        return Err(invalid_arg(
            "Invalid ruleText: a signature needs sid: and rev: options",
        ));
    };
    let own = sig.get("id").map(id_string);
    if tenant.rows("zia.ipsSignatureRules").any(|r| {
        Some(id_string(&r["id"])) != own
            && r["ruleText"]
                .as_str()
                .and_then(|t| signature_option(t, "sid"))
                .as_deref()
                == Some(sid.as_str())
    }) {
        return Err(invalid_arg(&format!(
            "Invalid ruleText: sid {sid} is already used"
        )));
    }
    sig.insert("ruleText".into(), json!(text));
    sig.insert(
        "ruleTextModTime".into(),
        json!(crate::store::epoch_seconds()),
    );
    Ok(())
}

fn network_app(id: &str, parent: &str) -> Value {
    json!({"id": id, "parentCategory": parent, "description": format!("{id}_DESC"), "deprecated": false})
}

pub(crate) fn one_of(
    rule: &Map<String, Value>,
    field: &str,
    allowed: &[&str],
) -> Result<(), Reply> {
    match rule.get(field) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(v)) if allowed.contains(&v.as_str()) => Ok(()),
        Some(Value::String(v)) => Err(invalid_arg(&format!("Invalid {field}: {v}"))),
        Some(_) => Err(super::invalid_body()),
    }
}

fn check_network_apps(rec: &Map<String, Value>, field: &str) -> Result<(), Reply> {
    for app in super::string_list(rec, field)? {
        if !NETWORK_APPS.iter().any(|(id, _)| *id == app) {
            return Err(invalid_arg(&format!(
                "Invalid {field}: unknown network application {app}"
            )));
        }
    }
    Ok(())
}

fn check_countries(rule: &Map<String, Value>) -> Result<(), Reply> {
    for field in ["destCountries", "sourceCountries"] {
        for country in super::string_list(rule, field)? {
            let ok = country
                .strip_prefix("COUNTRY_")
                .is_some_and(|cc| cc.len() == 2 && cc.chars().all(|c| c.is_ascii_uppercase()));
            if !ok {
                return Err(invalid_arg(&format!("Invalid {field}: {country}")));
            }
        }
    }
    Ok(())
}

fn check_firewall_rule(_: &Tenant, rule: &mut Map<String, Value>) -> Result<(), Reply> {
    one_of(
        rule,
        "action",
        &[
            "ALLOW",
            "BLOCK_DROP",
            "BLOCK_RESET",
            "BLOCK_ICMP",
            "EVAL_NWAPP",
        ],
    )?;
    one_of(rule, "state", &["ENABLED", "DISABLED"])?;
    check_network_apps(rule, "nwApplications")?;
    check_countries(rule)
}

fn check_dns_rule(_: &Tenant, rule: &mut Map<String, Value>) -> Result<(), Reply> {
    one_of(
        rule,
        "action",
        &[
            "ALLOW",
            "BLOCK",
            "REDIR_REQ",
            "REDIR_RES",
            "REDIR_ZPA",
            "REQ_BLOCK",
            "RES_BLOCK",
        ],
    )?;
    one_of(rule, "state", &["ENABLED", "DISABLED"])?;
    let redirect = rule
        .get("redirectIp")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if rule.get("action").and_then(Value::as_str) == Some("REDIR_REQ")
        && !super::locations::is_ipv4(redirect)
    {
        return Err(invalid_arg("redirectIp is required for action REDIR_REQ"));
    }
    check_countries(rule)
}

/// Accepts IPv4 addresses, CIDR blocks and `a-b` ranges (the forms the console accepts).
fn is_address(raw: &str) -> bool {
    let single = |s: &str| match s.split_once('/') {
        Some((ip, bits)) => {
            super::locations::is_ipv4(ip) && bits.parse::<u8>().is_ok_and(|b| b <= 32)
        }
        None => super::locations::is_ipv4(s),
    };
    match raw.split_once('-') {
        Some((a, b)) => super::locations::is_ipv4(a) && super::locations::is_ipv4(b),
        None => single(raw),
    }
}

fn check_addresses(rec: &Map<String, Value>, field: &str, required: bool) -> Result<(), Reply> {
    let addresses = super::string_list(rec, field)?;
    if required && addresses.is_empty() {
        return Err(invalid_arg(&format!("{field} cannot be empty")));
    }
    match addresses.iter().find(|a| !is_address(a)) {
        Some(bad) => Err(invalid_arg(&format!("Invalid {field}: {bad}"))),
        None => Ok(()),
    }
}

fn ip_destination_defaults() -> Value {
    json!({"type": "DSTN_IP", "addresses": [], "description": "", "creatorContext": "ZIA",
           "ipCategories": [], "countries": [], "urlCategories": []})
}

fn ip_destination_hook(_: &Tenant, group: &mut Map<String, Value>) -> Result<(), Reply> {
    fill_defaults(group, ip_destination_defaults());
    group.remove("ipAddresses");
    one_of(
        group,
        "type",
        &["DSTN_IP", "DSTN_FQDN", "DSTN_DOMAIN", "DSTN_OTHER"],
    )?;
    match group.get("type").and_then(Value::as_str) {
        Some("DSTN_IP") => check_addresses(group, "addresses", true),
        Some("DSTN_FQDN" | "DSTN_DOMAIN") => {
            let addresses = super::string_list(group, "addresses")?;
            if addresses.is_empty() {
                return Err(invalid_arg("addresses cannot be empty"));
            }
            match addresses
                .iter()
                .find(|a| !a.contains('.') || a.contains(' '))
            {
                Some(bad) => Err(invalid_arg(&format!("Invalid addresses: {bad}"))),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

fn check_ports(rec: &Map<String, Value>, field: &str) -> Result<usize, Reply> {
    let Some(ports) = rec.get(field) else {
        return Ok(0);
    };
    let Some(ports) = ports.as_array() else {
        return Err(super::invalid_body());
    };
    for range in ports {
        let start = range["start"].as_i64().unwrap_or(0);
        let end = range["end"].as_i64().unwrap_or(start);
        if !(1..=65_535).contains(&start) || end < start || end > 65_535 {
            return Err(invalid_arg(&format!("Invalid {field}: {range}")));
        }
    }
    Ok(ports.len())
}

fn network_service_hook(_: &Tenant, svc: &mut Map<String, Value>) -> Result<(), Reply> {
    // Only the services every tenant ships with are STANDARD or PREDEFINED.
    let id = svc.get("id").and_then(Value::as_i64).unwrap_or(0);
    let kind = SERVICES
        .iter()
        .enumerate()
        .find(|(n, _)| PREDEFINED_SERVICE_BASE + 2 * *n as i64 == id)
        .map_or("CUSTOM", |(_, def)| def.1)
        .to_owned();
    if kind == "CUSTOM" {
        fill_defaults(
            svc,
            json!({"srcTcpPorts": [], "destTcpPorts": [], "srcUdpPorts": [], "destUdpPorts": [],
                   "description": "", "creatorContext": "ZIA", "isNameL10nTag": false}),
        );
    }
    svc.insert("type".into(), json!(kind));
    let mut total = 0;
    for field in ["srcTcpPorts", "destTcpPorts", "srcUdpPorts", "destUdpPorts"] {
        total += check_ports(svc, field)?;
    }
    if kind == "CUSTOM" && total == 0 {
        return Err(invalid_arg(
            "A custom network service needs at least one port",
        ));
    }
    Ok(())
}

fn time_interval_hook(_: &Tenant, rec: &mut Map<String, Value>) -> Result<(), Reply> {
    for field in ["startTime", "endTime"] {
        match rec.get(field).and_then(Value::as_i64) {
            Some(minute) if (0..=1439).contains(&minute) => {}
            _ => {
                return Err(invalid_arg(&format!(
                    "{field} must be a minute of the day (0-1439)"
                )));
            }
        }
    }
    const DAYS: &[&str] = &["EVERYDAY", "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    for day in super::string_list(rec, "daysOfWeek")? {
        if !DAYS.contains(&day.as_str()) {
            return Err(invalid_arg(&format!("Invalid daysOfWeek: {day}")));
        }
    }
    Ok(())
}

fn ports(list: &[(i64, i64)]) -> Value {
    json!(
        list.iter()
            .map(|(s, e)| if s == e {
                json!({"start": s})
            } else {
                json!({"start": s, "end": e})
            })
            .collect::<Vec<_>>()
    )
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    for (n, (name, kind, tcp, udp)) in SERVICES.iter().enumerate() {
        let mut svc = json!({"id": PREDEFINED_SERVICE_BASE + 2 * n as i64, "name": name, "tag": name, "type": kind,
            "description": format!("{name}_DESC"), "creatorContext": "ZIA", "isNameL10nTag": true});
        if let Some(tcp) = tcp {
            svc["srcTcpPorts"] = json!([]);
            svc["destTcpPorts"] = ports(tcp);
        }
        if let Some(udp) = udp {
            svc["srcUdpPorts"] = json!([]);
            svc["destUdpPorts"] = ports(udp);
        }
        tenant.insert("zia.networkServices", svc);
    }
    let t = "zia.firewallFilteringRules";
    seed_rule(
        tenant,
        t,
        firewall_defaults,
        json!({
            "name": "Office 365 One Click Rule", "predefined": true, "action": "ALLOW",
            "description": "Allows Microsoft 365 traffic recommended by Microsoft",
            "nwApplications": ["OFFICE365", "SHAREPOINT", "YAMMER"],
        }),
    );
    seed_rule(
        tenant,
        t,
        firewall_defaults,
        json!({
            "name": "Default Firewall Filtering Rule", "order": -1, "predefined": true,
            "defaultRule": true, "action": "ALLOW",
        }),
    );
    seed_rule(
        tenant,
        "zia.firewallDnsRules",
        dns_defaults,
        json!({
            "name": "Unknown DNS Traffic", "order": -3, "predefined": true, "defaultRule": true,
            "action": "BLOCK", "defaultDnsRuleNameUsed": true,
        }),
    );
    seed_rule(
        tenant,
        "zia.firewallDnsRules",
        dns_defaults,
        json!({
            "name": "Default Firewall DNS Rule", "order": -1, "predefined": true, "defaultRule": true,
            "action": "ALLOW", "defaultDnsRuleNameUsed": true, "eunTemplateId": 15,
        }),
    );
    seed_rule(
        tenant,
        "zia.firewallIpsRules",
        ips_defaults,
        json!({
            "name": "Default Cloud IPS Rule", "order": -1, "predefined": true, "defaultRule": true,
            "action": "ALLOW",
        }),
    );
    if demo {
        seed_demo(tenant);
        seed_signatures(tenant);
    }
}

/// Custom IPS signatures, under fixed ids below the id counter's start so that seeding them
/// does not move the ids of anything seeded after them.
fn seed_signatures(tenant: &mut Tenant) {
    for (n, (name, text, description)) in [
        (
            "Block Log4Shell JNDI",
            r#"alert tcp any any -> any any (msg:"Log4Shell JNDI lookup"; content:"${jndi:"; nocase; sid:1000001; rev:1;)"#,
            "CVE-2021-44228 probe in any TCP payload",
        ),
        (
            "Legacy Telnet Login",
            r#"alert tcp any any -> any 23 (msg:"Telnet login prompt"; content:"login:"; sid:1000002; rev:2;)"#,
            "Flags clear-text Telnet logins",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let mut sig = match signature_defaults() {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        sig.extend([
            ("id".to_owned(), json!(1_000_001 + n as i64)),
            ("name".to_owned(), json!(name)),
            ("ruleText".to_owned(), json!(text)),
            ("description".to_owned(), json!(description)),
            ("ruleTextModTime".to_owned(), json!(1_767_225_600)),
        ]);
        tenant.insert("zia.ipsSignatureRules", Value::Object(sig));
    }
}

fn seed_demo(tenant: &mut Tenant) {
    let mut labels = Vec::new();
    for name in [
        "PCI Scope",
        "Change-2291",
        "SOC Managed",
        "Temporary",
        "Branch Rollout",
        "Audit 2026",
    ] {
        let id = tenant.new_id(IdStyle::Int);
        labels.push(json!({"id": id, "name": name}));
        tenant.insert(
            "zia.ruleLabels",
            json!({"id": id, "name": name,
            "description": format!("{name} label"), "lastModifiedTime": 1_767_225_600,
            "lastModifiedBy": super::admin_ref(), "createdBy": super::admin_ref()}),
        );
    }
    let mut windows = Vec::new();
    for (name, start, end, days) in [
        (
            "Business Hours",
            480,
            1080,
            json!(["MON", "TUE", "WED", "THU", "FRI"]),
        ),
        ("Weekends", 0, 1439, json!(["SUN", "SAT"])),
        ("Maintenance Window", 120, 240, json!(["SUN"])),
        ("After Hours", 1080, 1439, json!(["EVERYDAY"])),
    ] {
        let id = tenant.new_id(IdStyle::Int);
        windows.push(json!({"id": id, "name": name}));
        tenant.insert(
            "zia.timeIntervals",
            json!({"id": id, "name": name, "startTime": start,
            "endTime": end, "daysOfWeek": days}),
        );
    }
    let mut sources = Vec::new();
    for (name, ips) in [
        ("HQ Networks", json!(["10.10.0.0/16", "10.11.0.0/16"])),
        ("Branch Networks", json!(["10.20.0.0/14"])),
        ("Guest Wi-Fi", json!(["10.50.0.0/16"])),
        ("Server VLANs", json!(["10.100.0.0/16", "10.101.0.0/16"])),
        (
            "Lab Networks",
            json!(["192.168.100.0/24", "192.168.101.0/24"]),
        ),
        ("VPN Pool", json!(["172.16.0.0-172.16.15.255"])),
        ("Jump Hosts", json!(["10.100.5.10", "10.100.5.11"])),
        ("PCI Segment", json!(["10.200.0.0/20"])),
    ] {
        let id = tenant.new_id(IdStyle::Int);
        sources.push(json!({"id": id, "name": name}));
        tenant.insert(
            "zia.ipSourceGroups",
            json!({"id": id, "name": name, "ipAddresses": ips,
            "description": format!("{name} (acme-demo.com)"), "creatorContext": "ZIA",
            "isNonEditable": false, "extranetIpPool": false}),
        );
    }
    let mut destinations = Vec::new();
    for (name, kind, addresses) in [
        (
            "Payment Processors",
            "DSTN_FQDN",
            json!(["api.stripe.com", "api.adyen.com"]),
        ),
        ("Partner Extranet", "DSTN_IP", json!(["198.51.100.0/24"])),
        (
            "Known Bad IPs",
            "DSTN_IP",
            json!(["192.0.2.66", "192.0.2.67", "203.0.113.200"]),
        ),
        (
            "Corporate SaaS",
            "DSTN_DOMAIN",
            json!([".acme-demo.com", ".acme-demo.io"]),
        ),
        (
            "Backup Targets",
            "DSTN_IP",
            json!(["198.51.100.50", "198.51.100.51"]),
        ),
        (
            "Update Servers",
            "DSTN_FQDN",
            json!(["updates.acme-demo.com", "patch.acme-demo.com"]),
        ),
        (
            "Public DNS",
            "DSTN_IP",
            json!(["8.8.8.8", "1.1.1.1", "9.9.9.9"]),
        ),
        ("Sanctioned Countries", "DSTN_OTHER", json!([])),
    ] {
        let id = tenant.new_id(IdStyle::Int);
        destinations.push(json!({"id": id, "name": name}));
        let countries = if kind == "DSTN_OTHER" {
            json!(["COUNTRY_KP", "COUNTRY_IR"])
        } else {
            json!([])
        };
        tenant.insert("zia.ipDestinationGroups", json!({"id": id, "name": name, "type": kind,
            "addresses": addresses, "description": format!("{name} destinations"),
            "creatorContext": "ZIA", "ipCategories": [], "countries": countries, "urlCategories": []}));
    }
    let mut services = Vec::new();
    for (name, tcp) in [
        ("Acme ERP", json!([{"start": 8443}, {"start": 9443}])),
        (
            "Acme Backup Agent",
            json!([{"start": 10_000, "end": 10_010}]),
        ),
        ("Legacy Telnet", json!([{"start": 23}])),
        (
            "Database Ports",
            json!([{"start": 1433}, {"start": 3306}, {"start": 5432}]),
        ),
        ("Monitoring Agents", json!([{"start": 9100, "end": 9110}])),
        ("Custom Web 8080", json!([{"start": 8080}])),
    ] {
        let id = tenant.new_id(IdStyle::Int);
        services.push(json!({"id": id, "name": name}));
        tenant.insert("zia.networkServices", json!({"id": id, "name": name, "srcTcpPorts": [],
            "destTcpPorts": tcp, "srcUdpPorts": [], "destUdpPorts": [], "type": "CUSTOM",
            "description": format!("{name} service"), "creatorContext": "ZIA", "isNameL10nTag": false}));
    }
    let predefined = |tenant: &Tenant, name: &str| {
        let mut r = reference(tenant, "zia.networkServices", name);
        r["isNameL10nTag"] = json!(true);
        r
    };
    let web = vec![predefined(tenant, "HTTP"), predefined(tenant, "HTTPS")];
    let remote = vec![predefined(tenant, "SSH"), predefined(tenant, "RDP")];
    let mut service_groups = Vec::new();
    for (name, members) in [
        ("Web Services", web.clone()),
        ("Remote Administration", remote.clone()),
        (
            "Business Apps",
            vec![services[0].clone(), services[3].clone()],
        ),
    ] {
        let id = tenant.new_id(IdStyle::Int);
        service_groups.push(json!({"id": id, "name": name}));
        tenant.insert(
            "zia.networkServiceGroups",
            json!({"id": id, "name": name,
            "services": members, "description": format!("{name} group"), "creatorContext": "ZIA"}),
        );
    }
    let mut app_groups = Vec::new();
    for (name, apps) in [
        (
            "Microsoft Office365",
            json!([
                "OFFICE365",
                "SHAREPOINT",
                "ONEDRIVE",
                "TEAMS",
                "YAMMER",
                "OUTLOOK"
            ]),
        ),
        (
            "Remote Access Tools",
            json!(["TEAMVIEWER", "ANYDESK", "VNC"]),
        ),
        ("Tunneling Apps", json!(["TOR", "OPENVPN"])),
    ] {
        let id = tenant.new_id(IdStyle::Int);
        app_groups.push(json!({"id": id, "name": name}));
        tenant.insert(
            "zia.networkApplicationGroups",
            json!({"id": id, "name": name,
            "networkApplications": apps, "description": format!("{name} applications")}),
        );
    }
    let locations: Vec<Value> = tenant
        .rows("zia.locations")
        .filter(|l| l["parentId"] == 0)
        .map(|l| json!({"id": l["id"], "name": l["name"]}))
        .collect();
    let departments: Vec<Value> = tenant
        .rows("zia.departments")
        .map(|d| json!({"id": d["id"], "name": d["name"]}))
        .collect();
    let groups: Vec<Value> = tenant
        .rows("zia.groups")
        .map(|g| json!({"id": g["id"], "name": g["name"]}))
        .collect();
    let actions = ["ALLOW", "BLOCK_DROP", "BLOCK_RESET", "ALLOW", "BLOCK_DROP"];
    let themes = [
        "Allow {} to ERP",
        "Block telnet from {}",
        "Allow backups from {}",
        "Restrict DB access {}",
        "Block tunneling apps {}",
        "Allow monitoring {}",
        "Block known bad IPs {}",
        "Allow web {}",
    ];
    for n in 0..24 {
        let theme = themes[n % themes.len()];
        let scope = if n % 3 == 0 {
            locations[n % locations.len()]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        } else {
            groups[n % groups.len()]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        };
        let mut fields = json!({
            "name": theme.replace("{}", &scope),
            "action": actions[n % actions.len()],
            "state": if n % 7 == 6 { "DISABLED" } else { "ENABLED" },
            "description": format!("Managed by netops (ticket CHG-{})", 4100 + n),
            "srcIpGroups": [sources[n % sources.len()].clone()],
            "labels": [labels[n % labels.len()].clone()],
            "enableFullLogging": n % 4 == 0,
        });
        match n % 4 {
            0 => fields["locations"] = json!([locations[n % locations.len()].clone()]),
            1 => fields["groups"] = json!([groups[n % groups.len()].clone()]),
            2 => fields["departments"] = json!([departments[n % departments.len()].clone()]),
            _ => fields["timeWindows"] = json!([windows[n % windows.len()].clone()]),
        }
        match n % 3 {
            0 => fields["nwServices"] = json!([services[n % services.len()].clone()]),
            1 => {
                fields["nwServiceGroups"] =
                    json!([service_groups[n % service_groups.len()].clone()])
            }
            _ => fields["nwApplicationGroups"] = json!([app_groups[n % app_groups.len()].clone()]),
        }
        if n % 2 == 0 {
            fields["destIpGroups"] = json!([destinations[n % destinations.len()].clone()]);
        } else {
            fields["destCountries"] = json!(["COUNTRY_KP", "COUNTRY_IR", "COUNTRY_SY"]);
        }
        seed_rule(
            tenant,
            "zia.firewallFilteringRules",
            firewall_defaults,
            fields,
        );
    }
    for (n, (name, action)) in [
        ("Block DNS tunnelling", "BLOCK"),
        ("Redirect guest DNS", "REDIR_REQ"),
        ("Allow corporate resolvers", "ALLOW"),
        ("Block newly registered domains", "BLOCK"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut fields = json!({"name": name, "action": action,
            "srcIpGroups": [sources[n].clone()], "labels": [labels[2].clone()]});
        if action == "REDIR_REQ" {
            fields["redirectIp"] = json!("10.10.0.53");
        }
        seed_rule(tenant, "zia.firewallDnsRules", dns_defaults, fields);
    }
    for (n, (name, action)) in [
        ("Bypass IPS for backup traffic", "BYPASS_IPS"),
        ("Block exploit kits", "BLOCK_DROP"),
        ("Reset botnet callbacks", "BLOCK_RESET"),
    ]
    .into_iter()
    .enumerate()
    {
        seed_rule(
            tenant,
            "zia.firewallIpsRules",
            ips_defaults,
            json!({"name": name,
            "action": action, "destIpGroups": [destinations[n + 2].clone()],
            "threatCategories": [{"id": 66 + n, "name": "Exploit kit"}]}),
        );
    }
}
