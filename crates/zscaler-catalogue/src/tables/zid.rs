//! ZIdentity tools (`/ziam/admin/api/v1/...`): users, groups and their memberships, user
//! entitlements, API clients and resource servers. Lists page with `offset`/`limit`.
//!
//! The `*_by_name` and `search` tools find a record by name first, then run the list tool
//! that takes its id, so they page and shape exactly as it does.

use futures_util::FutureExt;
use serde_json::{Map, Value};
use zscaler_oneapi::Paging;

use crate::context::ToolOutput;
use crate::error::ToolError;
use crate::model::{Action, CompositeCall, Current, FIELDS, Param, ParamType, Service, ToolDef};
use crate::schema::LIST_PARAMS;

macro_rules! zid {
    ($path:literal) => {
        concat!("/ziam/admin/api/v1/", $path)
    };
}

const USERS: &str = "zid_users";
const GROUPS: &str = "zid_groups";
const CLIENTS: &str = "zid_api_clients";

const fn row(
    name: &'static str,
    toolset: &'static str,
    action: Action,
    path: &'static str,
) -> ToolDef {
    ToolDef::new(name, Service::Zid, toolset, action, path)
}

const USER_ID: Param = Param::path("user_id", "");
const GROUP_ID: Param = Param::path("group_id", "");

const LOGIN_FILTER: Param = Param::query("login_name", "").wire("loginName[like]");
const DISPLAY_FILTER: Param = Param::query("display_name", "").wire("displayName[like]");
const EMAIL_FILTER: Param = Param::query("email", "").wire("primaryEmail[like]");
const DOMAIN_FILTER: Param = Param::query("domain", "").wire("domainName");
const IDP_FILTER: Param = Param::query("idp_name", "").wire("idpName");
const GROUP_NAME_FILTER: Param = Param::query("name", "").wire("name[like]");
const EXCLUDE_DYNAMIC: Param = Param::new("exclude_dynamic_groups", ParamType::Boolean, "")
    .at(crate::model::Location::Query)
    .wire("excludeDynamicGroups");

/// The name a by-name tool resolves.
const NAME: Param = Param::new("name", ParamType::String, "Partial, case-insensitive.").required();

/// A by-name tool pages like the list tool it runs.
static BY_NAME: &[Param] = &[
    NAME,
    LIST_PARAMS[0],
    LIST_PARAMS[1],
    LIST_PARAMS[2],
    LIST_PARAMS[3],
    LIST_PARAMS[4],
];

const LOGIN_NAME: Param = Param::body(
    "login_name",
    ParamType::String,
    "Sign-in name, user@domain.",
)
.wire("loginName");
const DISPLAY_NAME: Param =
    Param::body("display_name", ParamType::String, "Name shown to admins.").wire("displayName");
const FIRST_NAME: Param = Param::body("first_name", ParamType::String, "").wire("firstName");
const LAST_NAME: Param = Param::body("last_name", ParamType::String, "").wire("lastName");
const PRIMARY_EMAIL: Param =
    Param::body("primary_email", ParamType::String, "Primary email address.").wire("primaryEmail");
const SECONDARY_EMAIL: Param =
    Param::body("secondary_email", ParamType::String, "").wire("secondaryEmail");
const STATUS: Param = Param::body(
    "status",
    ParamType::Boolean,
    "true when the user may sign in.",
);
const GROUP_NAME: Param = Param::body("name", ParamType::String, "The group's name.");
const DESCRIPTION: Param = Param::body("description", ParamType::String, "Free-text description.");

pub(crate) static TOOLS: &[ToolDef] = &[
    // Users.
    row("zid_list_users", USERS, Action::Read, zid!("users"))
        .paged(Paging::OffsetLimit)
        .params(&[LOGIN_FILTER, DISPLAY_FILTER, EMAIL_FILTER, DOMAIN_FILTER, IDP_FILTER])
        .title("List ZIdentity users")
        .describe("Lists ZIdentity users; name and email filters match part of the text."),
    row("zid_search_users", USERS, Action::Read, zid!("users"))
        .params(BY_NAME)
        .list()
        .composite(|call| search_users(call).boxed())
        .title("Search ZIdentity users")
        .describe("Finds ZIdentity users by email (text with @), else login, then display name."),
    row("zid_get_user", USERS, Action::Read, zid!("users/{user_id}"))
        .params(&[USER_ID])
        .title("Get a ZIdentity user")
        .describe("Gets one ZIdentity user."),
    row("zid_get_user_groups", USERS, Action::Read, zid!("users/{user_id}/groups"))
        .paged(Paging::OffsetLimit)
        .params(&[USER_ID])
        .title("List a ZIdentity user's groups")
        .describe("Lists the groups a ZIdentity user belongs to."),
    row("zid_get_user_groups_by_name", USERS, Action::Read, zid!("users/{user_id}/groups"))
        .params(BY_NAME)
        .list()
        .composite(|call| user_groups_by_name(call).boxed())
        .title("List a ZIdentity user's groups, by user name")
        .describe("Finds a user by email, login or display name and lists their groups."),
    row("zid_get_user_admin_entitlements", USERS, Action::Read, zid!("users/{user_id}/admin-entitlements"))
        .list()
        .params(&[USER_ID])
        .title("List a ZIdentity user's admin entitlements")
        .describe("Lists a user's admin roles per Zscaler service."),
    row("zid_get_user_service_entitlements", USERS, Action::Read, zid!("users/{user_id}/service-entitlements"))
        .list()
        .params(&[USER_ID])
        .title("List a ZIdentity user's service entitlements")
        .describe("Lists the Zscaler services a user may use, with their role."),
    row("zid_create_user", USERS, Action::Create, zid!("users"))
        .params(&[
            LOGIN_NAME.required(), PRIMARY_EMAIL.required(), DISPLAY_NAME, FIRST_NAME, LAST_NAME,
            SECONDARY_EMAIL, STATUS,
            Param::body("department", ParamType::Schema(r#"{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}}}"#), "{id, name} of a department."),
            FIELDS,
        ])
        .title("Create a ZIdentity user")
        .describe("Creates a ZIdentity user; the login name must be unique and email-shaped."),
    row("zid_update_user", USERS, Action::Update, zid!("users/{user_id}"))
        .params(&[
            USER_ID, LOGIN_NAME, PRIMARY_EMAIL, DISPLAY_NAME, FIRST_NAME, LAST_NAME,
            SECONDARY_EMAIL, STATUS, FIELDS,
        ])
        .title("Update a ZIdentity user")
        .describe("Changes the given fields of a ZIdentity user; fields left out keep their values."),
    row("zid_delete_user", USERS, Action::Delete, zid!("users/{user_id}"))
        .params(&[USER_ID])
        .title("Delete a ZIdentity user")
        .describe("Deletes a ZIdentity user and their group memberships."),
    // Groups.
    row("zid_list_groups", GROUPS, Action::Read, zid!("groups"))
        .paged(Paging::OffsetLimit)
        .params(&[GROUP_NAME_FILTER, EXCLUDE_DYNAMIC, IDP_FILTER])
        .title("List ZIdentity groups")
        .describe("Lists ZIdentity groups; the name filter matches part of it."),
    row("zid_search_groups", GROUPS, Action::Read, zid!("groups"))
        .params(BY_NAME)
        .list()
        .composite(|call| search_groups(call).boxed())
        .title("Search ZIdentity groups")
        .describe("Finds ZIdentity groups whose name contains the text."),
    row("zid_get_group", GROUPS, Action::Read, zid!("groups/{group_id}"))
        .params(&[GROUP_ID])
        .title("Get a ZIdentity group")
        .describe("Gets one ZIdentity group."),
    row("zid_get_group_users", GROUPS, Action::Read, zid!("groups/{group_id}/users"))
        .paged(Paging::OffsetLimit)
        .params(&[GROUP_ID])
        .title("List a ZIdentity group's users")
        .describe("Lists the users in a ZIdentity group."),
    row("zid_get_group_users_by_name", GROUPS, Action::Read, zid!("groups/{group_id}/users"))
        .params(BY_NAME)
        .list()
        .composite(|call| group_users_by_name(call).boxed())
        .title("List a ZIdentity group's users, by group name")
        .describe("Finds a group by name (exact first) and lists its users."),
    row("zid_create_group", GROUPS, Action::Create, zid!("groups"))
        .params(&[GROUP_NAME.required(), DESCRIPTION, FIELDS])
        .title("Create a ZIdentity group")
        .describe("Creates a ZIdentity group (source API); the name must be unique."),
    row("zid_update_group", GROUPS, Action::Update, zid!("groups/{group_id}"))
        .params(&[GROUP_ID, GROUP_NAME, DESCRIPTION, FIELDS])
        .title("Update a ZIdentity group")
        .describe("Changes a ZIdentity group's name or description; fields left out keep their values."),
    row("zid_delete_group", GROUPS, Action::Delete, zid!("groups/{group_id}"))
        .params(&[GROUP_ID])
        .title("Delete a ZIdentity group")
        .describe("Deletes a ZIdentity group and its memberships; the users stay."),
    row("zid_add_user_to_group", GROUPS, Action::Create, zid!("groups/{group_id}/users/{user_id}"))
        .params(&[GROUP_ID, USER_ID])
        .title("Add a user to a ZIdentity group")
        .describe("Adds a user to a group; refused for dynamic (rule-driven) groups."),
    row("zid_remove_user_from_group", GROUPS, Action::Delete, zid!("groups/{group_id}/users/{user_id}"))
        .params(&[GROUP_ID, USER_ID])
        .current(Current::Path(zid!("groups/{group_id}")))
        .title("Remove a user from a ZIdentity group")
        .describe("Removes a user from a group; the user and the group stay."),
    // API clients and resource servers.
    row("zid_list_api_clients", CLIENTS, Action::Read, zid!("api-clients"))
        .paged(Paging::OffsetLimit)
        .title("List ZIdentity API clients")
        .describe("Lists OneAPI clients and their scopes (never secrets)."),
    row("zid_get_api_client", CLIENTS, Action::Read, zid!("api-clients/{client_id}"))
        .params(&[Param::path("client_id", "The API client id (zid_list_api_clients).")])
        .title("Get a ZIdentity API client")
        .describe("Gets one OneAPI client (never its secrets)."),
    row("zid_list_resource_servers", CLIENTS, Action::Read, zid!("resource-servers"))
        .paged(Paging::OffsetLimit)
        .title("List ZIdentity resource servers")
        .describe("Lists the services API clients can be granted."),
    row("zid_get_resource_server", CLIENTS, Action::Read, zid!("resource-servers/{resource_id}"))
        .params(&[Param::path("resource_id", "The resource server id.")])
        .title("Get a ZIdentity resource server")
        .describe("Gets one resource server with its scopes."),
];

fn tool(name: &str) -> &'static ToolDef {
    TOOLS
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("{name} is a row of this table"))
}

/// The paging and shaping arguments of a by-name call, passed on to the list it runs.
fn passed_on(call: &CompositeCall<'_>) -> Map<String, Value> {
    call.args
        .as_map()
        .iter()
        .filter(|(k, _)| *k != "name")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn name_of(call: &CompositeCall<'_>) -> String {
    call.args.str("name").unwrap_or_default().trim().to_owned()
}

/// The records of the first page of `list` with `filter` set to `name`.
async fn matches(
    call: &CompositeCall<'_>,
    list: &str,
    filter: &str,
    name: &str,
) -> Result<Vec<Value>, ToolError> {
    let mut args = Map::new();
    args.insert(filter.to_owned(), name.into());
    args.insert("page_size".to_owned(), 100.into());
    let out = call.engine.call(tool(list), Some(args), call.ctx).await?;
    if out.is_error {
        return Err(ToolError::Client(format!(
            "{list} failed: {:?}",
            out.content
        )));
    }
    Ok(out
        .structured
        .and_then(|s| s.get("items").and_then(Value::as_array).cloned())
        .unwrap_or_default())
}

/// How a user is looked for: by email when the text has an `@`, else login then display name.
fn user_filters(name: &str) -> &'static [&'static str] {
    if name.contains('@') {
        &["email", "login_name"]
    } else {
        &["login_name", "display_name"]
    }
}

/// Runs `zid_list_users` with each filter in turn until one matches (or the last one ran).
async fn search_users(call: CompositeCall<'_>) -> Result<ToolOutput, ToolError> {
    let name = name_of(&call);
    let (last, first) = user_filters(&name)
        .split_last()
        .expect("every lookup has a filter");
    for filter in first {
        let mut args = passed_on(&call);
        args.insert((*filter).to_owned(), name.clone().into());
        let out = call
            .engine
            .call(tool("zid_list_users"), Some(args), call.ctx)
            .await?;
        let found = out
            .structured
            .as_ref()
            .and_then(|s| s.get("count"))
            .and_then(Value::as_u64)
            .unwrap_or(0);
        if found > 0 || out.is_error {
            return Ok(out);
        }
    }
    let mut args = passed_on(&call);
    args.insert((*last).to_owned(), name.into());
    call.engine
        .call(tool("zid_list_users"), Some(args), call.ctx)
        .await
}

async fn search_groups(call: CompositeCall<'_>) -> Result<ToolOutput, ToolError> {
    let mut args = passed_on(&call);
    args.insert("name".to_owned(), name_of(&call).into());
    call.engine
        .call(tool("zid_list_groups"), Some(args), call.ctx)
        .await
}

fn id_text(record: &Value) -> Option<String> {
    match &record["id"] {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The record whose `fields` equal `name` (case-insensitive), else the first one.
fn best<'a>(records: &'a [Value], fields: &[&str], name: &str) -> Option<&'a Value> {
    records
        .iter()
        .find(|r| {
            fields
                .iter()
                .any(|f| r[*f].as_str().is_some_and(|v| v.eq_ignore_ascii_case(name)))
        })
        .or_else(|| records.first())
}

async fn user_groups_by_name(call: CompositeCall<'_>) -> Result<ToolOutput, ToolError> {
    let name = name_of(&call);
    let mut user = None;
    for filter in user_filters(&name) {
        let found = matches(&call, "zid_list_users", filter, &name).await?;
        if let Some(u) = best(&found, &["loginName", "primaryEmail", "displayName"], &name) {
            user = Some(u.clone());
            break;
        }
    }
    let Some(id) = user.as_ref().and_then(id_text) else {
        return Err(ToolError::invalid(
            "name",
            format!(
                "no ZIdentity user's email, login or display name contains `{name}`; zid_list_users lists them"
            ),
        ));
    };
    let mut args = passed_on(&call);
    args.insert("user_id".to_owned(), id.into());
    call.engine
        .call(tool("zid_get_user_groups"), Some(args), call.ctx)
        .await
}

async fn group_users_by_name(call: CompositeCall<'_>) -> Result<ToolOutput, ToolError> {
    let name = name_of(&call);
    let found = matches(&call, "zid_list_groups", "name", &name).await?;
    let Some(id) = best(&found, &["name"], &name).and_then(id_text) else {
        return Err(ToolError::invalid(
            "name",
            format!("no ZIdentity group's name contains `{name}`; zid_list_groups lists them"),
        ));
    };
    let mut args = passed_on(&call);
    args.insert("group_id".to_owned(), id.into());
    call.engine
        .call(tool("zid_get_group_users"), Some(args), call.ctx)
        .await
}
