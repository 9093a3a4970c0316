//! What the MCP server counts for Prometheus (recorded only when the binary installs a
//! recorder): tool calls by tool and outcome, and their duration.

use std::time::Duration;

use crate::audit::Outcome;

pub const TOOL_CALLS: &str = "zscaler_mcp_tool_calls_total";
pub const TOOL_CALL_SECONDS: &str = "zscaler_mcp_tool_call_duration_seconds";

/// The tool label of a call naming no tool we have: a client's made-up names must not grow
/// the number of series.
const UNKNOWN_TOOL: &str = "(unknown)";

/// Describes this crate's metrics to the installed recorder.
pub fn describe() {
    metrics::describe_counter!(
        TOOL_CALLS,
        "tools/call requests by tool and outcome (ok, tool_error, error, cancelled, input_required)"
    );
    metrics::describe_histogram!(
        TOOL_CALL_SECONDS,
        metrics::Unit::Seconds,
        "Time to answer a tools/call, OneAPI requests and confirmations included"
    );
}

/// One answered `tools/call`; `tool` is `None` when the name matched no tool.
pub(crate) fn tool_call(tool: Option<&'static str>, outcome: Outcome, took: Duration) {
    let tool = tool.unwrap_or(UNKNOWN_TOOL);
    metrics::counter!(TOOL_CALLS, "tool" => tool, "outcome" => outcome.label()).increment(1);
    metrics::histogram!(TOOL_CALL_SECONDS, "tool" => tool).record(took.as_secs_f64());
}
