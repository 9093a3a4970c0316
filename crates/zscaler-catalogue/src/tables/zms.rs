//! ZMS (Zscaler Microsegmentation) tools (`POST /zms/graphql`): agents and agent groups,
//! resources and resource groups, policy rules, app zones, the app catalog, tags and
//! provisioning nonces. Every operation is scoped by `ZSCALER_CUSTOMER_ID`; lists are
//! connections (`nodes` + `pageInfo`) paged with the usual `page`/`page_size`.

use crate::graphql::{Operation, Source, Variable, field_with, var};
use crate::model::{Action, Param, ParamType, Service, ToolDef};

const ENDPOINT: &str = "/zms/graphql";
const TOOLSET: &str = "zms";

const fn row(name: &'static str, op: &'static Operation) -> ToolDef {
    ToolDef::new(name, Service::Zms, TOOLSET, Action::Read, ENDPOINT).graphql(op)
}

const SEARCH: Param = Param::new("search", ParamType::String, "");
const FILTER: Param = Param::new("filter", ParamType::Object, "e.g. {\"name\": \"x\"}");
const EYEZ_ID: Param = Param::new("eyez_id", ParamType::String, "").required();
const GROUP_ID: Param = Param::new("group_id", ParamType::String, "").required();
const NAMESPACE_ID: Param = Param::new("namespace_id", ParamType::String, "").required();
const TAG_ID: Param = Param::new("tag_id", ParamType::String, "").required();
const ORIGIN: Param = Param::new(
    "namespace_origin",
    ParamType::Enum(&["CUSTOM", "EXTERNAL", "ML", "UNKNOWN"]),
    "",
)
.required();

const CUSTOMER: Variable = var("customerId", "ID!", Source::CustomerId);
const PAGE: Variable = var("page", "Int", Source::Page);
const PAGE_NUM: Variable = var("pageNum", "Int", Source::Page);
const PAGE_SIZE: Variable = var("pageSize", "Int", Source::PageSize);
const V_SEARCH: Variable = var("search", "String", Source::Arg("search"));

/// The `page`-style connection arguments (agents, agent groups, nonces).
const PAGE_ARGS: &[(&str, &str)] = &[
    ("customerId", "customerId"),
    ("page", "page"),
    ("pageSize", "pageSize"),
    ("search", "search"),
];
/// The `pageNum`-style connection arguments.
const PAGE_NUM_ARGS: &[(&str, &str)] = &[
    ("customerId", "customerId"),
    ("pageNum", "pageNum"),
    ("pageSize", "pageSize"),
];
const PAGE_NUM_FILTER_ARGS: &[(&str, &str)] = &[
    ("customerId", "customerId"),
    ("pageNum", "pageNum"),
    ("pageSize", "pageSize"),
    ("filter", "filter"),
];

macro_rules! page_info {
    ($nodes:literal) => {
        concat!(
            "nodes { ",
            $nodes,
            " } pageInfo { pageNumber pageSize totalCount totalPages }"
        )
    };
}

/// A `page`/`search` connection (agents, agent groups, nonces).
macro_rules! searched {
    ($name:literal, $field:literal, $nodes:literal) => {
        Operation::new(
            ENDPOINT,
            $name,
            &[field_with($field, PAGE_ARGS)],
            page_info!($nodes),
            &[CUSTOMER, PAGE, PAGE_SIZE, V_SEARCH],
        )
        .connection()
    };
}

/// A `pageNum`/`filter` connection.
macro_rules! filtered {
    ($name:literal, $field:literal, $filter_type:literal, $nodes:literal) => {
        Operation::new(
            ENDPOINT,
            $name,
            &[field_with($field, PAGE_NUM_FILTER_ARGS)],
            page_info!($nodes),
            &[
                CUSTOMER,
                PAGE_NUM,
                PAGE_SIZE,
                var("filter", $filter_type, Source::Arg("filter")),
            ],
        )
        .connection()
    };
}

/// An aggregate read with an optional `search`.
macro_rules! statistics {
    ($name:literal, $field:literal, $selection:literal) => {
        Operation::new(
            ENDPOINT,
            $name,
            &[field_with(
                $field,
                &[("customerId", "customerId"), ("search", "search")],
            )],
            $selection,
            &[CUSTOMER, V_SEARCH],
        )
    };
}

static AGENTS: Operation = searched!(
    "ListAgents",
    "agents",
    "name eyezId connectionStatus agentType hostOs currentSoftwareVersion upgradeStatus description cloudProvider publicIp privateIps adminStatus agentGroupName agentGroupType"
);
static AGENT_GROUPS: Operation = searched!(
    "ListAgentGroups",
    "agentGroups",
    "name eyezId agentGroupType cloudProvider adminStatus agentCount description policyStatus upgradeStatus tamperProtectionStatus agentAutoUpgrade agentDeletionTimeoutSeconds timezone upgradeDay upgradeTime versionProfileName"
);
static NONCES: Operation = searched!(
    "ListNonces",
    "nonces",
    "eyezId name key maxUsage usageCount agentGroupEyezId agentGroupName agentGroupType product creationTime modifiedTime"
);
static CONNECTION_STATS: Operation = statistics!(
    "AgentConnectionStatusStats",
    "agentConnectionStatusStatistics",
    "totalCount totalPercentage agentStatuses { agentType connectionStatus count percentage }"
);
static VERSION_STATS: Operation = statistics!(
    "AgentVersionStats",
    "agentVersionStatistics",
    "totalCount totalPercentage agentVersions { agentType version count percentage }"
);
static TOTP: Operation = Operation::new(
    ENDPOINT,
    "GetAgentGroupTotpSecrets",
    &[field_with(
        "agentGroupTotpSecrets",
        &[("customerId", "customerId"), ("eyezId", "eyezId")],
    )],
    "eyezId totpSecret totpQrCode totpGenerationTimestamp",
    &[CUSTOMER, var("eyezId", "String!", Source::Arg("eyez_id"))],
);
static NONCE: Operation = Operation::new(
    ENDPOINT,
    "GetNonce",
    &[field_with(
        "nonce",
        &[("customerId", "customerId"), ("eyezId", "eyezId")],
    )],
    "nonce { eyezId name key maxUsage usageCount agentGroupEyezId agentGroupName agentGroupType product creationTime modifiedTime }",
    &[CUSTOMER, var("eyezId", "String!", Source::Arg("eyez_id"))],
);
static RESOURCES: Operation = filtered!(
    "ListResources",
    "resources",
    "ResourceQueryFilter",
    "id name resourceType status cloudProvider cloudRegion resourceHostname platformOs platformOsDistro platformOsVersion localIps deleted modifiedTime agentId appZoneIds appZoneNames appZoneMappingState"
);
static RESOURCE_PROTECTION: Operation = Operation::new(
    ENDPOINT,
    "ResourceProtectionStatus",
    &[field_with("resourceProtectionStatus", PAGE_NUM_ARGS)],
    page_info!(
        "protectedPercentage protectedResourcesCount unprotectedResourcesCount totalResources"
    ),
    &[CUSTOMER, PAGE_NUM, PAGE_SIZE],
);
static METADATA: Operation = Operation::new(
    ENDPOINT,
    "GetMetadata",
    &[field_with("metadata", &[("customerId", "customerId")])],
    "",
    &[var("customerId", "String!", Source::CustomerId)],
);
static RESOURCE_GROUPS: Operation = filtered!(
    "ListResourceGroups",
    "resourceGroups",
    "ResourceGroupsFilter",
    "... on ManagedResourceGroup { id name description type origin resourceMemberCount modifiedTime } ... on UnmanagedResourceGroup { id name description type origin resourceMemberCount modifiedTime cidrs fqdns }"
);
static GROUP_MEMBERS: Operation = Operation::new(
    ENDPOINT,
    "GetResourceGroupMembers",
    &[field_with(
        "resourceGroupMembers",
        &[
            ("customerId", "customerId"),
            ("id", "id"),
            ("pageNum", "pageNum"),
            ("pageSize", "pageSize"),
        ],
    )],
    page_info!("id name resourceType status cloudProvider cloudRegion resourceHostname platformOs"),
    &[
        CUSTOMER,
        var("id", "String!", Source::Arg("group_id")),
        PAGE_NUM,
        PAGE_SIZE,
    ],
)
.connection();
static GROUP_PROTECTION: Operation = Operation::new(
    ENDPOINT,
    "ResourceGroupProtectionStatus",
    &[field_with("resourceGroupProtectionStatus", PAGE_NUM_ARGS)],
    page_info!(
        "protectedPercentage protectedResourceGroupsCount unprotectedResourceGroupsCount totalResourceGroups"
    ),
    &[CUSTOMER, PAGE_NUM, PAGE_SIZE],
);
static POLICY_RULES: Operation = filtered!(
    "ListPolicyRules",
    "policyRules",
    "PolicyRuleFilter",
    "id name action priority description deleted sourceTargetType destinationTargetType appZoneScopeTargetType creationTime modifiedTime lastHit portAndProtocols { protocol portRanges { startPort endPort } }"
);
static DEFAULT_RULES: Operation = Operation::new(
    ENDPOINT,
    "ListDefaultPolicyRules",
    &[field_with("defaultPolicyRules", PAGE_NUM_ARGS)],
    page_info!("id name action direction description scopeType modifiedTime"),
    &[CUSTOMER, PAGE_NUM, PAGE_SIZE],
)
.connection();
static APP_ZONES: Operation = filtered!(
    "ListAppZones",
    "appZones",
    "AppZoneFilter",
    "id appZoneName description memberCount includeAllVpcs includeAllSubnets"
);
static APP_CATALOG: Operation = filtered!(
    "ListAppCatalog",
    "appCatalog",
    "AppCatalogQueryFilter",
    "id name category creationTime modifiedTime details { portAndProtocol { protocol portRanges { startPort endPort } } processes }"
);
static TAG_NAMESPACES: Operation = filtered!(
    "ListTagNamespaces",
    "tagNamespaces",
    "NamespaceFilter",
    "id name description origin"
);
static TAG_KEYS: Operation = Operation::new(
    ENDPOINT,
    "ListTagKeys",
    &[field_with(
        "tagKeys",
        &[
            ("customerId", "customerId"),
            ("namespaceId", "namespaceId"),
            ("pageNum", "pageNum"),
            ("pageSize", "pageSize"),
        ],
    )],
    page_info!("id name description"),
    &[
        CUSTOMER,
        var("namespaceId", "String!", Source::Arg("namespace_id")),
        PAGE_NUM,
        PAGE_SIZE,
    ],
)
.connection();
static TAG_VALUES: Operation = Operation::new(
    ENDPOINT,
    "ListTagValues",
    &[field_with(
        "tagValues",
        &[
            ("customerId", "customerId"),
            ("tagId", "tagId"),
            ("namespaceOrigin", "namespaceOrigin"),
            ("pageNum", "pageNum"),
            ("pageSize", "pageSize"),
        ],
    )],
    page_info!("id name"),
    &[
        CUSTOMER,
        var("tagId", "String!", Source::Arg("tag_id")),
        var(
            "namespaceOrigin",
            "NamespaceOrigin!",
            Source::Arg("namespace_origin"),
        ),
        PAGE_NUM,
        PAGE_SIZE,
    ],
)
.connection();

pub(crate) static TOOLS: &[ToolDef] = &[
    row("zms_list_agents", &AGENTS)
        .params(&[SEARCH])
        .title("List ZMS agents")
        .describe("Lists agents: status, OS, version, IPs, group."),
    row(
        "zms_get_agent_connection_status_statistics",
        &CONNECTION_STATS,
    )
    .params(&[SEARCH])
    .title("Get ZMS agent connection statistics")
    .describe("Agents per type and connection status."),
    row("zms_get_agent_version_statistics", &VERSION_STATS)
        .params(&[SEARCH])
        .title("Get ZMS agent version statistics")
        .describe("Agents per type and version."),
    row("zms_list_agent_groups", &AGENT_GROUPS)
        .params(&[SEARCH])
        .title("List ZMS agent groups")
        .describe("Lists agent groups and their settings."),
    row("zms_get_agent_group_totp_secrets", &TOTP)
        .params(&[EYEZ_ID])
        .title("Get ZMS agent group TOTP secrets")
        .describe("An agent group's enrollment TOTP secret (a credential)."),
    row("zms_list_nonces", &NONCES)
        .params(&[SEARCH])
        .title("List ZMS provisioning nonces")
        .describe("Lists agent enrollment keys and their usage."),
    row("zms_get_nonce", &NONCE)
        .params(&[EYEZ_ID])
        .title("Get a ZMS provisioning nonce")
        .describe("Gets one enrollment key."),
    row("zms_list_resources", &RESOURCES)
        .params(&[FILTER])
        .title("List ZMS resources")
        .describe("Lists workloads: type, cloud, OS, IPs, app zones."),
    row("zms_get_resource_protection_status", &RESOURCE_PROTECTION)
        .title("Get ZMS resource protection status")
        .describe("Resources protected by policy, or not."),
    row("zms_get_metadata", &METADATA)
        .title("Get ZMS event metadata")
        .describe("The tenant's event metadata."),
    row("zms_list_resource_groups", &RESOURCE_GROUPS)
        .params(&[FILTER])
        .title("List ZMS resource groups")
        .describe("Lists resource groups (members, CIDRs, FQDNs)."),
    row("zms_get_resource_group_members", &GROUP_MEMBERS)
        .params(&[GROUP_ID])
        .title("Get ZMS resource group members")
        .describe("Resources in one group."),
    row(
        "zms_get_resource_group_protection_status",
        &GROUP_PROTECTION,
    )
    .title("Get ZMS resource group protection status")
    .describe("Resource groups protected by policy, or not."),
    row("zms_list_policy_rules", &POLICY_RULES)
        .params(&[FILTER])
        .title("List ZMS policy rules")
        .describe("Lists rules: action, priority, targets, ports."),
    row("zms_list_default_policy_rules", &DEFAULT_RULES)
        .title("List ZMS default policy rules")
        .describe("Rules applied when none matches."),
    row("zms_list_app_zones", &APP_ZONES)
        .params(&[FILTER])
        .title("List ZMS app zones")
        .describe("Lists app zones."),
    row("zms_list_app_catalog", &APP_CATALOG)
        .params(&[FILTER])
        .title("List the ZMS app catalog")
        .describe("Lists apps with ports and processes."),
    row("zms_list_tag_namespaces", &TAG_NAMESPACES)
        .params(&[FILTER])
        .title("List ZMS tag namespaces")
        .describe("Lists tag namespaces."),
    row("zms_list_tag_keys", &TAG_KEYS)
        .params(&[NAMESPACE_ID])
        .title("List ZMS tag keys")
        .describe("Tag keys of one namespace."),
    row("zms_list_tag_values", &TAG_VALUES)
        .params(&[TAG_ID, ORIGIN])
        .title("List ZMS tag values")
        .describe("Values of one tag key."),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_operation_is_consistent() {
        for def in super::TOOLS {
            if let crate::model::Op::Graphql(op) = def.op {
                op.check(def.params)
                    .unwrap_or_else(|e| panic!("{}: {e}", def.name));
            } else {
                panic!("{} is not a GraphQL row", def.name);
            }
        }
    }
}
