//! Installs the Prometheus recorder for `--metrics`: histogram buckets, the description of
//! every metric the crates record, and a build-info series.

use anyhow::{Context, Result};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};
use zscaler_mcp_http::MetricsRender;

/// Latency buckets, in seconds: OneAPI calls take tens of milliseconds to tens of seconds
/// (retry budget included), so the range is wide.
const BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// Installs the process-wide recorder; call once, before anything is recorded.
pub fn install() -> Result<MetricsRender> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), BUCKETS)
        .context("metrics buckets")?
        .install_recorder()
        .context("installing the metrics recorder")?;
    zscaler_oneapi::metrics::describe();
    zscaler_mcp_server::metrics::describe();
    zscaler_mcp_http::metrics::describe();
    metrics::describe_gauge!(
        "zscaler_mcp_build_info",
        "Always 1; the labels name the running version"
    );
    metrics::gauge!("zscaler_mcp_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    // The exporter folds histogram samples in at render time; rendering is the scrape.
    Ok(MetricsRender::new(move || handle.render()))
}
