//! ZIA URL categories (custom and predefined), URL lookup and URL filtering rules.

use futures_util::future::BoxFuture;
use serde_json::Value;
use zscaler_oneapi::{Request, encode_path_segment};

use super::rules::{
    DEPARTMENTS, DESCRIPTION, GROUPS, LABELS, LOCATION_GROUPS, LOCATIONS, NAME, ORDER, PROTOCOLS,
    RANK, REFS, RULE_ID, STATE, TIME_WINDOWS, URL_CATEGORIES, USERS, staged,
};
use super::zia;
use crate::context::ToolOutput;
use crate::error::ToolError;
use crate::model::{
    Action, CompositeCall, Current, FIELDS, Location, Method, Param, ParamType, Service, ToolDef,
};

const fn tool(
    name: &'static str,
    toolset: &'static str,
    action: Action,
    path: &'static str,
) -> ToolDef {
    ToolDef::new(name, Service::Zia, toolset, action, path)
}

const CATEGORIES: &str = "zia_url_categories";
const FILTERING: &str = "zia_url_filtering";

const CATEGORY_ID: Param = Param::path(
    "category_id",
    "The category's id, e.g. CUSTOM_01 or FINANCE.",
);
const CONFIGURED_NAME: Param = Param::body(
    "configured_name",
    ParamType::String,
    "The category's display name (custom categories).",
)
.wire("configuredName");
const URLS: Param = Param::body(
    "urls",
    ParamType::StringList,
    "URLs and domains; a leading dot matches subdomains.",
);
const DB_URLS: Param = Param::body(
    "db_categorized_urls",
    ParamType::StringList,
    "URLs that keep their predefined category too.",
)
.wire("dbCategorizedUrls");
const KEYWORDS: Param = Param::body(
    "keywords",
    ParamType::StringList,
    "Keywords matched in URLs.",
);
const IP_RANGES: Param = Param::body(
    "ip_ranges",
    ParamType::StringList,
    "IP ranges (CIDR) in the category.",
)
.wire("ipRanges");
const SUPER_CATEGORY: Param = Param::body(
    "super_category",
    ParamType::String,
    "Super category, e.g. USER_DEFINED (the default).",
)
.wire("superCategory");
const INCREMENT: &[Param] = &[
    CATEGORY_ID,
    Param::body(
        "urls",
        ParamType::StringList,
        "URLs and domains to add or remove.",
    )
    .required(),
    Param::body(
        "configured_name",
        ParamType::String,
        "The category's display name; ZIA expects it for custom categories.",
    )
    .wire("configuredName"),
];

const URL_ACTION: Param = Param::body(
    "action",
    ParamType::Enum(&["ALLOW", "BLOCK", "CAUTION", "ISOLATE"]),
    "What the rule does to matching requests.",
);
const REQUEST_METHODS: Param = Param::body(
    "request_methods",
    ParamType::StringList,
    "HTTP methods matched, e.g. GET, POST, CONNECT.",
)
.wire("requestMethods");
const BLOCK_OVERRIDE: Param = Param::body(
    "block_override",
    ParamType::Boolean,
    "Let users override a BLOCK with a password.",
)
.wire("blockOverride");
const SOURCE_IP_GROUPS: Param =
    Param::body("source_ip_groups", REFS, "IP source groups matched ({id}).")
        .wire("sourceIpGroups");

pub(crate) static TOOLS: &[ToolDef] = &[
    tool("zia_list_url_categories", CATEGORIES, Action::Read, zia!("urlCategories"))
        .list()
        .params(&[
            Param::new("custom_only", ParamType::Boolean, "Only custom categories.")
                .at(Location::Query)
                .wire("customOnly"),
            Param::new("type", ParamType::Enum(&["URL_CATEGORY", "TLD_CATEGORY", "ALL"]), "Only this kind of category.")
                .at(Location::Query),
            Param::new("counts_only", ParamType::Boolean, "Counts instead of URL and keyword lists.")
                .at(Location::Query)
                .wire("includeOnlyUrlKeywordCounts"),
        ])
        .title("List ZIA URL categories")
        .describe("Lists ZIA URL categories, predefined and custom; filter by name with query."),
    tool("zia_get_url_category", CATEGORIES, Action::Read, zia!("urlCategories/{category_id}"))
        .params(&[CATEGORY_ID])
        .title("Get a ZIA URL category")
        .describe("Gets one ZIA URL category with its URLs and keywords."),
    tool("zia_get_url_category_predefined", CATEGORIES, Action::Read, zia!("urlCategories"))
        .params(&[Param::new("name", ParamType::String, "Predefined category id or display name, e.g. FINANCE or Adult Themes.").required()])
        .composite(get_predefined)
        .title("Get a predefined ZIA URL category")
        .describe("Gets a predefined URL category by id or display name; refuses custom ones."),
    tool("zia_url_lookup", CATEGORIES, Action::Read, zia!("urlLookup"))
        .method(Method::Post)
        .list()
        .params(&[Param::new("urls", ParamType::StringList, "URLs or domains to classify (at most 100).").required()])
        .composite(url_lookup)
        .title("Look up ZIA URL categories")
        .describe("Tells which URL categories and security alerts ZIA gives each URL."),
    tool("zia_create_url_category", CATEGORIES, Action::Create, zia!("urlCategories"))
        .params(&[
            CONFIGURED_NAME.required(), SUPER_CATEGORY, DESCRIPTION, URLS, DB_URLS, KEYWORDS,
            IP_RANGES, FIELDS,
        ])
        .title("Create a ZIA URL category")
        .describe(staged!("Creates a custom ZIA URL category (id CUSTOM_nn) for use in URL filtering and other rules.")),
    tool("zia_update_url_category", CATEGORIES, Action::Update, zia!("urlCategories/{category_id}"))
        .params(&[
            CATEGORY_ID, CONFIGURED_NAME, SUPER_CATEGORY, DESCRIPTION, URLS, DB_URLS, KEYWORDS,
            IP_RANGES, FIELDS,
        ])
        .title("Update a ZIA URL category")
        .describe(staged!("Changes the given fields of a custom URL category; a given list replaces the old one, fields left out keep their values.")),
    tool("zia_update_url_category_predefined", CATEGORIES, Action::Update, zia!("urlCategories/{category_id}"))
        .params(&[
            Param::path("category_id", "The predefined category's id, e.g. FINANCE."),
            URLS, DB_URLS, KEYWORDS, IP_RANGES, DESCRIPTION, FIELDS,
        ])
        .title("Update a predefined ZIA URL category")
        .describe(staged!("Changes the given lists of a Zscaler-curated category (admin additions); fields left out keep their values.")),
    tool("zia_add_urls_to_category", CATEGORIES, Action::Update, zia!("urlCategories/{category_id}?action=ADD_TO_LIST"))
        .params(INCREMENT)
        .current(Current::None)
        .title("Add URLs to a ZIA URL category")
        .describe(staged!("Adds URLs to a URL category's list without touching the rest of it.")),
    tool("zia_remove_urls_from_category", CATEGORIES, Action::Update, zia!("urlCategories/{category_id}?action=REMOVE_FROM_LIST"))
        .params(INCREMENT)
        .current(Current::None)
        .title("Remove URLs from a ZIA URL category")
        .describe(staged!("Removes URLs from a URL category's list without touching the rest of it.")),
    tool("zia_delete_url_category", CATEGORIES, Action::Delete, zia!("urlCategories/{category_id}"))
        .params(&[CATEGORY_ID])
        .title("Delete a ZIA URL category")
        .describe(staged!("Deletes a custom URL category; predefined ones cannot be deleted, and one in use by a rule is refused.")),
    // URL filtering rules.
    tool("zia_list_url_filtering_rules", FILTERING, Action::Read, zia!("urlFilteringRules"))
        .list()
        .title("List ZIA URL filtering rules")
        .describe("Lists ZIA URL filtering rules in policy order, default rule last."),
    tool("zia_get_url_filtering_rule", FILTERING, Action::Read, zia!("urlFilteringRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Get a ZIA URL filtering rule")
        .describe("Gets one ZIA URL filtering rule."),
    tool("zia_create_url_filtering_rule", FILTERING, Action::Create, zia!("urlFilteringRules"))
        .params(&[
            NAME.required(), ORDER.required(), URL_ACTION, STATE, RANK, DESCRIPTION, URL_CATEGORIES,
            PROTOCOLS, REQUEST_METHODS, BLOCK_OVERRIDE, LOCATIONS, LOCATION_GROUPS, GROUPS,
            DEPARTMENTS, USERS, TIME_WINDOWS, LABELS, SOURCE_IP_GROUPS, FIELDS,
        ])
        .title("Create a ZIA URL filtering rule")
        .describe(staged!("Creates a ZIA URL filtering rule at the given order; later rules shift down.")),
    tool("zia_update_url_filtering_rule", FILTERING, Action::Update, zia!("urlFilteringRules/{rule_id}"))
        .params(&[
            RULE_ID, NAME, ORDER, URL_ACTION, STATE, RANK, DESCRIPTION, URL_CATEGORIES, PROTOCOLS,
            REQUEST_METHODS, BLOCK_OVERRIDE, LOCATIONS, LOCATION_GROUPS, GROUPS, DEPARTMENTS,
            USERS, TIME_WINDOWS, LABELS, SOURCE_IP_GROUPS, FIELDS,
        ])
        .title("Update a ZIA URL filtering rule")
        .describe(staged!("Changes the given fields of a ZIA URL filtering rule; fields left out keep their values.")),
    tool("zia_delete_url_filtering_rule", FILTERING, Action::Delete, zia!("urlFilteringRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Delete a ZIA URL filtering rule")
        .describe(staged!("Deletes a ZIA URL filtering rule; the default rule cannot be deleted.")),
];

/// `Adult Themes`, `adult-themes` and `ADULT_THEMES` all name the same predefined category.
fn canonical(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

fn get_predefined(call: CompositeCall<'_>) -> BoxFuture<'_, Result<ToolOutput, ToolError>> {
    Box::pin(async move {
        let wanted = call.args.str("name").unwrap_or_default().trim().to_owned();
        if wanted.is_empty() {
            return Err(ToolError::invalid("name", "must not be empty"));
        }
        let client = call.ctx.client()?;
        let listed = client.send(Request::get(zia!("urlCategories"))).await?.body;
        let categories = listed.as_array().map(Vec::as_slice).unwrap_or_default();
        let key = canonical(&wanted);
        let found = categories.iter().find(|c| {
            c["id"].as_str().is_some_and(|id| canonical(id) == key)
                || c["configuredName"]
                    .as_str()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(&wanted))
        });
        let Some(found) = found else {
            return Err(ToolError::invalid(
                "name",
                format!(
                    "no URL category is called {wanted:?}; pass a predefined id such as FINANCE or its display name"
                ),
            ));
        };
        if found["customCategory"] == true {
            return Err(ToolError::invalid(
                "name",
                format!(
                    "{wanted:?} is the custom category {}; read it with zia_get_url_category",
                    found["id"]
                ),
            ));
        }
        // The list may abbreviate; the item endpoint gives the full record.
        let id = found["id"].as_str().unwrap_or_default();
        let path = format!("{}/{}", zia!("urlCategories"), encode_path_segment(id));
        let record = client.send(Request::get(path)).await?.body;
        Ok(ToolOutput::structured(record))
    })
}

fn url_lookup(call: CompositeCall<'_>) -> BoxFuture<'_, Result<ToolOutput, ToolError>> {
    Box::pin(async move {
        let urls: Vec<Value> = call
            .args
            .get("urls")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if urls.is_empty() {
            return Err(ToolError::invalid(
                "urls",
                "give at least one URL or domain",
            ));
        }
        let client = call.ctx.client()?;
        // ZIA classifies at most 100 URLs per request.
        let mut items = Vec::with_capacity(urls.len());
        for chunk in urls.chunks(100) {
            let req = Request::post(zia!("urlLookup")).json(Value::Array(chunk.to_vec()));
            match client.send(req).await?.body {
                Value::Array(found) => items.extend(found),
                other => items.push(other),
            }
        }
        Ok(ToolOutput::structured(serde_json::json!({
            "count": items.len(),
            "items": items,
        })))
    })
}
