//! Fuzz target: a `tools/call`'s arguments checked against the real catalogue, as
//! `Engine::call` does before anything is sent: `Args::validate` against the row (and the
//! parameters its kind implies), the row's `prepare` hook, the `format` check, and the legacy
//! alias resolution. The first two input bytes pick the tool; the rest is the arguments' JSON.
//!
//! Invariants: either the arguments are accepted, every key a parameter of the tool (so one
//! its `inputSchema` lists) holding a value of the parameter's type, every required one
//! present, and validating them again changes nothing; or the error is an invalid argument
//! that names a parameter of the tool, or the unknown key the caller sent.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use zscaler_catalogue::output::Format;
use zscaler_catalogue::schema::{all_params, input_schema};
use zscaler_catalogue::{
    ALIASES, Args, ParamType, ToolDef, ToolError, builtin_tools, discover_tools, resolve_alias,
};

/// Every tool a server can offer, with its `inputSchema`.
static TOOLS: LazyLock<Vec<(&'static ToolDef, Map<String, Value>)>> = LazyLock::new(|| {
    builtin_tools()
        .into_iter()
        .chain(discover_tools())
        .map(|def| (def, input_schema(def)))
        .collect()
});

fuzz_target!(|data: &[u8]| {
    let [hi, lo, rest @ ..] = data else {
        return;
    };
    let (def, schema) = &TOOLS[usize::from(u16::from_be_bytes([*hi, *lo])) % TOOLS.len()];
    // The JSON-RPC checks refuse arguments that are neither an object nor null.
    let raw = match serde_json::from_slice::<Value>(rest) {
        Ok(Value::Object(map)) => Some(map),
        Ok(Value::Null) => None,
        _ => return,
    };
    aliases(raw.as_ref());
    let args = match Args::validate(def, raw.clone()) {
        Ok(args) => args,
        Err(error) => {
            names_a_field(def, raw.as_ref(), &error);
            return;
        }
    };
    accepted(def, schema, &args);
    let again = Args::validate(def, Some(args.as_map().clone()))
        .unwrap_or_else(|e| panic!("{}: accepted arguments refused again: {e}", def.name));
    assert_eq!(again, args, "{}: validation is not idempotent", def.name);
    let mut prepared = args.clone();
    if let Some(prepare) = def.prepare
        && let Err(error) = prepare(&mut prepared)
    {
        names_a_field(def, raw.as_ref(), &error);
        return;
    }
    if let Some(format) = prepared.get("format") {
        let _ = format.as_str().and_then(Format::parse);
    }
});

/// Accepted arguments: declared, typed, complete.
fn accepted(def: &ToolDef, schema: &Map<String, Value>, args: &Args) {
    let properties = schema["properties"].as_object().expect("properties");
    for (key, value) in args.as_map() {
        let param = all_params(def)
            .find(|p| p.name == key)
            .unwrap_or_else(|| panic!("{}: `{key}` accepted but not a parameter", def.name));
        assert!(
            properties.contains_key(key),
            "{}: `{key}` accepted but not in the inputSchema",
            def.name
        );
        let typed = match param.ty {
            ParamType::String => value.is_string(),
            ParamType::Integer => value.is_i64(),
            ParamType::Number => value.as_f64().is_some_and(f64::is_finite),
            ParamType::Boolean => value.is_boolean(),
            ParamType::StringList => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            ParamType::Object => value.is_object(),
            ParamType::Enum(allowed) => value.as_str().is_some_and(|s| allowed.contains(&s)),
            ParamType::Schema(_) => !value.is_null(),
        };
        assert!(
            typed,
            "{}: `{key}` accepted as {value} for a {:?} parameter",
            def.name, param.ty
        );
    }
    for param in all_params(def).filter(|p| p.required) {
        assert!(
            args.get(param.name).is_some(),
            "{}: required `{}` missing from accepted arguments",
            def.name,
            param.name
        );
    }
}

/// A refusal names the field at fault: a parameter of the tool (or an item of one), or the
/// unknown key the caller sent.
fn names_a_field(def: &ToolDef, raw: Option<&Map<String, Value>>, error: &ToolError) {
    let ToolError::InvalidArgument { field, reason } = error else {
        panic!("{}: arguments refused with {error:?}", def.name);
    };
    assert!(!reason.trim().is_empty(), "{}: no reason given", def.name);
    let base = field
        .split_once('[')
        .map_or(field.as_str(), |(name, _)| name);
    let declared = all_params(def).any(|p| p.name == base);
    let sent = raw.is_some_and(|raw| raw.contains_key(field.as_str()));
    assert!(
        declared || sent,
        "{}: the error names `{field}`, neither a parameter nor a key sent ({reason})",
        def.name
    );
}

/// Legacy names resolve to one of the tools that replace them, whatever the arguments.
fn aliases(raw: Option<&Map<String, Value>>) {
    for alias in ALIASES {
        let resolved = resolve_alias(alias.legacy, raw);
        assert!(
            resolved == Some(alias.list) || resolved == alias.get.map(|(get, _)| get),
            "{} resolved to {resolved:?}",
            alias.legacy
        );
    }
}
