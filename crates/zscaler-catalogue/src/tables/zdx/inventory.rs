//! ZDX software inventory: the titles installed across devices, and where each is installed.

use zscaler_oneapi::Paging;

use super::troubleshooting::FROM_DEVICE;
use super::{CURSOR, zdx};
use crate::model::{Action, Location, Param, ParamType, Service, ToolDef};

const TOOLSET: &str = "zdx_software_inventory";

const fn row(name: &'static str, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zdx, TOOLSET, Action::Read, path)
}

pub(crate) static TOOLS: &[ToolDef] = &[
    row("zdx_list_software", zdx!("inventory/software"))
        .paged(Paging::Cursor)
        .params(&[
            Param::query("search", "Software or vendor name text.").wire("q"),
            Param::new("user_ids", ParamType::StringList, "").at(Location::Query),
            Param::new("device_ids", ParamType::StringList, "").at(Location::Query),
            CURSOR,
        ])
        .untrusted(FROM_DEVICE)
        .title("List ZDX software inventory")
        .describe("Lists installed software titles: key, name, vendor, user and device counts."),
    row(
        "zdx_get_software_details",
        zdx!("inventory/software/{software_key}"),
    )
    .paged(Paging::Cursor)
    .params(&[Param::path("software_key", ""), CURSOR])
    .untrusted(FROM_DEVICE)
    .title("List ZDX software installs")
    .describe("Lists where a software title is installed: version, device, user, install date."),
];
