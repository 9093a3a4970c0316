//! The tool tables, one module per service, one file per area of the product.

mod easm;
mod zcc;
mod zcell;
pub(crate) mod zdx;
pub(crate) mod zia;
mod zid;
mod zins;
mod zms;
pub(crate) mod zpa;
mod zscaler;
mod ztw;

use crate::model::ToolDef;

/// Every tool compiled into this build, in the order `tools/list` shows them.
pub fn builtin_tools() -> Vec<&'static ToolDef> {
    zpa::TABLES
        .iter()
        .chain(zia::TABLES.iter())
        .chain(zdx::TABLES.iter())
        .chain(std::iter::once(&zcc::TOOLS))
        .chain(std::iter::once(&zid::TOOLS))
        .chain(std::iter::once(&ztw::TOOLS))
        .flat_map(|table| table.iter())
        .chain(easm::TOOLS.iter())
        .chain(zins::TOOLS.iter())
        .chain(zms::TOOLS.iter())
        .chain(zcell::TOOLS.iter())
        .collect()
}

/// The three discover-mode tools (`--tool-mode discover`).
pub fn discover_tools() -> Vec<&'static ToolDef> {
    zscaler::TOOLS.iter().collect()
}
