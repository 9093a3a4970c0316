//! Zscaler Internet Access tools (`/zia/api/v1/...`). ZIA stages every change: writes take
//! effect only after `zia_activate_configuration`.

mod admin;
mod apps;
mod core;
mod dlp;
mod firewall;
mod locations;
mod rules;
mod threats;
mod urls;

use crate::model::ToolDef;

/// The tables of this service, in listing order.
pub(crate) static TABLES: &[&[ToolDef]] = &[
    core::TOOLS,
    locations::TOOLS,
    firewall::TOOLS,
    urls::TOOLS,
    apps::TOOLS,
    threats::TOOLS,
    dlp::TOOLS,
    admin::TOOLS,
];

macro_rules! zia {
    ($path:literal) => {
        concat!("/zia/api/v1/", $path)
    };
}
pub(crate) use zia;
