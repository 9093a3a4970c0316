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

/// Every tool name the Python server (v0.15.4) has for ZDX, ZCC, ZTW and ZIdentity is a tool
/// here, with the same kind of action.
#[test]
fn upstream_zdx_zcc_ztw_zid_names_resolve() {
    const READS: &[&str] = &[
        "zdx_get_alert",
        "zdx_get_analysis",
        "zdx_get_application",
        "zdx_get_application_metric",
        "zdx_get_application_score_trend",
        "zdx_get_application_user",
        "zdx_get_deeptrace_cloudpath",
        "zdx_get_deeptrace_cloudpath_metrics",
        "zdx_get_deeptrace_events",
        "zdx_get_deeptrace_health_metrics",
        "zdx_get_deeptrace_webprobe_metrics",
        "zdx_get_device",
        "zdx_get_device_deep_trace",
        "zdx_get_software_details",
        "zdx_get_web_probes",
        "zdx_list_alert_affected_devices",
        "zdx_list_alerts",
        "zdx_list_application_users",
        "zdx_list_applications",
        "zdx_list_cloudpath_probes",
        "zdx_list_deeptrace_top_processes",
        "zdx_list_departments",
        "zdx_list_device_deep_traces",
        "zdx_list_devices",
        "zdx_list_historical_alerts",
        "zdx_list_locations",
        "zdx_list_software",
        "zcc_get_device_otp",
        "zcc_list_devices",
        "zcc_list_forwarding_profiles",
        "zcc_list_trusted_networks",
        "ztw_get_discovery_settings",
        "ztw_list_admins",
        "ztw_list_ip_destination_groups",
        "ztw_list_ip_destination_groups_lite",
        "ztw_list_ip_groups",
        "ztw_list_ip_groups_lite",
        "ztw_list_ip_source_groups",
        "ztw_list_ip_source_groups_lite",
        "ztw_list_network_service_groups",
        "ztw_list_network_services",
        "ztw_list_public_account_details",
        "ztw_list_public_cloud_info",
        "ztw_list_roles",
        "zid_get_group",
        "zid_get_group_users",
        "zid_get_group_users_by_name",
        "zid_get_user",
        "zid_get_user_groups",
        "zid_get_user_groups_by_name",
        "zid_list_groups",
        "zid_list_users",
        "zid_search_groups",
        "zid_search_users",
    ];
    const CREATES: &[&str] = &[
        "zdx_start_analysis",
        "zdx_start_deeptrace",
        "ztw_create_ip_destination_group",
        "ztw_create_ip_group",
        "ztw_create_ip_source_group",
    ];
    const DELETES: &[&str] = &[
        "zdx_delete_analysis",
        "zdx_delete_deeptrace",
        "ztw_delete_ip_destination_group",
        "ztw_delete_ip_group",
        "ztw_delete_ip_source_group",
    ];
    assert_eq!((READS.len(), CREATES.len() + DELETES.len()), (54, 10));
    let registry = Registry::new(builtin_tools()).unwrap();
    for (names, action) in [
        (READS, Action::Read),
        (CREATES, Action::Create),
        (DELETES, Action::Delete),
    ] {
        for name in names {
            let def = registry
                .get(name)
                .or_else(|| {
                    zscaler_catalogue::resolve_alias(name, None).and_then(|n| registry.get(n))
                })
                .unwrap_or_else(|| panic!("upstream tool {name} does not resolve"));
            assert_eq!(def.action, action, "{name}");
        }
    }
    // Beyond upstream: every service has more tools than the Python server had.
    for (service, upstream) in [
        (Service::Zdx, 31),
        (Service::Zcc, 4),
        (Service::Ztw, 19),
        (Service::Zid, 10),
    ] {
        let ours = registry
            .tools()
            .iter()
            .filter(|d| d.service == service)
            .count();
        assert!(
            ours > upstream,
            "{service:?}: {ours} tools, upstream had {upstream}"
        );
    }
}

/// All 402 tool names of the Python server resolve: as a tool of the same name, or as an
/// alias of the one-action tool that replaces a multiplexed one.
#[test]
fn every_upstream_tool_name_resolves() {
    let names: Vec<&str> = include_str!("upstream-tools.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(names.len(), 402);
    let registry = Registry::new(builtin_tools()).unwrap();
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| {
            registry.get(name).is_none()
                && zscaler_catalogue::resolve_alias(name, None)
                    .and_then(|n| registry.get(n))
                    .is_none()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "upstream tools that do not resolve: {missing:?}"
    );
    assert!(registry.len() > names.len(), "{} tools", registry.len());
}
