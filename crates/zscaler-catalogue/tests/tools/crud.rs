//! One create → get → update → get → delete → get-fails walk, shared by the ZIA policy areas
//! whose tools follow the `zia_{verb}_{noun}` pattern.

use serde_json::{Map, Value, json};

use crate::harness::{Harness, id_of};

/// What to send and what to expect at each step of a round trip.
pub struct Crud<'a> {
    /// `cloud_firewall_rule` for `zia_create_cloud_firewall_rule` and its siblings.
    pub noun: &'a str,
    /// The id parameter of get, update and delete.
    pub id_param: &'a str,
    /// Arguments every call takes (e.g. `{"rule_type": "WEBMAIL"}`), or `{}`.
    pub scope: Value,
    pub create: Value,
    /// Fields (wire names) the record must show after the create.
    pub created: Value,
    pub update: Value,
    /// Fields the record must show after the update.
    pub updated: Value,
    /// Fields the update did not name, which must keep their created values.
    pub kept: &'a [&'a str],
}

fn merged(parts: &[&Value]) -> Value {
    let mut out = Map::new();
    for part in parts {
        if let Value::Object(map) = part {
            out.extend(map.clone());
        }
    }
    Value::Object(out)
}

fn assert_fields(what: &str, record: &Value, expected: &Value) {
    for (field, want) in expected.as_object().expect("expected fields are an object") {
        assert_eq!(&record[field], want, "{what}: field `{field}` in {record}");
    }
}

/// Runs the walk; returns the id the create gave.
pub async fn round_trip(h: &Harness, c: Crud<'_>) -> String {
    let noun = c.noun;
    let created = h
        .call(
            &format!("zia_create_{noun}"),
            merged(&[&c.scope, &c.create]),
        )
        .await;
    let id = id_of(&created);
    let key = merged(&[&c.scope, &json!({ c.id_param: id })]);
    let get = format!("zia_get_{noun}");
    let fresh = h.call(&get, key.clone()).await;
    assert_eq!(id_of(&fresh), id, "{get} returned another record");
    assert_fields(&format!("after create, {get}"), &fresh, &c.created);

    h.call(&format!("zia_update_{noun}"), merged(&[&key, &c.update]))
        .await;
    let changed = h.call(&get, key.clone()).await;
    assert_fields(&format!("after update, {get}"), &changed, &c.updated);
    for field in c.kept {
        assert_eq!(
            changed[*field], fresh[*field],
            "the update of {noun} lost `{field}`: {changed}"
        );
    }

    h.call(&format!("zia_delete_{noun}"), key.clone()).await;
    h.fails(&get, key).await;
    id
}
