//! ZDX reports: applications and their scores, metrics and users; devices; ZDX users; and
//! the departments, locations and geolocations the other reads filter by.

use zscaler_oneapi::Paging;

use super::{CURSOR, DEPARTMENTS, FROM, GEOS, LOCATIONS, SINCE, TO, window, zdx};
use crate::model::{Action, Location, Param, ParamType, Service, ToolDef};

const TOOLSET: &str = "zdx_reports";

/// A windowed read: `since` or `from`/`to` is checked and sent as ZDX reads it.
const fn read(name: &'static str, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zdx, TOOLSET, Action::Read, path).prepare(window)
}

const APP_ID: Param = Param::path("app_id", "The ZDX application id (zdx_list_applications).");
const DEVICE_ID: Param = Param::path("device_id", "The ZDX device id (zdx_list_devices).");
const USER_ID: Param = Param::path("user_id", "The ZDX user id.");
const SEARCH: Param = Param::query("search", "Name or email text to match.").wire("q");
const EMAILS: Param =
    Param::new("emails", ParamType::StringList, "Only these user emails.").at(Location::Query);
const METRIC: Param = Param::new(
    "metric_name",
    ParamType::Enum(&["pft", "dns", "server_response", "availability"]),
    "One metric (default all): page fetch time, DNS time, server response, availability.",
)
.at(Location::Query);
const SCORE_BUCKET: Param = Param::new(
    "score_bucket",
    ParamType::Enum(&["poor", "okay", "good"]),
    "Only users in this score range.",
)
.at(Location::Query);

static SCOPED: &[Param] = &[SINCE, FROM, TO, LOCATIONS, DEPARTMENTS, GEOS];
static APP: &[Param] = &[APP_ID, SINCE, FROM, TO, LOCATIONS, DEPARTMENTS, GEOS];

pub(crate) static TOOLS: &[ToolDef] = &[
    read("zdx_list_applications", zdx!("apps"))
        .list()
        .params(SCOPED)
        .title("List ZDX applications")
        .describe("Lists the applications ZDX monitors with their ZDX score, most impacted region and poor/okay/good user counts over the window."),
    read("zdx_get_application", zdx!("apps/{app_id}"))
        .params(APP)
        .title("Get a ZDX application")
        .describe("Gets one ZDX application's score, most impacted region and user counts over the window."),
    read("zdx_get_application_score_trend", zdx!("apps/{app_id}/score"))
        .params(APP)
        .title("Get a ZDX application's score trend")
        .describe("Gets an application's ZDX score over the window as timestamped datapoints."),
    read("zdx_get_application_metric", zdx!("apps/{app_id}/metrics"))
        .params(&[APP_ID, METRIC, SINCE, FROM, TO, LOCATIONS, DEPARTMENTS, GEOS])
        .title("Get a ZDX application's metrics")
        .describe("Gets an application's web probe metrics (page fetch time, DNS time, availability…) over the window as datapoint series."),
    read("zdx_list_application_users", zdx!("apps/{app_id}/users"))
        .paged(Paging::Cursor)
        .params(&[APP_ID, SCORE_BUCKET, SINCE, FROM, TO, LOCATIONS, DEPARTMENTS, GEOS, CURSOR])
        .title("List a ZDX application's users")
        .describe("Lists the users of an application with their ZDX score for it; filter to poor, okay or good."),
    read("zdx_get_application_user", zdx!("apps/{app_id}/users/{user_id}"))
        .params(&[APP_ID, USER_ID, SINCE, FROM, TO])
        .title("Get a ZDX application user")
        .describe("Gets one user's experience of an application: their devices and score for it."),
    read("zdx_list_devices", zdx!("devices"))
        .paged(Paging::Cursor)
        .params(&[
            SEARCH, EMAILS,
            Param::new("user_ids", ParamType::StringList, "Only these ZDX user ids.")
                .at(Location::Query)
                .wire("userids"),
            Param::query("mac_address", "Only the device with this MAC address."),
            Param::query("private_ipv4", "Only devices with this private IPv4 address."),
            SINCE, FROM, TO, LOCATIONS, DEPARTMENTS, GEOS, CURSOR,
        ])
        .title("List ZDX devices")
        .describe("Lists the devices ZDX monitors (id, name, user id); filter by user email, name or scope."),
    read("zdx_get_device", zdx!("devices/{device_id}"))
        .params(&[DEVICE_ID, SINCE, FROM, TO])
        .title("Get a ZDX device")
        .describe("Gets one device's hardware, network adapters and software (OS, Client Connector and ZDX versions)."),
    read("zdx_list_users", zdx!("users"))
        .paged(Paging::Cursor)
        .params(&[SEARCH, EMAILS, SINCE, FROM, TO, LOCATIONS, DEPARTMENTS, GEOS, CURSOR])
        .title("List ZDX users")
        .describe("Lists the users ZDX monitors with their devices; filter by name, email or scope."),
    read("zdx_get_user", zdx!("users/{user_id}"))
        .params(&[USER_ID, SINCE, FROM, TO])
        .title("Get a ZDX user")
        .describe("Gets one ZDX user with their devices and the locations they connect from."),
    read("zdx_list_departments", zdx!("administration/departments"))
        .list()
        .params(&[
            Param::query("search", "Department name text."),
            SINCE,
            FROM,
            TO,
        ])
        .title("List ZDX departments")
        .describe("Lists the departments ZDX reports by (id and name), for department filters."),
    read("zdx_list_locations", zdx!("administration/locations"))
        .list()
        .params(&[Param::query("search", "Location name text."), SINCE, FROM, TO])
        .title("List ZDX locations")
        .describe("Lists the Zscaler locations ZDX reports by (id and name), for location filters."),
    read("zdx_list_geolocations", zdx!("active_geo"))
        .list()
        .params(&[SINCE, FROM, TO])
        .title("List ZDX geolocations")
        .describe("Lists the geolocations (country, region, city) with active ZDX devices, for geo filters."),
];
