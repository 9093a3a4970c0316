//! Fuzz target: the sanitizer (`zscaler_catalogue::sanitize`) on any text and any JSON a tenant
//! could return.
//!
//! Invariants: no panic on any UTF-8 (char boundaries); what comes out is clean, i.e. the
//! sanitizer finds nothing left to change in it (no hidden character, no HTML tag, comment,
//! script or style, no Markdown link or image, no role-named fence); `None` means "unchanged";
//! nothing is escaped (no `&` appears that was not there); `sanitize_value` keeps the shape of
//! the JSON (keys, numbers, array lengths) and cleans every string as `sanitize_text` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use zscaler_catalogue::sanitize::{sanitize_text, sanitize_value};

/// `sanitize`'s depth limit: deeper strings are left as they are.
const MAX_DEPTH: usize = 64;

fuzz_target!(|data: &[u8]| {
    text(&String::from_utf8_lossy(data));
    if let Ok(mut value) = serde_json::from_slice::<Value>(data) {
        let original = value.clone();
        sanitize_value(&mut value);
        same_shape(&original, &value, 0);
    }
});

/// The cleaned form of `input`, checked.
fn text(input: &str) -> String {
    let Some(clean) = sanitize_text(input) else {
        return input.to_owned();
    };
    assert_ne!(clean, input, "`Some` returned for text that did not change");
    if let Some(again) = sanitize_text(&clean) {
        panic!(
            "sanitized text still needs cleaning:\n  input {input:?}\n  once  {clean:?}\n  twice {again:?}"
        );
    }
    if !input.contains('&') {
        assert!(!clean.contains('&'), "an `&` appeared: {clean:?}");
    }
    clean
}

fn same_shape(before: &Value, after: &Value, depth: usize) {
    match (before, after) {
        (Value::String(b), Value::String(a)) => {
            let want = if depth > MAX_DEPTH {
                b.clone()
            } else {
                text(b)
            };
            assert_eq!(a, &want, "a string cleaned differently inside JSON");
        }
        (Value::Array(b), Value::Array(a)) => {
            assert_eq!(b.len(), a.len());
            b.iter()
                .zip(a)
                .for_each(|(b, a)| same_shape(b, a, depth + 1));
        }
        (Value::Object(b), Value::Object(a)) => {
            assert!(b.keys().eq(a.keys()), "keys changed");
            b.values()
                .zip(a.values())
                .for_each(|(b, a)| same_shape(b, a, depth + 1));
        }
        (b, a) => assert_eq!(b, a, "a non-string value changed"),
    }
}
