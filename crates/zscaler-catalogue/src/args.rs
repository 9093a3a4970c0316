//! Arguments checked against a tool's parameters before anything is sent.

use serde_json::{Map, Value};

use crate::error::ToolError;
use crate::model::{Param, ParamType, ToolDef};
use crate::schema;

/// A tool's arguments after validation: every key is a declared parameter of the right type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args(Map<String, Value>);

impl Args {
    /// Checks `raw` (the `arguments` of a `tools/call`) against `def`. `None` means `{}`.
    pub fn validate(def: &ToolDef, raw: Option<Map<String, Value>>) -> Result<Args, ToolError> {
        let raw = raw.unwrap_or_default();
        let params: Vec<&Param> = schema::all_params(def).collect();
        for key in raw.keys() {
            if !params.iter().any(|p| p.name == key) {
                let known: Vec<&str> = params.iter().map(|p| p.name).collect();
                let reason = if known.is_empty() {
                    "this tool takes no arguments".to_owned()
                } else {
                    format!(
                        "not a parameter of {}; it takes: {}",
                        def.name,
                        known.join(", ")
                    )
                };
                return Err(ToolError::invalid(key, reason));
            }
        }
        let mut out = Map::new();
        for param in params {
            match raw.get(param.name) {
                None | Some(Value::Null) if param.required => {
                    return Err(ToolError::invalid(param.name, "is required"));
                }
                None | Some(Value::Null) => {}
                Some(value) => {
                    let value = check(param, value)?;
                    out.insert(param.name.to_owned(), value);
                }
            }
        }
        Ok(Args(out))
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    pub fn str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    pub fn u64(&self, name: &str) -> Option<u64> {
        self.0.get(name).and_then(Value::as_u64)
    }

    pub fn bool(&self, name: &str) -> Option<bool> {
        self.0.get(name).and_then(Value::as_bool)
    }

    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }

    /// Sets a derived argument (for [`crate::model::Prepare`] hooks).
    pub fn set(&mut self, name: &str, value: Value) {
        self.0.insert(name.to_owned(), value);
    }

    /// Drops an argument once a hook has turned it into others.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.0.remove(name)
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Checks one value; numbers and booleans sent as strings (some clients do) are converted.
fn check(param: &Param, value: &Value) -> Result<Value, ToolError> {
    let wrong = |want: &str| {
        ToolError::invalid(
            param.name,
            format!("expected {want}, got {}", type_name(value)),
        )
    };
    match param.ty {
        ParamType::String => match value {
            Value::String(s) if param.required && s.trim().is_empty() => {
                Err(ToolError::invalid(param.name, "must not be empty"))
            }
            Value::String(_) => Ok(value.clone()),
            // Ids are strings on the wire, but agents often send them as numbers.
            Value::Number(n) => Ok(Value::String(n.to_string())),
            _ => Err(wrong("a string")),
        },
        ParamType::Integer => {
            let n = match value {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            };
            n.map(Value::from).ok_or_else(|| wrong("an integer"))
        }
        ParamType::Number => {
            let n = match value {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            };
            match n {
                Some(n) if n.is_finite() => Ok(Value::from(n)),
                // "NaN", "inf", "1e999": JSON has no such number (it would be sent as null).
                Some(_) => Err(ToolError::invalid(
                    param.name,
                    format!("must be a finite number, got {value}"),
                )),
                None => Err(wrong("a number")),
            }
        }
        ParamType::Boolean => match value {
            Value::Bool(_) => Ok(value.clone()),
            Value::String(s) if s == "true" || s == "false" => Ok(Value::Bool(s == "true")),
            _ => Err(wrong("a boolean")),
        },
        ParamType::StringList => match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if !item.is_string() {
                        return Err(ToolError::invalid(
                            format!("{}[{i}]", param.name),
                            format!("expected a string, got {}", type_name(item)),
                        ));
                    }
                }
                Ok(value.clone())
            }
            // One value where a list was expected is a list of one.
            Value::String(_) => Ok(Value::Array(vec![value.clone()])),
            _ => Err(wrong("an array of strings")),
        },
        ParamType::Object => match value {
            Value::Object(_) => Ok(value.clone()),
            _ => Err(wrong("an object")),
        },
        ParamType::Enum(allowed) => match value {
            Value::String(s) if allowed.contains(&s.as_str()) => Ok(value.clone()),
            Value::String(s) => Err(ToolError::invalid(
                param.name,
                format!("`{s}` is not one of: {}", allowed.join(", ")),
            )),
            _ => Err(wrong("a string")),
        },
        // The fragment is the client's contract; the engine passes the value through.
        ParamType::Schema(_) => Ok(value.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Location, Method, Op, Output, Service};
    use serde_json::json;

    static PARAMS: [Param; 4] = [
        Param::path("segment_id", "The segment id."),
        Param::new("enabled", ParamType::Boolean, "Only enabled ones.").at(Location::Query),
        Param::new("kind", ParamType::Enum(&["a", "b"]), "Kind."),
        Param::new("latitude", ParamType::Number, "Latitude."),
    ];
    static DEF: ToolDef = ToolDef {
        name: "zpa_get_thing",
        title: "Get thing",
        service: Service::Zpa,
        toolset: "zpa_things",
        action: Action::Read,
        description: "Gets a thing.",
        params: &PARAMS,
        op: Op::Http {
            method: Method::Get,
            path: "/zpa/things/{segment_id}",
            paging: None,
        },
        output: Output::Object,
        idempotent: true,
        schema_extra: None,
        untrusted: None,
        current: crate::model::Current::None,
        immutable: &[],
        prepare: None,
        window: None,
    };

    fn validate(v: Value) -> Result<Args, ToolError> {
        Args::validate(&DEF, v.as_object().cloned())
    }

    #[test]
    fn names_the_missing_field() {
        let err = validate(json!({})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument `segment_id`: is required"
        );
    }

    #[test]
    fn names_an_unknown_field_and_lists_the_known_ones() {
        let err = validate(json!({"segment_id": "1", "segmnt": 2})).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`segmnt`"), "{text}");
        assert!(text.contains("segment_id, enabled, kind"), "{text}");
    }

    #[test]
    fn coerces_what_agents_commonly_send() {
        let args = validate(json!({"segment_id": 72, "enabled": "true"})).unwrap();
        assert_eq!(args.str("segment_id"), Some("72"));
        assert_eq!(args.bool("enabled"), Some(true));
    }

    #[test]
    fn rejects_wrong_types_and_values() {
        let err = validate(json!({"segment_id": "1", "enabled": 3})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument `enabled`: expected a boolean, got a number"
        );
        let err = validate(json!({"segment_id": "1", "kind": "c"})).unwrap_err();
        assert!(err.to_string().contains("`c` is not one of: a, b"));
        let err = validate(json!({"segment_id": " "})).unwrap_err();
        assert!(err.to_string().contains("must not be empty"));
    }

    #[test]
    fn numbers_are_finite() {
        // Found by fuzz/fuzz_targets/arguments.rs: "NaN" and "1e999" parsed as floats JSON
        // cannot hold, and the argument went on as null.
        for bad in [
            json!("NaN"),
            json!("inf"),
            json!("-Infinity"),
            json!("1e999"),
        ] {
            let err = validate(json!({"segment_id": "1", "latitude": bad})).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("invalid argument `latitude`: must be a finite number, got {bad}")
            );
        }
        let args = validate(json!({"segment_id": "1", "latitude": " 37.5 "})).unwrap();
        assert_eq!(args.get("latitude"), Some(&json!(37.5)));
        let args = validate(json!({"segment_id": "1", "latitude": -122})).unwrap();
        assert_eq!(args.get("latitude"), Some(&json!(-122.0)));
    }
}
