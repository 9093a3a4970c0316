//! Every tool in the catalogue, run against the emulator's demo tenant over loopback.
//!
//! One test walks the areas in order on one tenant (writes in one area may rely on objects an
//! earlier one created), then checks that no tool of the catalogue was left out.

mod crud;
mod easm;
mod engine;
mod harness;
mod zcc;
mod zcell;
mod zdx;
mod zia_admin;
mod zia_apps;
mod zia_core;
mod zia_dlp;
mod zia_firewall;
mod zia_locations;
mod zia_threats;
mod zia_urls;
mod zid;
mod zins;
mod zms;
mod zpa_apps;
mod zpa_connectors;
mod zpa_identity;
mod zpa_policy;
mod zpa_pra;
mod zpa_servers;
mod ztw;

use harness::Harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tool_runs_against_the_demo_tenant() {
    let h = Harness::demo().await;
    zpa_apps::exercise(&h).await;
    zpa_servers::exercise(&h).await;
    zpa_pra::exercise(&h).await;
    zpa_connectors::exercise(&h).await;
    zpa_identity::exercise(&h).await;
    zpa_policy::exercise(&h).await;
    zia_core::exercise(&h).await;
    zia_locations::exercise(&h).await;
    zia_firewall::exercise(&h).await;
    zia_urls::exercise(&h).await;
    zia_apps::exercise(&h).await;
    zia_threats::exercise(&h).await;
    zia_dlp::exercise(&h).await;
    zia_admin::exercise(&h).await;
    zdx::exercise(&h).await;
    zcc::exercise(&h).await;
    ztw::exercise(&h).await;
    zid::exercise(&h).await;
    easm::exercise(&h).await;
    zins::exercise(&h).await;
    zms::exercise(&h).await;
    zcell::exercise(&h).await;
    engine::exercise(&h).await;

    let exercised = h.exercised.lock().unwrap().clone();
    let missing: Vec<&str> = h
        .registry
        .tools()
        .iter()
        .map(|d| d.name)
        .filter(|name| !exercised.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "tools no test ran successfully: {missing:?}"
    );
}
