//! ZPA policy rules: access, client forwarding, timeout, isolation and app protection.

use serde_json::{Value, json};

use crate::harness::{Harness, id_of};

/// One rule family: its tool-name stem and a valid new rule's arguments.
struct Family {
    list: &'static str,
    one: &'static str,
    new_rule: fn() -> Value,
}

const FAMILIES: &[Family] = &[
    Family {
        list: "zpa_list_access_policy_rules",
        one: "access_policy_rule",
        new_rule: || {
            json!({"name": "Partners - Portal", "action": "ALLOW", "description": "partners",
                   "conditions": [{"operator": "OR", "operands": [
                       {"objectType": "CLIENT_TYPE", "lhs": "id", "rhs": "zpn_client_type_exporter"}]}]})
        },
    },
    Family {
        list: "zpa_list_forwarding_policy_rules",
        one: "forwarding_policy_rule",
        new_rule: || json!({"name": "Bypass VDI", "action": "BYPASS", "description": "vdi"}),
    },
    Family {
        list: "zpa_list_timeout_policy_rules",
        one: "timeout_policy_rule",
        new_rule: || {
            json!({"name": "Interns - 2h re-auth", "description": "interns",
                   "reauth_timeout": "7200", "reauth_idle_timeout": "600"})
        },
    },
    Family {
        list: "zpa_list_isolation_policy_rules",
        one: "isolation_policy_rule",
        new_rule: || json!({"name": "No isolation for IT", "action": "BYPASS_ISOLATE", "description": "it"}),
    },
    Family {
        list: "zpa_list_app_protection_rules",
        one: "app_protection_rule",
        new_rule: || json!({"name": "Skip inspection for health checks", "action": "BYPASS_INSPECT", "description": "lb"}),
    },
];

pub async fn exercise(h: &Harness) {
    for family in FAMILIES {
        round_trip(h, family).await;
    }
    // The policy set id, when given, is used as is: a wrong one fails, the listed one works.
    let rules = h.items("zpa_list_access_policy_rules", json!({})).await;
    let rule = &rules[0];
    let set = rule["policySetId"]
        .as_str()
        .expect("rules carry policySetId");
    let got = h
        .call(
            "zpa_get_access_policy_rule",
            json!({"rule_id": id_of(rule), "policy_set_id": set}),
        )
        .await;
    assert_eq!(got["name"], rule["name"]);
    let timeout_set =
        h.items("zpa_list_timeout_policy_rules", json!({})).await[0]["policySetId"].clone();
    h.fails(
        "zpa_get_access_policy_rule",
        json!({"rule_id": id_of(rule), "policy_set_id": timeout_set}),
    )
    .await;
}

async fn round_trip(h: &Harness, family: &Family) {
    let tool = |verb: &str| format!("zpa_{verb}_{}", family.one);
    let listed = h.items(family.list, json!({})).await;
    assert!(
        !listed.is_empty(),
        "{}: the demo tenant has rules",
        family.list
    );
    let first = id_of(&listed[0]);
    let got = h.call(&tool("get"), json!({"rule_id": first})).await;
    assert_eq!(id_of(&got), first);
    assert_eq!(got["name"], listed[0]["name"]);

    let new_rule = (family.new_rule)();
    let created = h.call(&tool("create"), new_rule.clone()).await;
    let id = id_of(&created);
    let got = h.call(&tool("get"), json!({"rule_id": id})).await;
    assert_eq!(got["name"], new_rule["name"], "{got}");
    if let Some(action) = new_rule.get("action") {
        assert_eq!(&got["action"], action, "{got}");
    }
    let count = listed.len();
    assert_eq!(h.items(family.list, json!({})).await.len(), count + 1);

    h.call(
        &tool("update"),
        json!({"rule_id": id, "description": "changed by the test"}),
    )
    .await;
    let after = h.call(&tool("get"), json!({"rule_id": id})).await;
    assert_eq!(after["description"], "changed by the test");
    assert_eq!(after["name"], new_rule["name"], "untouched by the update");
    assert_eq!(after["action"], got["action"], "untouched by the update");
    assert_eq!(
        after["conditions"], got["conditions"],
        "untouched by the update"
    );
    if let Some(timeout) = new_rule.get("reauth_timeout") {
        assert_eq!(&after["reauthTimeout"], timeout, "untouched by the update");
    }

    h.call(&tool("delete"), json!({"rule_id": id})).await;
    h.fails(&tool("get"), json!({"rule_id": id})).await;
    assert_eq!(h.items(family.list, json!({})).await.len(), count);
}
