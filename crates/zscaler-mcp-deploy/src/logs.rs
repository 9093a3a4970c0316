//! `logs`: recent events from the harness runtime's log group and the MCP container's.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::aws::{Aws, failed, is_not_found};
use crate::cli::{LogSource, LogsArgs};
use crate::error::{DeployError, Result};
use crate::state::State;

const RUNTIME_LOGS: &str = "/aws/bedrock-agentcore/runtimes/";

/// `30m`, `2h`, `1d`, `45s`.
pub fn parse_since(text: &str) -> Result<Duration> {
    let text = text.trim();
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: u64 = number.parse().map_err(|_| {
        DeployError::settings(format!("--since {text}: expected e.g. 30m, 2h or 1d"))
    })?;
    let seconds = match unit {
        "s" => n,
        "m" | "" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => {
            return Err(DeployError::settings(format!(
                "--since {text}: the unit is s, m, h or d"
            )));
        }
    };
    Ok(Duration::from_secs(seconds))
}

/// The log groups to read: the harness's runtime groups (they appear on the first invocation)
/// and the container's.
pub async fn groups(aws: &Aws, state: &State, source: LogSource) -> Result<Vec<String>> {
    let mut groups = Vec::new();
    if matches!(source, LogSource::Harness | LogSource::All) {
        let markers: Vec<String> = state
            .harness
            .iter()
            .flat_map(|h| [h.id.clone(), h.name.clone()])
            .collect();
        if !markers.is_empty() {
            let mut next = None;
            loop {
                let out = aws
                    .logs
                    .describe_log_groups()
                    .log_group_name_prefix(RUNTIME_LOGS)
                    .set_next_token(next)
                    .send()
                    .await
                    .map_err(|e| failed("logs:DescribeLogGroups", e))?;
                for group in out.log_groups() {
                    if let Some(name) = group.log_group_name()
                        && markers.iter().any(|m| name.contains(m.as_str()))
                    {
                        groups.push(name.to_owned());
                    }
                }
                match out.next_token() {
                    Some(t) => next = Some(t.to_owned()),
                    None => break,
                }
            }
        }
    }
    if matches!(source, LogSource::Container | LogSource::All) {
        if let Some(e) = &state.ecs {
            groups.push(e.log_group.clone());
        }
        if let Some(r) = &state.runtime {
            groups.push(format!("{RUNTIME_LOGS}{}-DEFAULT", r.id));
        }
    }
    Ok(groups)
}

pub struct Event {
    pub timestamp: i64,
    pub group: String,
    pub stream: String,
    pub message: String,
}

/// Events since `start_ms` from each group (an absent group is skipped: the harness's appears
/// only after its first invocation).
pub async fn fetch(aws: &Aws, groups: &[String], start_ms: i64, limit: i32) -> Result<Vec<Event>> {
    let mut events = Vec::new();
    for group in groups {
        match aws
            .logs
            .filter_log_events()
            .log_group_name(group)
            .start_time(start_ms)
            .limit(limit)
            .send()
            .await
        {
            Ok(out) => events.extend(out.events().iter().map(|e| Event {
                timestamp: e.timestamp().unwrap_or_default(),
                group: group.clone(),
                stream: e.log_stream_name().unwrap_or_default().to_owned(),
                message: e.message().unwrap_or_default().trim_end().to_owned(),
            })),
            Err(e) if is_not_found(&e) => {}
            Err(e) => return Err(failed("logs:FilterLogEvents", e)),
        }
    }
    events.sort_by_key(|e| e.timestamp);
    Ok(events)
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

pub fn start_ms(args: &LogsArgs) -> Result<i64> {
    let since = parse_since(&args.since)?;
    Ok(now_ms() - i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_have_units_and_bad_ones_are_named() {
        assert_eq!(parse_since("30m").unwrap(), Duration::from_secs(1800));
        assert_eq!(parse_since("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(parse_since("1d").unwrap(), Duration::from_secs(86_400));
        assert_eq!(parse_since("15").unwrap(), Duration::from_secs(900));
        assert!(
            parse_since("2w")
                .unwrap_err()
                .to_string()
                .contains("--since 2w")
        );
        assert!(parse_since("h").is_err());
    }
}
