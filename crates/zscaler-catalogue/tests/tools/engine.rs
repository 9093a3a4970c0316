//! The engine's contract, seen through real tools on the demo tenant: paging, the response
//! budget, JMESPath, CSV, legacy aliases, the write gate and confirmations.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};
use zscaler_catalogue::confirm::{Confirmations, DEFAULT_TTL, Keys};
use zscaler_catalogue::engine::{Engine, Settings};
use zscaler_catalogue::{Content, ToolError, resolve_alias};

use crate::harness::{Harness, id_of};

fn text(out: &zscaler_catalogue::ToolOutput) -> &str {
    match &out.content[0] {
        Content::Text(t) => t,
        other => panic!("not text: {other:?}"),
    }
}

pub async fn exercise(h: &Harness) {
    paging(h).await;
    budget(h).await;
    query_and_csv(h).await;
    aliases(h).await;
    writes(h).await;
}

async fn paging(h: &Harness) {
    // One page by default, with where to go next.
    let first = h.call("zia_list_users", json!({"page_size": 200})).await;
    assert_eq!(first["count"], 200, "{}", first["count"]);
    assert_eq!(first["page"], 1);
    assert_eq!(first["next_page"], 2);
    // Every page with `all`: more than 500 users, in order, none twice.
    let all = h.call("zia_list_users", json!({"all": true})).await;
    let items = all["items"].as_array().unwrap();
    assert!(items.len() > 500, "{}", items.len());
    let mut ids: Vec<String> = items.iter().map(id_of).collect();
    assert_eq!(
        ids[..200],
        first["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(id_of)
            .collect::<Vec<_>>()[..]
    );
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), items.len());
    assert!(all.get("next_page").is_none());
    // A later page continues where the first stopped.
    let third = h
        .call("zia_list_users", json!({"page": 3, "page_size": 200}))
        .await;
    assert_eq!(id_of(&third["items"][0]), id_of(&items[400]));
    let refused = h
        .fails("zia_list_users", json!({"all": true, "page": 2}))
        .await;
    assert!(refused.contains("`all`"), "{refused}");
    let refused = h.fails("zia_list_users", json!({"page_size": 0})).await;
    assert!(refused.contains("`page_size`"), "{refused}");
}

async fn budget(h: &Harness) {
    let tight = Engine::new(
        Settings {
            max_response_bytes: 20_000,
            ..Settings::default()
        },
        Confirmations::new(Keys::random(), DEFAULT_TTL),
    );
    let out = h
        .run_with(&tight, "zia_list_users", json!({"all": true}))
        .await
        .unwrap();
    let s = out.structured.unwrap();
    assert_eq!(s["truncated"], true, "{s}");
    assert!(text(&zscaler_catalogue::ToolOutput::structured(s.clone())).len() <= 20_000);
    let shown = s["count"].as_u64().unwrap();
    let next = &s["continue_with"];
    assert!(
        s["note"].as_str().unwrap().contains("response budget"),
        "{s}"
    );
    // Following the hint picks up exactly at the first item not shown.
    let all = h.items("zia_list_users", json!({"all": true})).await;
    let rest = h
        .run_with(
            &tight,
            "zia_list_users",
            json!({"page": next["page"], "page_size": next["page_size"]}),
        )
        .await
        .unwrap()
        .structured
        .unwrap();
    assert_eq!(
        id_of(&rest["items"][0]),
        id_of(&all[shown as usize]),
        "{next}"
    );
}

async fn query_and_csv(h: &Harness) {
    let names = h
        .call(
            "zia_list_users",
            json!({"page_size": 5, "query": "[].name"}),
        )
        .await;
    let names = names["items"].as_array().unwrap();
    assert_eq!(names.len(), 5);
    assert!(names.iter().all(Value::is_string), "{names:?}");
    let refused = h
        .fails("zia_list_users", json!({"query": "[?name =="}))
        .await;
    assert!(
        refused.contains("`query`") && refused.contains("JMESPath"),
        "{refused}"
    );
    let id = h.first_id("zpa_list_application_segments", json!({})).await;
    let one = h
        .call(
            "zpa_get_application_segment",
            json!({"segment_id": id, "query": "{name: name}"}),
        )
        .await;
    assert_eq!(one.as_object().unwrap().len(), 1, "{one}");
    let out = h
        .run("zia_list_users", json!({"page_size": 3, "format": "csv"}))
        .await
        .unwrap();
    let csv = text(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].split(',').any(|c| c == "id"), "{csv}");
    assert_eq!(lines.len(), 5, "header, 3 rows, trailer: {csv}");
    assert!(lines[4].starts_with("# 3 items"), "{csv}");
    let refused = h.fails("zia_list_users", json!({"format": "xml"})).await;
    assert!(refused.contains("`format`"), "{refused}");
}

async fn aliases(h: &Harness) {
    for alias in zscaler_catalogue::ALIASES {
        let list = resolve_alias(alias.legacy, None).unwrap();
        assert_eq!(list, alias.list);
        if let Some((get, id)) = alias.get {
            let args = json!({ id: "1" });
            assert_eq!(resolve_alias(alias.legacy, args.as_object()), Some(get));
        }
    }
    assert_eq!(resolve_alias("zia_list_users", None), None);
    let legacy = resolve_alias("get_zia_users", None).unwrap();
    assert!(!h.items(legacy, json!({})).await.is_empty());
}

async fn writes(h: &Harness) {
    // Read-only engine: the call is refused whatever the arguments, naming the tool.
    let read_only = Engine::default();
    let err = h
        .run_with(&read_only, "zia_create_rule_label", json!({"name": "x"}))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ToolError::WriteDisabled {
                tool: "zia_create_rule_label",
                ..
            }
        ),
        "{err}"
    );

    let label = h
        .call(
            "zia_create_rule_label",
            json!({"name": "engine-test", "description": "before"}),
        )
        .await;
    let id = id_of(&label);

    // Elicitation: the user sees the record's name and the field-level diff.
    h.asked.lock().unwrap().clear();
    h.call(
        "zia_update_rule_label",
        json!({"label_id": id, "description": "after"}),
    )
    .await;
    let asked = h.asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(
        asked[0].contains("\"engine-test\"") && asked[0].contains("\"before\" → \"after\""),
        "{asked:?}"
    );
    let got = h.call("zia_get_rule_label", json!({"label_id": id})).await;
    assert_eq!(got["description"], "after");
    assert_eq!(
        got["name"], "engine-test",
        "untouched fields survive the update"
    );

    // The user declines: nothing is deleted.
    h.agrees.store(false, Ordering::SeqCst);
    let declined = h
        .call("zia_delete_rule_label", json!({"label_id": id}))
        .await;
    h.agrees.store(true, Ordering::SeqCst);
    assert_eq!(declined["performed"], false, "{declined}");
    h.call("zia_get_rule_label", json!({"label_id": id})).await;

    // A client without elicitation gets a token bound to the call; it works once.
    h.elicits.store(false, Ordering::SeqCst);
    let asked = h
        .call("zia_delete_rule_label", json!({"label_id": id}))
        .await;
    assert_eq!(asked["confirmation_required"], true, "{asked}");
    assert!(
        asked["summary"].as_str().unwrap().contains("engine-test"),
        "{asked}"
    );
    let token = asked["confirmation_token"].as_str().unwrap().to_owned();
    // The token is for that label: offered for another one, it is refused (with a fresh one).
    let second = h
        .call("zia_create_rule_label", json!({"name": "engine-test-2"}))
        .await;
    let second = id_of(&second);
    let other = h
        .call(
            "zia_delete_rule_label",
            json!({"label_id": second, "confirmation_token": token}),
        )
        .await;
    assert!(
        other["rejected"].as_str().unwrap().contains("another call"),
        "{other}"
    );
    assert_ne!(other["confirmation_token"], json!(token));
    h.call("zia_get_rule_label", json!({"label_id": second}))
        .await;
    let done = h
        .call(
            "zia_delete_rule_label",
            json!({"label_id": id, "confirmation_token": token}),
        )
        .await;
    assert_ne!(done["confirmation_required"], true, "{done}");
    // Gone now: a second delete says so instead of asking about a record that is not there.
    let again = h
        .fails(
            "zia_delete_rule_label",
            json!({"label_id": id, "confirmation_token": token}),
        )
        .await;
    assert!(again.contains("404"), "{again}");
    h.elicits.store(true, Ordering::SeqCst);
    h.fails("zia_get_rule_label", json!({"label_id": id})).await;
    h.call("zia_delete_rule_label", json!({"label_id": second}))
        .await;
    h.fails("zia_get_rule_label", json!({"label_id": second}))
        .await;
}
