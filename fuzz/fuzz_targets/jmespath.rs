//! Fuzz target: the caller's JMESPath `query` on a read's result, with everything around it in
//! `zscaler_catalogue::output`: sanitizing, the response budget's cut on a record boundary,
//! the continuation it offers, JSON or CSV text and the untrusted-content banner.
//!
//! Input: one byte of settings, the expression up to the first line feed, then the document
//! (JSON; when it is not JSON, a small tenant-like list is queried instead).
//! Invariants: a query ends with a result or an invalid-argument error naming `query`; a list
//! result counts its items, stays within the budget unless it shows a single record, pages on
//! from the cut without skipping or repeating an item, and its CSV has one row per item with
//! one cell per column; a record's result stays within the budget.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use zscaler_catalogue::output::{Format, Listed, Shaping, list_output, object_output};
use zscaler_catalogue::{Content, ToolError, ToolOutput};

/// `output`'s room kept for the envelope around the items.
const ENVELOPE_BYTES: usize = 1024;

static SAMPLE: LazyLock<Value> = LazyLock::new(|| {
    json!([
        {"id": 72057594037930000_u64, "name": "Finance <b>apps</b>", "enabled": true,
         "domainNames": ["fin.example.com", "*.fin.example.com"], "tcpPortRanges": ["443", "443"],
         "segmentGroupName": "Finance", "description": "see [wiki](https://wiki.example)"},
        {"id": 72057594037930001_u64, "name": "HR\u{200B}", "enabled": false,
         "domainNames": [], "tcpPortRanges": ["80", "80", "8080", "8090"],
         "segmentGroupName": null, "config": {"nested": {"deep": [1, 2.5, "x"]}}},
        {"id": 3, "name": "R&D, west", "enabled": true, "rank": 7, "tags": ["a", "b"]}
    ])
});

fuzz_target!(|data: &[u8]| {
    let Some((&settings, rest)) = data.split_first() else {
        return;
    };
    let (query, document) = match rest.iter().position(|&b| b == b'\n') {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let Ok(query) = std::str::from_utf8(query) else {
        return;
    };
    let document = serde_json::from_slice::<Value>(document).unwrap_or_else(|_| SAMPLE.clone());
    let budget = [200_000, 4096, 1500, 300][usize::from(settings >> 3 & 3)];
    let shaping = Shaping {
        sanitize: settings & 1 != 0,
        budget,
        query: Some(query),
        format: if settings & 2 != 0 {
            Format::Csv
        } else {
            Format::Json
        },
        untrusted: (settings & 0x80 != 0).then_some("Fuzzed."),
    };
    if settings & 4 != 0 {
        record(document, shaping);
    } else {
        list(document, shaping, settings >> 5 & 3);
    }
});

/// The outcome must be a result or a refusal of the query.
fn refused(outcome: &Result<ToolOutput, ToolError>) -> bool {
    match outcome {
        Ok(_) => false,
        Err(ToolError::InvalidArgument { field, reason }) => {
            assert_eq!(field, "query", "{reason}");
            assert!(!reason.trim().is_empty());
            true
        }
        Err(other) => panic!("a query failed with {other:?}"),
    }
}

fn text_of(output: &ToolOutput, untrusted: bool) -> &str {
    let [Content::Text(text)] = &output.content[..] else {
        panic!("not one text block: {:?}", output.content);
    };
    if untrusted {
        let (banner, rest) = text.split_once('\n').expect("a banner line");
        assert!(banner.starts_with("[UNTRUSTED CONTENT]"), "{banner}");
        rest
    } else {
        text
    }
}

fn record(document: Value, shaping: Shaping<'_>) {
    let outcome = object_output(document, shaping);
    if refused(&outcome) {
        return;
    }
    let output = outcome.unwrap();
    let structured = output.structured.as_ref().expect("structured content");
    assert!(structured.is_object());
    let text = text_of(&output, shaping.untrusted.is_some());
    assert!(text.len() <= shaping.budget, "{} bytes", text.len());
    assert_eq!(text, serde_json::to_string(structured).unwrap());
}

fn list(document: Value, shaping: Shaping<'_>, mode: u8) {
    let items = match document {
        Value::Array(items) => items,
        other => vec![other],
    };
    let size = u32::try_from(items.len().max(1)).unwrap_or(u32::MAX);
    let listed = match mode {
        // One page of an API-paged list (page 2 of `size`).
        0 => Listed {
            items,
            page: Some(2),
            page_size: size,
            next_page: Some(3),
            total: Some(u64::from(size) * 3),
            ..Listed::default()
        },
        // Every page walked (`all`).
        1 => Listed {
            items,
            page_size: size,
            ..Listed::default()
        },
        // A list the API returns whole, held here.
        2 => Listed {
            items,
            page_size: size,
            local: true,
            ..Listed::default()
        },
        // A page of a cursor-paged list (ZDX).
        _ => Listed {
            items,
            page: Some(1),
            page_size: size,
            next_cursor: Some("aWR4OjEwMA".into()),
            by_cursor: true,
            ..Listed::default()
        },
    };
    let (page, page_size) = (listed.page, listed.page_size);
    let outcome = list_output(listed, shaping);
    if refused(&outcome) {
        return;
    }
    let output = outcome.unwrap();
    let s = output.structured.as_ref().expect("structured content");
    let shown = s["items"].as_array().expect("items");
    assert_eq!(s["count"].as_u64(), Some(shown.len() as u64));
    assert_eq!(s.get("truncated").is_some(), s.get("note").is_some());
    let used: usize = shown
        .iter()
        .map(|item| serde_json::to_string(item).unwrap().len() + 1)
        .sum();
    assert!(
        shown.len() <= 1 || used <= shaping.budget.saturating_sub(ENVELOPE_BYTES),
        "{} items of {used} bytes shown within a {}-byte budget",
        shown.len(),
        shaping.budget
    );
    if let Some(next) = s.get("continue_with") {
        let (next_page, next_size) = (
            next["page"].as_u64().unwrap(),
            next["page_size"].as_u64().unwrap(),
        );
        assert!(next_page >= 2 && next_size >= 1, "{next}");
        let start = page.map_or(0, |p| u64::from(p - 1) * u64::from(page_size));
        assert_eq!(
            (next_page - 1) * next_size,
            start + shown.len() as u64,
            "paging on from the cut skips or repeats items: {s}"
        );
    }
    let text = text_of(&output, shaping.untrusted.is_some());
    match shaping.format {
        Format::Json => assert_eq!(text, serde_json::to_string(s).unwrap()),
        Format::Csv => csv_rows(text, shown),
    }
}

/// CSV text: a header, one row per item with one cell per column, then the `# ...` trailer.
fn csv_rows(text: &str, items: &[Value]) {
    let body = text
        .strip_suffix('\n')
        .and_then(|t| t.rsplit_once('\n').map(|(body, _)| body).or(Some("")))
        .expect("a trailer line");
    let trailer = &text[body.len()..];
    assert!(trailer.trim_start().starts_with("# "), "{trailer:?}");
    // No column at all (no items, or only empty records): nothing to read back.
    if items
        .iter()
        .all(|i| i.as_object().is_some_and(|m| m.is_empty()))
    {
        return;
    }
    let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .expect("CSV that reads back");
    assert_eq!(rows.len(), items.len() + 1, "{text:?}");
    let columns = rows[0].len();
    for row in &rows {
        assert_eq!(row.len(), columns, "a ragged row in {text:?}");
    }
}
