//! ZDX reports: applications and their scores, metrics and users; devices; ZDX users; and
//! the departments, locations and geolocations the other reads filter by.

use zscaler_oneapi::Paging;

use super::{CURSOR, DEPARTMENTS, FROM, GEOS, LOCATIONS, SINCE, TO, window, zdx};
use crate::model::{Action, Location, Param, ParamType, Service, ToolDef};

const TOOLSET: &str = "zdx_reports";

const fn row(name: &'static str, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zdx, TOOLSET, Action::Read, path)
}

/// A windowed read: `since` or `from`/`to` is checked and sent as ZDX reads it.
const fn read(name: &'static str, path: &'static str) -> ToolDef {
    row(name, path).prepare(window)
}

const APP_ID: Param = Param::path("app_id", "");
const DEVICE_ID: Param = Param::path("device_id", "");
const USER_ID: Param = Param::path("user_id", "");
const SEARCH: Param = Param::query("search", "Name or email text.").wire("q");
const EMAILS: Param = Param::new("emails", ParamType::StringList, "").at(Location::Query);
const METRIC: Param = Param::new(
    "metric_name",
    ParamType::Enum(&["pft", "dns", "server_response", "availability"]),
    "",
)
.at(Location::Query);
const SCORE_BUCKET: Param = Param::new(
    "score_bucket",
    ParamType::Enum(&["poor", "okay", "good"]),
    "",
)
.at(Location::Query);

static SCOPED: &[Param] = &[SINCE, FROM, TO, LOCATIONS, DEPARTMENTS, GEOS];
static APP: &[Param] = &[APP_ID, SINCE, FROM, TO];

pub(crate) static TOOLS: &[ToolDef] = &[
    read("zdx_list_applications", zdx!("apps"))
        .list()
        .params(SCOPED)
        .title("List ZDX applications")
        .describe("Lists monitored applications with ZDX score, worst region and user counts."),
    read("zdx_get_application", zdx!("apps/{app_id}"))
        .params(APP)
        .title("Get a ZDX application")
        .describe("Gets one application's ZDX score, most impacted region and user counts."),
    read(
        "zdx_get_application_score_trend",
        zdx!("apps/{app_id}/score"),
    )
    .params(APP)
    .title("Get a ZDX application's score trend")
    .describe("Gets an application's ZDX score over the window, as datapoints."),
    read("zdx_get_application_metric", zdx!("apps/{app_id}/metrics"))
        .params(&[APP_ID, METRIC, SINCE, FROM, TO])
        .title("Get a ZDX application's metrics")
        .describe("Gets an application's probe metrics (page fetch, DNS, availability) as series."),
    read("zdx_list_application_users", zdx!("apps/{app_id}/users"))
        .paged(Paging::Cursor)
        .params(&[APP_ID, SCORE_BUCKET, SINCE, FROM, TO, CURSOR])
        .title("List a ZDX application's users")
        .describe("Lists an application's users with their ZDX score for it."),
    read(
        "zdx_get_application_user",
        zdx!("apps/{app_id}/users/{user_id}"),
    )
    .params(&[APP_ID, USER_ID, SINCE, FROM, TO])
    .title("Get a ZDX application user")
    .describe("Gets one user's devices and score for an application."),
    read("zdx_list_devices", zdx!("devices"))
        .paged(Paging::Cursor)
        .params(&[
            SEARCH,
            EMAILS,
            Param::query("mac_address", ""),
            SINCE,
            FROM,
            TO,
            CURSOR,
        ])
        .title("List ZDX devices")
        .describe("Lists monitored devices (id, name, user id); filter by email, name or MAC."),
    row("zdx_get_device", zdx!("devices/{device_id}"))
        .params(&[DEVICE_ID])
        .title("Get a ZDX device")
        .describe("Gets a device's hardware, network adapters, OS and agent versions."),
    read("zdx_list_users", zdx!("users"))
        .paged(Paging::Cursor)
        .params(&[SEARCH, SINCE, FROM, TO, CURSOR])
        .title("List ZDX users")
        .describe("Lists monitored users with their devices; filter by name or email."),
    row("zdx_get_user", zdx!("users/{user_id}"))
        .params(&[USER_ID])
        .title("Get a ZDX user")
        .describe("Gets one ZDX user with their devices and locations."),
    row("zdx_list_departments", zdx!("administration/departments"))
        .list()
        .params(&[Param::query("search", "")])
        .title("List ZDX departments")
        .describe("Lists ZDX departments, for department_ids."),
    row("zdx_list_locations", zdx!("administration/locations"))
        .list()
        .params(&[Param::query("search", "")])
        .title("List ZDX locations")
        .describe("Lists ZDX locations, for location_ids."),
    row("zdx_list_geolocations", zdx!("active_geo"))
        .list()
        .title("List ZDX geolocations")
        .describe("Lists geolocations with active devices, for geo_ids."),
];
