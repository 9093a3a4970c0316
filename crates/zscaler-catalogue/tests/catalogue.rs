//! Rules every row of the catalogue obeys, checked over the whole table.

use serde_json::Value;
use zscaler_catalogue::{
    ALIASES, Action, Current, Location, Method, Op, Output, Registry, Service, builtin_tools,
    schema,
};

#[test]
fn names_are_unique_well_formed_and_titled() {
    let tools = builtin_tools();
    let registry = Registry::new(tools.clone()).expect("names unique and well formed");
    assert_eq!(registry.len(), tools.len());
    for def in &tools {
        assert!(!def.title.is_empty(), "{} has no title", def.name);
        assert!(
            def.description.ends_with('.'),
            "{}: description must end with a period",
            def.name
        );
        let verb = def.name.split('_').nth(1).unwrap_or_default();
        match def.action {
            Action::Read => assert!(
                ["list", "get", "url", "geo", "search"].contains(&verb),
                "{}: a read tool's verb should be list/get, not `{verb}`",
                def.name
            ),
            _ => assert!(
                !["list", "get"].contains(&verb),
                "{}: a write tool named like a read",
                def.name
            ),
        }
    }
}

#[test]
fn annotations_follow_the_action() {
    for def in builtin_tools() {
        let a = schema::annotations(def);
        assert_eq!(a.read_only, def.action == Action::Read, "{}", def.name);
        assert_eq!(
            a.destructive,
            matches!(def.action, Action::Update | Action::Delete),
            "{}",
            def.name
        );
        if matches!(def.action, Action::Read | Action::Delete) {
            assert!(
                a.idempotent,
                "{}: reads and deletes are idempotent",
                def.name
            );
        }
        if def.action == Action::Create {
            assert!(!a.idempotent, "{}: a create is not idempotent", def.name);
        }
        assert!(
            a.open_world,
            "{}: every Zscaler tool reaches the tenant",
            def.name
        );
    }
}

fn check_property(tool: &str, name: &str, schema: &Value) {
    let obj = schema
        .as_object()
        .unwrap_or_else(|| panic!("{tool}.{name}: not an object"));
    assert!(
        obj.contains_key("type") || obj.contains_key("$ref") || obj.contains_key("enum"),
        "{tool}.{name}: no type"
    );
    assert!(!obj.contains_key("anyOf"), "{tool}.{name}: no anyOf noise");
    if let Some(t) = obj.get("type").and_then(Value::as_str) {
        assert!(
            ["string", "integer", "number", "boolean", "array", "object"].contains(&t),
            "{tool}.{name}: type {t}"
        );
        if t == "array" {
            assert!(
                obj.contains_key("items"),
                "{tool}.{name}: array without items"
            );
        }
    }
    if let Some(d) = obj.get("description").and_then(Value::as_str) {
        assert!(
            d.len() <= 120,
            "{tool}.{name}: parameter description over 120 chars"
        );
    }
}

#[test]
fn every_input_schema_is_a_closed_object_of_typed_properties() {
    for def in builtin_tools() {
        let schema = Value::Object(schema::input_schema(def));
        assert_eq!(schema["type"], "object", "{}", def.name);
        assert_eq!(schema["additionalProperties"], false, "{}", def.name);
        let props = schema["properties"].as_object().expect("properties");
        for (name, prop) in props {
            check_property(def.name, name, prop);
        }
        for required in schema["required"].as_array().into_iter().flatten() {
            let required = required.as_str().unwrap();
            assert!(
                props.contains_key(required),
                "{}: required `{required}` undeclared",
                def.name
            );
        }
        if let Op::Http { path, .. } = def.op {
            for param in def.params.iter().filter(|p| p.location == Location::Path) {
                assert!(
                    path.contains(&format!("{{{}}}", param.name)),
                    "{}: path parameter `{}` not in {path}",
                    def.name,
                    param.name
                );
                assert!(
                    param.required,
                    "{}: path parameter `{}` optional",
                    def.name, param.name
                );
            }
        }
        if let Some(output) = schema::output_schema(def) {
            assert_eq!(output["type"], "object", "{}", def.name);
        }
    }
}

#[test]
fn descriptions_are_short() {
    let tools = builtin_tools();
    let total: usize = tools.iter().map(|d| d.description.len()).sum();
    let average = total / tools.len();
    assert!(
        average <= 200,
        "average description is {average} characters (limit 200)"
    );
    for def in &tools {
        assert!(
            def.description.len() <= 400,
            "{}: description over 400 characters",
            def.name
        );
    }
}

#[test]
fn writes_say_what_they_change_and_zia_writes_say_they_are_staged() {
    for def in builtin_tools().into_iter().filter(|d| d.action.is_write()) {
        if def.service == Service::Zia && def.name != "zia_activate_configuration" {
            assert!(
                def.description.contains("zia_activate_configuration"),
                "{}: say the change is staged until zia_activate_configuration",
                def.name
            );
        }
        if let Op::Http { method, .. } = def.op {
            let expected = match def.action {
                Action::Create => [Method::Post, Method::Put],
                Action::Update => [Method::Put, Method::Post],
                Action::Delete => [Method::Delete, Method::Post],
                Action::Read => unreachable!(),
            };
            assert!(
                expected.contains(&method),
                "{}: {method:?} for {:?}",
                def.name,
                def.action
            );
            if def.action == Action::Update && def.current == Current::SamePath {
                assert_eq!(
                    method,
                    Method::Put,
                    "{}: read-modify-write sends a PUT",
                    def.name
                );
            }
        }
        assert!(
            def.output != Output::List,
            "{}: a write returns a record",
            def.name
        );
    }
}

#[test]
fn composites_are_rare_and_aliases_resolve() {
    let tools = builtin_tools();
    let composites = tools
        .iter()
        .filter(|d| matches!(d.op, Op::Composite(_)))
        .count();
    assert!(
        composites * 10 < tools.len().max(10),
        "{composites} composites of {}",
        tools.len()
    );
    let registry = Registry::new(tools).unwrap();
    for alias in ALIASES {
        assert!(
            registry.get(alias.legacy).is_none(),
            "{} is listed",
            alias.legacy
        );
        let list = registry
            .get(alias.list)
            .unwrap_or_else(|| panic!("{} maps to missing {}", alias.legacy, alias.list));
        assert_eq!(list.output, Output::List, "{}", alias.list);
        if let Some((get, id)) = alias.get {
            let def = registry
                .get(get)
                .unwrap_or_else(|| panic!("{} maps to missing {get}", alias.legacy));
            assert!(
                def.param(id).is_some_and(|p| p.required),
                "{get} lacks `{id}`"
            );
        }
    }
}
