//! URL categories (predefined and custom, string ids), URL lookup, URL quota and URL
//! filtering rules.

use serde_json::{Map, Value, json};

use super::policy::{self, RuleSet, seed_rule};
use super::{
    apply_list_action, body_map, error, in_use, invalid_arg, invalid_body, predefined_refusal,
    project, query_flag, rule_using, string_list,
};
use crate::call::{Call, Product, Reply};
use crate::routes::Routes;
use crate::store::{Flavor, Tenant, id_string};

const TABLE: &str = "zia.urlCategories";
const URL_QUOTA: usize = 25_000;
const FIRST_CUSTOM_VAL: i64 = 128;

/// Predefined categories every tenant has: `(id, superCategory)`.
const PREDEFINED: &[(&str, &str)] = &[
    ("OTHER_ADULT_MATERIAL", "ADULT_MATERIAL"),
    ("ADULT_THEMES", "ADULT_MATERIAL"),
    ("ADULT_SEX_EDUCATION", "ADULT_MATERIAL"),
    ("NUDITY", "ADULT_MATERIAL"),
    ("PORNOGRAPHY", "ADULT_MATERIAL"),
    ("GAMBLING", "GAMBLING"),
    ("MARIJUANA", "DRUGS"),
    ("OTHER_DRUGS", "DRUGS"),
    ("WEB_SEARCH", "INFORMATION_TECHNOLOGY"),
    ("INTERNET_SERVICES", "INFORMATION_TECHNOLOGY"),
    ("WEB_HOST", "INFORMATION_TECHNOLOGY"),
    ("FILE_HOST", "INFORMATION_TECHNOLOGY"),
    ("GENERAL_AI_ML", "INFORMATION_TECHNOLOGY"),
    ("AI_ML_APPS", "INFORMATION_TECHNOLOGY"),
    ("COMPUTER_HACKING", "INFORMATION_TECHNOLOGY"),
    ("SOCIAL_NETWORKING", "INTERNET_COMMUNICATION"),
    ("WEBMAIL", "INTERNET_COMMUNICATION"),
    ("DISCUSSION_FORUMS", "INTERNET_COMMUNICATION"),
    ("PEER_TO_PEER", "INTERNET_COMMUNICATION"),
    ("ANONYMIZER", "SECURITY"),
    ("NEWLY_REG_DOMAINS", "SECURITY"),
    ("STREAMING_MEDIA", "ENTERTAINMENT_AND_RECREATION"),
    ("RADIO_STATIONS", "ENTERTAINMENT_AND_RECREATION"),
    ("GAMES", "ENTERTAINMENT_AND_RECREATION"),
    ("SPORTS", "SPORTS"),
    ("NEWS_AND_MEDIA", "NEWS_AND_MEDIA"),
    ("ONLINE_SHOPPING", "SHOPPING_AND_AUCTIONS"),
    ("ONLINE_AUCTIONS", "SHOPPING_AND_AUCTIONS"),
    ("FINANCE", "BUSINESS_AND_ECONOMY"),
    ("CORPORATE_MARKETING", "BUSINESS_AND_ECONOMY"),
    ("PROFESSIONAL_SERVICES", "BUSINESS_AND_ECONOMY"),
    ("JOB_SEARCH", "JOB_SEARCH"),
    ("TRAVEL", "TRAVEL"),
    ("HEALTH", "HEALTH"),
    ("EDUCATION", "EDUCATION"),
    ("GOVERNMENT", "SOCIETY_AND_LIFESTYLE"),
    ("MILITANCY_HATE_AND_EXTREMISM", "SOCIETY_AND_LIFESTYLE"),
    ("WEAPONS_AND_BOMBS", "SOCIETY_AND_LIFESTYLE"),
    ("OTHER_MISCELLANEOUS", "MISCELLANEOUS"),
    ("MISCELLANEOUS_OR_UNKNOWN", "MISCELLANEOUS"),
    ("GLOBAL_INT_GBL_SSL_BYPASS", "INTERNET_COMMUNICATION"),
    ("GLOBAL_INT_OFC_SSL_BYPASS", "INTERNET_COMMUNICATION"),
    ("GLOBAL_INT_UCAAS_SSL_BYPASS", "INTERNET_COMMUNICATION"),
];

const SUPER_CATEGORIES: &[&str] = &[
    "USER_DEFINED",
    "ADULT_MATERIAL",
    "BUSINESS_AND_ECONOMY",
    "DRUGS",
    "EDUCATION",
    "ENTERTAINMENT_AND_RECREATION",
    "GAMBLING",
    "HEALTH",
    "INFORMATION_TECHNOLOGY",
    "INTERNET_COMMUNICATION",
    "JOB_SEARCH",
    "MISCELLANEOUS",
    "NEWS_AND_MEDIA",
    "SECURITY",
    "SHOPPING_AND_AUCTIONS",
    "SOCIETY_AND_LIFESTYLE",
    "SPORTS",
    "TRAVEL",
];

/// The deterministic classification database behind `POST /urlLookup`:
/// `(domain, categories, security alerts)`; subdomains inherit their parent's entry.
const CLASSIFICATIONS: &[(&str, &[&str], &[&str])] = &[
    ("google.com", &["WEB_SEARCH"], &[]),
    ("bing.com", &["WEB_SEARCH"], &[]),
    ("duckduckgo.com", &["WEB_SEARCH"], &[]),
    ("facebook.com", &["SOCIAL_NETWORKING"], &[]),
    ("instagram.com", &["SOCIAL_NETWORKING"], &[]),
    ("linkedin.com", &["SOCIAL_NETWORKING"], &[]),
    ("x.com", &["SOCIAL_NETWORKING"], &[]),
    ("reddit.com", &["DISCUSSION_FORUMS"], &[]),
    ("youtube.com", &["STREAMING_MEDIA"], &[]),
    ("netflix.com", &["STREAMING_MEDIA"], &[]),
    ("spotify.com", &["RADIO_STATIONS"], &[]),
    ("amazon.com", &["ONLINE_SHOPPING"], &[]),
    ("ebay.com", &["ONLINE_AUCTIONS"], &[]),
    ("cnn.com", &["NEWS_AND_MEDIA"], &[]),
    ("bbc.co.uk", &["NEWS_AND_MEDIA"], &[]),
    ("espn.com", &["SPORTS"], &[]),
    ("github.com", &["INTERNET_SERVICES"], &[]),
    ("stackoverflow.com", &["DISCUSSION_FORUMS"], &[]),
    ("aws.amazon.com", &["WEB_HOST"], &[]),
    ("dropbox.com", &["FILE_HOST"], &[]),
    ("wetransfer.com", &["FILE_HOST"], &[]),
    ("chatgpt.com", &["GENERAL_AI_ML"], &[]),
    ("openai.com", &["GENERAL_AI_ML"], &[]),
    ("claude.ai", &["GENERAL_AI_ML"], &[]),
    ("gmail.com", &["WEBMAIL"], &[]),
    ("outlook.com", &["WEBMAIL"], &[]),
    ("salesforce.com", &["PROFESSIONAL_SERVICES"], &[]),
    ("zscaler.com", &["CORPORATE_MARKETING"], &[]),
    ("paypal.com", &["FINANCE"], &[]),
    ("chase.com", &["FINANCE"], &[]),
    ("indeed.com", &["JOB_SEARCH"], &[]),
    ("booking.com", &["TRAVEL"], &[]),
    ("webmd.com", &["HEALTH"], &[]),
    ("coursera.org", &["EDUCATION"], &[]),
    ("usa.gov", &["GOVERNMENT"], &[]),
    ("pokerstars.com", &["GAMBLING"], &[]),
    ("steampowered.com", &["GAMES"], &[]),
    (
        "thepiratebay.org",
        &["PEER_TO_PEER"],
        &["SUSPICIOUS_DESTINATION"],
    ),
    ("torproject.org", &["ANONYMIZER"], &[]),
    ("hidemyass.com", &["ANONYMIZER"], &[]),
    ("wicar.org", &["COMPUTER_HACKING"], &["MALWARE_SITE"]),
    (
        "malware.testing.google.test",
        &["MISCELLANEOUS_OR_UNKNOWN"],
        &["MALWARE_SITE"],
    ),
    ("acme-dem0-login.com", &["NEWLY_REG_DOMAINS"], &["PHISHING"]),
    (
        "coinhive.com",
        &["MISCELLANEOUS_OR_UNKNOWN"],
        &["CRYPTOMINING"],
    ),
    (
        "c2.badactor.example",
        &["MISCELLANEOUS_OR_UNKNOWN"],
        &["BOTNET"],
    ),
];

pub fn install(routes: &mut Routes) {
    routes.get(api!("/urlCategories"), |t, c| {
        let tenant = t.read();
        let custom_only = query_flag(c, "customOnly") == Some(true);
        let counts_only = query_flag(c, "includeOnlyUrlKeywordCounts") == Some(true);
        let kind = c.query("type").filter(|k| *k != "ALL");
        let rows: Vec<Value> = tenant
            .rows(TABLE)
            .filter(|r| !custom_only || r["customCategory"] == true)
            .filter(|r| kind.is_none_or(|k| r["type"] == k))
            .map(|r| {
                let mut r = r.clone();
                if counts_only && let Some(map) = r.as_object_mut() {
                    for list in ["urls", "dbCategorizedUrls", "keywords", "ipRanges"] {
                        map.remove(list);
                    }
                }
                r
            })
            .collect();
        Flavor::Zia.list(c, rows.iter())
    });
    routes.get(api!("/urlCategories/lite"), |t, c| {
        let tenant = t.read();
        let rows: Vec<Value> = tenant
            .rows(TABLE)
            .map(|r| {
                project(
                    r,
                    &[
                        "id",
                        "configuredName",
                        "superCategory",
                        "customCategory",
                        "editable",
                        "type",
                        "val",
                        "categoryGroup",
                        "urlType",
                    ],
                )
            })
            .collect();
        Flavor::Zia.list(c, rows.iter())
    });
    routes.get(api!("/urlCategories/urlQuota"), |t, _| {
        let used = unique_urls(&t.read());
        Reply::ok(json!({"uniqueUrlsProvisioned": used,
                         "remainingUrlsQuota": URL_QUOTA.saturating_sub(used)}))
    });
    routes.post(api!("/urlCategories/review/domains"), |_, c| {
        match &c.body {
            Some(Value::Array(_)) => Reply::ok(json!([])),
            _ => invalid_body(),
        }
    });
    routes.put(api!("/urlCategories/review/domains"), |_, _| invalid_body());
    routes.get(api!("/urlCategories/{id}"), |t, c| {
        match t.read().get(TABLE, c.param("id")) {
            Some(row) => Reply::ok(row.clone()),
            None => Reply::not_found(Product::Zia, c.param("id")),
        }
    });
    routes.post(api!("/urlCategories"), |t, c| {
        let mut tenant = t.write();
        match create_category(&mut tenant, c) {
            Ok(reply) | Err(reply) => reply,
        }
    });
    routes.put(api!("/urlCategories/{id}"), |t, c| {
        let mut tenant = t.write();
        match update_category(&mut tenant, c) {
            Ok(reply) | Err(reply) => reply,
        }
    });
    routes.delete(api!("/urlCategories/{id}"), |t, c| {
        let mut tenant = t.write();
        let id = c.param("id");
        let Some(row) = tenant.get(TABLE, id) else {
            return Reply::not_found(Product::Zia, id);
        };
        if row["customCategory"] != true {
            return predefined_refusal("URL category");
        }
        if let Some(rule) = rule_using(&tenant, &["urlCategories"], id) {
            return in_use("URL category", id, &rule);
        }
        tenant.table_mut(TABLE).shift_remove(id);
        Flavor::Zia.mark_pending(&mut tenant);
        Reply::empty(204)
    });
    routes.post(api!("/urlLookup"), |t, c| {
        let Some(Value::Array(items)) = &c.body else {
            return invalid_body();
        };
        if items.len() > 100 {
            return invalid_arg("A lookup accepts at most 100 URLs");
        }
        let tenant = t.read();
        let mut out = Vec::new();
        for item in items {
            let Some(url) = item.as_str() else {
                return invalid_body();
            };
            out.push(lookup(&tenant, url));
        }
        Reply::ok(Value::Array(out))
    });

    policy::install(
        routes,
        RuleSet {
            table: "zia.urlFilteringRules",
            collection: api!("/urlFilteringRules"),
            item: api!("/urlFilteringRules/{id}"),
            lite: None,
            defaults: url_rule_defaults,
            refs: &policy::USER_SCOPE_REFS[..10],
            check: Some(check_url_rule),
            scoped: false,
        },
    );
}

const REQUEST_METHODS: &[&str] = &[
    "OPTIONS",
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "DELETE",
    "TRACE",
    "CONNECT",
    "OTHER",
    "PROPFIND",
    "PROPPATCH",
    "MOVE",
    "MKCOL",
    "LOCK",
    "COPY",
    "UNLOCK",
    "PATCH",
];

fn url_rule_defaults() -> Value {
    json!({
        "accessControl": "READ_WRITE", "protocols": ["ANY_RULE"], "urlCategories": [],
        "excludeSrcCountries": false, "state": "ENABLED", "rank": 7, "requestMethods": REQUEST_METHODS,
        "blockOverride": false, "description": "", "enforceTimeValidity": false, "cbiProfileId": 0,
        "capturePCAP": false, "sourceIpGroups": [], "browserEunTemplateId": 0,
        "httpHeaderProfiles": [], "httpHeaderActionProfiles": [], "usersAndGroupsSet": false,
        "groupsAndDepartmentsSet": false, "action": "ALLOW",
    })
}

/// Every entry of `rule[field]` must name an existing URL category (or `ANY`).
pub(crate) fn check_categories(
    tenant: &Tenant,
    rule: &Map<String, Value>,
    field: &str,
) -> Result<(), Reply> {
    for category in string_list(rule, field)? {
        if category != "ANY" && tenant.get(TABLE, &category).is_none() {
            return Err(invalid_arg(&format!(
                "Invalid {field}: unknown URL category {category}"
            )));
        }
    }
    Ok(())
}

fn check_url_rule(tenant: &Tenant, rule: &mut Map<String, Value>) -> Result<(), Reply> {
    super::firewall::one_of(rule, "action", &["ALLOW", "BLOCK", "CAUTION", "ISOLATE"])?;
    super::firewall::one_of(rule, "state", &["ENABLED", "DISABLED"])?;
    check_categories(tenant, rule, "urlCategories")?;
    for method in string_list(rule, "requestMethods")? {
        if !REQUEST_METHODS.contains(&method.as_str()) {
            return Err(invalid_arg(&format!("Invalid requestMethods: {method}")));
        }
    }
    let has = |f: &str| {
        rule.get(f)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    };
    let users_and_groups = has("users") && has("groups");
    let groups_and_departments = has("groups") && has("departments");
    rule.insert("usersAndGroupsSet".into(), json!(users_and_groups));
    rule.insert(
        "groupsAndDepartmentsSet".into(),
        json!(groups_and_departments),
    );
    Ok(())
}

fn category_defaults() -> Map<String, Value> {
    let value = json!({
        "superCategory": "USER_DEFINED", "keywords": [], "keywordsRetainingParentCategory": [],
        "urls": [], "dbCategorizedUrls": [], "ipRanges": [], "ipRangesRetainingParentCategory": [],
        "customCategory": true, "editable": true, "description": "",
        "type": "URL_CATEGORY", "categoryGroup": "REGULAR", "urlType": "EXACT",
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Recomputes the count fields ZIA derives from the lists.
fn derive_counts(cat: &mut Map<String, Value>) {
    let len = |cat: &Map<String, Value>, f: &str| {
        cat.get(f).and_then(Value::as_array).map_or(0, Vec::len)
    };
    let counts = [
        ("customUrlsCount", len(cat, "urls")),
        (
            "urlsRetainingParentCategoryCount",
            len(cat, "dbCategorizedUrls"),
        ),
        ("customIpRangesCount", len(cat, "ipRanges")),
        (
            "ipRangesRetainingParentCategoryCount",
            len(cat, "ipRangesRetainingParentCategory"),
        ),
    ];
    for (field, n) in counts {
        cat.insert(field.into(), json!(n));
    }
}

fn validate_category(
    tenant: &Tenant,
    cat: &Map<String, Value>,
    own: Option<&str>,
) -> Result<(), Reply> {
    if cat.get("customCategory") == Some(&json!(true)) {
        let name = cat
            .get("configuredName")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if name.is_empty() {
            return Err(invalid_arg("configuredName cannot be null"));
        }
        if tenant.rows(TABLE).any(|r| {
            r["configuredName"].as_str() == Some(name) && Some(id_string(&r["id"]).as_str()) != own
        }) {
            return Err(error(
                409,
                "DUPLICATE_ITEM",
                &format!("A URL category named {name} already exists"),
            ));
        }
    }
    super::firewall::one_of(cat, "superCategory", SUPER_CATEGORIES)?;
    super::firewall::one_of(cat, "type", &["URL_CATEGORY", "TLD_CATEGORY"])?;
    let tld = cat.get("type").and_then(Value::as_str) == Some("TLD_CATEGORY");
    for url in string_list(cat, "urls")?
        .iter()
        .chain(&string_list(cat, "dbCategorizedUrls")?)
    {
        if url.is_empty() || url.contains(char::is_whitespace) || (tld && !url.starts_with('.')) {
            return Err(invalid_arg(&format!("Invalid urls: {url:?}")));
        }
    }
    for field in [
        "keywords",
        "keywordsRetainingParentCategory",
        "ipRanges",
        "ipRangesRetainingParentCategory",
    ] {
        string_list(cat, field)?;
    }
    let total = unique_urls(tenant) + string_list(cat, "urls")?.len();
    if total > URL_QUOTA {
        return Err(error(
            400,
            "LIMIT_EXCEEDED",
            "The custom URL quota is exhausted",
        ));
    }
    Ok(())
}

fn create_category(tenant: &mut Tenant, call: &Call) -> Result<Reply, Reply> {
    let body = body_map(call)?;
    let mut cat = category_defaults();
    for (k, v) in body {
        cat.insert(k.clone(), v.clone());
    }
    // Every category created through the API is custom, whatever the body claims.
    cat.insert("customCategory".into(), json!(true));
    cat.insert("editable".into(), json!(true));
    validate_category(tenant, &cat, None)?;
    let used: Vec<i64> = tenant
        .rows(TABLE)
        .filter_map(|r| r["id"].as_str()?.strip_prefix("CUSTOM_")?.parse().ok())
        .collect();
    let n = (1..).find(|n| !used.contains(n)).unwrap_or(1);
    let id = format!("CUSTOM_{n:02}");
    cat.insert("id".into(), json!(id));
    cat.insert("val".into(), json!(FIRST_CUSTOM_VAL + n));
    derive_counts(&mut cat);
    tenant.insert(TABLE, Value::Object(cat.clone()));
    Flavor::Zia.mark_pending(tenant);
    Ok(Reply::ok(Value::Object(cat)))
}

fn update_category(tenant: &mut Tenant, call: &Call) -> Result<Reply, Reply> {
    let id = call.param("id");
    let Some(Value::Object(existing)) = tenant.get(TABLE, id).cloned() else {
        return Err(Reply::not_found(Product::Zia, id));
    };
    let body = body_map(call)?;
    let mut cat = existing.clone();
    match call.query("action") {
        Some(action) => {
            for field in [
                "urls",
                "dbCategorizedUrls",
                "keywords",
                "keywordsRetainingParentCategory",
                "ipRanges",
                "ipRangesRetainingParentCategory",
            ] {
                if !body.contains_key(field) {
                    continue;
                }
                let items = string_list(body, field)?;
                let mut list = cat
                    .get(field)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                apply_list_action(&mut list, action, &items)?;
                cat.insert(field.into(), Value::Array(list));
            }
        }
        None => {
            for (k, v) in body {
                cat.insert(k.clone(), v.clone());
            }
        }
    }
    for kept in ["id", "customCategory", "val", "editable"] {
        if let Some(v) = existing.get(kept) {
            cat.insert(kept.into(), v.clone());
        }
    }
    validate_category(tenant, &cat, Some(id))?;
    derive_counts(&mut cat);
    tenant.insert(TABLE, Value::Object(cat.clone()));
    Flavor::Zia.mark_pending(tenant);
    Ok(Reply::ok(Value::Object(cat)))
}

fn unique_urls(tenant: &Tenant) -> usize {
    let mut urls: Vec<&str> = tenant
        .rows(TABLE)
        .flat_map(|r| {
            ["urls", "dbCategorizedUrls"]
                .into_iter()
                .filter_map(|f| r[f].as_array())
                .flatten()
                .filter_map(Value::as_str)
        })
        .collect();
    urls.sort_unstable();
    urls.dedup();
    urls.len()
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', ':'])
        .next()
        .unwrap_or_default()
        .trim_start_matches('.')
        .to_lowercase()
}

fn domain_matches(host: &str, pattern: &str) -> bool {
    let pattern = pattern.trim_start_matches('.').to_lowercase();
    host == pattern || host.ends_with(&format!(".{pattern}"))
}

fn lookup(tenant: &Tenant, url: &str) -> Value {
    let host = host_of(url);
    // Admin overrides on predefined categories win over the database, as in ZIA.
    let overridden: Vec<Value> = tenant
        .rows(TABLE)
        .filter(|r| r["customCategory"] != true)
        .filter(|r| {
            r["urls"].as_array().is_some_and(|us| {
                us.iter()
                    .filter_map(Value::as_str)
                    .any(|u| domain_matches(&host, u))
            })
        })
        .map(|r| r["id"].clone())
        .collect();
    let entry = CLASSIFICATIONS
        .iter()
        .filter(|(domain, _, _)| domain_matches(&host, domain))
        .max_by_key(|(domain, _, _)| domain.len());
    let (categories, alerts): (Vec<Value>, Vec<Value>) = match entry {
        Some((_, cats, alerts)) => (
            cats.iter().map(|c| json!(c)).collect(),
            alerts.iter().map(|a| json!(a)).collect(),
        ),
        None => (vec![json!("MISCELLANEOUS_OR_UNKNOWN")], Vec::new()),
    };
    let categories = if overridden.is_empty() {
        categories
    } else {
        overridden
    };
    json!({"url": url, "urlClassifications": categories, "urlClassificationsWithSecurityAlert": alerts})
}

const CUSTOM_CATEGORIES: &[(&str, &str, &[&str], &[&str])] = &[
    (
        "Approved SaaS",
        "Sanctioned business applications",
        &[
            ".acme-demo.com",
            ".acme-demo.io",
            "app.hubspot.com",
            ".atlassian.net",
        ],
        &[],
    ),
    (
        "Blocked Crypto Exchanges",
        "Crypto trading sites blocked by policy",
        &[".binance.com", ".kraken.com", ".coinbase.com"],
        &["crypto"],
    ),
    (
        "Partner Portals",
        "Supplier and partner extranets",
        &["portal.supplier-one.com", "b2b.logistics-partner.net"],
        &[],
    ),
    (
        "Developer Tools",
        "Package registries and code hosting",
        &[".npmjs.org", ".pypi.org", ".crates.io", ".docker.io"],
        &[],
    ),
    (
        "SSL Bypass - Banking",
        "Banking sites exempt from inspection",
        &[".chase.com", ".wellsfargo.com", ".hsbc.com"],
        &[],
    ),
    (
        "SSL Bypass - Healthcare",
        "Health portals exempt from inspection",
        &[".mychart.org", ".webmd.com"],
        &[],
    ),
    (
        "Generative AI Allowed",
        "Approved AI assistants",
        &["chatgpt.com", "claude.ai"],
        &["copilot"],
    ),
    (
        "Executive Travel",
        "Travel booking for executives",
        &[".concur.com", ".egencia.com"],
        &["travel"],
    ),
];

pub fn seed(tenant: &mut Tenant, demo: bool) {
    for (n, (id, super_category)) in PREDEFINED.iter().enumerate() {
        let mut cat = category_defaults();
        for (k, v) in [
            ("id", json!(id)),
            ("superCategory", json!(super_category)),
            ("customCategory", json!(false)),
            ("val", json!(n + 1)),
        ] {
            cat.insert(k.into(), v);
        }
        cat.remove("description");
        derive_counts(&mut cat);
        tenant.insert(TABLE, Value::Object(cat));
    }
    seed_rule(
        tenant,
        "zia.urlFilteringRules",
        url_rule_defaults,
        json!({
            "name": "Default URL Filtering Rule", "order": -1, "predefined": true, "defaultRule": true,
            "action": "ALLOW", "urlCategories": ["ANY"], "description": "Applies when no other rule matches",
        }),
    );
    if !demo {
        return;
    }
    for (n, (name, description, urls, keywords)) in CUSTOM_CATEGORIES.iter().enumerate() {
        let mut cat = category_defaults();
        for (k, v) in [
            ("id", json!(format!("CUSTOM_{:02}", n + 1))),
            ("configuredName", json!(name)),
            ("description", json!(description)),
            ("urls", json!(urls)),
            ("keywords", json!(keywords)),
            ("val", json!(FIRST_CUSTOM_VAL + n as i64 + 1)),
        ] {
            cat.insert(k.into(), v);
        }
        derive_counts(&mut cat);
        tenant.insert(TABLE, Value::Object(cat));
    }
    seed_url_rules(tenant);
}

fn seed_url_rules(tenant: &mut Tenant) {
    let refs = |tenant: &Tenant, table: &str| -> Vec<Value> {
        tenant
            .rows(table)
            .map(|r| json!({"id": r["id"], "name": r["name"]}))
            .collect()
    };
    let groups = refs(tenant, "zia.groups");
    let departments = refs(tenant, "zia.departments");
    let labels = refs(tenant, "zia.ruleLabels");
    let windows = refs(tenant, "zia.timeIntervals");
    let locations: Vec<Value> = tenant
        .rows("zia.locations")
        .filter(|l| l["parentId"] == 0)
        .map(|l| json!({"id": l["id"], "name": l["name"]}))
        .collect();
    let plan: &[(&str, &str, &[&str])] = &[
        (
            "Block adult content",
            "BLOCK",
            &[
                "OTHER_ADULT_MATERIAL",
                "ADULT_THEMES",
                "NUDITY",
                "PORNOGRAPHY",
            ],
        ),
        ("Block gambling", "BLOCK", &["GAMBLING"]),
        ("Block drugs", "BLOCK", &["MARIJUANA", "OTHER_DRUGS"]),
        ("Block hacking sites", "BLOCK", &["COMPUTER_HACKING"]),
        ("Block anonymizers", "BLOCK", &["ANONYMIZER"]),
        ("Block crypto exchanges", "BLOCK", &["CUSTOM_02"]),
        (
            "Block extremism",
            "BLOCK",
            &["MILITANCY_HATE_AND_EXTREMISM", "WEAPONS_AND_BOMBS"],
        ),
        (
            "Caution newly registered domains",
            "CAUTION",
            &["NEWLY_REG_DOMAINS"],
        ),
        ("Caution peer-to-peer", "CAUTION", &["PEER_TO_PEER"]),
        ("Caution file hosting", "CAUTION", &["FILE_HOST"]),
        ("Allow approved SaaS", "ALLOW", &["CUSTOM_01"]),
        ("Allow partner portals", "ALLOW", &["CUSTOM_03"]),
        ("Allow developer tools", "ALLOW", &["CUSTOM_04"]),
        ("Allow approved AI", "ALLOW", &["CUSTOM_07"]),
        (
            "Isolate generative AI",
            "ISOLATE",
            &["GENERAL_AI_ML", "AI_ML_APPS"],
        ),
        (
            "Limit streaming in business hours",
            "CAUTION",
            &["STREAMING_MEDIA", "RADIO_STATIONS"],
        ),
        (
            "Allow social media for marketing",
            "ALLOW",
            &["SOCIAL_NETWORKING"],
        ),
        (
            "Block social media for contractors",
            "BLOCK",
            &["SOCIAL_NETWORKING"],
        ),
        ("Allow webmail for executives", "ALLOW", &["WEBMAIL"]),
        ("Block games", "BLOCK", &["GAMES"]),
        ("Allow job search for HR", "ALLOW", &["JOB_SEARCH"]),
        (
            "Caution online shopping",
            "CAUTION",
            &["ONLINE_SHOPPING", "ONLINE_AUCTIONS"],
        ),
    ];
    for (n, (name, action, categories)) in plan.iter().enumerate() {
        let mut fields = json!({
            "name": name, "action": action, "urlCategories": categories,
            "protocols": ["HTTPS_RULE", "HTTP_RULE"],
            "description": format!("{name} (policy v{})", 3 + n % 4),
            "state": if n % 9 == 8 { "DISABLED" } else { "ENABLED" },
            "labels": [labels[n % labels.len()].clone()],
        });
        match n % 4 {
            0 => fields["groups"] = json!([groups[n % groups.len()].clone()]),
            1 => fields["departments"] = json!([departments[n % departments.len()].clone()]),
            2 => fields["locations"] = json!([locations[n % locations.len()].clone()]),
            _ => fields["timeWindows"] = json!([windows[0].clone()]),
        }
        if *action == "CAUTION" {
            fields["blockOverride"] = json!(false);
        }
        if *action == "ISOLATE" {
            fields["cbiProfile"] = json!({"id": "7d3b0c5a-4b1e-4a8e-9f4e-2b7f1c0d9e11",
                "name": "Acme Isolation Profile", "url": "https://redirect.isolation.zscaler.com/tenant/acme/profile/7d3b0c5a"});
        }
        seed_rule(tenant, "zia.urlFilteringRules", url_rule_defaults, fields);
    }
}
