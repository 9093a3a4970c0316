//! The tool tables, one module per service, one file per area of the product.

pub(crate) mod zia;
pub(crate) mod zpa;
mod zscaler;

use crate::model::ToolDef;

/// Every tool compiled into this build, in the order `tools/list` shows them.
pub fn builtin_tools() -> Vec<&'static ToolDef> {
    zpa::TABLES
        .iter()
        .chain(zia::TABLES.iter())
        .flat_map(|table| table.iter())
        .collect()
}

/// The three discover-mode tools (`--tool-mode discover`).
pub fn discover_tools() -> Vec<&'static ToolDef> {
    zscaler::TOOLS.iter().collect()
}
