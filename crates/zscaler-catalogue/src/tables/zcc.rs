//! Zscaler Client Connector tools (`/zcc/papi/public/v1/...`): verb-style endpoints
//! (`getDevices`, `…/listByCompany`, `…/edit`, `…/{id}/delete`), lists paged with
//! `page`/`pageSize`. Edits answer 200 with `{"success": "true"|"false"}`, so the result says
//! whether ZCC applied them.
//!
//! Profiles, networks and policies have no read-one endpoint: their `get` tools find the
//! record in the list, and their updates send only the fields given (ZCC merges them).

use futures_util::FutureExt;
use serde_json::Value;
use zscaler_oneapi::{Paging, Request};

use crate::args::Args;
use crate::context::ToolOutput;
use crate::error::ToolError;
use crate::model::{
    Action, CompositeCall, Current, FIELDS, Location, Method, Param, ParamType, Service, ToolDef,
};
use crate::output::{self, Shaping};
use crate::schema::GET_PARAMS;

macro_rules! zcc {
    ($path:literal) => {
        concat!("/zcc/papi/public/v1/", $path)
    };
}

const DEVICES: &str = "zcc_devices";
const PROFILES: &str = "zcc_forwarding_profiles";
const NETWORKS: &str = "zcc_trusted_networks";
const POLICIES: &str = "zcc_policies";
const ADMIN: &str = "zcc_admin";

const fn row(
    name: &'static str,
    toolset: &'static str,
    action: Action,
    path: &'static str,
) -> ToolDef {
    ToolDef::new(name, Service::Zcc, toolset, action, path)
}

const fn list(name: &'static str, toolset: &'static str, path: &'static str) -> ToolDef {
    row(name, toolset, Action::Read, path).paged(Paging::PageSize)
}

const SEARCH: Param = Param::query("search", "");
const OS_TYPE: Param = Param::new(
    "os_type",
    ParamType::Integer,
    "1 iOS, 2 Android, 3 Windows, 4 macOS, 5 Linux.",
)
.at(Location::Query)
.wire("osType");
const UDID: Param = Param::query("udid", "The device's UDID (zcc_list_devices).").required();

/// The id an edit names its record by, in the body.
const fn body_id(name: &'static str, description: &'static str) -> Param {
    Param::body(name, ParamType::String, description)
        .wire("id")
        .required()
}

const PROFILE_ID: Param = body_id(
    "profile_id",
    "The forwarding profile id (zcc_list_forwarding_profiles).",
);
const NETWORK_ID: Param = body_id(
    "network_id",
    "The trusted network id (zcc_list_trusted_networks).",
);
const POLICY_ID: Param = body_id("policy_id", "The app profile id (zcc_list_web_policies).");

const fn text(name: &'static str, wire: &'static str, description: &'static str) -> Param {
    Param::body(name, ParamType::String, description).wire(wire)
}

const NETWORK_NAME: Param = text("network_name", "networkName", "The trusted network's name.");
const CONDITION: Param = Param::body(
    "condition_type",
    ParamType::Integer,
    "0: any criterion matches; 1: all must match.",
)
.wire("conditionType");
const DNS_SERVERS: Param = text(
    "dns_servers",
    "dnsServers",
    "Comma-separated DNS server IPs.",
);
const DNS_DOMAINS: Param = text(
    "dns_search_domains",
    "dnsSearchDomains",
    "Comma-separated DNS search domains.",
);
const HOSTNAMES: Param = text(
    "hostnames",
    "hostnames",
    "Comma-separated hostnames that must resolve.",
);
const RESOLVED: Param = text(
    "resolved_ips_for_hostname",
    "resolvedIpsForHostname",
    "The IPs those hostnames must resolve to.",
);
const SUBNETS: Param = text(
    "trusted_subnets",
    "trustedSubnets",
    "Comma-separated subnets.",
);
const GATEWAYS: Param = text(
    "trusted_gateways",
    "trustedGateways",
    "Comma-separated gateway IPs.",
);
const DHCP: Param = text(
    "trusted_dhcp_servers",
    "trustedDhcpServers",
    "Comma-separated DHCP server IPs.",
);
const EGRESS: Param = text(
    "trusted_egress_ips",
    "trustedEgressIps",
    "Comma-separated egress IPs.",
);
const ACTIVE: Param = Param::body(
    "active",
    ParamType::Boolean,
    "Whether the network is in use.",
);

const DEVICE_TYPE: Param = Param::new(
    "device_type",
    ParamType::Integer,
    "1 iOS, 2 Android, 3 Windows, 4 macOS, 5 Linux.",
)
.required();

const ACTIONS: &str = r#"{"type":"array","items":{"type":"object"},"description":"Per network type (ON_NET, OFF_NET, VPN, TRUSTED): networkType, actionType, primaryTransport…"}"#;
// The fields a forwarding profile's create and update both take.
const PROFILE_NAME: Param = Param::body("name", ParamType::String, "The profile's name.");
const PROFILE_ACTIONS: Param =
    Param::body("forwarding_profile_actions", ParamType::Schema(ACTIONS), "")
        .wire("forwardingProfileActions");
const PROFILE_NETWORKS: Param = Param::body(
    "trusted_network_ids",
    ParamType::StringList,
    "Trusted networks that make a network trusted.",
)
.wire("trustedNetworkIds");

pub(crate) static TOOLS: &[ToolDef] = &[
    // Devices.
    list("zcc_list_devices", DEVICES, zcc!("getDevices"))
        .params(&[OS_TYPE, Param::query("username", "")])
        .title("List ZCC devices")
        .describe("Lists enrolled devices: UDID, user, platform, state, versions, policy, last seen."),
    row("zcc_get_device_details", DEVICES, Action::Read, zcc!("getDeviceDetails"))
        .params(&[UDID])
        .title("Get ZCC device details")
        .describe("Gets one device's hardware, OS, service states and versions."),
    row("zcc_get_device_otp", DEVICES, Action::Read, zcc!("getOtp"))
        .params(&[UDID])
        .title("Get a ZCC device's one-time passwords")
        .describe("Gets a device's one-time passwords (logout, uninstall, disable a service). Secrets."),
    row("zcc_get_device_cleanup_info", DEVICES, Action::Read, zcc!("getDeviceCleanupInfo"))
        .title("Get ZCC device cleanup settings")
        .describe("Gets when inactive devices are removed automatically."),
    row("zcc_update_device_cleanup_info", DEVICES, Action::Update, zcc!("setDeviceCleanupInfo"))
        .current(Current::Path(zcc!("getDeviceCleanupInfo")))
        .params(&[
            Param::body("active", ParamType::String, "1 to remove inactive devices automatically, 0 not to."),
            Param::body("force_remove_type", ParamType::String, "1 remove, 2 force-remove.").wire("forceRemoveType"),
            Param::body("device_exceed_limit", ParamType::String, "Inactive days before removal.").wire("deviceExceedLimit"),
            FIELDS,
        ])
        .title("Update ZCC device cleanup settings")
        .describe("Changes when inactive devices are removed automatically; fields left out keep their values."),
    row("zcc_remove_devices", DEVICES, Action::Delete, zcc!("removeDevices"))
        .method(Method::Post)
        .current(Current::None)
        .params(&[
            Param::body("udids", ParamType::StringList, "The devices' UDIDs."),
            Param::body("username", ParamType::String, "Every device of this user."),
            Param::body("os_type", ParamType::Integer, "Every device of this platform (with the other criteria).").wire("osType"),
        ])
        .title("Remove ZCC devices")
        .describe("Marks the matching devices Remove pending: Client Connector unenrolls them at its next check-in. Returns how many."),
    row("zcc_force_remove_devices", DEVICES, Action::Delete, zcc!("forceRemoveDevices"))
        .method(Method::Post)
        .current(Current::None)
        .params(&[
            Param::body("udids", ParamType::StringList, "The devices' UDIDs."),
            Param::body("username", ParamType::String, "Every device of this user."),
            Param::body("os_type", ParamType::Integer, "Every device of this platform (with the other criteria).").wire("osType"),
        ])
        .title("Force-remove ZCC devices")
        .describe("Deletes the matching device records at once, without waiting for the devices to check in. Returns how many."),
    // Forwarding profiles.
    list("zcc_list_forwarding_profiles", PROFILES, zcc!("webForwardingProfile/listByCompany"))
        .params(&[SEARCH])
        .title("List ZCC forwarding profiles")
        .describe("Lists forwarding profiles: trusted network criteria and actions per network type."),
    row("zcc_get_forwarding_profile", PROFILES, Action::Read, zcc!("webForwardingProfile/listByCompany"))
        .params(&[Param::path("profile_id", "The forwarding profile id."), GET_PARAMS[0]])
        .composite(|call| find(call).boxed())
        .title("Get a ZCC forwarding profile")
        .describe("Gets one forwarding profile with its actions per network type."),
    row("zcc_create_forwarding_profile", PROFILES, Action::Create, zcc!("webForwardingProfile/edit"))
        .params(&[
            PROFILE_NAME.required(),
            PROFILE_ACTIONS.required(),
            PROFILE_NETWORKS,
            FIELDS,
        ])
        .title("Create a ZCC forwarding profile")
        .describe("Creates a forwarding profile; ZCC answers success \"false\" when the name is taken or no action is given."),
    row("zcc_update_forwarding_profile", PROFILES, Action::Update, zcc!("webForwardingProfile/edit"))
        .method(Method::Post)
        .current(Current::None)
        .params(&[
            PROFILE_ID,
            PROFILE_NAME,
            PROFILE_ACTIONS,
            PROFILE_NETWORKS,
            FIELDS,
        ])
        .title("Update a ZCC forwarding profile")
        .describe("Changes the given fields of a forwarding profile; fields left out keep their values."),
    row("zcc_delete_forwarding_profile", PROFILES, Action::Delete, zcc!("webForwardingProfile/{profile_id}/delete"))
        .current(Current::None)
        .params(&[Param::path("profile_id", "The forwarding profile id.")])
        .title("Delete a ZCC forwarding profile")
        .describe("Deletes a forwarding profile; ZCC refuses (success \"false\") the Default one and one an app profile uses."),
    // Trusted networks.
    list("zcc_list_trusted_networks", NETWORKS, zcc!("webTrustedNetwork/listByCompany"))
        .params(&[SEARCH])
        .title("List ZCC trusted networks")
        .describe("Lists trusted networks and the criteria that detect them."),
    row("zcc_get_trusted_network", NETWORKS, Action::Read, zcc!("webTrustedNetwork/listByCompany"))
        .params(&[Param::path("network_id", "The trusted network id."), GET_PARAMS[0]])
        .composite(|call| find(call).boxed())
        .title("Get a ZCC trusted network")
        .describe("Gets one trusted network with its detection criteria."),
    row("zcc_create_trusted_network", NETWORKS, Action::Create, zcc!("webTrustedNetwork/create"))
        .params(&[
            NETWORK_NAME.required(), CONDITION, DNS_SERVERS, DNS_DOMAINS, HOSTNAMES, RESOLVED,
            SUBNETS, GATEWAYS, DHCP, EGRESS, ACTIVE, FIELDS,
        ])
        .title("Create a ZCC trusted network")
        .describe("Creates a trusted network from detection criteria; ZCC answers with no id, so find it with zcc_list_trusted_networks."),
    row("zcc_update_trusted_network", NETWORKS, Action::Update, zcc!("webTrustedNetwork/edit"))
        .current(Current::None)
        .params(&[
            NETWORK_ID, NETWORK_NAME, CONDITION, DNS_SERVERS, DNS_DOMAINS, HOSTNAMES, RESOLVED,
            SUBNETS, GATEWAYS, DHCP, EGRESS, ACTIVE, FIELDS,
        ])
        .title("Update a ZCC trusted network")
        .describe("Changes the given fields of a trusted network; fields left out keep their values."),
    row("zcc_delete_trusted_network", NETWORKS, Action::Delete, zcc!("webTrustedNetwork/{network_id}/delete"))
        .current(Current::None)
        .params(&[Param::path("network_id", "The trusted network id.")])
        .title("Delete a ZCC trusted network")
        .describe("Deletes a trusted network; ZCC refuses (success \"false\") while a forwarding profile uses it."),
    // Fail-open, app profiles (web policies), privacy.
    list("zcc_list_fail_open_policies", POLICIES, zcc!("webFailOpenPolicy/listByCompany"))
        .title("List ZCC fail-open policies")
        .describe("Lists fail-open settings: what happens when Zscaler is unreachable."),
    row("zcc_update_fail_open_policy", POLICIES, Action::Update, zcc!("webFailOpenPolicy/edit"))
        .current(Current::None)
        .params(&[
            body_id("policy_id", "The fail-open policy id (zcc_list_fail_open_policies)."),
            Param::body("enable_fail_open", ParamType::Integer, "1 to fail open, 0 to fail closed.").wire("enableFailOpen"),
            Param::body("enable_captive_portal_detection", ParamType::Integer, "1 to detect captive portals.").wire("enableCaptivePortalDetection"),
            FIELDS,
        ])
        .title("Update a ZCC fail-open policy")
        .describe("Changes the given fail-open settings; fields left out keep their values."),
    list("zcc_list_web_policies", POLICIES, zcc!("web/policy/listByCompany"))
        .params(&[DEVICE_TYPE.at(Location::Query).wire("deviceType"), SEARCH])
        .title("List ZCC app profiles")
        .describe("Lists a platform's app profiles (web policies) in rule order."),
    row("zcc_get_web_policy", POLICIES, Action::Read, zcc!("web/policy/listByCompany"))
        .prepare(whole_policy_id)
        .params(&[DEVICE_TYPE, Param::path("policy_id", "The app profile id."), GET_PARAMS[0]])
        .composite(|call| find(call).boxed())
        .title("Get a ZCC app profile")
        .describe("Gets one app profile (web policy) of a platform."),
    row("zcc_create_web_policy", POLICIES, Action::Create, zcc!("web/policy/edit"))
        .method(Method::Put)
        .params(&[
            Param::body("name", ParamType::String, "The app profile's name.").required(),
            DEVICE_TYPE.at(Location::Body),
            Param::body("description", ParamType::String, "Free-text description."),
            Param::body("forwarding_profile_id", ParamType::Integer, "Its forwarding profile (zcc_list_forwarding_profiles).").wire("forwardingProfileId"),
            Param::body("group_ids", ParamType::StringList, "Groups it applies to.").wire("groupIds"),
            Param::body("rule_order", ParamType::Integer, "Its place in the platform's order (default last).").wire("ruleOrder"),
            FIELDS,
        ])
        .title("Create a ZCC app profile")
        .describe("Creates an app profile (web policy) for one platform; ZCC answers success and the new id."),
    row("zcc_update_web_policy", POLICIES, Action::Update, zcc!("web/policy/edit"))
        .prepare(whole_policy_id)
        .current(Current::None)
        .params(&[
            POLICY_ID,
            Param::body("name", ParamType::String, "The app profile's name."),
            Param::body("description", ParamType::String, "Free-text description."),
            Param::body("forwarding_profile_id", ParamType::Integer, "Its forwarding profile (0 for none).").wire("forwardingProfileId"),
            Param::body("group_ids", ParamType::StringList, "Groups it applies to.").wire("groupIds"),
            Param::body("rule_order", ParamType::Integer, "Its new place in the platform's order.").wire("ruleOrder"),
            FIELDS,
        ])
        .title("Update a ZCC app profile")
        .describe("Changes the given fields of an app profile (web policy); fields left out keep their values."),
    row("zcc_activate_web_policy", POLICIES, Action::Update, zcc!("web/policy/activate"))
        .prepare(whole_policy_id)
        .current(Current::None)
        .params(&[
            Param::body("policy_id", ParamType::Integer, "The app profile id.").wire("policyId").required(),
            DEVICE_TYPE.at(Location::Body).wire("deviceType"),
        ])
        .title("Activate a ZCC app profile")
        .describe("Turns an app profile (web policy) on for its platform."),
    row("zcc_delete_web_policy", POLICIES, Action::Delete, zcc!("web/policy/{policy_id}/delete"))
        .prepare(whole_policy_id)
        .current(Current::None)
        .params(&[Param::path("policy_id", "The app profile id.")])
        .title("Delete a ZCC app profile")
        .describe("Deletes an app profile (web policy); the built-in default cannot go (success \"false\")."),
    row("zcc_get_web_privacy_info", POLICIES, Action::Read, zcc!("getWebPrivacyInfo"))
        .title("Get ZCC privacy settings")
        .describe("Gets what Client Connector collects: packet capture, user and host names, logs."),
    row("zcc_update_web_privacy_info", POLICIES, Action::Update, zcc!("setWebPrivacyInfo"))
        .current(Current::Path(zcc!("getWebPrivacyInfo")))
        .params(&[FIELDS])
        .title("Update ZCC privacy settings")
        .describe("Changes the given privacy settings (API field names in fields); the others keep their values."),
    list("zcc_list_predefined_ip_apps", POLICIES, zcc!("predefined-ip-based-apps"))
        .title("List ZCC predefined IP-based apps")
        .describe("Lists the IP-based applications Zscaler defines for tunnel bypass."),
    row("zcc_get_predefined_ip_app", POLICIES, Action::Read, zcc!("predefined-ip-based-apps/{app_id}"))
        .params(&[Param::path("app_id", "")])
        .title("Get a ZCC predefined IP-based app")
        .describe("Gets one predefined IP-based app with its IPs and ports."),
    list("zcc_list_custom_ip_apps", POLICIES, zcc!("custom-ip-based-apps"))
        .title("List ZCC custom IP-based apps")
        .describe("Lists the admin-defined IP-based applications for tunnel bypass."),
    row("zcc_get_custom_ip_app", POLICIES, Action::Read, zcc!("custom-ip-based-apps/{app_id}"))
        .params(&[Param::path("app_id", "")])
        .title("Get a ZCC custom IP-based app")
        .describe("Gets one custom IP-based application with its IPs and ports."),
    // Company, admins, entitlements.
    row("zcc_get_company_info", ADMIN, Action::Read, zcc!("getCompanyInfo"))
        .title("Get ZCC company info")
        .describe("Gets the tenant's Client Connector company record."),
    list("zcc_list_admin_users", ADMIN, zcc!("getAdminUsers"))
        .title("List ZCC admin users")
        .describe("Lists Client Connector portal admins with their roles."),
    list("zcc_list_admin_roles", ADMIN, zcc!("getAdminRoles"))
        .title("List ZCC admin roles")
        .describe("Lists Client Connector portal admin roles and their permissions."),
    row("zcc_get_zpa_group_entitlements", ADMIN, Action::Read, zcc!("getZpaGroupEntitlements"))
        .title("Get ZCC ZPA entitlements")
        .describe("Gets which user groups Client Connector enables ZPA for."),
    row("zcc_update_zpa_group_entitlements", ADMIN, Action::Update, zcc!("updateZpaGroupEntitlement"))
        .current(Current::Path(zcc!("getZpaGroupEntitlements")))
        .params(&[
            Param::body("zpa_enable_for_all", ParamType::Integer, "1: ZPA for every user; 0: only the listed groups.").wire("zpaEnableForAll"),
            Param::body("group_list", ParamType::Schema(r#"{"type":"array","items":{"type":"object"}}"#), "The groups ZPA is enabled for.").wire("groupList"),
            FIELDS,
        ])
        .title("Update ZCC ZPA entitlements")
        .describe("Changes which user groups Client Connector enables ZPA for; fields left out keep their values."),
    row("zcc_get_zdx_group_entitlements", ADMIN, Action::Read, zcc!("getZdxGroupEntitlements"))
        .title("Get ZCC ZDX entitlements")
        .describe("Gets which user groups Client Connector enables ZDX for."),
    row("zcc_update_zdx_group_entitlements", ADMIN, Action::Update, zcc!("updateZdxGroupEntitlement"))
        .current(Current::Path(zcc!("getZdxGroupEntitlements")))
        .params(&[
            Param::body("upm_enable_for_all", ParamType::Integer, "1: ZDX for every user; 0: only the listed groups.").wire("upmEnableForAll"),
            Param::body("upm_group_list", ParamType::Schema(r#"{"type":"array","items":{"type":"object"}}"#), "The groups ZDX is enabled for.").wire("upmGroupList"),
            FIELDS,
        ])
        .title("Update ZCC ZDX entitlements")
        .describe("Changes which user groups Client Connector enables ZDX for; fields left out keep their values."),
];

/// Where a `get` tool finds its record: the list path, the id parameter, and the list's
/// filter parameter taken from the call (wire name, argument).
fn source(
    name: &str,
) -> (
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
) {
    match name {
        "zcc_get_forwarding_profile" => (
            zcc!("webForwardingProfile/listByCompany"),
            "profile_id",
            None,
        ),
        "zcc_get_trusted_network" => (zcc!("webTrustedNetwork/listByCompany"), "network_id", None),
        _ => (
            zcc!("web/policy/listByCompany"),
            "policy_id",
            Some(("deviceType", "device_type")),
        ),
    }
}

fn id_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        // Web policy ids are floats on the wire (`12.0`).
        Value::Number(n) => n
            .as_f64()
            .filter(|f| f.fract() == 0.0)
            .map_or_else(|| n.to_string(), |f| format!("{f:.0}")),
        other => other.to_string(),
    }
}

/// App profile ids are floats on the wire (`70113.0`) and agents pass them back as shown;
/// ZCC's paths and edits want the whole number.
fn whole_policy_id(args: &mut Args) -> Result<(), ToolError> {
    let Some(raw) = args.get("policy_id").cloned() else {
        return Ok(());
    };
    let text = id_text(&raw);
    match text.trim().parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f >= 0.0 => {
            let whole = format!("{f:.0}");
            args.set(
                "policy_id",
                match raw {
                    Value::String(_) => whole.into(),
                    _ => Value::from(f as u64),
                },
            );
            Ok(())
        }
        _ => Err(ToolError::invalid(
            "policy_id",
            format!("must be an app profile id (a whole number), got {text}"),
        )),
    }
}

/// Finds the record with the given id in its list (ZCC has no read-one endpoint for it).
async fn find(call: CompositeCall<'_>) -> Result<ToolOutput, ToolError> {
    let (path, id_param, filter) = source(call.def.name);
    let wanted = call
        .args
        .str(id_param)
        .unwrap_or_default()
        .trim()
        .to_owned();
    let mut request = Request::get(path);
    if let Some((wire, arg)) = filter
        && let Some(value) = call.args.get(arg)
    {
        request = request.query(wire, id_text(value));
    }
    let (records, _) = call
        .ctx
        .client()?
        .list_all(request, Paging::PageSize, 1000, 10_000)
        .await?;
    let Some(record) = records.into_iter().find(|r| id_text(&r["id"]) == wanted) else {
        return Err(ToolError::invalid(
            id_param,
            format!("no record has id {wanted}; the matching zcc_list_* tool lists them"),
        ));
    };
    let settings = call.engine.settings();
    output::object_output(
        record,
        Shaping {
            sanitize: settings.sanitize,
            budget: settings.max_response_bytes,
            query: call.args.str("query"),
            format: settings.default_format,
            untrusted: call.def.untrusted,
        },
    )
}
