//! ZPA application segments (plain, Browser Access and Privileged Remote Access), the
//! sub-apps by type, and segment groups.

use zscaler_oneapi::Paging;

use super::{ID_REFS, MICROTENANT, SEARCH, mgmt};
use crate::model::{Action, FIELDS, Location, Param, ParamType, Service, ToolDef};

const fn read(name: &'static str, toolset: &'static str, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zpa, toolset, Action::Read, path)
}

const fn write(
    name: &'static str,
    toolset: &'static str,
    action: Action,
    path: &'static str,
) -> ToolDef {
    ToolDef::new(name, Service::Zpa, toolset, action, path)
}

const SEGMENTS: &str = "zpa_app_segments";
const GROUPS: &str = "zpa_segment_groups";

const SEGMENT_ID: Param = Param::path("segment_id", "");
const GROUP_ID: Param = Param::path("group_id", "");

// ---------------------------------------------------------------------------------------------
// Application segment fields, shared by the plain, BA and PRA tools.

const PORT_RANGES: &str = r#"{"type":"array","items":{"type":"object","properties":{"from":{"type":"string","description":"First port (1-65535)."},"to":{"type":"string","description":"Last port, at least from."}},"required":["from","to"]}}"#;

const NAME: Param = Param::body("name", ParamType::String, "The segment's name.");
const DESCRIPTION: Param = Param::body("description", ParamType::String, "Free-text description.");
const ENABLED: Param = Param::body("enabled", ParamType::Boolean, "Whether users can reach it.");
const DOMAINS: Param = Param::body(
    "domain_names",
    ParamType::StringList,
    "FQDNs, wildcard domains or IPs/CIDRs the segment covers.",
)
.wire("domainNames");
const SEGMENT_GROUP: Param = Param::body(
    "segment_group_id",
    ParamType::String,
    "The segment group it belongs to (zpa_list_segment_groups).",
)
.wire("segmentGroupId");
const SERVER_GROUPS: Param = Param::body(
    "server_groups",
    ParamType::Schema(ID_REFS),
    "Server groups that reach it, as [{\"id\": …}] (zpa_list_server_groups).",
)
.wire("serverGroups");
const TCP_PORTS: Param = Param::body(
    "tcp_port_range",
    ParamType::Schema(PORT_RANGES),
    "TCP port ranges, e.g. [{\"from\": \"443\", \"to\": \"443\"}].",
)
.wire("tcpPortRange");
const UDP_PORTS: Param = Param::body(
    "udp_port_range",
    ParamType::Schema(PORT_RANGES),
    "UDP port ranges, same shape as tcp_port_range.",
)
.wire("udpPortRange");
const BYPASS: Param = Param::body(
    "bypass_type",
    ParamType::Enum(&["NEVER", "ALWAYS", "ON_NET"]),
    "When Client Connector bypasses ZPA for it.",
)
.wire("bypassType");
const HEALTH_REPORTING: Param = Param::body(
    "health_reporting",
    ParamType::Enum(&["NONE", "ON_ACCESS", "CONTINUOUS"]),
    "How App Connectors report the servers' health.",
)
.wire("healthReporting");
const HEALTH_CHECK: Param = Param::body(
    "health_check_type",
    ParamType::Enum(&["DEFAULT", "NONE"]),
    "Whether App Connectors health-check the servers.",
)
.wire("healthCheckType");
const ICMP: Param = Param::body(
    "icmp_access_type",
    ParamType::Enum(&["NONE", "PING", "PING_TRACEROUTING"]),
    "Which ICMP traffic the segment lets through.",
)
.wire("icmpAccessType");
const CNAME: Param = Param::body(
    "is_cname_enabled",
    ParamType::Boolean,
    "Whether connectors resolve CNAMEs of the domains.",
)
.wire("isCnameEnabled");
const PASSIVE_HEALTH: Param = Param::body(
    "passive_health_enabled",
    ParamType::Boolean,
    "Whether passive health checks are on.",
)
.wire("passiveHealthEnabled");
const DOUBLE_ENCRYPT: Param = Param::body(
    "double_encrypt",
    ParamType::Boolean,
    "Whether traffic is encrypted a second time end to end.",
)
.wire("doubleEncrypt");
const IP_ANCHORED: Param = Param::body(
    "ip_anchored",
    ParamType::Boolean,
    "Whether traffic egresses through ZIA with a fixed source IP.",
)
.wire("ipAnchored");

const FORCE_DELETE: Param = Param::new(
    "force_delete",
    ParamType::Boolean,
    "Also remove it from the policy rules that name it.",
)
.at(Location::Query)
.wire("forceDelete");

/// Browser Access apps, in the `clientlessApps` form a segment GET shows them.
const CLIENTLESS_APPS_SCHEMA: &str = r#"{"type":"array","items":{"type":"object","properties":{
"name":{"type":"string"},
"domain":{"type":"string","description":"One of the segment's domain_names."},
"applicationPort":{"type":"string","description":"Port the web server listens on, e.g. \"443\"."},
"applicationProtocol":{"type":"string","enum":["HTTP","HTTPS"]},
"certificateId":{"type":"string","description":"A BA certificate id (zpa_list_ba_certificates)."},
"enabled":{"type":"boolean"},
"trustUntrustedCert":{"type":"boolean"},
"allowOptions":{"type":"boolean"}},
"required":["domain","applicationPort","applicationProtocol","certificateId"]}}"#;

const CLIENTLESS_APPS: Param = Param::body(
    "clientless_apps",
    ParamType::Schema(CLIENTLESS_APPS_SCHEMA),
    "The web apps published in the browser, one per domain.",
)
.wire("clientlessApps");

/// PRA apps go in `commonAppsDto.appsConfig`, each typed `SECURE_REMOTE_ACCESS`.
const PRA_APPS_SCHEMA: &str = r#"{"type":"object","properties":{"appsConfig":{"type":"array","items":{"type":"object","properties":{
"appTypes":{"type":"array","items":{"type":"string","enum":["SECURE_REMOTE_ACCESS"]},"default":["SECURE_REMOTE_ACCESS"]},
"name":{"type":"string"},
"domain":{"type":"string","description":"One of the segment's domain_names."},
"applicationPort":{"type":"string","description":"e.g. \"3389\" for RDP, \"22\" for SSH."},
"applicationProtocol":{"type":"string","enum":["RDP","SSH","VNC"]},
"connectionSecurity":{"type":"string","enum":["ANY","NLA","NLA_EXT","TLS","VM_CONNECT","RDP"],"description":"RDP only."},
"enabled":{"type":"boolean"}},
"required":["appTypes","name","domain","applicationPort","applicationProtocol"]}}},
"required":["appsConfig"]}"#;

const PRA_APPS: Param = Param::body(
    "common_apps_dto",
    ParamType::Schema(PRA_APPS_SCHEMA),
    "The RDP/SSH targets: {\"appsConfig\": [one entry per target]}.",
)
.wire("commonAppsDto");

static CREATE_SEGMENT: &[Param] = &[
    NAME.required(),
    DOMAINS.required(),
    SEGMENT_GROUP.required(),
    SERVER_GROUPS,
    TCP_PORTS,
    UDP_PORTS,
    DESCRIPTION,
    ENABLED,
    BYPASS,
    HEALTH_REPORTING,
    HEALTH_CHECK,
    ICMP,
    CNAME,
    PASSIVE_HEALTH,
    DOUBLE_ENCRYPT,
    IP_ANCHORED,
    MICROTENANT,
    FIELDS,
];

static UPDATE_SEGMENT: &[Param] = &[
    SEGMENT_ID,
    NAME,
    DOMAINS,
    SEGMENT_GROUP,
    SERVER_GROUPS,
    TCP_PORTS,
    UDP_PORTS,
    DESCRIPTION,
    ENABLED,
    BYPASS,
    HEALTH_REPORTING,
    HEALTH_CHECK,
    ICMP,
    CNAME,
    PASSIVE_HEALTH,
    DOUBLE_ENCRYPT,
    IP_ANCHORED,
    MICROTENANT,
    FIELDS,
];

static CREATE_BA: &[Param] = &[
    NAME.required(),
    DOMAINS.required(),
    SEGMENT_GROUP.required(),
    SERVER_GROUPS.required(),
    CLIENTLESS_APPS.required(),
    TCP_PORTS,
    UDP_PORTS,
    DESCRIPTION,
    ENABLED,
    BYPASS,
    HEALTH_REPORTING,
    HEALTH_CHECK,
    ICMP,
    CNAME,
    PASSIVE_HEALTH,
    DOUBLE_ENCRYPT,
    IP_ANCHORED,
    MICROTENANT,
    FIELDS,
];

static UPDATE_BA: &[Param] = &[
    SEGMENT_ID,
    NAME,
    DOMAINS,
    SEGMENT_GROUP,
    SERVER_GROUPS,
    CLIENTLESS_APPS,
    TCP_PORTS,
    UDP_PORTS,
    DESCRIPTION,
    ENABLED,
    BYPASS,
    HEALTH_REPORTING,
    HEALTH_CHECK,
    ICMP,
    CNAME,
    PASSIVE_HEALTH,
    DOUBLE_ENCRYPT,
    IP_ANCHORED,
    MICROTENANT,
    FIELDS,
];

static CREATE_PRA: &[Param] = &[
    NAME.required(),
    DOMAINS.required(),
    SEGMENT_GROUP.required(),
    SERVER_GROUPS.required(),
    PRA_APPS.required(),
    TCP_PORTS,
    UDP_PORTS,
    DESCRIPTION,
    ENABLED,
    BYPASS,
    HEALTH_REPORTING,
    HEALTH_CHECK,
    ICMP,
    CNAME,
    PASSIVE_HEALTH,
    DOUBLE_ENCRYPT,
    IP_ANCHORED,
    MICROTENANT,
    FIELDS,
];

static UPDATE_PRA: &[Param] = &[
    SEGMENT_ID,
    NAME,
    DOMAINS,
    SEGMENT_GROUP,
    SERVER_GROUPS,
    PRA_APPS,
    TCP_PORTS,
    UDP_PORTS,
    DESCRIPTION,
    ENABLED,
    BYPASS,
    HEALTH_REPORTING,
    HEALTH_CHECK,
    ICMP,
    CNAME,
    PASSIVE_HEALTH,
    DOUBLE_ENCRYPT,
    IP_ANCHORED,
    MICROTENANT,
    FIELDS,
];

static DELETE_SEGMENT: &[Param] = &[SEGMENT_ID, FORCE_DELETE, MICROTENANT];

// ---------------------------------------------------------------------------------------------
// Segment group fields.

const GROUP_NAME: Param = Param::body("name", ParamType::String, "The segment group's name.");
const GROUP_ENABLED: Param = Param::body(
    "enabled",
    ParamType::Boolean,
    "Whether the group (and so its segments) is in effect.",
);

static CREATE_GROUP: &[Param] = &[
    GROUP_NAME.required(),
    DESCRIPTION,
    GROUP_ENABLED,
    MICROTENANT,
    FIELDS,
];
static UPDATE_GROUP: &[Param] = &[
    GROUP_ID,
    GROUP_NAME,
    DESCRIPTION,
    GROUP_ENABLED,
    MICROTENANT,
    FIELDS,
];

pub(crate) static TOOLS: &[ToolDef] = &[
    read("zpa_list_application_segments", SEGMENTS, mgmt!("application"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH, MICROTENANT])
        .title("List ZPA application segments")
        .describe("Lists ZPA application segments: domains, ports, groups."),
    read("zpa_get_application_segment", SEGMENTS, mgmt!("application/{segment_id}"))
        .params(&[SEGMENT_ID, MICROTENANT])
        .title("Get a ZPA application segment")
        .describe("Gets one ZPA application segment: domains, ports, server groups."),
    write("zpa_create_application_segment", SEGMENTS, Action::Create, mgmt!("application"))
        .params(CREATE_SEGMENT)
        .title("Create a ZPA application segment")
        .describe("Creates a ZPA application segment: its domains, TCP/UDP port ranges, segment group and server groups. Give at least one port range."),
    write("zpa_update_application_segment", SEGMENTS, Action::Update, mgmt!("application/{segment_id}"))
        .params(UPDATE_SEGMENT)
        .title("Update a ZPA application segment")
        .describe("Changes the given fields of a ZPA application segment; fields left out keep their values."),
    write("zpa_delete_application_segment", SEGMENTS, Action::Delete, mgmt!("application/{segment_id}"))
        .params(DELETE_SEGMENT)
        .title("Delete a ZPA application segment")
        .describe("Deletes a ZPA application segment. ZPA refuses while a policy rule names it, unless force_delete is set."),
    read("zpa_list_application_segments_ba", SEGMENTS, mgmt!("application"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH, MICROTENANT])
        .title("List ZPA BA segments")
        .describe("Lists all ZPA segments with their Browser Access apps."),
    read("zpa_get_application_segment_ba", SEGMENTS, mgmt!("application/{segment_id}"))
        .params(&[SEGMENT_ID, MICROTENANT])
        .title("Get a ZPA BA segment")
        .describe("Gets one ZPA segment with its Browser Access apps and certificates."),
    write("zpa_create_application_segment_ba", SEGMENTS, Action::Create, mgmt!("application"))
        .params(CREATE_BA)
        .title("Create a ZPA Browser Access segment")
        .describe("Creates a ZPA application segment that publishes web apps in the browser (no Client Connector); each clientless app's domain must be in domain_names."),
    write("zpa_update_application_segment_ba", SEGMENTS, Action::Update, mgmt!("application/{segment_id}"))
        .params(UPDATE_BA)
        .title("Update a ZPA Browser Access segment")
        .describe("Changes the given fields of a ZPA Browser Access segment; clientless_apps, when given, replaces its BA apps."),
    write("zpa_delete_application_segment_ba", SEGMENTS, Action::Delete, mgmt!("application/{segment_id}"))
        .params(DELETE_SEGMENT)
        .title("Delete a ZPA Browser Access segment")
        .describe("Deletes a ZPA Browser Access application segment and its BA apps. ZPA refuses while a policy rule names it, unless force_delete is set."),
    read("zpa_list_application_segments_pra", SEGMENTS, mgmt!("application"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH, MICROTENANT])
        .title("List ZPA PRA segments")
        .describe("Lists all ZPA segments with their PRA apps."),
    read("zpa_get_application_segment_pra", SEGMENTS, mgmt!("application/{segment_id}"))
        .params(&[SEGMENT_ID, MICROTENANT])
        .title("Get a ZPA PRA segment")
        .describe("Gets one ZPA segment with its PRA apps (RDP/SSH targets)."),
    write("zpa_create_application_segment_pra", SEGMENTS, Action::Create, mgmt!("application"))
        .params(CREATE_PRA)
        .title("Create a ZPA Privileged Remote Access segment")
        .describe("Creates a ZPA application segment publishing RDP/SSH targets through PRA portals; each target's domain must be in domain_names."),
    write("zpa_update_application_segment_pra", SEGMENTS, Action::Update, mgmt!("application/{segment_id}"))
        .params(UPDATE_PRA)
        .title("Update a ZPA Privileged Remote Access segment")
        .describe("Changes the given fields of a ZPA PRA segment; common_apps_dto, when given, replaces its PRA apps."),
    write("zpa_delete_application_segment_pra", SEGMENTS, Action::Delete, mgmt!("application/{segment_id}"))
        .params(DELETE_SEGMENT)
        .title("Delete a ZPA Privileged Remote Access segment")
        .describe("Deletes a ZPA PRA application segment and its PRA apps. ZPA refuses while a policy rule names it, unless force_delete is set."),
    read("zpa_list_app_segments_by_type", SEGMENTS, mgmt!("application/getAppsByType"))
        .paged(Paging::ZpaPages)
        .params(&[
            Param::new(
                "application_type",
                ParamType::Enum(&["BROWSER_ACCESS", "INSPECT", "SECURE_REMOTE_ACCESS"]),
                "",
            )
            .at(Location::Query)
            .wire("applicationType")
            .required(),
            Param::new("expand_all", ParamType::Boolean, "")
                .at(Location::Query)
                .wire("expandAll"),
            SEARCH,
            MICROTENANT,
        ])
        .title("List ZPA apps by type")
        .describe("Lists the BA, INSPECT or PRA apps of all segments; appId is the segment."),
    read("zpa_list_segment_groups", GROUPS, mgmt!("segmentGroup"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH, MICROTENANT])
        .title("List ZPA segment groups")
        .describe("Lists ZPA segment groups, by which access policies grant segments."),
    read("zpa_get_segment_group", GROUPS, mgmt!("segmentGroup/{group_id}"))
        .params(&[GROUP_ID, MICROTENANT])
        .title("Get a ZPA segment group")
        .describe("Gets one ZPA segment group with its application segments."),
    write("zpa_create_segment_group", GROUPS, Action::Create, mgmt!("segmentGroup"))
        .params(CREATE_GROUP)
        .title("Create a ZPA segment group")
        .describe("Creates a ZPA segment group; application segments join it through their segment_group_id."),
    write("zpa_update_segment_group", GROUPS, Action::Update, mgmt!("segmentGroup/{group_id}"))
        .params(UPDATE_GROUP)
        .title("Update a ZPA segment group")
        .describe("Changes the name, description or enabled state of a ZPA segment group; fields left out keep their values."),
    write("zpa_delete_segment_group", GROUPS, Action::Delete, mgmt!("segmentGroup/{group_id}"))
        .params(&[GROUP_ID, MICROTENANT])
        .title("Delete a ZPA segment group")
        .describe("Deletes a ZPA segment group. ZPA refuses while it holds application segments or a policy rule names it."),
    read("zpa_list_app_connector_groups", "zpa_app_connector_groups", mgmt!("appConnectorGroup"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA App Connector groups")
        .describe("Lists ZPA App Connector groups with their location, version profile and upgrade window."),
];
