//! ZDX alerts: ongoing and historical alerts, one alert, and the devices it affects.

use zscaler_oneapi::Paging;

use super::{CURSOR, DEPARTMENTS, FROM, GEOS, LOCATIONS, SINCE, TO, window, zdx};
use crate::model::{Action, Param, Service, ToolDef};

const TOOLSET: &str = "zdx_alerts";

const fn read(name: &'static str, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zdx, TOOLSET, Action::Read, path).prepare(window)
}

const ALERT_ID: Param = Param::path("alert_id", "");

static LIST: &[Param] = &[SINCE, FROM, TO, LOCATIONS, DEPARTMENTS, GEOS, CURSOR];

pub(crate) static TOOLS: &[ToolDef] = &[
    read("zdx_list_alerts", zdx!("alerts/ongoing"))
        .paged(Paging::Cursor)
        .params(LIST)
        .title("List ongoing ZDX alerts")
        .describe("Lists ZDX alerts firing now: rule, severity, application, what they affect."),
    read("zdx_list_historical_alerts", zdx!("alerts/historical"))
        .paged(Paging::Cursor)
        .params(LIST)
        .title("List historical ZDX alerts")
        .describe("Lists ZDX alerts that ended inside the window, with what they affected."),
    read("zdx_get_alert", zdx!("alerts/{alert_id}"))
        .params(&[ALERT_ID])
        .title("Get a ZDX alert")
        .describe("Gets one ZDX alert: rule, severity, times and what it affects."),
    read(
        "zdx_list_alert_affected_devices",
        zdx!("alerts/{alert_id}/affected_devices"),
    )
    .paged(Paging::Cursor)
    .params(&[ALERT_ID, SINCE, FROM, TO, CURSOR])
    .title("List devices affected by a ZDX alert")
    .describe("Lists the devices an alert affects, with user name and email."),
];
