//! ZIA cloud firewall: filtering, DNS and IPS rules, custom IPS signatures, IP source and
//! destination groups, network services and their groups, network applications and groups.

use super::rules::staged;
use super::rules::{
    DEPARTMENTS, DESCRIPTION, GROUP_ID, GROUPS, LABELS, LOCATION_GROUPS, LOCATIONS, NAME, ORDER,
    RANK, REFS, RULE_ID, SEARCH, STATE, TIME_WINDOWS, USERS,
};
use super::zia;
use crate::model::{Action, FIELDS, Param, ParamType, Service, ToolDef};

const TOOLSET: &str = "zia_cloud_firewall";

const fn tool(name: &'static str, action: Action, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zia, TOOLSET, action, path)
}

const SRC_IPS: Param = Param::body(
    "src_ips",
    ParamType::StringList,
    "Source IPs, CIDRs or ranges matched.",
)
.wire("srcIps");
const DEST_ADDRESSES: Param = Param::body(
    "dest_addresses",
    ParamType::StringList,
    "Destination IPs, CIDRs, ranges or FQDNs matched.",
)
.wire("destAddresses");
const DEST_COUNTRIES: Param = Param::body(
    "dest_countries",
    ParamType::StringList,
    "Destination countries, e.g. COUNTRY_US.",
)
.wire("destCountries");
const SRC_IP_GROUPS: Param =
    Param::body("src_ip_groups", REFS, "IP source groups matched ({id}).").wire("srcIpGroups");
const DEST_IP_GROUPS: Param = Param::body(
    "dest_ip_groups",
    REFS,
    "IP destination groups matched ({id}).",
)
.wire("destIpGroups");
const NW_SERVICES: Param =
    Param::body("nw_services", REFS, "Network services matched ({id}).").wire("nwServices");
const NW_SERVICE_GROUPS: Param = Param::body(
    "nw_service_groups",
    REFS,
    "Network service groups matched ({id}).",
)
.wire("nwServiceGroups");
const NW_APPLICATIONS: Param = Param::body(
    "nw_applications",
    ParamType::StringList,
    "Network application ids matched, e.g. SSH.",
)
.wire("nwApplications");
const NW_APPLICATION_GROUPS: Param = Param::body(
    "nw_application_groups",
    REFS,
    "Network application groups matched ({id}).",
)
.wire("nwApplicationGroups");
const FULL_LOGGING: Param = Param::body(
    "enable_full_logging",
    ParamType::Boolean,
    "Log every session, not only aggregates.",
)
.wire("enableFullLogging");

const FIREWALL_ACTION: Param = Param::body(
    "action",
    ParamType::Enum(&[
        "ALLOW",
        "BLOCK_DROP",
        "BLOCK_RESET",
        "BLOCK_ICMP",
        "EVAL_NWAPP",
    ]),
    "What the rule does to matching traffic.",
);
const DNS_ACTION: Param = Param::body(
    "action",
    ParamType::Enum(&[
        "ALLOW",
        "BLOCK",
        "REDIR_REQ",
        "REDIR_RES",
        "REDIR_ZPA",
        "REQ_BLOCK",
        "RES_BLOCK",
    ]),
    "What the rule does to matching DNS traffic.",
);
const IPS_ACTION: Param = Param::body(
    "action",
    ParamType::Enum(&["ALLOW", "BLOCK_DROP", "BLOCK_RESET", "BYPASS_IPS"]),
    "What the rule does to matching traffic.",
);
const REDIRECT_IP: Param = Param::body(
    "redirect_ip",
    ParamType::String,
    "IP to redirect to (required for REDIR_REQ).",
)
.wire("redirectIp");
const RES_CATEGORIES: Param = Param::body(
    "res_categories",
    ParamType::StringList,
    "URL categories of the resolved address matched.",
)
.wire("resCategories");
const THREAT_CATEGORIES: Param = Param::body(
    "threat_categories",
    REFS,
    "IPS threat categories matched ({id}).",
)
.wire("threatCategories");

pub(crate) static TOOLS: &[ToolDef] = &[
    // Firewall filtering rules.
    tool("zia_list_cloud_firewall_rules", Action::Read, zia!("firewallFilteringRules"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA cloud firewall rules")
        .describe("Lists ZIA cloud firewall rules in policy order, default rule last."),
    tool("zia_get_cloud_firewall_rule", Action::Read, zia!("firewallFilteringRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Get a ZIA cloud firewall rule")
        .describe("Gets one ZIA cloud firewall rule."),
    tool("zia_create_cloud_firewall_rule", Action::Create, zia!("firewallFilteringRules"))
        .params(&[
            NAME.required(), ORDER.required(), FIREWALL_ACTION, STATE, RANK, DESCRIPTION,
            SRC_IPS, SRC_IP_GROUPS, DEST_ADDRESSES, DEST_IP_GROUPS, DEST_COUNTRIES, NW_SERVICES,
            NW_SERVICE_GROUPS, NW_APPLICATIONS, NW_APPLICATION_GROUPS, LOCATIONS, LOCATION_GROUPS,
            GROUPS, DEPARTMENTS, USERS, TIME_WINDOWS, LABELS, FULL_LOGGING, FIELDS,
        ])
        .title("Create a ZIA cloud firewall rule")
        .describe(staged!("Creates a ZIA cloud firewall filtering rule at the given order; later rules shift down.")),
    tool("zia_update_cloud_firewall_rule", Action::Update, zia!("firewallFilteringRules/{rule_id}"))
        .params(&[
            RULE_ID, NAME, ORDER, FIREWALL_ACTION, STATE, RANK, DESCRIPTION, SRC_IPS,
            SRC_IP_GROUPS, DEST_ADDRESSES, DEST_IP_GROUPS, DEST_COUNTRIES, NW_SERVICES,
            NW_SERVICE_GROUPS, NW_APPLICATIONS, NW_APPLICATION_GROUPS, LOCATIONS, LOCATION_GROUPS,
            GROUPS, DEPARTMENTS, USERS, TIME_WINDOWS, LABELS, FULL_LOGGING, FIELDS,
        ])
        .title("Update a ZIA cloud firewall rule")
        .describe(staged!("Changes the given fields of a ZIA cloud firewall filtering rule; fields left out keep their values.")),
    tool("zia_delete_cloud_firewall_rule", Action::Delete, zia!("firewallFilteringRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Delete a ZIA cloud firewall rule")
        .describe(staged!("Deletes a ZIA cloud firewall filtering rule; predefined and default rules cannot be deleted.")),
    // DNS rules.
    tool("zia_list_cloud_firewall_dns_rules", Action::Read, zia!("firewallDnsRules"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA cloud firewall DNS rules")
        .describe("Lists ZIA DNS control rules in policy order, default rules last."),
    tool("zia_get_cloud_firewall_dns_rule", Action::Read, zia!("firewallDnsRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Get a ZIA cloud firewall DNS rule")
        .describe("Gets one ZIA DNS control rule."),
    tool("zia_create_cloud_firewall_dns_rule", Action::Create, zia!("firewallDnsRules"))
        .params(&[
            NAME.required(), ORDER.required(), DNS_ACTION, STATE, RANK, DESCRIPTION, REDIRECT_IP,
            SRC_IPS, SRC_IP_GROUPS, DEST_ADDRESSES, DEST_IP_GROUPS, DEST_COUNTRIES, RES_CATEGORIES,
            LOCATIONS, LOCATION_GROUPS, GROUPS, DEPARTMENTS, USERS, TIME_WINDOWS, LABELS, FIELDS,
        ])
        .title("Create a ZIA cloud firewall DNS rule")
        .describe(staged!("Creates a ZIA DNS control rule at the given order; a REDIR_REQ rule needs redirect_ip.")),
    tool("zia_update_cloud_firewall_dns_rule", Action::Update, zia!("firewallDnsRules/{rule_id}"))
        .params(&[
            RULE_ID, NAME, ORDER, DNS_ACTION, STATE, RANK, DESCRIPTION, REDIRECT_IP, SRC_IPS,
            SRC_IP_GROUPS, DEST_ADDRESSES, DEST_IP_GROUPS, DEST_COUNTRIES, RES_CATEGORIES,
            LOCATIONS, LOCATION_GROUPS, GROUPS, DEPARTMENTS, USERS, TIME_WINDOWS, LABELS, FIELDS,
        ])
        .title("Update a ZIA cloud firewall DNS rule")
        .describe(staged!("Changes the given fields of a ZIA DNS control rule; fields left out keep their values.")),
    tool("zia_delete_cloud_firewall_dns_rule", Action::Delete, zia!("firewallDnsRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Delete a ZIA cloud firewall DNS rule")
        .describe(staged!("Deletes a ZIA DNS control rule; default rules cannot be deleted.")),
    // IPS rules.
    tool("zia_list_cloud_firewall_ips_rules", Action::Read, zia!("firewallIpsRules"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA cloud firewall IPS rules")
        .describe("Lists ZIA IPS control rules in policy order, default rule last."),
    tool("zia_get_cloud_firewall_ips_rule", Action::Read, zia!("firewallIpsRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Get a ZIA cloud firewall IPS rule")
        .describe("Gets one ZIA IPS control rule."),
    tool("zia_create_cloud_firewall_ips_rule", Action::Create, zia!("firewallIpsRules"))
        .params(&[
            NAME.required(), ORDER.required(), IPS_ACTION, STATE, RANK, DESCRIPTION,
            THREAT_CATEGORIES, SRC_IPS, SRC_IP_GROUPS, DEST_ADDRESSES, DEST_IP_GROUPS,
            DEST_COUNTRIES, NW_SERVICES, NW_SERVICE_GROUPS, LOCATIONS, LOCATION_GROUPS, GROUPS,
            DEPARTMENTS, USERS, TIME_WINDOWS, LABELS, FULL_LOGGING, FIELDS,
        ])
        .title("Create a ZIA cloud firewall IPS rule")
        .describe(staged!("Creates a ZIA IPS control rule at the given order.")),
    tool("zia_update_cloud_firewall_ips_rule", Action::Update, zia!("firewallIpsRules/{rule_id}"))
        .params(&[
            RULE_ID, NAME, ORDER, IPS_ACTION, STATE, RANK, DESCRIPTION, THREAT_CATEGORIES,
            SRC_IPS, SRC_IP_GROUPS, DEST_ADDRESSES, DEST_IP_GROUPS, DEST_COUNTRIES, NW_SERVICES,
            NW_SERVICE_GROUPS, LOCATIONS, LOCATION_GROUPS, GROUPS, DEPARTMENTS, USERS,
            TIME_WINDOWS, LABELS, FULL_LOGGING, FIELDS,
        ])
        .title("Update a ZIA cloud firewall IPS rule")
        .describe(staged!("Changes the given fields of a ZIA IPS control rule; fields left out keep their values.")),
    tool("zia_delete_cloud_firewall_ips_rule", Action::Delete, zia!("firewallIpsRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Delete a ZIA cloud firewall IPS rule")
        .describe(staged!("Deletes a ZIA IPS control rule; default rules cannot be deleted.")),
    // Custom IPS signatures.
    tool("zia_list_ips_signature_rules", Action::Read, zia!("ipsSignatureRules"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA custom IPS signatures")
        .describe("Lists custom IPS signatures (Snort-style rule text)."),
    tool("zia_get_ips_signature_rule", Action::Read, zia!("ipsSignatureRules/{rule_id}"))
        .params(&[Param::path("rule_id", "The signature's id.")])
        .title("Get a ZIA custom IPS signature")
        .describe("Gets one custom IPS signature."),
    tool("zia_create_ips_signature_rule", Action::Create, zia!("ipsSignatureRules"))
        .params(&[
            NAME.required(),
            Param::body("rule_text", ParamType::String, "Snort-style signature with a unique sid: and rev:.")
                .wire("ruleText")
                .required(),
            DESCRIPTION,
            Param::body("enabled", ParamType::Boolean, "Whether the signature is active."),
            FIELDS,
        ])
        .title("Create a ZIA custom IPS signature")
        .describe(staged!("Creates a custom IPS signature from Snort-style rule text.")),
    tool("zia_update_ips_signature_rule", Action::Update, zia!("ipsSignatureRules/{rule_id}"))
        .params(&[
            Param::path("rule_id", "The signature's id."),
            NAME,
            Param::body("rule_text", ParamType::String, "New Snort-style signature text.").wire("ruleText"),
            DESCRIPTION,
            Param::body("enabled", ParamType::Boolean, "Whether the signature is active."),
            FIELDS,
        ])
        .title("Update a ZIA custom IPS signature")
        .describe(staged!("Changes the given fields of a custom IPS signature; fields left out keep their values.")),
    tool("zia_delete_ips_signature_rule", Action::Delete, zia!("ipsSignatureRules/{rule_id}"))
        .params(&[Param::path("rule_id", "The signature's id.")])
        .title("Delete a ZIA custom IPS signature")
        .describe(staged!("Deletes a custom IPS signature.")),
    // IP destination groups.
    tool("zia_list_ip_destination_groups", Action::Read, zia!("ipDestinationGroups"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA IP destination groups")
        .describe("Lists ZIA IP destination groups (destinations firewall rules match)."),
    tool("zia_get_ip_destination_group", Action::Read, zia!("ipDestinationGroups/{group_id}"))
        .params(&[GROUP_ID])
        .title("Get a ZIA IP destination group")
        .describe("Gets one ZIA IP destination group."),
    tool("zia_create_ip_destination_group", Action::Create, zia!("ipDestinationGroups"))
        .params(&[
            NAME.required(),
            Param::body("type", ParamType::Enum(&["DSTN_IP", "DSTN_FQDN", "DSTN_DOMAIN", "DSTN_OTHER"]), "What the group holds (default DSTN_IP)."),
            Param::body("addresses", ParamType::StringList, "IPs, CIDRs, ranges or FQDNs, per type."),
            DESCRIPTION,
            Param::body("countries", ParamType::StringList, "Countries (DSTN_OTHER), e.g. COUNTRY_US."),
            Param::body("ip_categories", ParamType::StringList, "URL categories (DSTN_OTHER).").wire("ipCategories"),
            FIELDS,
        ])
        .title("Create a ZIA IP destination group")
        .describe(staged!("Creates a ZIA IP destination group for use in firewall rules.")),
    tool("zia_update_ip_destination_group", Action::Update, zia!("ipDestinationGroups/{group_id}"))
        .params(&[
            GROUP_ID,
            NAME,
            Param::body("addresses", ParamType::StringList, "The new address list (replaces it)."),
            DESCRIPTION,
            Param::body("countries", ParamType::StringList, "Countries (DSTN_OTHER), e.g. COUNTRY_US."),
            Param::body("ip_categories", ParamType::StringList, "URL categories (DSTN_OTHER).").wire("ipCategories"),
            FIELDS,
        ])
        .title("Update a ZIA IP destination group")
        .describe(staged!("Changes the given fields of a ZIA IP destination group; fields left out keep their values.")),
    tool("zia_delete_ip_destination_group", Action::Delete, zia!("ipDestinationGroups/{group_id}"))
        .params(&[GROUP_ID])
        .title("Delete a ZIA IP destination group")
        .describe(staged!("Deletes a ZIA IP destination group; refused while a rule uses it.")),
    // IP source groups.
    tool("zia_list_ip_source_groups", Action::Read, zia!("ipSourceGroups"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA IP source groups")
        .describe("Lists ZIA IP source groups."),
    tool("zia_get_ip_source_group", Action::Read, zia!("ipSourceGroups/{group_id}"))
        .params(&[GROUP_ID])
        .title("Get a ZIA IP source group")
        .describe("Gets one ZIA IP source group."),
    tool("zia_create_ip_source_group", Action::Create, zia!("ipSourceGroups"))
        .params(&[
            NAME.required(),
            Param::body("ip_addresses", ParamType::StringList, "IPs, CIDRs or ranges in the group.").wire("ipAddresses").required(),
            DESCRIPTION,
            FIELDS,
        ])
        .title("Create a ZIA IP source group")
        .describe(staged!("Creates a ZIA IP source group for use in firewall rules.")),
    tool("zia_update_ip_source_group", Action::Update, zia!("ipSourceGroups/{group_id}"))
        .params(&[
            GROUP_ID,
            NAME,
            Param::body("ip_addresses", ParamType::StringList, "The new address list (replaces it).").wire("ipAddresses"),
            DESCRIPTION,
            FIELDS,
        ])
        .title("Update a ZIA IP source group")
        .describe(staged!("Changes the given fields of a ZIA IP source group; fields left out keep their values.")),
    tool("zia_delete_ip_source_group", Action::Delete, zia!("ipSourceGroups/{group_id}"))
        .params(&[GROUP_ID])
        .title("Delete a ZIA IP source group")
        .describe(staged!("Deletes a ZIA IP source group; refused while a rule uses it.")),
    // Network services.
    tool("zia_list_network_services", Action::Read, zia!("networkServices"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA network services")
        .describe("Lists ZIA network services (port definitions), predefined and custom."),
    tool("zia_get_network_service", Action::Read, zia!("networkServices/{service_id}"))
        .params(&[SERVICE_ID])
        .title("Get a ZIA network service")
        .describe("Gets one ZIA network service with its ports."),
    tool("zia_create_network_service", Action::Create, zia!("networkServices"))
        .params(&[
            NAME.required(), DESCRIPTION, DEST_TCP, DEST_UDP, SRC_TCP, SRC_UDP, FIELDS,
        ])
        .title("Create a ZIA network service")
        .describe(staged!("Creates a custom ZIA network service from port ranges; at least one port is needed.")),
    tool("zia_update_network_service", Action::Update, zia!("networkServices/{service_id}"))
        .params(&[SERVICE_ID, NAME, DESCRIPTION, DEST_TCP, DEST_UDP, SRC_TCP, SRC_UDP, FIELDS])
        .title("Update a ZIA network service")
        .describe(staged!("Changes the given fields of a ZIA network service; fields left out keep their values.")),
    tool("zia_delete_network_service", Action::Delete, zia!("networkServices/{service_id}"))
        .params(&[SERVICE_ID])
        .title("Delete a ZIA network service")
        .describe(staged!("Deletes a custom ZIA network service; refused for predefined ones and while in use.")),
    // Network service groups.
    tool("zia_list_network_svc_groups", Action::Read, zia!("networkServiceGroups"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA network service groups")
        .describe("Lists ZIA network service groups."),
    tool("zia_get_network_svc_group", Action::Read, zia!("networkServiceGroups/{group_id}"))
        .params(&[GROUP_ID])
        .title("Get a ZIA network service group")
        .describe("Gets one ZIA network service group."),
    tool("zia_create_network_svc_group", Action::Create, zia!("networkServiceGroups"))
        .params(&[
            NAME.required(),
            Param::body("services", REFS, "Network services in the group ({id}).").required(),
            DESCRIPTION,
            FIELDS,
        ])
        .title("Create a ZIA network service group")
        .describe(staged!("Creates a ZIA network service group from existing network services.")),
    tool("zia_update_network_svc_group", Action::Update, zia!("networkServiceGroups/{group_id}"))
        .params(&[
            GROUP_ID,
            NAME,
            Param::body("services", REFS, "The new service list ({id}, replaces it)."),
            DESCRIPTION,
            FIELDS,
        ])
        .title("Update a ZIA network service group")
        .describe(staged!("Changes the given fields of a ZIA network service group; fields left out keep their values.")),
    tool("zia_delete_network_svc_group", Action::Delete, zia!("networkServiceGroups/{group_id}"))
        .params(&[GROUP_ID])
        .title("Delete a ZIA network service group")
        .describe(staged!("Deletes a ZIA network service group; refused while a rule uses it.")),
    // Network applications (read-only catalogue) and application groups.
    tool("zia_list_network_apps", Action::Read, zia!("networkApplications"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA network applications")
        .describe("Lists the network applications the firewall recognises, e.g. SSH."),
    tool("zia_get_network_app", Action::Read, zia!("networkApplications/{app_id}"))
        .params(&[Param::path("app_id", "The application's id, e.g. SSH.")])
        .title("Get a ZIA network application")
        .describe("Gets one network application."),
    tool("zia_list_network_app_groups", Action::Read, zia!("networkApplicationGroups"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA network application groups")
        .describe("Lists ZIA network application groups."),
    tool("zia_get_network_app_group", Action::Read, zia!("networkApplicationGroups/{group_id}"))
        .params(&[GROUP_ID])
        .title("Get a ZIA network application group")
        .describe("Gets one ZIA network application group."),
    tool("zia_create_network_app_group", Action::Create, zia!("networkApplicationGroups"))
        .params(&[
            NAME.required(),
            Param::body("network_applications", ParamType::StringList, "Network application ids, e.g. SSH.").wire("networkApplications").required(),
            DESCRIPTION,
            FIELDS,
        ])
        .title("Create a ZIA network application group")
        .describe(staged!("Creates a ZIA network application group from network application ids.")),
    tool("zia_update_network_app_group", Action::Update, zia!("networkApplicationGroups/{group_id}"))
        .params(&[
            GROUP_ID,
            NAME,
            Param::body("network_applications", ParamType::StringList, "The new application list (replaces it).").wire("networkApplications"),
            DESCRIPTION,
            FIELDS,
        ])
        .title("Update a ZIA network application group")
        .describe(staged!("Changes the given fields of a ZIA network application group; fields left out keep their values.")),
    tool("zia_delete_network_app_group", Action::Delete, zia!("networkApplicationGroups/{group_id}"))
        .params(&[GROUP_ID])
        .title("Delete a ZIA network application group")
        .describe(staged!("Deletes a ZIA network application group; refused while a rule uses it.")),
];

const SERVICE_ID: Param = Param::path("service_id", "The network service's id.");
const PORTS: ParamType = ParamType::Schema(
    r#"{"type":"array","items":{"type":"object","properties":{"start":{"type":"integer","minimum":1,"maximum":65535},"end":{"type":"integer","minimum":1,"maximum":65535}},"required":["start"]}}"#,
);
const DEST_TCP: Param = Param::body(
    "dest_tcp_ports",
    PORTS,
    "Destination TCP port ranges ({start, end}).",
)
.wire("destTcpPorts");
const DEST_UDP: Param = Param::body(
    "dest_udp_ports",
    PORTS,
    "Destination UDP port ranges ({start, end}).",
)
.wire("destUdpPorts");
const SRC_TCP: Param = Param::body(
    "src_tcp_ports",
    PORTS,
    "Source TCP port ranges ({start, end}).",
)
.wire("srcTcpPorts");
const SRC_UDP: Param = Param::body(
    "src_udp_ports",
    PORTS,
    "Source UDP port ranges ({start, end}).",
)
.wire("srcUdpPorts");
