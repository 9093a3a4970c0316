//! ZPA infrastructure: App Connectors and their groups, Private Service Edges and their
//! groups, the provisioning keys that enrol them, and the enrollment certificates keys use.

use zscaler_oneapi::Paging;

use super::{ID_REFS, MICROTENANT, SEARCH, mgmt, mgmt_v2};
use crate::model::{Action, Current, FIELDS, Location, Method, Param, ParamType, Service, ToolDef};

const fn row(
    name: &'static str,
    toolset: &'static str,
    action: Action,
    path: &'static str,
) -> ToolDef {
    ToolDef::new(name, Service::Zpa, toolset, action, path)
}

const CONNECTORS: &str = "zpa_connectors";
const CONNECTOR_GROUPS: &str = "zpa_app_connector_groups";
const EDGES: &str = "zpa_service_edge_groups";
const KEYS: &str = "zpa_provisioning_keys";

const CONNECTOR_ID: Param = Param::path("connector_id", "App Connector id.");
const GROUP_ID: Param = Param::path("group_id", "Group id.");
const EDGE_ID: Param = Param::path("service_edge_id", "Service Edge id.");
const KEY_ID: Param = Param::path("key_id", "Provisioning key id.");
const KEY_TYPE: Param = Param::new(
    "key_type",
    ParamType::Enum(&["CONNECTOR_GRP", "SERVICE_EDGE_GRP"]),
    "Whose keys.",
)
.at(Location::Path)
.required();

const NAME: Param = Param::body("name", ParamType::String, "Display name.");
const DESCRIPTION: Param = Param::body("description", ParamType::String, "Admin description.");
const ENABLED: Param = Param::body("enabled", ParamType::Boolean, "Whether it is enabled.");

// Fields connector groups and service edge groups share.
const LOCATION: Param = Param::body(
    "location",
    ParamType::String,
    "Where the group runs, e.g. \"San Jose, CA, USA\".",
);
const LATITUDE: Param = Param::body(
    "latitude",
    ParamType::String,
    "Latitude of the location, e.g. \"37.33874\".",
);
const LONGITUDE: Param = Param::body(
    "longitude",
    ParamType::String,
    "Longitude of the location, e.g. \"-121.8852525\".",
);
const UPGRADE_DAY: Param = Param::body(
    "upgrade_day",
    ParamType::Enum(&[
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
    ]),
    "Day of the weekly software upgrade window.",
)
.wire("upgradeDay");
const UPGRADE_TIME: Param = Param::body(
    "upgrade_time_in_secs",
    ParamType::String,
    "Start of the upgrade window, seconds after midnight UTC (e.g. \"66600\").",
)
.wire("upgradeTimeInSecs");
const VERSION_PROFILE: Param = Param::body(
    "version_profile_id",
    ParamType::String,
    "Software version profile: 0 Default, 1 Previous Default, 2 New Release.",
)
.wire("versionProfileId");
const OVERRIDE_PROFILE: Param = Param::body(
    "override_version_profile",
    ParamType::Boolean,
    "Use version_profile_id instead of the tenant default.",
)
.wire("overrideVersionProfile");
const DNS_QUERY_TYPE: Param = Param::body(
    "dns_query_type",
    ParamType::Enum(&["IPV4_IPV6", "IPV4", "IPV6"]),
    "Which DNS records the connectors resolve.",
)
.wire("dnsQueryType");
const LSS_GROUP: Param = Param::body(
    "lss_app_connector_group",
    ParamType::Boolean,
    "Reserve the group for Log Streaming Service traffic.",
)
.wire("lssAppConnectorGroup");
const IS_PUBLIC: Param = Param::body(
    "is_public",
    ParamType::Enum(&["TRUE", "FALSE"]),
    "Whether the service edges are shared with other tenants (public).",
)
.wire("isPublic");
const TRUSTED_NETWORKS: Param = Param::body(
    "trusted_networks",
    ParamType::Schema(ID_REFS),
    "Trusted networks whose users this group serves, as [{\"id\": …}].",
)
.wire("trustedNetworks");

const MAX_USAGE: Param = Param::body(
    "max_usage",
    ParamType::Integer,
    "How many connectors or edges may enrol with this key.",
)
.wire("maxUsage");
const COMPONENT: Param = Param::body(
    "component_id",
    ParamType::String,
    "The App Connector group or Service Edge group the key enrols into.",
)
.wire("zcomponentId");
const ENROLLMENT_CERT: Param = Param::body(
    "enrollment_cert_id",
    ParamType::String,
    "Enrollment certificate id (see zpa_list_enrollment_certificates).",
)
.wire("enrollmentCertId");

pub(crate) static TOOLS: &[ToolDef] = &[
    // App Connectors: they enrol themselves with a provisioning key, so there is no create.
    row("zpa_list_app_connectors", CONNECTORS, Action::Read, mgmt!("connector"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA App Connectors")
        .describe("Lists App Connectors."),
    row("zpa_get_app_connector", CONNECTORS, Action::Read, mgmt!("connector/{connector_id}"))
        .params(&[CONNECTOR_ID])
        .title("Get a ZPA App Connector")
        .describe("Gets one App Connector."),
    row("zpa_update_app_connector", CONNECTORS, Action::Update, mgmt!("connector/{connector_id}"))
        .params(&[CONNECTOR_ID, NAME, DESCRIPTION, ENABLED, MICROTENANT, FIELDS])
        .title("Update a ZPA App Connector")
        .describe("Renames, describes, enables or disables one App Connector; fields left out keep their value."),
    row("zpa_delete_app_connector", CONNECTORS, Action::Delete, mgmt!("connector/{connector_id}"))
        .params(&[CONNECTOR_ID, MICROTENANT])
        .title("Delete a ZPA App Connector")
        .describe("Deletes one App Connector; it must enrol again with a provisioning key to come back."),
    row("zpa_bulk_delete_app_connectors", CONNECTORS, Action::Delete, mgmt!("connector/bulkDelete"))
        .method(Method::Post)
        .current(Current::None)
        .params(&[
            Param::body("connector_ids", ParamType::StringList, "Ids of the App Connectors to delete.")
                .wire("ids")
                .required(),
            MICROTENANT,
        ])
        .title("Delete several ZPA App Connectors")
        .describe("Deletes the listed App Connectors in one request; nothing is deleted if an id is unknown."),
    // App Connector groups.
    row("zpa_list_app_connector_groups", CONNECTOR_GROUPS, Action::Read, mgmt!("appConnectorGroup"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA App Connector groups")
        .describe("Lists App Connector groups."),
    row("zpa_get_app_connector_group", CONNECTOR_GROUPS, Action::Read, mgmt!("appConnectorGroup/{group_id}"))
        .params(&[GROUP_ID])
        .title("Get a ZPA App Connector group")
        .describe("Gets one App Connector group."),
    row("zpa_create_app_connector_group", CONNECTOR_GROUPS, Action::Create, mgmt!("appConnectorGroup"))
        .params(&[
            NAME.required(),
            DESCRIPTION,
            ENABLED,
            LOCATION.required(),
            LATITUDE.required(),
            LONGITUDE.required(),
            UPGRADE_DAY,
            UPGRADE_TIME,
            VERSION_PROFILE,
            OVERRIDE_PROFILE,
            DNS_QUERY_TYPE,
            LSS_GROUP,
            MICROTENANT,
            FIELDS,
        ])
        .title("Create a ZPA App Connector group")
        .describe("Creates an App Connector group at a location, with its upgrade window and version profile."),
    row("zpa_update_app_connector_group", CONNECTOR_GROUPS, Action::Update, mgmt!("appConnectorGroup/{group_id}"))
        .params(&[
            GROUP_ID,
            NAME,
            DESCRIPTION,
            ENABLED,
            LOCATION,
            LATITUDE,
            LONGITUDE,
            UPGRADE_DAY,
            UPGRADE_TIME,
            VERSION_PROFILE,
            OVERRIDE_PROFILE,
            DNS_QUERY_TYPE,
            LSS_GROUP,
            MICROTENANT,
            FIELDS,
        ])
        .title("Update a ZPA App Connector group")
        .describe("Changes an App Connector group; fields left out keep their value."),
    row("zpa_delete_app_connector_group", CONNECTOR_GROUPS, Action::Delete, mgmt!("appConnectorGroup/{group_id}"))
        .params(&[GROUP_ID, MICROTENANT])
        .title("Delete a ZPA App Connector group")
        .describe("Deletes an App Connector group; ZPA refuses while connectors, server groups or keys use it."),
    // Private Service Edges: enrolled like connectors, never created here.
    row("zpa_list_service_edges", EDGES, Action::Read, mgmt!("serviceEdge"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA Private Service Edges")
        .describe("Lists Private Service Edges."),
    row("zpa_get_service_edge", EDGES, Action::Read, mgmt!("serviceEdge/{service_edge_id}"))
        .params(&[EDGE_ID])
        .title("Get a ZPA Private Service Edge")
        .describe("Gets one Private Service Edge."),
    row("zpa_update_service_edge", EDGES, Action::Update, mgmt!("serviceEdge/{service_edge_id}"))
        .params(&[EDGE_ID, NAME, DESCRIPTION, ENABLED, MICROTENANT, FIELDS])
        .title("Update a ZPA Private Service Edge")
        .describe("Renames, describes, enables or disables one Private Service Edge; fields left out keep their value."),
    row("zpa_delete_service_edge", EDGES, Action::Delete, mgmt!("serviceEdge/{service_edge_id}"))
        .params(&[EDGE_ID, MICROTENANT])
        .title("Delete a ZPA Private Service Edge")
        .describe("Deletes one Private Service Edge; it must enrol again with a provisioning key to come back."),
    row("zpa_bulk_delete_service_edges", EDGES, Action::Delete, mgmt!("serviceEdge/bulkDelete"))
        .method(Method::Post)
        .current(Current::None)
        .params(&[
            Param::body("service_edge_ids", ParamType::StringList, "Ids of the Service Edges to delete.")
                .wire("ids")
                .required(),
            MICROTENANT,
        ])
        .title("Delete several ZPA Private Service Edges")
        .describe("Deletes the listed Private Service Edges in one request; nothing is deleted if an id is unknown."),
    // Service Edge groups.
    row("zpa_list_service_edge_groups", EDGES, Action::Read, mgmt!("serviceEdgeGroup"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA Service Edge groups")
        .describe("Lists Private Service Edge groups."),
    row("zpa_get_service_edge_group", EDGES, Action::Read, mgmt!("serviceEdgeGroup/{group_id}"))
        .params(&[GROUP_ID])
        .title("Get a ZPA Service Edge group")
        .describe("Gets one Service Edge group."),
    row("zpa_create_service_edge_group", EDGES, Action::Create, mgmt!("serviceEdgeGroup"))
        .params(&[
            NAME.required(),
            DESCRIPTION,
            ENABLED,
            LOCATION.required(),
            LATITUDE.required(),
            LONGITUDE.required(),
            IS_PUBLIC,
            TRUSTED_NETWORKS,
            UPGRADE_DAY,
            UPGRADE_TIME,
            VERSION_PROFILE,
            OVERRIDE_PROFILE,
            MICROTENANT,
            FIELDS,
        ])
        .title("Create a ZPA Service Edge group")
        .describe("Creates a Private Service Edge group at a location, optionally public or tied to trusted networks."),
    row("zpa_update_service_edge_group", EDGES, Action::Update, mgmt!("serviceEdgeGroup/{group_id}"))
        .params(&[
            GROUP_ID,
            NAME,
            DESCRIPTION,
            ENABLED,
            LOCATION,
            LATITUDE,
            LONGITUDE,
            IS_PUBLIC,
            TRUSTED_NETWORKS,
            UPGRADE_DAY,
            UPGRADE_TIME,
            VERSION_PROFILE,
            OVERRIDE_PROFILE,
            MICROTENANT,
            FIELDS,
        ])
        .title("Update a ZPA Service Edge group")
        .describe("Changes a Private Service Edge group; fields left out keep their value."),
    row("zpa_delete_service_edge_group", EDGES, Action::Delete, mgmt!("serviceEdgeGroup/{group_id}"))
        .params(&[GROUP_ID, MICROTENANT])
        .title("Delete a ZPA Service Edge group")
        .describe("Deletes a Private Service Edge group; ZPA refuses while service edges or keys use it."),
    // Provisioning keys, per association type.
    row("zpa_list_provisioning_keys", KEYS, Action::Read, mgmt!("associationType/{key_type}/provisioningKey"))
        .paged(Paging::ZpaPages)
        .params(&[KEY_TYPE, SEARCH])
        .title("List ZPA provisioning keys")
        .describe("Lists provisioning keys."),
    row("zpa_get_provisioning_key", KEYS, Action::Read, mgmt!("associationType/{key_type}/provisioningKey/{key_id}"))
        .params(&[KEY_TYPE, KEY_ID])
        .title("Get a ZPA provisioning key")
        .describe("Gets one provisioning key and its key string."),
    row("zpa_create_provisioning_key", KEYS, Action::Create, mgmt!("associationType/{key_type}/provisioningKey"))
        .params(&[
            KEY_TYPE,
            NAME.required(),
            MAX_USAGE.required(),
            COMPONENT.required(),
            ENROLLMENT_CERT.required(),
            ENABLED,
            MICROTENANT,
            FIELDS,
        ])
        .title("Create a ZPA provisioning key")
        .describe("Creates a provisioning key that enrols up to max_usage connectors or edges into one group; returns the key string."),
    row("zpa_update_provisioning_key", KEYS, Action::Update, mgmt!("associationType/{key_type}/provisioningKey/{key_id}"))
        .params(&[
            KEY_TYPE,
            KEY_ID,
            NAME,
            MAX_USAGE,
            COMPONENT,
            ENROLLMENT_CERT,
            ENABLED,
            MICROTENANT,
            FIELDS,
        ])
        .title("Update a ZPA provisioning key")
        .describe("Changes a provisioning key (name, usage limit, group, enabled); fields left out keep their value."),
    row("zpa_delete_provisioning_key", KEYS, Action::Delete, mgmt!("associationType/{key_type}/provisioningKey/{key_id}"))
        .params(&[KEY_TYPE, KEY_ID, MICROTENANT])
        .title("Delete a ZPA provisioning key")
        .describe("Deletes a provisioning key; enrolled connectors and edges stay, new ones can no longer use it."),
    // Enrollment certificates (what provisioning keys sign with).
    row("zpa_list_enrollment_certificates", KEYS, Action::Read, mgmt_v2!("enrollmentCert"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA enrollment certificates")
        .describe("Lists enrollment certificates."),
    row("zpa_get_enrollment_certificate", KEYS, Action::Read, mgmt!("enrollmentCert/{certificate_id}"))
        .params(&[Param::path("certificate_id", "Certificate id.")])
        .title("Get a ZPA enrollment certificate")
        .describe("Gets one enrollment certificate."),
];
