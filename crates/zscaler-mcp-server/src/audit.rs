//! The audit trail (`ZSCALER_MCP_AUDIT_LOG`): one JSON line per tool call, naming who called
//! which tool with what (secrets redacted), how it ended, how long it took, and the OneAPI
//! request ids it caused, so a Zscaler admin can match an agent's action to the tenant's logs.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use parking_lot::Mutex;
use serde_json::{Map, Value, json};
use zscaler_catalogue::sanitize::is_secret_field;

/// Where audit lines go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditSink {
    Stderr,
    Stdout,
    File(PathBuf),
}

impl AuditSink {
    /// `stderr`, `stdout`, or a file path (appended to).
    pub fn parse(value: &str) -> AuditSink {
        match value.trim() {
            "stderr" | "-" => AuditSink::Stderr,
            "stdout" => AuditSink::Stdout,
            path => AuditSink::File(PathBuf::from(path)),
        }
    }
}

enum Writer {
    Stderr,
    Stdout,
    File(File),
}

/// The open audit trail; writes are serialised so lines never interleave.
pub struct AuditLog {
    writer: Mutex<Writer>,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditLog")
    }
}

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The tool ran and answered.
    Ok,
    /// The tool answered with `isError` (bad arguments, a Zscaler error, a refusal).
    ToolError,
    /// A JSON-RPC error (unknown tool, a protocol-level refusal).
    ProtocolError,
    Cancelled,
    /// The tool asked the client a question first (2026-07-28 multi round-trip).
    InputRequired,
}

impl Outcome {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::ToolError => "tool_error",
            Outcome::ProtocolError => "error",
            Outcome::Cancelled => "cancelled",
            Outcome::InputRequired => "input_required",
        }
    }
}

/// One audited call.
pub struct Record<'a> {
    pub caller: &'a str,
    pub tool: &'a str,
    pub arguments: Option<&'a Map<String, Value>>,
    pub outcome: Outcome,
    /// A short reason for an error outcome.
    pub error: Option<&'a str>,
    pub duration: Duration,
    pub request_ids: &'a [String],
}

impl AuditLog {
    /// Opens the sink (a file is created if missing and appended to).
    pub fn open(sink: &AuditSink) -> io::Result<AuditLog> {
        let writer = match sink {
            AuditSink::Stderr => Writer::Stderr,
            AuditSink::Stdout => Writer::Stdout,
            AuditSink::File(path) => {
                Writer::File(OpenOptions::new().create(true).append(true).open(path)?)
            }
        };
        Ok(AuditLog {
            writer: Mutex::new(writer),
        })
    }

    pub fn write(&self, record: &Record<'_>) {
        let mut line = json!({
            "time": humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
            "caller": record.caller,
            "tool": record.tool,
            "arguments": record.arguments.map(|a| redact(&Value::Object(a.clone()))).unwrap_or(json!({})),
            "outcome": record.outcome.label(),
            "duration_ms": record.duration.as_millis() as u64,
            "oneapi_request_ids": record.request_ids,
        });
        if let Some(error) = record.error {
            line["error"] = Value::String(error.chars().take(500).collect());
        }
        let mut text = line.to_string();
        text.push('\n');
        let mut writer = self.writer.lock();
        let result = match &mut *writer {
            Writer::Stderr => io::stderr().lock().write_all(text.as_bytes()),
            Writer::Stdout => io::stdout().lock().write_all(text.as_bytes()),
            Writer::File(file) => file.write_all(text.as_bytes()),
        };
        if let Err(error) = result {
            tracing::error!(%error, "could not write the audit record");
        }
    }
}

const REDACTED: &str = "***REDACTED***";

/// Values that are secrets whatever their name: bearer tokens and JWTs, Basic credentials,
/// PEM private keys.
fn looks_secret(value: &str) -> bool {
    let trimmed = value.trim();
    let lower = trimmed.to_ascii_lowercase();
    lower.starts_with("bearer ")
        || lower.starts_with("basic ")
        || trimmed.contains("PRIVATE KEY-----")
        || (trimmed.starts_with("eyJ") && trimmed.matches('.').count() == 2)
}

/// `value` with every secret replaced, recursively.
pub fn redact(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if is_secret_field(k) && !v.is_null() {
                        Value::String(REDACTED.to_owned())
                    } else {
                        redact(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        Value::String(text) if looks_secret(text) => Value::String(REDACTED.to_owned()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_by_name_and_by_shape() {
        let args = json!({
            "name": "R&D",
            "client_secret": "s3cr3t",
            "confirmation_token": "abc",
            "nested": {"apiKey": "k", "list": ["Bearer xyz", "eyJhbGciOi.eyJzdWIi.c2ln", "plain"]},
            "pem": "-----BEGIN PRIVATE KEY-----\nMII...",
            "token_count": null,
        });
        let out = redact(&args).to_string();
        for secret in ["s3cr3t", "\"abc\"", "\"k\"", "xyz", "eyJhbGciOi", "MII"] {
            assert!(!out.contains(secret), "{secret} leaked: {out}");
        }
        assert!(out.contains("R&D") && out.contains("plain"));
        assert!(out.contains("\"token_count\":null"));
    }
}
