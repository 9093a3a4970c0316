//! Zscaler Private Access tools (`/zpa/mgmtconfig/...`, `/zpa/userconfig/...`).

mod apps;
mod ba_certificates;
mod connectors;
mod identity;
mod lss;
mod policy;
mod pra;
mod servers;

use crate::model::{Param, ToolDef};

/// The tables of this service, in listing order.
pub(crate) static TABLES: &[&[ToolDef]] = &[
    apps::TOOLS,
    servers::TOOLS,
    ba_certificates::TOOLS,
    pra::TOOLS,
    connectors::TOOLS,
    policy::TOOLS,
    identity::TOOLS,
    lss::TOOLS,
];

/// The management API prefix; `{customerId}` is filled from `ZSCALER_CUSTOMER_ID`.
macro_rules! mgmt {
    ($path:literal) => {
        concat!("/zpa/mgmtconfig/v1/admin/customers/{customerId}/", $path)
    };
}
pub(crate) use mgmt;

/// The same API's `v2` prefix, used by a few lists (IdPs, posture, networks, LSS).
macro_rules! mgmt_v2 {
    ($path:literal) => {
        concat!("/zpa/mgmtconfig/v2/admin/customers/{customerId}/", $path)
    };
}
pub(crate) use mgmt_v2;

/// The user configuration API (SCIM groups and attribute values), with no `/admin/`.
macro_rules! userconfig {
    ($path:literal) => {
        concat!("/zpa/userconfig/v1/customers/{customerId}/", $path)
    };
}
pub(crate) use userconfig;

/// ZPA takes a bare name or `field+OP+value` (OP: EQ, NE, CONTAINS, STARTSWITH, ENDSWITH…).
/// The syntax (a name, or `name+CONTAINS+text`) is in the server's instructions: it would
/// repeat on thirty list tools in `tools/list`.
pub(crate) const SEARCH: Param = Param::query("search", "");

/// Scopes a call to one microtenant; without it ZPA uses the Default microtenant. The name
/// says it all, so the schema carries no description (tools/list stays small).
pub(crate) const MICROTENANT: Param = Param::query("microtenant_id", "").wire("microtenantId");

/// JSON Schema of a list of `{id}` references, as ZPA bodies carry them.
pub(crate) const ID_REFS: &str = r#"{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}}"#;

#[cfg(test)]
pub(crate) static FIRST: &ToolDef = &apps::TOOLS[0];
