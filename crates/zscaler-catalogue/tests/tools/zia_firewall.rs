//! ZIA cloud firewall: rules of three families, custom IPS signatures, IP groups, network
//! services, service groups, network applications and application groups.

use serde_json::{Value, json};

use crate::crud::{Crud, round_trip};
use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    lists_and_gets(h).await;
    rules(h).await;
    objects(h).await;
}

/// Every list has seeded data, and each get returns the item the list named.
async fn lists_and_gets(h: &Harness) {
    for (list, get, id_param) in [
        (
            "zia_list_cloud_firewall_rules",
            "zia_get_cloud_firewall_rule",
            "rule_id",
        ),
        (
            "zia_list_cloud_firewall_dns_rules",
            "zia_get_cloud_firewall_dns_rule",
            "rule_id",
        ),
        (
            "zia_list_cloud_firewall_ips_rules",
            "zia_get_cloud_firewall_ips_rule",
            "rule_id",
        ),
        (
            "zia_list_ips_signature_rules",
            "zia_get_ips_signature_rule",
            "rule_id",
        ),
        (
            "zia_list_ip_destination_groups",
            "zia_get_ip_destination_group",
            "group_id",
        ),
        (
            "zia_list_ip_source_groups",
            "zia_get_ip_source_group",
            "group_id",
        ),
        (
            "zia_list_network_services",
            "zia_get_network_service",
            "service_id",
        ),
        (
            "zia_list_network_svc_groups",
            "zia_get_network_svc_group",
            "group_id",
        ),
        ("zia_list_network_apps", "zia_get_network_app", "app_id"),
        (
            "zia_list_network_app_groups",
            "zia_get_network_app_group",
            "group_id",
        ),
    ] {
        let items = h.items(list, json!({})).await;
        let last = items.last().unwrap_or_else(|| panic!("{list}: empty"));
        let id = id_of(last);
        let got = h.call(get, json!({ id_param: id })).await;
        assert_eq!(id_of(&got), id, "{get}");
        assert_eq!(got["name"], last["name"], "{get}");
    }
    // The firewall lists keep policy order with the default rule last.
    let rules = h.items("zia_list_cloud_firewall_rules", json!({})).await;
    assert_eq!(rules.last().unwrap()["defaultRule"], true, "{rules:?}");
    // `search` reaches the API.
    let ssh = h
        .items("zia_list_network_apps", json!({"search": "ssh"}))
        .await;
    assert!(
        !ssh.is_empty()
            && ssh
                .iter()
                .all(|a| a["id"].as_str().unwrap().contains("SSH")),
        "{ssh:?}"
    );
    let signatures = h
        .items(
            "zia_list_ips_signature_rules",
            json!({"search": "log4shell"}),
        )
        .await;
    assert_eq!(signatures.len(), 1, "{signatures:?}");
    assert!(signatures[0]["ruleText"].as_str().unwrap().contains("sid:"));
}

async fn first_ref(h: &Harness, list: &str) -> Value {
    json!([{ "id": h.first_id(list, json!({})).await.parse::<i64>().unwrap() }])
}

async fn rules(h: &Harness) {
    let services = first_ref(h, "zia_list_network_services").await;
    let sources = first_ref(h, "zia_list_ip_source_groups").await;
    round_trip(
        h,
        Crud {
            noun: "cloud_firewall_rule",
            id_param: "rule_id",
            scope: json!({}),
            create: json!({"name": "Block SSH out", "order": 1, "action": "BLOCK_DROP",
                "description": "made by the tools test", "nw_services": services,
                "src_ip_groups": sources, "dest_countries": ["COUNTRY_KP"]}),
            created: json!({"name": "Block SSH out", "order": 1, "action": "BLOCK_DROP",
                "destCountries": ["COUNTRY_KP"]}),
            update: json!({"state": "DISABLED", "action": "BLOCK_RESET"}),
            updated: json!({"state": "DISABLED", "action": "BLOCK_RESET", "name": "Block SSH out"}),
            kept: &[
                "description",
                "nwServices",
                "srcIpGroups",
                "destCountries",
                "order",
            ],
        },
    )
    .await;
    round_trip(
        h,
        Crud {
            noun: "cloud_firewall_dns_rule",
            id_param: "rule_id",
            scope: json!({}),
            create: json!({"name": "Redirect resolvers", "order": 1, "action": "REDIR_REQ",
                "redirect_ip": "10.0.0.53", "description": "force internal DNS"}),
            created: json!({"action": "REDIR_REQ", "redirectIp": "10.0.0.53"}),
            update: json!({"description": "force internal DNS (v2)"}),
            updated: json!({"description": "force internal DNS (v2)"}),
            kept: &["redirectIp", "action", "name"],
        },
    )
    .await;
    round_trip(
        h,
        Crud {
            noun: "cloud_firewall_ips_rule",
            id_param: "rule_id",
            scope: json!({}),
            create: json!({"name": "Drop exploits", "order": 1, "action": "BLOCK_DROP",
                "src_ips": ["10.1.0.0/16"]}),
            created: json!({"action": "BLOCK_DROP", "srcIps": ["10.1.0.0/16"]}),
            update: json!({"action": "BLOCK_RESET"}),
            updated: json!({"action": "BLOCK_RESET"}),
            kept: &["srcIps", "name"],
        },
    )
    .await;
    let text = r#"alert tcp any any -> any 9999 (msg:"test"; sid:3000001; rev:1;)"#;
    round_trip(
        h,
        Crud {
            noun: "ips_signature_rule",
            id_param: "rule_id",
            scope: json!({}),
            create: json!({"name": "Port 9999 probe", "rule_text": text, "description": "lab"}),
            created: json!({"ruleText": text, "enabled": true}),
            update: json!({"enabled": false}),
            updated: json!({"enabled": false}),
            kept: &["ruleText", "description", "name"],
        },
    )
    .await;
    // A signature without sid/rev is refused with ZIA's own reason.
    let refused = h
        .fails(
            "zia_create_ips_signature_rule",
            json!({"name": "bad", "rule_text": "alert tcp any any -> any any (msg:\"x\";)"}),
        )
        .await;
    assert!(refused.contains("sid"), "{refused}");
}

async fn objects(h: &Harness) {
    round_trip(
        h,
        Crud {
            noun: "ip_destination_group",
            id_param: "group_id",
            scope: json!({}),
            create: json!({"name": "Payment processors", "type": "DSTN_FQDN",
                "addresses": ["api.stripe.com", "api.adyen.com"], "description": "PCI"}),
            created: json!({"type": "DSTN_FQDN", "addresses": ["api.stripe.com", "api.adyen.com"]}),
            update: json!({"addresses": ["api.stripe.com"]}),
            updated: json!({"addresses": ["api.stripe.com"]}),
            kept: &["type", "description", "name"],
        },
    )
    .await;
    round_trip(
        h,
        Crud {
            noun: "ip_source_group",
            id_param: "group_id",
            scope: json!({}),
            create: json!({"name": "Contractors", "ip_addresses": ["10.60.0.0/16"], "description": "temp"}),
            created: json!({"ipAddresses": ["10.60.0.0/16"]}),
            update: json!({"description": "temporary staff"}),
            updated: json!({"description": "temporary staff"}),
            kept: &["ipAddresses", "name"],
        },
    )
    .await;
    let service = round_trip(
        h,
        Crud {
            noun: "network_service",
            id_param: "service_id",
            scope: json!({}),
            create: json!({"name": "Grafana", "dest_tcp_ports": [{"start": 3000}],
                "description": "dashboards"}),
            created: json!({"type": "CUSTOM", "destTcpPorts": [{"start": 3000}]}),
            update: json!({"dest_tcp_ports": [{"start": 3000, "end": 3001}]}),
            updated: json!({"destTcpPorts": [{"start": 3000, "end": 3001}]}),
            kept: &["description", "name"],
        },
    )
    .await;
    h.fails("zia_get_network_service", json!({"service_id": service}))
        .await;
    let services = first_ref(h, "zia_list_network_services").await;
    round_trip(
        h,
        Crud {
            noun: "network_svc_group",
            id_param: "group_id",
            scope: json!({}),
            create: json!({"name": "Admin protocols", "services": services, "description": "ops"}),
            created: json!({"name": "Admin protocols", "description": "ops"}),
            update: json!({"name": "Admin protocols v2"}),
            updated: json!({"name": "Admin protocols v2"}),
            kept: &["services", "description"],
        },
    )
    .await;
    round_trip(
        h,
        Crud {
            noun: "network_app_group",
            id_param: "group_id",
            scope: json!({}),
            create: json!({"name": "Remote access", "network_applications": ["SSH", "RDP"]}),
            created: json!({"networkApplications": ["SSH", "RDP"]}),
            update: json!({"description": "jump tools"}),
            updated: json!({"description": "jump tools"}),
            kept: &["networkApplications", "name"],
        },
    )
    .await;
}
