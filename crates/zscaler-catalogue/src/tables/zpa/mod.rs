//! Zscaler Private Access tools (`/zpa/mgmtconfig/...`, `/zpa/userconfig/...`).

mod apps;
mod ba_certificates;
mod pra;
mod servers;

use crate::model::{Param, ToolDef};

/// The tables of this service, in listing order.
pub(crate) static TABLES: &[&[ToolDef]] = &[
    apps::TOOLS,
    servers::TOOLS,
    ba_certificates::TOOLS,
    pra::TOOLS,
];

/// The management API prefix; `{customerId}` is filled from `ZSCALER_CUSTOMER_ID`.
macro_rules! mgmt {
    ($path:literal) => {
        concat!("/zpa/mgmtconfig/v1/admin/customers/{customerId}/", $path)
    };
}
pub(crate) use mgmt;

/// ZPA takes a bare name or `field+OP+value` (OP: EQ, NE, CONTAINS, STARTSWITH, ENDSWITH…).
pub(crate) const SEARCH: Param = Param::query("search", "Name, or name+CONTAINS+text.");

/// Scopes a call to one microtenant; without it ZPA uses the Default microtenant. The name
/// says it all, so the schema carries no description (tools/list stays small).
pub(crate) const MICROTENANT: Param = Param::query("microtenant_id", "").wire("microtenantId");

/// JSON Schema of a list of `{id}` references, as ZPA bodies carry them.
pub(crate) const ID_REFS: &str = r#"{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}}"#;

#[cfg(test)]
pub(crate) static FIRST: &ToolDef = &apps::TOOLS[0];
