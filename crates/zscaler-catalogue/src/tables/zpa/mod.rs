//! Zscaler Private Access tools (`/zpa/mgmtconfig/...`, `/zpa/userconfig/...`).

mod apps;
mod connectors;
mod identity;
mod lss;
mod policy;

use crate::model::{Param, ParamType, ToolDef};

/// The tables of this service, in listing order.
pub(crate) static TABLES: &[&[ToolDef]] = &[
    apps::TOOLS,
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

pub(crate) const SEARCH: Param = Param::query(
    "search",
    "Only items whose name contains this text (case-insensitive).",
);

/// Scopes a request to one microtenant (`microtenantId`); without it, the Default one.
pub(crate) const MICROTENANT: Param = Param::query(
    "microtenant_id",
    "Scope to this microtenant (default: Default).",
)
.wire("microtenantId");

/// The same, as a body field of a create.
pub(crate) const MICROTENANT_BODY: Param = Param::body(
    "microtenant_id",
    ParamType::String,
    "Microtenant the object belongs to (default: Default).",
)
.wire("microtenantId");

/// A list of references as ZPA's bodies carry them: `[{"id": "…"}]`.
pub(crate) const ID_REFS: ParamType = ParamType::Schema(
    r#"{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}}"#,
);

#[cfg(test)]
pub(crate) static FIRST: &ToolDef = &apps::TOOLS[0];
