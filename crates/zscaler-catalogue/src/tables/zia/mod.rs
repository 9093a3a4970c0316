//! Zscaler Internet Access tools (`/zia/api/v1/...`). ZIA stages every change: writes take
//! effect only after `zia_activate_configuration`.

mod admin;
mod core;
mod dlp;
mod locations;

use crate::model::ToolDef;

/// The tables of this service, in listing order.
pub(crate) static TABLES: &[&[ToolDef]] =
    &[core::TOOLS, locations::TOOLS, dlp::TOOLS, admin::TOOLS];

macro_rules! zia {
    ($path:literal) => {
        concat!("/zia/api/v1/", $path)
    };
}
pub(crate) use zia;
