//! Zscaler Digital Experience tools (`/zdx/v1/...`): snake_case records, integer ids, time
//! windows in epoch seconds, lists paged with an opaque `next_offset` cursor.
//!
//! Every windowed read takes `since` (hours back from now) or `from`/`to` (epoch seconds),
//! never both; [`window`] checks them and turns `since` into the `from`/`to` ZDX reads.

mod alerts;
mod inventory;
mod reports;
mod troubleshooting;

use serde_json::Value;

use crate::args::Args;
use crate::error::ToolError;
use crate::model::{Location, Param, ParamType, ToolDef};

/// The tables of this service, in listing order.
pub(crate) static TABLES: &[&[ToolDef]] = &[
    reports::TOOLS,
    alerts::TOOLS,
    inventory::TOOLS,
    troubleshooting::TOOLS,
];

macro_rules! zdx {
    ($path:literal) => {
        concat!("/zdx/v1/", $path)
    };
}
pub(crate) use zdx;

/// ZDX keeps 14 days of data: the longest window, in hours.
pub(crate) const MAX_HOURS: i64 = 14 * 24;
/// The window ZDX uses when a call names none.
const DEFAULT_SECONDS: i64 = 2 * 3600;

pub(crate) const SINCE: Param = Param::new("since", ParamType::Integer, "Hours back (1-336).");
pub(crate) const FROM: Param = Param::new("from", ParamType::Integer, "").at(Location::Query);
pub(crate) const TO: Param = Param::new("to", ParamType::Integer, "").at(Location::Query);

/// The cursor of a ZDX list: the `next_cursor` the previous page returned.
pub(crate) const CURSOR: Param = Param::query("cursor", "").wire("offset");

/// Scope filters most ZDX lists take: ids from zdx_list_locations, zdx_list_departments and
/// zdx_list_geolocations (the names say it; `tools/list` stays small).
pub(crate) const LOCATIONS: Param = Param::new("location_ids", ParamType::StringList, "")
    .at(Location::Query)
    .wire("loc");
pub(crate) const DEPARTMENTS: Param = Param::new("department_ids", ParamType::StringList, "")
    .at(Location::Query)
    .wire("dept");
pub(crate) const GEOS: Param = Param::new("geo_ids", ParamType::StringList, "")
    .at(Location::Query)
    .wire("geo");

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn integer(args: &Args, name: &str) -> Option<i64> {
    args.get(name).and_then(Value::as_i64)
}

/// Checks a call's time window and sends it as ZDX reads it (`from`/`to`, epoch seconds).
pub(crate) fn window(args: &mut Args) -> Result<(), ToolError> {
    window_at(args, now())
}

fn window_at(args: &mut Args, now: i64) -> Result<(), ToolError> {
    let since = integer(args, "since");
    let from = integer(args, "from");
    let to = integer(args, "to");
    if since.is_some() && (from.is_some() || to.is_some()) {
        let other = if from.is_some() { "from" } else { "to" };
        return Err(ToolError::invalid(
            "since",
            format!(
                "give either since (hours back from now) or from/to (epoch seconds), not both; `{other}` was given too"
            ),
        ));
    }
    if let Some(hours) = since {
        if !(1..=MAX_HOURS).contains(&hours) {
            return Err(ToolError::invalid(
                "since",
                format!("must be between 1 and {MAX_HOURS} hours (ZDX keeps 14 days), got {hours}"),
            ));
        }
        args.remove("since");
        args.set("from", (now - hours * 3600).into());
        args.set("to", now.into());
        return Ok(());
    }
    for (name, value) in [("from", from), ("to", to)] {
        if let Some(v) = value
            && v < 0
        {
            return Err(ToolError::invalid(
                name,
                format!("must be epoch seconds (0 or more), got {v}"),
            ));
        }
    }
    match (from, to) {
        (None, None) => Ok(()),
        (Some(from), to) => {
            let to = to.unwrap_or(now);
            if from >= to {
                return Err(ToolError::invalid(
                    "from",
                    format!("must be earlier than to ({to}), got {from}; both are epoch seconds"),
                ));
            }
            if to - from > MAX_HOURS * 3600 {
                return Err(ToolError::invalid(
                    "from",
                    format!(
                        "the window from {from} to {to} is {} hours; ZDX answers at most {MAX_HOURS} hours (14 days)",
                        (to - from) / 3600
                    ),
                ));
            }
            args.set("to", to.into());
            Ok(())
        }
        (None, Some(to)) => {
            args.set("from", (to - DEFAULT_SECONDS).max(0).into());
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(args: Value, now: i64) -> Result<Args, ToolError> {
        let def = &reports::TOOLS[0];
        let mut args = Args::validate(def, args.as_object().cloned())?;
        window_at(&mut args, now)?;
        Ok(args)
    }

    #[test]
    fn since_becomes_from_and_to() {
        let args = run(json!({"since": 24}), 1_000_000).unwrap();
        assert_eq!(args.get("since"), None);
        assert_eq!(args.get("from"), Some(&json!(1_000_000 - 24 * 3600)));
        assert_eq!(args.get("to"), Some(&json!(1_000_000)));
    }

    #[test]
    fn a_missing_end_is_filled() {
        let args = run(json!({"from": 500_000}), 1_000_000).unwrap();
        assert_eq!(args.get("to"), Some(&json!(1_000_000)));
        let args = run(json!({"to": 900_000}), 1_000_000).unwrap();
        assert_eq!(args.get("from"), Some(&json!(900_000 - 7200)));
        let args = run(json!({}), 1_000_000).unwrap();
        assert_eq!(args.get("from"), None);
    }

    #[test]
    fn errors_name_the_field_and_the_allowed_range() {
        let err = run(json!({"since": 0}), 1_000_000).unwrap_err().to_string();
        assert!(
            err.contains("`since`") && err.contains("between 1 and 336 hours"),
            "{err}"
        );
        let err = run(json!({"since": 337}), 1_000_000)
            .unwrap_err()
            .to_string();
        assert!(err.contains("got 337"), "{err}");
        let err = run(json!({"since": 2, "to": 5}), 1_000_000)
            .unwrap_err()
            .to_string();
        assert!(err.contains("not both") && err.contains("`to`"), "{err}");
        let err = run(json!({"from": 20, "to": 10}), 1_000_000)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`from`") && err.contains("earlier than to"),
            "{err}"
        );
        let err = run(json!({"from": 0, "to": 15 * 86_400}), 1_000_000)
            .unwrap_err()
            .to_string();
        assert!(err.contains("at most 336 hours"), "{err}");
        let err = run(json!({"to": -3}), 1_000_000).unwrap_err().to_string();
        assert!(
            err.contains("`to`") && err.contains("epoch seconds"),
            "{err}"
        );
    }
}
