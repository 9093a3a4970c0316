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

use crate::model::{Location, Param, ParamType, ToolDef};

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

/// A body field named `name` here and `wire` in the API.
pub(crate) const fn body(
    name: &'static str,
    ty: ParamType,
    wire: &'static str,
    description: &'static str,
) -> Param {
    Param::body(name, ty, description).wire(wire)
}

/// A boolean query filter named `name` here and `wire` in the API.
pub(crate) const fn flag(
    name: &'static str,
    wire: &'static str,
    description: &'static str,
) -> Param {
    Param::new(name, ParamType::Boolean, description)
        .at(Location::Query)
        .wire(wire)
}
