//! Traffic forwarding: locations (and sublocations), location groups, static IPs, VPN
//! credentials, GRE tunnels and the VIPs they terminate on.

use serde_json::{Map, Value, json};

use super::{
    body_map, coerce_ints, error, fill_defaults, get_route, in_use, invalid_arg, list_route,
    project, resolve_refs, rule_using,
};
use crate::call::{Product, Reply};
use crate::routes::{Resource, Routes};
use crate::seed::{CITIES, DOMAIN};
use crate::store::{Flavor, IdStyle, Tenant, id_string};

/// A Zscaler data-centre VIP: `(id, virtualIp, datacenter, latitude, longitude, city,
/// countryCode, region)`.
type Vip = (
    i64,
    &'static str,
    &'static str,
    f64,
    f64,
    &'static str,
    &'static str,
    &'static str,
);

/// The VIPs GRE tunnels can terminate on.
const VIPS: &[Vip] = &[
    (
        170_301,
        "170.85.14.129",
        "CHI2",
        39.0,
        -89.0,
        "Chicago",
        "US",
        "NorthAmerica",
    ),
    (
        65_303,
        "165.225.10.32",
        "DEN3",
        42.0,
        -106.0,
        "Denver",
        "US",
        "NorthAmerica",
    ),
    (
        57_081,
        "165.225.208.32",
        "YTO3",
        44.0,
        -79.0,
        "Toronto",
        "CA",
        "NorthAmerica",
    ),
    (
        98_509,
        "165.225.212.34",
        "YMQ1",
        45.0,
        -73.0,
        "Montreal",
        "CA",
        "NorthAmerica",
    ),
    (
        61_045,
        "165.225.80.40",
        "LHR3",
        51.0,
        0.0,
        "London",
        "GB",
        "Europe",
    ),
    (
        61_219,
        "165.225.72.38",
        "FRA4",
        50.0,
        8.0,
        "Frankfurt",
        "DE",
        "Europe",
    ),
    (
        88_417,
        "165.225.104.34",
        "BOM6",
        19.0,
        72.0,
        "Mumbai",
        "IN",
        "Asia",
    ),
    (
        90_132,
        "165.225.112.36",
        "SIN4",
        1.0,
        103.0,
        "Singapore",
        "SG",
        "Asia",
    ),
];

/// State or province of each demo site, in `CITIES` order then the two data centres.
const STATES: &[&str] = &[
    "California",
    "New York",
    "England",
    "Hesse",
    "Karnataka",
    "Singapore",
    "New South Wales",
    "Sao Paulo",
    "Tokyo",
    "Ontario",
    "Virginia",
    "Leinster",
];

const LOCATION_INTS: &[&str] = &[
    "idleTimeInMinutes",
    "upBandwidth",
    "dnBandwidth",
    "aupTimeoutInDays",
    "surrogateRefreshTimeInMinutes",
    "parentId",
];

/// Dynamic groups ZIA creates in every tenant, one per location profile.
const DYNAMIC_GROUPS: &[(&str, &str, &str)] = &[
    (
        "Corporate User Traffic Group",
        "CORPORATE",
        "Corporate User Traffic",
    ),
    ("Guest Wifi Group", "GUESTWIFI", "Guest Wifi Traffic"),
    ("IoT Traffic Group", "IOT", "IoT Traffic"),
    ("Server Traffic Group", "SERVER", "Server Traffic"),
    ("Workload Traffic Group", "WORKLOAD", "Workload Traffic"),
];

fn location_defaults() -> Value {
    super::merged([
        json!({
            "nonEditable": false, "parentId": 0, "upBandwidth": 0, "dnBandwidth": 0,
            "country": "NONE", "language": "NONE", "tz": "NOT_SPECIFIED", "geoOverride": false,
            "latitude": 0.0, "longitude": 0.0, "authRequired": false, "sslScanEnabled": false,
            "zappSslScanEnabled": false, "xffForwardEnabled": false, "otherSubLocation": false,
            "ecLocation": false, "bcLocation": false, "ccLocation": false, "surrogateIP": false,
            "cookiesAndProxy": false, "idleTimeInMinutes": 0, "surrogateIPEnforcedForKnownBrowsers": false,
            "surrogateRefreshTimeInMinutes": 0, "kerberosAuth": false, "jwtAuth": false,
        }),
        json!({
            "digestAuthEnabled": false, "ofwEnabled": false, "ipsControl": false, "aupEnabled": false,
            "cautionEnabled": false, "aupBlockInternetUntilAccepted": false, "aupForceSslInspection": false,
            "iotDiscoveryEnabled": false, "iotEnforcePolicySet": false, "aupTimeoutInDays": 0,
            "matchInChild": false, "staticLocationGroups": [], "excludeFromDynamicGroups": false,
            "excludeFromManualGroups": false, "extranet": {"id": 0}, "extranetIpPool": {"id": 0},
            "extranetDns": {"id": 0}, "defaultExtranetTsPool": false, "defaultExtranetDns": false,
            "profile": "NONE", "description": "",
        }),
    ])
}

pub fn install(routes: &mut Routes) {
    let zia = Flavor::Zia;
    list_route(
        routes,
        api!("/locations/lite"),
        "zia.locations",
        |_, row| {
            project(
                row,
                &[
                    "id",
                    "name",
                    "parentId",
                    "tz",
                    "xffForwardEnabled",
                    "aupEnabled",
                    "cautionEnabled",
                    "aupBlockInternetUntilAccepted",
                    "aupForceSslInspection",
                    "surrogateIP",
                    "surrogateIPEnforcedForKnownBrowsers",
                    "otherSubLocation",
                    "ofwEnabled",
                    "ipsControl",
                    "kerberosAuth",
                    "digestAuthEnabled",
                    "zappSslScanEnabled",
                    "ecLocation",
                    "iotDiscoveryEnabled",
                ],
            )
        },
    );
    routes.get(api!("/locations/{id}/sublocations"), |t, c| {
        let tenant = t.read();
        let parent = c.param("id");
        if tenant.get("zia.locations", parent).is_none() {
            return Reply::not_found(Product::Zia, parent);
        }
        let rows: Vec<Value> = tenant
            .rows("zia.locations")
            .filter(|r| id_string(&r["parentId"]) == parent)
            .map(|r| location_view(&tenant, r))
            .collect();
        Flavor::Zia.list(c, rows.iter())
    });
    routes.post(api!("/locations/bulkDelete"), |t, c| {
        bulk_delete(t, c, "zia.locations", location_in_use)
    });
    list_route(
        routes,
        api!("/locations/groups"),
        "zia.locationGroups",
        group_view,
    );
    list_route(
        routes,
        api!("/locations/groups/lite"),
        "zia.locationGroups",
        |_, row| project(row, &["id", "name", "dynamicLocationGroupCriteria"]),
    );
    routes.get(api!("/locations/groups/count"), |t, _| {
        Reply::ok(json!(t.read().rows("zia.locationGroups").count()))
    });
    get_route(
        routes,
        api!("/locations/groups/{id}"),
        "zia.locationGroups",
        |tenant, row| {
            let mut view = group_view(tenant, row);
            if let Some(map) = view.as_object_mut() {
                map.remove("locationsCount");
            }
            view
        },
    );
    routes.resource(
        Resource::new(
            "zia.locations",
            zia,
            api!("/locations"),
            api!("/locations/{id}"),
            "LGCUD",
        )
        .defaults(location_defaults)
        .hook(location_hook)
        .view(location_view)
        .guard_delete(location_in_use)
        .list_filter(|row, call| {
            let flag = |name: &str, field: &str| {
                super::query_flag(call, name).is_none_or(|want| row[field] == want)
            };
            let sub_ok = row["parentId"] == 0
                || super::query_flag(call, "includeSubLocations") == Some(true);
            sub_ok
                && flag("xffEnabled", "xffForwardEnabled")
                && flag("authRequired", "authRequired")
                && flag("sslScanEnabled", "sslScanEnabled")
                && flag("ofwEnabled", "ofwEnabled")
        }),
    );

    routes.resource(
        Resource::new(
            "zia.staticIPs",
            zia,
            api!("/staticIP"),
            api!("/staticIP/{id}"),
            "LGCUD",
        )
        .required(&[])
        .allow_duplicate_names()
        .defaults(|| json!({"geoOverride": false, "routableIP": true, "comment": ""}))
        .hook(static_ip_hook)
        .guard_delete(static_ip_in_use)
        .list_filter(|row, call| {
            call.query("ipAddress")
                .is_none_or(|ip| row["ipAddress"].as_str() == Some(ip.trim()))
        }),
    );
    routes.post(api!("/staticIP/validate"), |t, c| {
        let body = match body_map(c) {
            Ok(body) => body,
            Err(reply) => return reply,
        };
        let ip = body
            .get("ipAddress")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !is_ipv4(ip) {
            return invalid_arg(&format!("Invalid IP inetAddress : {ip}"));
        }
        if t.read().rows("zia.staticIPs").any(|r| r["ipAddress"] == ip) {
            return error(
                409,
                "DUPLICATE_ITEM",
                &format!("This IP {ip} is already in use"),
            );
        }
        Reply::text(200, "application/json", "SUCCESS")
    });

    routes.post(api!("/vpnCredentials/bulkDelete"), |t, c| {
        bulk_delete(t, c, "zia.vpnCredentials", vpn_in_use)
    });
    routes.resource(
        Resource::new(
            "zia.vpnCredentials",
            zia,
            api!("/vpnCredentials"),
            api!("/vpnCredentials/{id}"),
            "LGCUD",
        )
        .required(&["type"])
        .allow_duplicate_names()
        .defaults(|| json!({"comments": ""}))
        .hook(vpn_hook)
        .view(vpn_view)
        .guard_delete(vpn_in_use),
    );

    routes.get(api!("/greTunnels/availableInternalIpRanges"), |t, c| {
        let used: Vec<String> = t
            .read()
            .rows("zia.greTunnels")
            .filter_map(|r| r["internalIpRange"].as_str().map(str::to_owned))
            .collect();
        let ranges: Vec<Value> = (0..40u32)
            .map(|n| format!("172.17.{}.{}", 150 + n / 32, (n % 32) * 8))
            .filter(|start| !used.contains(start))
            .take(10)
            .map(|start| {
                let end = start
                    .rsplit_once('.')
                    .and_then(|(net, last)| {
                        last.parse::<u32>().ok().map(|l| format!("{net}.{}", l + 7))
                    })
                    .unwrap_or_default();
                json!({"startIPAddress": start, "endIPAddress": end})
            })
            .collect();
        Flavor::Zia.list(c, ranges.iter())
    });
    routes.resource(
        Resource::new(
            "zia.greTunnels",
            zia,
            api!("/greTunnels"),
            api!("/greTunnels/{id}"),
            "LGCUD",
        )
        .required(&["sourceIp", "primaryDestVip"])
        .allow_duplicate_names()
        .defaults(|| json!({"comment": "", "ipUnnumbered": false}))
        .hook(gre_hook),
    );
    routes.get(api!("/vips/recommendedList"), |_, c| {
        let vips: Vec<Value> = VIPS.iter().take(5).map(|v| vip(v.0, false)).collect();
        Flavor::Zia.list(c, vips.iter())
    });

    routes.get(api!("/region/byGeoCoordinates"), |_, c| {
        let coordinate = |name: &str, limit: f64| {
            c.query(name)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| v.abs() <= limit)
        };
        let (Some(lat), Some(lon)) = (coordinate("latitude", 90.0), coordinate("longitude", 180.0))
        else {
            return invalid_arg("Invalid latitude or longitude");
        };
        let nearest = (0..CITIES.len())
            .min_by(|&a, &b| {
                let d = |i: usize| (CITIES[i].3 - lat).powi(2) + (CITIES[i].4 - lon).powi(2);
                d(a).total_cmp(&d(b))
            })
            .unwrap_or(0);
        Reply::ok(region_info(nearest))
    });
    routes.get(api!("/region/byIPAddress/{ip}"), |_, c| {
        let ip = c.param("ip");
        if ip.parse::<std::net::IpAddr>().is_err() {
            return invalid_arg(&format!("Invalid IP address: {ip}"));
        }
        Reply::ok(region_info(city_index_for(ip)))
    });
    routes.get(api!("/region/search"), |_, c| {
        // "city[, state[, country]]": the city part is a name prefix, the others narrow it.
        let prefix = c.query("prefix").map(str::trim).unwrap_or_default();
        let mut parts = prefix.split(',').map(|p| p.trim().to_lowercase());
        let city = parts.next().unwrap_or_default();
        if city.is_empty() {
            return invalid_arg("Invalid or blank search prefix.");
        }
        let narrow: Vec<String> = parts.filter(|p| !p.is_empty()).collect();
        let found: Vec<Value> = (0..CITIES.len())
            .map(region_info)
            .filter(|r| {
                let field = |k: &str| r[k].as_str().unwrap_or_default().to_lowercase();
                field("cityName").starts_with(&city)
                    && narrow.iter().all(|n| {
                        field("stateName").starts_with(n.as_str())
                            || field("countryName").starts_with(n.as_str())
                            || field("countryCode") == *n
                    })
            })
            .collect();
        Flavor::Zia.list(c, found.iter())
    });
}

/// The demo city a public address geolocates to (deterministic per address).
fn city_index_for(ip: &str) -> usize {
    let first: usize = ip
        .split(['.', ':'])
        .next()
        .and_then(|o| o.parse().ok())
        .unwrap_or(0);
    first % CITIES.len()
}

/// ZIA's `RegionInfo` for the `n`th demo city.
fn region_info(n: usize) -> Value {
    let (city, cc, country, lat, lon) = CITIES[n];
    let country_name = country
        .split('_')
        .map(|w| {
            let lower = w.to_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|f| f.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let continent = match cc {
        "US" | "CA" => "NA",
        "BR" => "SA",
        "GB" | "DE" | "IE" => "EU",
        "AU" => "OC",
        _ => "AS",
    };
    json!({
        "cityGeoId": 5_128_000 + n as i64 * 1_013, "stateGeoId": 5_332_000 + n as i64 * 977,
        "latitude": lat, "longitude": lon, "cityName": city, "stateName": STATES[n % STATES.len()],
        "countryName": country_name, "countryCode": cc, "postalCode": format!("{:05}", 10_000 + n * 4_321),
        "continentCode": continent,
    })
}

fn bulk_delete(
    t: &crate::routes::TenantLock,
    call: &crate::call::Call,
    table: &'static str,
    guard: fn(&Tenant, &str) -> Result<(), Reply>,
) -> Reply {
    let body = match body_map(call) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let Some(ids) = body.get("ids").and_then(Value::as_array) else {
        return invalid_arg("ids cannot be null");
    };
    let ids: Vec<String> = ids.iter().map(id_string).collect();
    let mut tenant = t.write();
    for id in &ids {
        if let Err(reply) = guard(&tenant, id) {
            return reply;
        }
    }
    for id in &ids {
        tenant.table_mut(table).shift_remove(id);
    }
    Flavor::Zia.mark_pending(&mut tenant);
    Reply::empty(204)
}

fn location_hook(tenant: &Tenant, loc: &mut Map<String, Value>) -> Result<(), Reply> {
    fill_defaults(loc, location_defaults());
    coerce_ints(loc, LOCATION_INTS)?;
    let own = id_string(&loc["id"]);
    let parent = loc.get("parentId").and_then(Value::as_i64).unwrap_or(0);
    if parent != 0 {
        let ok = tenant
            .get("zia.locations", &parent.to_string())
            .is_some_and(|p| p["parentId"] == 0);
        if !ok {
            return Err(invalid_arg(&format!(
                "Invalid parentId: no parent location {parent}"
            )));
        }
    }
    if let Some(Value::Array(creds)) = loc.get_mut("vpnCredentials") {
        for cred in creds.iter_mut() {
            let id = id_string(&cred["id"]);
            let Some(row) = tenant.get("zia.vpnCredentials", &id) else {
                return Err(invalid_arg(&format!(
                    "Invalid vpnCredentials: no VPN credential with id {id} exists"
                )));
            };
            let taken = tenant
                .rows("zia.locations")
                .any(|l| id_string(&l["id"]) != own && super::refers_to(l, "vpnCredentials", &id));
            if taken {
                return Err(invalid_arg(&format!(
                    "VPN credential {id} is already assigned to another location"
                )));
            }
            *cred = json!({"id": row["id"], "type": row["type"]});
        }
    }
    resolve_refs(
        tenant,
        loc,
        &[("staticLocationGroups", "zia.locationGroups")],
    )
}

/// Adds what ZIA derives on read: group memberships, child count, full VPN credentials.
fn location_view(tenant: &Tenant, row: &Value) -> Value {
    let mut view = row.clone();
    let id = id_string(&row["id"]);
    let profile = row["profile"].as_str().unwrap_or("NONE");
    let dynamic: Vec<Value> = if row["excludeFromDynamicGroups"] == true {
        Vec::new()
    } else {
        tenant
            .rows("zia.locationGroups")
            .filter(|g| {
                g["groupType"] == "DYNAMIC_GROUP"
                    && g["dynamicLocationGroupCriteria"]["profiles"]
                        .as_array()
                        .is_some_and(|ps| ps.iter().any(|p| p == profile))
            })
            .map(|g| json!({"id": g["id"], "name": g["name"]}))
            .collect()
    };
    let children = tenant
        .rows("zia.locations")
        .filter(|r| id_string(&r["parentId"]) == id)
        .count();
    let creds: Option<Vec<Value>> = row["vpnCredentials"].as_array().map(|creds| {
        creds
            .iter()
            .filter_map(|c| tenant.get("zia.vpnCredentials", &id_string(&c["id"])))
            .map(|c| {
                let mut c = c.clone();
                if let Some(map) = c.as_object_mut() {
                    map.remove("location");
                }
                c
            })
            .collect()
    });
    if let Some(map) = view.as_object_mut() {
        map.insert("dynamiclocationGroups".into(), json!(dynamic));
        map.insert("childCount".into(), json!(children));
        if let Some(creds) = creds {
            map.insert("vpnCredentials".into(), json!(creds));
        }
    }
    view
}

fn location_in_use(tenant: &Tenant, id: &str) -> Result<(), Reply> {
    if let Some(child) = tenant
        .rows("zia.locations")
        .find(|r| id_string(&r["parentId"]) == id)
    {
        let user = format!(
            "sublocation \"{}\"",
            child["name"].as_str().unwrap_or_default()
        );
        return Err(in_use("Location", id, &user));
    }
    match rule_using(tenant, &["locations"], id) {
        Some(rule) => Err(in_use("Location", id, &rule)),
        None => Ok(()),
    }
}

fn group_view(tenant: &Tenant, row: &Value) -> Value {
    let id = id_string(&row["id"]);
    let members: Vec<Value> = tenant
        .rows("zia.locations")
        .filter(|l| {
            if row["groupType"] == "DYNAMIC_GROUP" {
                l["excludeFromDynamicGroups"] != true
                    && row["dynamicLocationGroupCriteria"]["profiles"]
                        .as_array()
                        .is_some_and(|ps| ps.iter().any(|p| *p == l["profile"]))
            } else {
                super::refers_to(l, "staticLocationGroups", &id)
            }
        })
        .map(|l| json!({"id": l["id"], "name": l["name"]}))
        .collect();
    let mut view = row.clone();
    if let Some(map) = view.as_object_mut() {
        map.insert("locationsCount".into(), json!(members.len()));
        map.insert("locations".into(), json!(members));
    }
    view
}

pub(crate) fn is_ipv4(ip: &str) -> bool {
    ip.parse::<std::net::Ipv4Addr>().is_ok()
}

/// The geolocation ZIA derives from a static IP (deterministic per address).
fn geo_for(ip: &str) -> (f64, f64, String) {
    let first: usize = ip
        .split('.')
        .next()
        .and_then(|o| o.parse().ok())
        .unwrap_or(0);
    let (city, _, country, lat, lon) = CITIES[first % CITIES.len()];
    let country = country.replace('_', " ").to_lowercase();
    (lat, lon, format!("{city}, {country}"))
}

fn static_ip_hook(tenant: &Tenant, rec: &mut Map<String, Value>) -> Result<(), Reply> {
    let own = id_string(&rec["id"]);
    if let Some(existing) = tenant.get("zia.staticIPs", &own) {
        // The address is immutable: an update that sends it again is refused as a
        // duplicate of itself (recorded); one that leaves it out keeps it.
        if let Some(ip) = rec.get("ipAddress").and_then(Value::as_str) {
            return Err(error(
                409,
                "DUPLICATE_ITEM",
                &format!("Invalid IP inetAddress : - This IP {ip} is already in use"),
            ));
        }
        rec.insert("ipAddress".into(), existing["ipAddress"].clone());
        fill_defaults(
            rec,
            json!({"geoOverride": false, "routableIP": true, "comment": ""}),
        );
    }
    let ip = rec
        .get("ipAddress")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if !is_ipv4(&ip) {
        return Err(invalid_arg(&format!("Invalid IP inetAddress : {ip}")));
    }
    if tenant
        .rows("zia.staticIPs")
        .any(|r| r["ipAddress"] == ip.as_str() && id_string(&r["id"]) != own)
    {
        return Err(error(
            409,
            "DUPLICATE_ITEM",
            &format!("Invalid IP inetAddress : - This IP {ip} is already in use"),
        ));
    }
    if rec.get("geoOverride") != Some(&json!(true)) {
        let (lat, lon, city) = geo_for(&ip);
        let city_id = 4_000_000 + ip.len() as i64 * 1_000 + (lat.abs() as i64);
        rec.insert("latitude".into(), json!(lat));
        rec.insert("longitude".into(), json!(lon));
        rec.insert("city".into(), json!({"id": city_id, "name": city}));
    }
    modification_stamp(rec);
    Ok(())
}

/// Traffic-forwarding objects report `lastModificationTime` rather than `lastModifiedTime`.
fn modification_stamp(rec: &mut Map<String, Value>) {
    if let Some(time) = rec.remove("lastModifiedTime") {
        rec.insert("lastModificationTime".into(), time);
    }
}

fn static_ip_in_use(tenant: &Tenant, id: &str) -> Result<(), Reply> {
    let Some(ip) = tenant
        .get("zia.staticIPs", id)
        .map(|r| r["ipAddress"].clone())
    else {
        return Ok(());
    };
    if let Some(gre) = tenant.rows("zia.greTunnels").find(|g| g["sourceIp"] == ip) {
        return Err(in_use(
            "Static IP",
            id,
            &format!("GRE tunnel {}", gre["id"]),
        ));
    }
    if let Some(cred) = tenant
        .rows("zia.vpnCredentials")
        .find(|v| v["ipAddress"] == ip)
    {
        return Err(in_use(
            "Static IP",
            id,
            &format!("VPN credential {}", cred["id"]),
        ));
    }
    Ok(())
}

fn vpn_hook(tenant: &Tenant, rec: &mut Map<String, Value>) -> Result<(), Reply> {
    // The pre-shared key is write-only.
    rec.remove("preSharedKey");
    rec.remove("lastModifiedTime");
    rec.remove("lastModifiedBy");
    rec.remove("location");
    let kind = rec.get("type").and_then(Value::as_str).unwrap_or_default();
    match kind {
        "UFQDN" | "XAUTH" => {
            let fqdn = rec.get("fqdn").and_then(Value::as_str).unwrap_or_default();
            if !fqdn.contains('@') {
                return Err(invalid_arg("fqdn must be an email-like user@domain value"));
            }
            rec.remove("ipAddress");
        }
        "IP" => {
            let ip = rec
                .get("ipAddress")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !tenant.rows("zia.staticIPs").any(|r| r["ipAddress"] == ip) {
                return Err(invalid_arg(&format!(
                    "Invalid ipAddress: {ip} is not a provisioned static IP"
                )));
            }
            rec.remove("fqdn");
        }
        other => return Err(invalid_arg(&format!("Invalid type {other}"))),
    }
    Ok(())
}

fn vpn_view(tenant: &Tenant, row: &Value) -> Value {
    let id = id_string(&row["id"]);
    let mut view = row.clone();
    if let (Some(loc), Some(map)) = (
        tenant
            .rows("zia.locations")
            .find(|l| super::refers_to(l, "vpnCredentials", &id)),
        view.as_object_mut(),
    ) {
        map.insert(
            "location".into(),
            json!({"id": loc["id"], "name": loc["name"]}),
        );
    }
    view
}

fn vpn_in_use(tenant: &Tenant, id: &str) -> Result<(), Reply> {
    match tenant
        .rows("zia.locations")
        .find(|l| super::refers_to(l, "vpnCredentials", id))
    {
        Some(loc) => Err(in_use(
            "VPN credential",
            id,
            &format!("location \"{}\"", loc["name"].as_str().unwrap_or_default()),
        )),
        None => Ok(()),
    }
}

fn vip(id: i64, dont_provision: bool) -> Value {
    let Some(v) = VIPS.iter().find(|v| v.0 == id) else {
        return Value::Null;
    };
    let mut out = json!({"id": v.0, "virtualIp": v.1, "privateServiceEdge": false, "datacenter": v.2,
        "latitude": v.3, "longitude": v.4, "city": v.5, "countryCode": v.6, "region": v.7});
    if dont_provision {
        out["dontProvision"] = json!(true);
    }
    out
}

fn gre_hook(tenant: &Tenant, rec: &mut Map<String, Value>) -> Result<(), Reply> {
    let source = rec
        .get("sourceIp")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if !tenant
        .rows("zia.staticIPs")
        .any(|r| r["ipAddress"] == source.as_str())
    {
        return Err(invalid_arg(&format!(
            "Invalid sourceIp: {source} is not a provisioned static IP"
        )));
    }
    let own = id_string(&rec["id"]);
    let creating = tenant.get("zia.greTunnels", &own).is_none();
    if creating
        && let Some(ip) = tenant
            .rows("zia.staticIPs")
            .find(|r| r["ipAddress"] == source.as_str())
    {
        // ZIA gives a GRE tunnel the id of its source static IP (recorded).
        rec.insert("id".into(), ip["id"].clone());
    }
    let own = id_string(&rec["id"]);
    if tenant
        .rows("zia.greTunnels")
        .any(|g| g["sourceIp"] == source.as_str() && id_string(&g["id"]) != own)
    {
        return Err(error(
            409,
            "DUPLICATE_ITEM",
            &format!("A GRE tunnel already exists for source IP {source}"),
        ));
    }
    for (field, primary) in [("primaryDestVip", true), ("secondaryDestVip", false)] {
        match rec.get(field) {
            None | Some(Value::Null) if !primary => {}
            Some(v) => {
                let id = v["id"].as_i64().unwrap_or(0);
                let resolved = vip(id, primary && rec.get("ipUnnumbered") == Some(&json!(true)));
                if resolved.is_null() {
                    return Err(invalid_arg(&format!(
                        "Invalid {field}: no VIP with id {id}"
                    )));
                }
                rec.insert(field.into(), resolved);
            }
            None => return Err(invalid_arg(&format!("{field} cannot be null"))),
        }
    }
    if rec.get("ipUnnumbered") == Some(&json!(true)) {
        rec.remove("internalIpRange");
    } else if !rec.contains_key("internalIpRange") {
        let n = rec.get("id").and_then(Value::as_u64).unwrap_or(0);
        rec.insert(
            "internalIpRange".into(),
            json!(format!("172.18.{}.{}", (n / 32) % 256, (n % 32) * 8)),
        );
    }
    modification_stamp(rec);
    Ok(())
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    let now = 1_619_561_356;
    let unassigned = tenant.new_id(IdStyle::Int);
    tenant.insert(
        "zia.locationGroups",
        json!({"id": unassigned, "name": "Unassigned Locations", "groupType": "DYNAMIC_GROUP",
               "dynamicLocationGroupCriteria": {"profiles": ["NONE"]},
               "comments": "Default Location Group - Unassigned Locations", "lastModTime": now,
               "predefined": true}),
    );
    for (name, profile, what) in DYNAMIC_GROUPS {
        let id = tenant.new_id(IdStyle::Int);
        tenant.insert(
            "zia.locationGroups",
            json!({"id": id, "name": name, "groupType": "DYNAMIC_GROUP",
                   "dynamicLocationGroupCriteria": {"profiles": [profile]},
                   "comments": format!("Default Location Group - {what}"), "lastModTime": now,
                   "predefined": true}),
        );
    }
    if !demo {
        return;
    }
    let mut static_groups = Vec::new();
    for name in [
        "SDWAN_GLOBAL",
        "Americas Offices",
        "EMEA Offices",
        "APAC Offices",
    ] {
        let id = tenant.new_id(IdStyle::Int);
        static_groups.push(json!({"id": id, "name": name}));
        tenant.insert(
            "zia.locationGroups",
            json!({"id": id, "name": name, "groupType": "STATIC_GROUP",
                   "comments": format!("{name} (manual group)"), "lastModTime": now + 86_400 * 900,
                   "predefined": false}),
        );
    }
    let sites: Vec<(String, &str, f64, f64, &str)> = CITIES
        .iter()
        .map(|(city, _, country, lat, lon)| {
            (format!("{city} Office"), *country, *lat, *lon, "CORPORATE")
        })
        .chain([
            (
                "Ashburn Data Center".to_owned(),
                "UNITED_STATES",
                39.04,
                -77.49,
                "SERVER",
            ),
            (
                "Dublin Data Center".to_owned(),
                "IRELAND",
                53.35,
                -6.26,
                "SERVER",
            ),
        ])
        .collect();
    for (n, (name, country, lat, lon, profile)) in sites.into_iter().enumerate() {
        let ip = format!("203.0.{}.{}", 113 + n / 200, 10 + n);
        let static_id = tenant.new_id(IdStyle::Int);
        let (_, _, city) = geo_for(&ip);
        tenant.insert(
            "zia.staticIPs",
            json!({"id": static_id, "ipAddress": ip, "geoOverride": true, "latitude": lat,
                   "longitude": lon, "city": {"id": 4_100_000 + n, "name": city},
                   "routableIP": true, "lastModificationTime": 1_767_225_600 + n * 3600,
                   "lastModifiedBy": super::admin_ref(), "comment": format!("{name} egress")}),
        );
        let mut creds = Vec::new();
        if n % 2 == 0 {
            let cred_id = tenant.new_id(IdStyle::Int);
            tenant.insert(
                "zia.vpnCredentials",
                json!({"id": cred_id, "type": "UFQDN",
                       "fqdn": format!("site{n:02}@{DOMAIN}"), "comments": format!("{name} IPsec")}),
            );
            creds.push(json!({"id": cred_id, "type": "UFQDN"}));
        }
        if n < 4 {
            let gre_id = tenant.new_id(IdStyle::Int);
            let (primary, secondary) =
                (VIPS[n * 2 % VIPS.len()].0, VIPS[(n * 2 + 1) % VIPS.len()].0);
            tenant.insert(
                "zia.greTunnels",
                json!({"id": gre_id, "sourceIp": ip, "primaryDestVip": vip(primary, false),
                       "secondaryDestVip": vip(secondary, false),
                       "internalIpRange": format!("172.17.{}.{}", 144 + n, 232),
                       "lastModificationTime": 1_767_225_600 + n * 7200,
                       "lastModifiedBy": super::admin_ref(),
                       "comment": format!("{name} primary GRE"), "ipUnnumbered": false}),
            );
        }
        let region_group = if lon < -30.0 {
            1
        } else if lon < 60.0 {
            2
        } else {
            3
        };
        let tz = format!(
            "{country}_{}",
            name.split(' ').next().unwrap_or("GMT").to_uppercase()
        );
        let mut loc = location_defaults();
        let fields = json!({
            "name": name, "country": country, "state": STATES[n % STATES.len()], "tz": tz,
            "latitude": lat, "longitude": lon, "subLocScopeEnabled": profile == "CORPORATE" && n % 2 == 0,
            "ipAddresses": [ip], "vpnCredentials": creds, "profile": profile,
            "description": format!("{name} ({DOMAIN})"), "ofwEnabled": true, "ipsControl": true,
            "authRequired": profile == "CORPORATE", "sslScanEnabled": profile == "CORPORATE",
            "xffForwardEnabled": n % 3 == 0, "surrogateIP": profile == "CORPORATE",
            "idleTimeInMinutes": if profile == "CORPORATE" { 480 } else { 0 },
            "upBandwidth": 200_000, "dnBandwidth": 1_000_000,
            "staticLocationGroups": [static_groups[0].clone(), static_groups[region_group].clone()],
        });
        if let (Some(map), Value::Object(fields)) = (loc.as_object_mut(), fields) {
            map.extend(fields);
        }
        let id = tenant.new_id(IdStyle::Int);
        loc["id"] = id.clone();
        tenant.insert("zia.locations", loc);
        if profile == "CORPORATE" && n % 2 == 0 {
            for (sub, sub_profile, range) in [
                ("Guest Wi-Fi", "GUESTWIFI", "10.50.0.0-10.50.255.255"),
                ("Corporate LAN", "CORPORATE", "10.10.0.0-10.10.255.255"),
            ] {
                let mut child = location_defaults();
                let fields = json!({
                    "name": format!("{name} - {sub}"), "parentId": id, "country": country,
                    "tz": tz, "ipAddresses": [range], "profile": sub_profile,
                    "authRequired": sub_profile == "CORPORATE", "ofwEnabled": true,
                    "description": format!("{sub} at {name}"),
                });
                if let (Some(map), Value::Object(fields)) = (child.as_object_mut(), fields) {
                    map.extend(fields);
                }
                child["id"] = tenant.new_id(IdStyle::Int);
                tenant.insert("zia.locations", child);
            }
        }
    }
}
