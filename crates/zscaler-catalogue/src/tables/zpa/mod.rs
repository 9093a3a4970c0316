//! Zscaler Private Access tools (`/zpa/mgmtconfig/...`, `/zpa/userconfig/...`).

mod apps;

use crate::model::{Param, ToolDef};

/// The tables of this service, in listing order.
pub(crate) static TABLES: &[&[ToolDef]] = &[apps::TOOLS];

/// The management API prefix; `{customerId}` is filled from `ZSCALER_CUSTOMER_ID`.
macro_rules! mgmt {
    ($path:literal) => {
        concat!("/zpa/mgmtconfig/v1/admin/customers/{customerId}/", $path)
    };
}
pub(crate) use mgmt;

pub(crate) const SEARCH: Param = Param::query(
    "search",
    "Only items whose name contains this text (case-insensitive).",
);

#[cfg(test)]
pub(crate) static FIRST: &ToolDef = &apps::TOOLS[0];
