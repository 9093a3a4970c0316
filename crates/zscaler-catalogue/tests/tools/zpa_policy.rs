//! ZPA policy rules: access, client forwarding, timeout, isolation and app protection.

use serde_json::{Value, json};

use crate::harness::{Harness, id_of};

/// One rule family: its tool-name stem, policy type and a valid new rule's arguments.
struct Family {
    list: &'static str,
    one: &'static str,
    policy_type: &'static str,
    new_rule: fn() -> Value,
}

const FAMILIES: &[Family] = &[
    Family {
        list: "zpa_list_access_policy_rules",
        one: "access_policy_rule",
        policy_type: "ACCESS_POLICY",
        new_rule: || {
            json!({"name": "Partners - Portal", "action": "ALLOW", "description": "partners",
                   "conditions": [{"operator": "OR", "operands": [
                       {"objectType": "CLIENT_TYPE", "lhs": "id", "rhs": "zpn_client_type_exporter"}]}]})
        },
    },
    Family {
        list: "zpa_list_forwarding_policy_rules",
        one: "forwarding_policy_rule",
        policy_type: "CLIENT_FORWARDING_POLICY",
        new_rule: || json!({"name": "Bypass VDI", "action": "BYPASS", "description": "vdi"}),
    },
    Family {
        list: "zpa_list_timeout_policy_rules",
        one: "timeout_policy_rule",
        policy_type: "TIMEOUT_POLICY",
        new_rule: || {
            json!({"name": "Interns - 2h re-auth", "description": "interns",
                   "reauth_timeout": "7200", "reauth_idle_timeout": "600"})
        },
    },
    Family {
        list: "zpa_list_isolation_policy_rules",
        one: "isolation_policy_rule",
        policy_type: "ISOLATION_POLICY",
        new_rule: || json!({"name": "No isolation for IT", "action": "BYPASS_ISOLATE", "description": "it"}),
    },
    Family {
        list: "zpa_list_app_protection_rules",
        one: "app_protection_rule",
        policy_type: "INSPECTION_POLICY",
        new_rule: || json!({"name": "Skip inspection for health checks", "action": "BYPASS_INSPECT", "description": "lb"}),
    },
];

pub async fn exercise(h: &Harness) {
    for family in FAMILIES {
        round_trip(h, family).await;
    }
    // A rule is only found in its own policy set.
    let rules = h.items("zpa_list_access_policy_rules", json!({})).await;
    let timeout_set = h
        .call(
            "zpa_get_policy_set",
            json!({"policy_type": "TIMEOUT_POLICY"}),
        )
        .await;
    h.fails(
        "zpa_get_access_policy_rule",
        json!({"rule_id": id_of(&rules[0]), "policy_set_id": id_of(&timeout_set)}),
    )
    .await;
    let refused = h
        .fails(
            "zpa_get_access_policy_rule",
            json!({"rule_id": id_of(&rules[0])}),
        )
        .await;
    assert!(refused.contains("policy_set_id"), "{refused}");
}

async fn round_trip(h: &Harness, family: &Family) {
    let tool = |verb: &str| format!("zpa_{verb}_{}", family.one);
    let set = h
        .call(
            "zpa_get_policy_set",
            json!({"policy_type": family.policy_type}),
        )
        .await;
    let set = id_of(&set);
    let listed = h.items(family.list, json!({})).await;
    assert!(
        !listed.is_empty(),
        "{}: the demo tenant has rules",
        family.list
    );
    assert_eq!(listed[0]["policySetId"], set.as_str(), "{}", family.list);
    let first = id_of(&listed[0]);
    let rule = |id: &str| json!({"rule_id": id, "policy_set_id": set});
    let got = h.call(&tool("get"), rule(&first)).await;
    assert_eq!(id_of(&got), first);
    assert_eq!(got["name"], listed[0]["name"]);

    let mut new_rule = (family.new_rule)();
    new_rule["policy_set_id"] = set.clone().into();
    let created = h.call(&tool("create"), new_rule.clone()).await;
    let id = id_of(&created);
    let got = h.call(&tool("get"), rule(&id)).await;
    assert_eq!(got["name"], new_rule["name"], "{got}");
    if let Some(action) = new_rule.get("action") {
        assert_eq!(&got["action"], action, "{got}");
    }
    let count = listed.len();
    assert_eq!(h.items(family.list, json!({})).await.len(), count + 1);

    let mut change = rule(&id);
    change["description"] = "changed by the test".into();
    h.call(&tool("update"), change).await;
    let after = h.call(&tool("get"), rule(&id)).await;
    assert_eq!(after["description"], "changed by the test");
    assert_eq!(after["name"], new_rule["name"], "untouched by the update");
    assert_eq!(after["action"], got["action"], "untouched by the update");
    // ZPA gives conditions new ids when a rule is written; what they match must not change.
    assert_eq!(
        matched(&after["conditions"]),
        matched(&got["conditions"]),
        "untouched by the update"
    );
    if let Some(timeout) = new_rule.get("reauth_timeout") {
        assert_eq!(&after["reauthTimeout"], timeout, "untouched by the update");
    }

    h.call(&tool("delete"), rule(&id)).await;
    h.fails(&tool("get"), rule(&id)).await;
    assert_eq!(h.items(family.list, json!({})).await.len(), count);
}

/// One condition: its operator and its operands' (objectType, lhs, rhs).
type Matched = (Value, Vec<(Value, Value, Value)>);

/// What conditions match, without the ids ZPA renews on every write.
fn matched(conditions: &Value) -> Vec<Matched> {
    conditions
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let operands = c["operands"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| (o["objectType"].clone(), o["lhs"].clone(), o["rhs"].clone()))
                .collect();
            (c["operator"].clone(), operands)
        })
        .collect()
}
