//! Zscaler Cloud & Branch Connector tools (`/ztw/api/v1/...`): ZIA-like bare arrays and
//! integer ids. Changes are staged until `ztw_activate_configuration`.

use zscaler_oneapi::Paging;

use crate::model::{Action, Current, FIELDS, Param, ParamType, Service, ToolDef};

macro_rules! ztw {
    ($path:literal) => {
        concat!("/ztw/api/v1/", $path)
    };
}

/// Upstream's one toolset for this service.
const TOOLSET: &str = "ztw";

const fn row(name: &'static str, action: Action, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Ztw, TOOLSET, action, path)
}

/// A list the API pages with `page`/`pageSize`.
const fn list(name: &'static str, path: &'static str) -> ToolDef {
    row(name, Action::Read, path).paged(Paging::PageSize)
}

macro_rules! staged {
    ($text:literal) => {
        concat!($text, " Staged until ztw_activate_configuration.")
    };
}

const SEARCH: Param = Param::query("search", "");
const GROUP_ID: Param = Param::path("group_id", "");
const NAME: Param = Param::body("name", ParamType::String, "The group's name.");
const DESCRIPTION: Param = Param::body("description", ParamType::String, "Free-text description.");
const IP_ADDRESSES: Param = Param::body(
    "ip_addresses",
    ParamType::StringList,
    "IPv4 addresses, CIDR ranges or a-b ranges.",
)
.wire("ipAddresses");
const DEST_TYPE: Param = Param::body(
    "type",
    ParamType::Enum(&["DSTN_IP", "DSTN_FQDN", "DSTN_DOMAIN", "DSTN_OTHER"]),
    "What the group lists (default DSTN_IP).",
);
const ADDRESSES: Param = Param::body(
    "addresses",
    ParamType::StringList,
    "IPs, FQDNs or domains, per the type.",
);
const IP_CATEGORIES: Param = Param::body(
    "ip_categories",
    ParamType::StringList,
    "URL categories, for DSTN_OTHER.",
)
.wire("ipCategories");
const COUNTRIES: Param = Param::body(
    "countries",
    ParamType::StringList,
    "Country codes (COUNTRY_US…), for DSTN_OTHER.",
);

pub(crate) static TOOLS: &[ToolDef] = &[
    // Activation.
    row(
        "ztw_get_activation_status",
        Action::Read,
        ztw!("ecAdminActivateStatus"),
    )
    .title("Get ZTW activation status")
    .describe("Tells whether ZTW changes await activation, and how the last one went."),
    row(
        "ztw_activate_configuration",
        Action::Update,
        ztw!("ecAdminActivateStatus/activate"),
    )
    .current(Current::None)
    .title("Activate ZTW configuration")
    .describe("Activates the staged Cloud & Branch Connector changes so connectors apply them."),
    // Administrators.
    list("ztw_list_admins", ztw!("adminUsers"))
        .title("List ZTW admins")
        .describe("Lists ZTW admin users: login, name, email, role, scope."),
    row("ztw_get_admin", Action::Read, ztw!("adminUsers/{admin_id}"))
        .params(&[Param::path("admin_id", "")])
        .title("Get a ZTW admin")
        .describe("Gets one Cloud & Branch Connector admin user."),
    list("ztw_list_roles", ztw!("adminRoles"))
        .title("List ZTW admin roles")
        .describe("Lists Cloud & Branch Connector admin roles and their permissions."),
    // Cloud accounts and discovery.
    list(
        "ztw_list_public_account_details",
        ztw!("publicCloudAccountDetails"),
    )
    .title("List ZTW public cloud accounts")
    .describe("Lists the public cloud accounts connected for workload discovery."),
    row(
        "ztw_get_public_account_details",
        Action::Read,
        ztw!("publicCloudAccountDetails/{account_id}"),
    )
    .params(&[Param::path("account_id", "")])
    .title("Get a ZTW public cloud account")
    .describe("Gets one connected public cloud account."),
    list("ztw_list_public_cloud_info", ztw!("publicCloudInfo"))
        .title("List ZTW public cloud info")
        .describe("Lists public cloud account groups: cloud type, regions, discovery state."),
    row(
        "ztw_get_public_cloud_info",
        Action::Read,
        ztw!("publicCloudInfo/{info_id}"),
    )
    .params(&[Param::path("info_id", "")])
    .title("Get ZTW public cloud info")
    .describe("Gets one public cloud account group."),
    row(
        "ztw_get_discovery_settings",
        Action::Read,
        ztw!("discoveryService/workloadDiscoverySettings"),
    )
    .title("Get ZTW workload discovery settings")
    .describe("Gets the trusted account and role Zscaler uses to discover cloud workloads."),
    // IP source groups.
    list("ztw_list_ip_source_groups", ztw!("ipSourceGroups"))
        .params(&[SEARCH])
        .title("List ZTW IP source groups")
        .describe("Lists ZTW IP source groups with their addresses."),
    list(
        "ztw_list_ip_source_groups_lite",
        ztw!("ipSourceGroups/lite"),
    )
    .title("List ZTW IP source groups (ids and names)")
    .describe("Lists IP source groups as id and name only."),
    row(
        "ztw_get_ip_source_group",
        Action::Read,
        ztw!("ipSourceGroups/{group_id}"),
    )
    .params(&[GROUP_ID])
    .title("Get a ZTW IP source group")
    .describe("Gets one IP source group with its addresses."),
    row(
        "ztw_create_ip_source_group",
        Action::Create,
        ztw!("ipSourceGroups"),
    )
    .params(&[
        NAME.required(),
        DESCRIPTION,
        IP_ADDRESSES.required(),
        FIELDS,
    ])
    .title("Create a ZTW IP source group")
    .describe(staged!("Creates an IP source group for forwarding rules.")),
    row(
        "ztw_update_ip_source_group",
        Action::Update,
        ztw!("ipSourceGroups/{group_id}"),
    )
    .params(&[GROUP_ID, NAME, DESCRIPTION, IP_ADDRESSES, FIELDS])
    .title("Update a ZTW IP source group")
    .describe(staged!(
        "Changes the given fields of an IP source group; a given address list replaces the old one."
    )),
    row(
        "ztw_delete_ip_source_group",
        Action::Delete,
        ztw!("ipSourceGroups/{group_id}"),
    )
    .params(&[GROUP_ID])
    .title("Delete a ZTW IP source group")
    .describe(staged!(
        "Deletes an IP source group; refused while a forwarding rule uses it."
    )),
    // IP destination groups.
    list(
        "ztw_list_ip_destination_groups",
        ztw!("ipDestinationGroups"),
    )
    .params(&[SEARCH])
    .title("List ZTW IP destination groups")
    .describe("Lists ZTW IP destination groups: type, addresses, categories, countries."),
    list(
        "ztw_list_ip_destination_groups_lite",
        ztw!("ipDestinationGroups/lite"),
    )
    .title("List ZTW IP destination groups (ids and names)")
    .describe("Lists IP destination groups as id and name only."),
    row(
        "ztw_get_ip_destination_group",
        Action::Read,
        ztw!("ipDestinationGroups/{group_id}"),
    )
    .params(&[GROUP_ID])
    .title("Get a ZTW IP destination group")
    .describe("Gets one IP destination group."),
    row(
        "ztw_create_ip_destination_group",
        Action::Create,
        ztw!("ipDestinationGroups"),
    )
    .params(&[
        NAME.required(),
        DEST_TYPE,
        ADDRESSES,
        DESCRIPTION,
        IP_CATEGORIES,
        COUNTRIES,
        FIELDS,
    ])
    .title("Create a ZTW IP destination group")
    .describe(staged!(
        "Creates an IP destination group of IPs, FQDNs, domains or categories and countries."
    )),
    row(
        "ztw_update_ip_destination_group",
        Action::Update,
        ztw!("ipDestinationGroups/{group_id}"),
    )
    .params(&[
        GROUP_ID,
        NAME,
        DEST_TYPE,
        ADDRESSES,
        DESCRIPTION,
        IP_CATEGORIES,
        COUNTRIES,
        FIELDS,
    ])
    .title("Update a ZTW IP destination group")
    .describe(staged!(
        "Changes the given fields of an IP destination group; a given list replaces the old one."
    )),
    row(
        "ztw_delete_ip_destination_group",
        Action::Delete,
        ztw!("ipDestinationGroups/{group_id}"),
    )
    .params(&[GROUP_ID])
    .title("Delete a ZTW IP destination group")
    .describe(staged!(
        "Deletes an IP destination group; refused while a forwarding rule uses it."
    )),
    // IP groups.
    list("ztw_list_ip_groups", ztw!("ipGroups"))
        .params(&[SEARCH])
        .title("List ZTW IP groups")
        .describe("Lists ZTW IP pool groups with their addresses."),
    list("ztw_list_ip_groups_lite", ztw!("ipGroups/lite"))
        .title("List ZTW IP groups (ids and names)")
        .describe("Lists IP pool groups as id and name only."),
    row(
        "ztw_get_ip_group",
        Action::Read,
        ztw!("ipGroups/{group_id}"),
    )
    .params(&[GROUP_ID])
    .title("Get a ZTW IP group")
    .describe("Gets one IP pool group."),
    row("ztw_create_ip_group", Action::Create, ztw!("ipGroups"))
        .params(&[
            NAME.required(),
            DESCRIPTION,
            IP_ADDRESSES.required(),
            FIELDS,
        ])
        .title("Create a ZTW IP group")
        .describe(staged!("Creates an IP pool group.")),
    row(
        "ztw_delete_ip_group",
        Action::Delete,
        ztw!("ipGroups/{group_id}"),
    )
    .params(&[GROUP_ID])
    .title("Delete a ZTW IP group")
    .describe(staged!(
        "Deletes an IP pool group; refused while a forwarding rule uses it."
    )),
    // Network services.
    list("ztw_list_network_services", ztw!("networkServices"))
        .params(&[SEARCH])
        .title("List ZTW network services")
        .describe("Lists ZTW network services with their ports."),
    row(
        "ztw_get_network_service",
        Action::Read,
        ztw!("networkServices/{service_id}"),
    )
    .params(&[Param::path("service_id", "")])
    .title("Get a ZTW network service")
    .describe("Gets one network service with its TCP and UDP ports."),
    list(
        "ztw_list_network_service_groups",
        ztw!("networkServiceGroups"),
    )
    .params(&[SEARCH])
    .title("List ZTW network service groups")
    .describe("Lists network service groups with the services they hold."),
    row(
        "ztw_get_network_service_group",
        Action::Read,
        ztw!("networkServiceGroups/{group_id}"),
    )
    .params(&[GROUP_ID])
    .title("Get a ZTW network service group")
    .describe("Gets one network service group."),
    // Locations, templates, provisioning and connector groups.
    list("ztw_list_locations", ztw!("location"))
        .params(&[SEARCH])
        .title("List ZTW locations")
        .describe("Lists the locations connectors create, with firewall and IPS switches."),
    row(
        "ztw_get_location",
        Action::Read,
        ztw!("location/{location_id}"),
    )
    .params(&[Param::path("location_id", "")])
    .title("Get a ZTW location")
    .describe("Gets one Cloud & Branch Connector location."),
    list("ztw_list_location_templates", ztw!("locationTemplate"))
        .title("List ZTW location templates")
        .describe("Lists location templates for new connector locations."),
    row(
        "ztw_get_location_template",
        Action::Read,
        ztw!("locationTemplate/{template_id}"),
    )
    .params(&[Param::path("template_id", "")])
    .title("Get a ZTW location template")
    .describe("Gets one location template with its settings."),
    list("ztw_list_provisioning_urls", ztw!("provUrl"))
        .title("List ZTW provisioning URLs")
        .describe("Lists provisioning URLs: type, status, location template."),
    row(
        "ztw_get_provisioning_url",
        Action::Read,
        ztw!("provUrl/{url_id}"),
    )
    .params(&[Param::path("url_id", "")])
    .title("Get a ZTW provisioning URL")
    .describe("Gets one provisioning URL with its location template."),
    list("ztw_list_connector_groups", ztw!("ecgroup"))
        .title("List ZTW connector groups")
        .describe("Lists Cloud & Branch Connector groups and their connectors."),
    row(
        "ztw_get_connector_group",
        Action::Read,
        ztw!("ecgroup/{group_id}"),
    )
    .params(&[GROUP_ID])
    .title("Get a ZTW connector group")
    .describe("Gets one Cloud & Branch Connector group."),
];
