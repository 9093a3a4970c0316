//! ZPA server groups and the application servers they list.

use zscaler_oneapi::Paging;

use super::{ID_REFS, MICROTENANT, SEARCH, mgmt};
use crate::model::{Action, FIELDS, Param, ParamType, Service, ToolDef};

const fn row(
    name: &'static str,
    toolset: &'static str,
    action: Action,
    path: &'static str,
) -> ToolDef {
    ToolDef::new(name, Service::Zpa, toolset, action, path)
}

const GROUPS: &str = "zpa_server_groups";
const SERVERS: &str = "zpa_application_servers";

const GROUP_ID: Param = Param::path("group_id", "");
const SERVER_ID: Param = Param::path("server_id", "");

const DESCRIPTION: Param = Param::body("description", ParamType::String, "Free-text description.");

const GROUP_NAME: Param = Param::body("name", ParamType::String, "The server group's name.");
const GROUP_ENABLED: Param = Param::body(
    "enabled",
    ParamType::Boolean,
    "Whether the group is in use.",
);
const CONNECTOR_GROUPS: Param = Param::body(
    "app_connector_groups",
    ParamType::Schema(ID_REFS),
    "App Connector groups that reach its servers, as [{\"id\": …}].",
)
.wire("appConnectorGroups");
const MEMBERS: Param = Param::body(
    "servers",
    ParamType::Schema(ID_REFS),
    "Application servers, as [{\"id\": …}]; needed unless dynamic_discovery.",
)
.wire("servers");
const DYNAMIC: Param = Param::body(
    "dynamic_discovery",
    ParamType::Boolean,
    "Let App Connectors find the servers from the segments' domains.",
)
.wire("dynamicDiscovery");
const IP_ANCHORED: Param = Param::body(
    "ip_anchored",
    ParamType::Boolean,
    "Whether its traffic egresses through ZIA with a fixed source IP.",
)
.wire("ipAnchored");

static CREATE_GROUP: &[Param] = &[
    GROUP_NAME.required(),
    CONNECTOR_GROUPS.required(),
    MEMBERS,
    DYNAMIC,
    DESCRIPTION,
    GROUP_ENABLED,
    IP_ANCHORED,
    MICROTENANT,
    FIELDS,
];
static UPDATE_GROUP: &[Param] = &[
    GROUP_ID,
    GROUP_NAME,
    CONNECTOR_GROUPS,
    MEMBERS,
    DYNAMIC,
    DESCRIPTION,
    GROUP_ENABLED,
    IP_ANCHORED,
    MICROTENANT,
    FIELDS,
];

const SERVER_NAME: Param = Param::body("name", ParamType::String, "The application server's name.");
const ADDRESS: Param = Param::body(
    "address",
    ParamType::String,
    "The server's IP address or FQDN.",
);
const SERVER_ENABLED: Param = Param::body(
    "enabled",
    ParamType::Boolean,
    "Whether the server is in use.",
);

static CREATE_SERVER: &[Param] = &[
    SERVER_NAME.required(),
    ADDRESS.required(),
    DESCRIPTION,
    SERVER_ENABLED,
    MICROTENANT,
    FIELDS,
];
static UPDATE_SERVER: &[Param] = &[
    SERVER_ID,
    SERVER_NAME,
    ADDRESS,
    DESCRIPTION,
    SERVER_ENABLED,
    MICROTENANT,
    FIELDS,
];

pub(crate) static TOOLS: &[ToolDef] = &[
    row("zpa_list_server_groups", GROUPS, Action::Read, mgmt!("serverGroup"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH, MICROTENANT])
        .title("List ZPA server groups")
        .describe("Lists ZPA server groups, which tie segments to App Connector groups."),
    row("zpa_get_server_group", GROUPS, Action::Read, mgmt!("serverGroup/{group_id}"))
        .params(&[GROUP_ID, MICROTENANT])
        .title("Get a ZPA server group")
        .describe("Gets one ZPA server group: connector groups, servers, segments."),
    row("zpa_create_server_group", GROUPS, Action::Create, mgmt!("serverGroup"))
        .params(CREATE_GROUP)
        .title("Create a ZPA server group")
        .describe("Creates a ZPA server group over App Connector groups, listing its servers or discovering them dynamically."),
    row("zpa_update_server_group", GROUPS, Action::Update, mgmt!("serverGroup/{group_id}"))
        .params(UPDATE_GROUP)
        .title("Update a ZPA server group")
        .describe("Changes the given fields of a ZPA server group; lists given replace the old ones, fields left out keep their values."),
    row("zpa_delete_server_group", GROUPS, Action::Delete, mgmt!("serverGroup/{group_id}"))
        .params(&[GROUP_ID, MICROTENANT])
        .title("Delete a ZPA server group")
        .describe("Deletes a ZPA server group. ZPA refuses while an application segment or policy rule uses it."),
    row("zpa_list_application_servers", SERVERS, Action::Read, mgmt!("server"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH, MICROTENANT])
        .title("List ZPA application servers")
        .describe("Lists ZPA application servers and their addresses."),
    row("zpa_get_application_server", SERVERS, Action::Read, mgmt!("server/{server_id}"))
        .params(&[SERVER_ID, MICROTENANT])
        .title("Get a ZPA application server")
        .describe("Gets one ZPA application server: address, state, server groups."),
    row("zpa_create_application_server", SERVERS, Action::Create, mgmt!("server"))
        .params(CREATE_SERVER)
        .title("Create a ZPA application server")
        .describe("Creates a ZPA application server from an IP address or FQDN; add it to a server group to use it."),
    row("zpa_update_application_server", SERVERS, Action::Update, mgmt!("server/{server_id}"))
        .params(UPDATE_SERVER)
        .title("Update a ZPA application server")
        .describe("Changes the name, address, description or enabled state of a ZPA application server."),
    row("zpa_delete_application_server", SERVERS, Action::Delete, mgmt!("server/{server_id}"))
        .params(&[SERVER_ID, MICROTENANT])
        .title("Delete a ZPA application server")
        .describe("Deletes a ZPA application server. ZPA refuses while a server group lists it."),
];
