//! ZIA traffic forwarding: locations, location groups, static IPs, GRE tunnels, VPN
//! credentials and geolocation lookups.

use futures_util::future::BoxFuture;
use serde_json::{Value, json};
use zscaler_oneapi::{Paging, Request, encode_path_segment};

use super::core::{ID_REF, ID_REFS, SEARCH};
use super::{body, flag, zia};
use crate::context::ToolOutput;
use crate::error::ToolError;
use crate::model::{Action, CompositeCall, FIELDS, Location, Param, ParamType, Service, ToolDef};

const fn row(name: &'static str, action: Action, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zia, "zia_locations", action, path)
}

const LOCATION_ID: Param = Param::path("location_id", "The location's id.");
const STATIC_IP_ID: Param = Param::path("static_ip_id", "The static IP's id.");
const TUNNEL_ID: Param = Param::path("tunnel_id", "The GRE tunnel's id.");
const CREDENTIAL_ID: Param = Param::path("credential_id", "The VPN credential's id.");

const PROFILES: &[&str] = &[
    "NONE",
    "CORPORATE",
    "SERVER",
    "GUESTWIFI",
    "IOT",
    "WORKLOAD",
];

/// The location fields an admin sets most; `name` is required on create only.
macro_rules! location_fields {
    ($name:expr) => {
        [
            $name,
            Param::body("description", ParamType::String, "Free-text notes."),
            Param::body("country", ParamType::String, "Country, e.g. UNITED_STATES."),
            Param::body(
                "tz",
                ParamType::String,
                "Time zone, e.g. UNITED_STATES_AMERICA_LOS_ANGELES.",
            ),
            body(
                "ip_addresses",
                ParamType::StringList,
                "ipAddresses",
                "Static IPs, ranges or CIDRs whose traffic this location owns.",
            ),
            body(
                "vpn_credentials",
                ID_REFS,
                "vpnCredentials",
                "VPN credentials (by id) the location's IPsec tunnels use.",
            ),
            Param::body(
                "profile",
                ParamType::Enum(PROFILES),
                "Traffic profile; drives dynamic location groups.",
            ),
            body(
                "parent_id",
                ParamType::Integer,
                "parentId",
                "Parent location id, to make this a sublocation.",
            ),
            body(
                "auth_required",
                ParamType::Boolean,
                "authRequired",
                "Require user authentication.",
            ),
            body(
                "ssl_scan_enabled",
                ParamType::Boolean,
                "sslScanEnabled",
                "Inspect SSL traffic.",
            ),
            body(
                "xff_forward_enabled",
                ParamType::Boolean,
                "xffForwardEnabled",
                "Use X-Forwarded-For headers.",
            ),
            body(
                "surrogate_ip",
                ParamType::Boolean,
                "surrogateIP",
                "Map users to device IPs (surrogate IP).",
            ),
            body(
                "idle_time_in_minutes",
                ParamType::Integer,
                "idleTimeInMinutes",
                "Surrogate IP idle time, in minutes.",
            ),
            body(
                "ofw_enabled",
                ParamType::Boolean,
                "ofwEnabled",
                "Enforce the cloud firewall.",
            ),
            body(
                "ips_control",
                ParamType::Boolean,
                "ipsControl",
                "Enforce IPS.",
            ),
            body(
                "up_bandwidth",
                ParamType::Integer,
                "upBandwidth",
                "Upload bandwidth, in kbps.",
            ),
            body(
                "dn_bandwidth",
                ParamType::Integer,
                "dnBandwidth",
                "Download bandwidth, in kbps.",
            ),
            body(
                "static_location_groups",
                ID_REFS,
                "staticLocationGroups",
                "Manual location groups (by id) to join.",
            ),
            FIELDS,
        ]
    };
}

static CREATE_LOCATION: [Param; 19] =
    location_fields!(Param::body("name", ParamType::String, "Location name.").required());
static UPDATE_LOCATION: [Param; 20] = {
    let [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s] =
        location_fields!(Param::body("name", ParamType::String, "Location name."));
    [
        LOCATION_ID,
        a,
        b,
        c,
        d,
        e,
        f,
        g,
        h,
        i,
        j,
        k,
        l,
        m,
        n,
        o,
        p,
        q,
        r,
        s,
    ]
};

const STATIC_IP_FIELDS: [Param; 6] = [
    Param::body("comment", ParamType::String, "Free-text notes."),
    body(
        "geo_override",
        ParamType::Boolean,
        "geoOverride",
        "Set the location yourself (latitude/longitude) instead of by IP.",
    ),
    body(
        "routable_ip",
        ParamType::Boolean,
        "routableIP",
        "Whether the address is publicly routable.",
    ),
    Param::body(
        "latitude",
        ParamType::Number,
        "Latitude, with geo_override.",
    ),
    Param::body(
        "longitude",
        ParamType::Number,
        "Longitude, with geo_override.",
    ),
    FIELDS,
];

static CREATE_STATIC_IP: [Param; 7] = {
    let [a, b, c, d, e, f] = STATIC_IP_FIELDS;
    [
        body(
            "ip_address",
            ParamType::String,
            "ipAddress",
            "The public IPv4 address.",
        )
        .required(),
        a,
        b,
        c,
        d,
        e,
        f,
    ]
};
static UPDATE_STATIC_IP: [Param; 7] = {
    let [a, b, c, d, e, f] = STATIC_IP_FIELDS;
    [STATIC_IP_ID, a, b, c, d, e, f]
};

const VPN_TYPES: &[&str] = &["UFQDN", "IP", "CN", "XAUTH"];

pub(crate) static TOOLS: &[ToolDef] = &[
    row("zia_list_locations", Action::Read, zia!("locations"))
        .paged(Paging::PageSize)
        .params(&[
            SEARCH,
            flag("include_sub_locations", "includeSubLocations", "Also list sublocations."),
        ])
        .title("List ZIA locations")
        .describe("Lists ZIA locations with their IPs and enforcement settings."),
    row("zia_get_location", Action::Read, zia!("locations/{location_id}"))
        .params(&[LOCATION_ID])
        .title("Get a ZIA location")
        .describe("Gets one ZIA location: IPs, VPN credentials, groups and settings."),
    row("zia_create_location", Action::Create, zia!("locations"))
        .params(&CREATE_LOCATION)
        .title("Create a ZIA location")
        .describe("Creates a ZIA location; give ip_addresses (provisioned static IPs) or vpn_credentials. Staged until zia_activate_configuration."),
    row("zia_update_location", Action::Update, zia!("locations/{location_id}"))
        .params(&UPDATE_LOCATION)
        .title("Update a ZIA location")
        .describe("Changes the given fields of a ZIA location; the others keep their values. Staged until zia_activate_configuration."),
    row("zia_delete_location", Action::Delete, zia!("locations/{location_id}"))
        .params(&[LOCATION_ID])
        .title("Delete a ZIA location")
        .describe("Deletes a ZIA location and frees its IPs and VPN credentials. Staged until zia_activate_configuration."),
    row("zia_list_location_groups", Action::Read, zia!("locations/groups"))
        .paged(Paging::PageSize)
        .params(&[
            SEARCH,
            Param::query("name", "Exact group name."),
        ])
        .title("List ZIA location groups")
        .describe("Lists ZIA location groups, manual and dynamic."),
    row("zia_get_location_group", Action::Read, zia!("locations/groups/{group_id}"))
        .params(&[Param::path("group_id", "The location group's id.")])
        .title("Get a ZIA location group")
        .describe("Gets one ZIA location group by id."),
    row("zia_list_static_ips", Action::Read, zia!("staticIP"))
        .paged(Paging::PageSize)
        .params(&[
            Param::query("ip_address", "Only this IP address.").wire("ipAddress"),
        ])
        .title("List ZIA static IPs")
        .describe("Lists the static IPs provisioned for locations and GRE tunnels."),
    row("zia_get_static_ip", Action::Read, zia!("staticIP/{static_ip_id}"))
        .params(&[STATIC_IP_ID])
        .title("Get a ZIA static IP")
        .describe("Gets one provisioned static IP with its geolocation."),
    row("zia_create_static_ip", Action::Create, zia!("staticIP"))
        .params(&CREATE_STATIC_IP)
        .title("Create a ZIA static IP")
        .describe("Provisions a static IP address so locations, GRE tunnels and VPN credentials can use it. Staged until zia_activate_configuration."),
    row("zia_update_static_ip", Action::Update, zia!("staticIP/{static_ip_id}"))
        .params(&UPDATE_STATIC_IP)
        .immutable(&["ipAddress"])
        .title("Update a ZIA static IP")
        .describe("Changes a static IP's comment, routable flag or geolocation; the address itself is fixed. Staged until zia_activate_configuration."),
    row("zia_delete_static_ip", Action::Delete, zia!("staticIP/{static_ip_id}"))
        .params(&[STATIC_IP_ID])
        .title("Delete a ZIA static IP")
        .describe("Deletes a static IP; refused while a GRE tunnel or VPN credential uses it. Staged until zia_activate_configuration."),
    row("zia_list_gre_tunnels", Action::Read, zia!("greTunnels"))
        .paged(Paging::PageSize)
        .title("List ZIA GRE tunnels")
        .describe("Lists GRE tunnels with source IPs and VIPs."),
    row("zia_get_gre_tunnel", Action::Read, zia!("greTunnels/{tunnel_id}"))
        .params(&[TUNNEL_ID])
        .title("Get a ZIA GRE tunnel")
        .describe("Gets one GRE tunnel by id."),
    row("zia_create_gre_tunnel", Action::Create, zia!("greTunnels"))
        .params(&[
            body("source_ip", ParamType::String, "sourceIp", "A provisioned static IP (zia_create_static_ip).").required(),
            body("primary_dest_vip", ID_REF, "primaryDestVip", "Primary VIP, e.g. {\"id\": 1}; see zia_list_gre_recommended_vips.").required(),
            body("secondary_dest_vip", ID_REF, "secondaryDestVip", "Secondary VIP, in another data centre."),
            body("internal_ip_range", ParamType::String, "internalIpRange", "Start of a free /29 (zia_list_gre_ranges)."),
            body("ip_unnumbered", ParamType::Boolean, "ipUnnumbered", "Unnumbered tunnel (no internal range)."),
            body("within_country", ParamType::Boolean, "withinCountry", "Keep VIPs in the source IP's country."),
            Param::body("comment", ParamType::String, "Free-text notes."),
            FIELDS,
        ])
        .title("Create a ZIA GRE tunnel")
        .describe("Creates a GRE tunnel from a provisioned static IP to Zscaler VIPs. Staged until zia_activate_configuration."),
    row("zia_delete_gre_tunnel", Action::Delete, zia!("greTunnels/{tunnel_id}"))
        .params(&[TUNNEL_ID])
        .title("Delete a ZIA GRE tunnel")
        .describe("Deletes a GRE tunnel; its static IP stays (zia_delete_static_ip removes it). Staged until zia_activate_configuration."),
    row("zia_list_gre_ranges", Action::Read, zia!("greTunnels/availableInternalIpRanges"))
        .list()
        .title("List free ZIA GRE internal ranges")
        .describe("Lists free internal /29 ranges for new GRE tunnels."),
    row("zia_list_gre_recommended_vips", Action::Read, zia!("vips/recommendedList"))
        .list()
        .params(&[
            Param::query("source_ip", "The tunnel's source IP.").wire("sourceIp").required(),
        ])
        .title("List recommended ZIA GRE VIPs")
        .describe("Lists the Zscaler VIPs nearest a GRE tunnel's source IP."),
    row("zia_list_vpn_credentials", Action::Read, zia!("vpnCredentials"))
        .paged(Paging::PageSize)
        .params(&[
            SEARCH,
            Param::new("credential_type", ParamType::Enum(VPN_TYPES), "Only this type.")
                .at(Location::Query)
                .wire("type"),
        ])
        .title("List ZIA VPN credentials")
        .describe("Lists IPsec VPN credentials and their locations."),
    row("zia_get_vpn_credential", Action::Read, zia!("vpnCredentials/{credential_id}"))
        .params(&[CREDENTIAL_ID])
        .title("Get a ZIA VPN credential")
        .describe("Gets one VPN credential with its type, identity and location."),
    row("zia_create_vpn_credential", Action::Create, zia!("vpnCredentials"))
        .params(&[
            body("credential_type", ParamType::Enum(&["UFQDN", "IP"]), "type", "UFQDN (user@domain) or IP (a static IP).").required(),
            body("fqdn", ParamType::String, "fqdn", "The user@domain identity, for UFQDN."),
            body("ip_address", ParamType::String, "ipAddress", "A provisioned static IP, for type IP."),
            body("pre_shared_key", ParamType::String, "preSharedKey", "The IKE pre-shared key (write-only)."),
            Param::body("comments", ParamType::String, "Free-text notes."),
            FIELDS,
        ])
        .title("Create a ZIA VPN credential")
        .describe("Creates an IPsec VPN credential that a location can then use. Staged until zia_activate_configuration."),
    row("zia_update_vpn_credential", Action::Update, zia!("vpnCredentials/{credential_id}"))
        .params(&[
            CREDENTIAL_ID,
            body("fqdn", ParamType::String, "fqdn", "New user@domain identity (UFQDN)."),
            body("pre_shared_key", ParamType::String, "preSharedKey", "New IKE pre-shared key (write-only)."),
            Param::body("comments", ParamType::String, "Free-text notes."),
            FIELDS,
        ])
        .title("Update a ZIA VPN credential")
        .describe("Changes a VPN credential's comments, FQDN or pre-shared key; its type is fixed. Staged until zia_activate_configuration."),
    row("zia_delete_vpn_credential", Action::Delete, zia!("vpnCredentials/{credential_id}"))
        .params(&[CREDENTIAL_ID])
        .title("Delete a ZIA VPN credential")
        .describe("Deletes a VPN credential; refused while a location uses it. Staged until zia_activate_configuration."),
    row("zia_geo_search", Action::Read, zia!("region"))
        .params(&[
            Param::new(
                "action",
                ParamType::Enum(&["geo_by_coordinates", "geo_by_ip", "city_prefix_search"]),
                "The lookup.",
            )
            .required(),
            Param::new("latitude", ParamType::Number, "For geo_by_coordinates."),
            Param::new("longitude", ParamType::Number, "For geo_by_coordinates."),
            Param::new("ip", ParamType::String, "For geo_by_ip."),
            Param::new("prefix", ParamType::String, "For city_prefix_search, e.g. San Jose."),
        ])
        .composite(geo_search)
        .title("Look up ZIA geolocation")
        .describe("Finds city and country data by coordinates, IP or city prefix."),
];

/// `zia_geo_search`: one of three region endpoints, chosen by `action`; always a list.
fn geo_search(call: CompositeCall<'_>) -> BoxFuture<'_, Result<ToolOutput, ToolError>> {
    Box::pin(async move {
        let args = call.args;
        let number = |name: &str| {
            args.get(name)
                .and_then(Value::as_f64)
                .ok_or_else(|| ToolError::invalid(name, "is required for this action"))
        };
        let text = |name: &str| {
            args.str(name)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| ToolError::invalid(name, "is required for this action"))
        };
        let request = match args.str("action").unwrap_or_default() {
            "geo_by_coordinates" => {
                let (lat, lon) = (number("latitude")?, number("longitude")?);
                if !(-90.0..=90.0).contains(&lat) {
                    return Err(ToolError::invalid("latitude", "must be between -90 and 90"));
                }
                if !(-180.0..=180.0).contains(&lon) {
                    return Err(ToolError::invalid(
                        "longitude",
                        "must be between -180 and 180",
                    ));
                }
                Request::get(zia!("region/byGeoCoordinates"))
                    .query("latitude", lat.to_string())
                    .query("longitude", lon.to_string())
            }
            "geo_by_ip" => {
                let ip = text("ip")?;
                if ip.parse::<std::net::IpAddr>().is_err() {
                    return Err(ToolError::invalid(
                        "ip",
                        format!("`{ip}` is not an IP address"),
                    ));
                }
                Request::get(format!(
                    "{}{}",
                    zia!("region/byIPAddress/"),
                    encode_path_segment(ip)
                ))
            }
            _ => Request::get(zia!("region/search")).query("prefix", text("prefix")?),
        };
        let response = call.ctx.client()?.send(request).await?;
        let items = match response.body {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            one => vec![one],
        };
        Ok(ToolOutput::structured(
            json!({"count": items.len(), "items": items}),
        ))
    })
}
