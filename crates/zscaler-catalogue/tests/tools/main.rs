//! Every tool in the catalogue, run against the emulator's demo tenant over loopback.
//!
//! One test walks the areas in order on one tenant (writes in one area may rely on objects an
//! earlier one created), then checks that no tool of the catalogue was left out.

mod harness;
mod zia_admin;
mod zia_core;
mod zia_dlp;
mod zia_locations;
mod zpa_apps;

use harness::Harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tool_runs_against_the_demo_tenant() {
    let h = Harness::demo().await;
    zpa_apps::exercise(&h).await;
    zia_core::exercise(&h).await;
    zia_locations::exercise(&h).await;
    zia_dlp::exercise(&h).await;
    zia_admin::exercise(&h).await;

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
