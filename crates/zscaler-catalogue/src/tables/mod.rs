//! The tool tables, one module per service.

pub(crate) mod zia;
pub(crate) mod zpa;

use crate::model::ToolDef;

/// Every tool compiled into this build, in the order `tools/list` shows them.
pub fn builtin_tools() -> Vec<&'static ToolDef> {
    zpa::TOOLS.iter().chain(zia::TOOLS.iter()).collect()
}
