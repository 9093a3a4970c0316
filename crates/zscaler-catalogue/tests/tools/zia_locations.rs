//! ZIA locations and location groups, static IPs, GRE tunnels, VPN credentials and geo lookups.

use serde_json::{Value, json};

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    locations(h).await;
    static_ips_and_gre(h).await;
    vpn_credentials(h).await;
    geo(h).await;
}

async fn locations(h: &Harness) {
    let parents = h.items("zia_list_locations", json!({})).await;
    let with_subs = h
        .items("zia_list_locations", json!({"include_sub_locations": true}))
        .await;
    assert!(
        with_subs.len() > parents.len(),
        "sublocations only when asked"
    );
    let found = h
        .items("zia_list_locations", json!({"search": "london"}))
        .await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["name"], "London Office");
    let id = id_of(&parents[0]);
    let location = h.call("zia_get_location", json!({"location_id": id})).await;
    assert_eq!(location["name"], parents[0]["name"]);

    let groups = h.items("zia_list_location_groups", json!({})).await;
    let manual = groups
        .iter()
        .find(|g| g["groupType"] == "STATIC_GROUP")
        .expect("the demo tenant has a manual location group");
    let group = h
        .call("zia_get_location_group", json!({"group_id": id_of(manual)}))
        .await;
    assert_eq!(group["name"], manual["name"]);

    // A location needs a provisioned static IP.
    let ip = h
        .call(
            "zia_create_static_ip",
            json!({"ip_address": "198.51.100.7", "comment": "branch egress"}),
        )
        .await;
    let created = h
        .call(
            "zia_create_location",
            json!({"name": "Branch 42", "ip_addresses": ["198.51.100.7"], "country": "UNITED_STATES",
                   "profile": "CORPORATE", "auth_required": true,
                   "static_location_groups": [{"id": manual["id"]}],
                   "fields": {"aupEnabled": true}}),
        )
        .await;
    let location_id = id_of(&created);
    let read = h
        .call("zia_get_location", json!({"location_id": location_id}))
        .await;
    assert_eq!(read["ipAddresses"], json!(["198.51.100.7"]));
    assert_eq!(read["profile"], "CORPORATE");
    assert_eq!(read["aupEnabled"], true);
    assert_eq!(read["staticLocationGroups"][0]["name"], manual["name"]);

    h.call(
        "zia_update_location",
        json!({"location_id": location_id, "description": "Moved to floor 3"}),
    )
    .await;
    let read = h
        .call("zia_get_location", json!({"location_id": location_id}))
        .await;
    assert_eq!(read["description"], "Moved to floor 3");
    assert_eq!(
        read["name"], "Branch 42",
        "untouched fields survive an update"
    );
    assert_eq!(read["authRequired"], true);
    assert_eq!(read["ipAddresses"], json!(["198.51.100.7"]));

    let missing = h
        .fails(
            "zia_create_location",
            json!({"ip_addresses": ["198.51.100.7"]}),
        )
        .await;
    assert!(missing.contains("`name`"), "{missing}");
    h.call("zia_delete_location", json!({"location_id": location_id}))
        .await;
    h.fails("zia_get_location", json!({"location_id": location_id}))
        .await;
    h.call("zia_delete_static_ip", json!({"static_ip_id": id_of(&ip)}))
        .await;
}

async fn static_ips_and_gre(h: &Harness) {
    let ips = h.items("zia_list_static_ips", json!({})).await;
    assert!(!ips.is_empty());
    let address = ips[0]["ipAddress"].clone();
    let one = h
        .items("zia_list_static_ips", json!({"ip_address": address}))
        .await;
    assert_eq!(one.len(), 1);
    let got = h
        .call("zia_get_static_ip", json!({"static_ip_id": id_of(&ips[0])}))
        .await;
    assert_eq!(got["ipAddress"], address);

    let created = h
        .call(
            "zia_create_static_ip",
            json!({"ip_address": "198.51.100.9", "comment": "new site", "geo_override": true,
                   "latitude": 48.85, "longitude": 2.35}),
        )
        .await;
    let ip_id = id_of(&created);
    let read = h
        .call("zia_get_static_ip", json!({"static_ip_id": ip_id}))
        .await;
    assert_eq!(read["comment"], "new site");
    assert_eq!(read["latitude"], 48.85);
    h.call(
        "zia_update_static_ip",
        json!({"static_ip_id": ip_id, "comment": "renamed site"}),
    )
    .await;
    let read = h
        .call("zia_get_static_ip", json!({"static_ip_id": ip_id}))
        .await;
    assert_eq!(read["comment"], "renamed site");
    assert_eq!(read["ipAddress"], "198.51.100.9");
    assert_eq!(
        read["geoOverride"], true,
        "untouched fields survive an update"
    );

    let tunnels = h.items("zia_list_gre_tunnels", json!({})).await;
    assert!(!tunnels.is_empty());
    let tunnel = h
        .call(
            "zia_get_gre_tunnel",
            json!({"tunnel_id": id_of(&tunnels[0])}),
        )
        .await;
    assert_eq!(tunnel["sourceIp"], tunnels[0]["sourceIp"]);
    let ranges = h.items("zia_list_gre_ranges", json!({})).await;
    let range = ranges[0]["startIPAddress"]
        .as_str()
        .expect("a free range")
        .to_owned();
    let vips = h
        .items(
            "zia_list_gre_recommended_vips",
            json!({"source_ip": "198.51.100.9"}),
        )
        .await;
    assert!(vips.len() >= 2);
    let gre = h
        .call(
            "zia_create_gre_tunnel",
            json!({"source_ip": "198.51.100.9", "primary_dest_vip": {"id": vips[0]["id"]},
                   "secondary_dest_vip": {"id": vips[1]["id"]}, "internal_ip_range": range,
                   "comment": "new site GRE"}),
        )
        .await;
    let gre_id = id_of(&gre);
    let read = h
        .call("zia_get_gre_tunnel", json!({"tunnel_id": gre_id}))
        .await;
    assert_eq!(read["sourceIp"], "198.51.100.9");
    assert_eq!(read["internalIpRange"], range.as_str());
    assert_eq!(read["primaryDestVip"]["id"], vips[0]["id"]);
    let in_use = h
        .fails("zia_delete_static_ip", json!({"static_ip_id": ip_id}))
        .await;
    assert!(in_use.contains("GRE tunnel"), "{in_use}");
    h.call("zia_delete_gre_tunnel", json!({"tunnel_id": gre_id}))
        .await;
    h.fails("zia_get_gre_tunnel", json!({"tunnel_id": gre_id}))
        .await;
    h.call("zia_delete_static_ip", json!({"static_ip_id": ip_id}))
        .await;
    h.fails("zia_get_static_ip", json!({"static_ip_id": ip_id}))
        .await;
}

async fn vpn_credentials(h: &Harness) {
    let creds = h.items("zia_list_vpn_credentials", json!({})).await;
    assert!(!creds.is_empty());
    let ufqdn = h
        .items(
            "zia_list_vpn_credentials",
            json!({"credential_type": "UFQDN"}),
        )
        .await;
    assert!(!ufqdn.is_empty());
    let got = h
        .call(
            "zia_get_vpn_credential",
            json!({"credential_id": id_of(&creds[0])}),
        )
        .await;
    assert_eq!(got["fqdn"], creds[0]["fqdn"]);

    let created = h
        .call(
            "zia_create_vpn_credential",
            json!({"credential_type": "UFQDN", "fqdn": "branch42@acme-demo.com",
                   "pre_shared_key": "correct-horse-battery", "comments": "branch 42"}),
        )
        .await;
    assert!(
        created.get("preSharedKey").is_none(),
        "the key is write-only"
    );
    let id = id_of(&created);
    let read = h
        .call("zia_get_vpn_credential", json!({"credential_id": id}))
        .await;
    assert_eq!(read["fqdn"], "branch42@acme-demo.com");
    h.call(
        "zia_update_vpn_credential",
        json!({"credential_id": id, "comments": "branch 42, IPsec"}),
    )
    .await;
    let read = h
        .call("zia_get_vpn_credential", json!({"credential_id": id}))
        .await;
    assert_eq!(read["comments"], "branch 42, IPsec");
    assert_eq!(
        read["fqdn"], "branch42@acme-demo.com",
        "untouched fields survive an update"
    );
    assert_eq!(read["type"], "UFQDN");
    h.call("zia_delete_vpn_credential", json!({"credential_id": id}))
        .await;
    h.fails("zia_get_vpn_credential", json!({"credential_id": id}))
        .await;
}

async fn geo(h: &Harness) {
    let near = h
        .items(
            "zia_geo_search",
            json!({"action": "geo_by_coordinates", "latitude": 51.5, "longitude": -0.1}),
        )
        .await;
    assert_eq!(near.len(), 1);
    assert_eq!(near[0]["cityName"], "London");
    let by_ip = h
        .items(
            "zia_geo_search",
            json!({"action": "geo_by_ip", "ip": "81.8.4.2"}),
        )
        .await;
    assert!(by_ip[0]["countryName"].is_string());
    let cities = h
        .items(
            "zia_geo_search",
            json!({"action": "city_prefix_search", "prefix": "Tok"}),
        )
        .await;
    let names: Vec<&Value> = cities.iter().map(|c| &c["cityName"]).collect();
    assert_eq!(names, [&json!("Tokyo")]);

    let missing = h
        .fails(
            "zia_geo_search",
            json!({"action": "geo_by_coordinates", "latitude": 10}),
        )
        .await;
    assert!(missing.contains("`longitude`"), "{missing}");
    let bad = h
        .fails(
            "zia_geo_search",
            json!({"action": "geo_by_ip", "ip": "10.0.0.300"}),
        )
        .await;
    assert!(
        bad.contains("`ip`") && bad.contains("not an IP address"),
        "{bad}"
    );
    let blank = h
        .fails(
            "zia_geo_search",
            json!({"action": "city_prefix_search", "prefix": " "}),
        )
        .await;
    assert!(blank.contains("`prefix`"), "{blank}");
}
