//! ZIA objects rules refer to and tenant settings: devices and device groups, workload
//! groups, rule labels, time intervals, advanced and mobile threat settings and the
//! authentication exempt list.

use zscaler_oneapi::Paging;

use super::core::SEARCH;
use super::{body, flag, zia};
use crate::model::{Action, Current, FIELDS, Location, Method, Param, ParamType, Service, ToolDef};

const fn row(
    name: &'static str,
    toolset: &'static str,
    action: Action,
    path: &'static str,
) -> ToolDef {
    ToolDef::new(name, Service::Zia, toolset, action, path)
}

const LABEL_ID: Param = Param::path("label_id", "The rule label's id.");
const INTERVAL_ID: Param = Param::path("interval_id", "The time interval's id.");

const DAYS: ParamType = ParamType::Schema(
    r#"{"type": "array", "items": {"type": "string", "enum": ["EVERYDAY", "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]}}"#,
);

pub(crate) static TOOLS: &[ToolDef] = &[
    row("zia_list_devices", "zia_devices", Action::Read, zia!("deviceGroups/devices"))
        .paged(Paging::PageSize)
        .params(&[
            Param::query("name", "Name contains this text."),
            Param::new("user_ids", ParamType::StringList, "Owner ids.")
                .at(Location::Query)
                .wire("userIds"),
            flag("include_all", "includeAll", "Devices in every state."),
        ])
        .title("List ZIA devices")
        .describe("Lists devices ZIA knows, with owner, OS and device group."),
    row("zia_list_devices_lite", "zia_devices", Action::Read, zia!("deviceGroups/devices/lite"))
        .paged(Paging::PageSize)
        .title("List ZIA devices (summary)")
        .describe("Lists devices ZIA knows, with fewer fields."),
    row("zia_list_device_groups", "zia_devices", Action::Read, zia!("deviceGroups"))
        .list()
        .params(&[
            flag("include_device_info", "includeDeviceInfo", "With device details."),
            flag("include_pseudo_groups", "includePseudoGroups", "With pseudo groups."),
        ])
        .title("List ZIA device groups")
        .describe("Lists ZIA device groups, which rules can target."),
    row("zia_list_workload_groups", "zia_workload_groups", Action::Read, zia!("workloadGroups"))
        .paged(Paging::PageSize)
        .title("List ZIA workload groups")
        .describe("Lists ZIA workload groups (workloads matched by tags)."),
    row("zia_get_workload_group", "zia_workload_groups", Action::Read, zia!("workloadGroups/{group_id}"))
        .params(&[Param::path("group_id", "The workload group's id.")])
        .title("Get a ZIA workload group")
        .describe("Gets one ZIA workload group with its tag expression."),
    row("zia_list_rule_labels", "zia_rule_labels", Action::Read, zia!("ruleLabels"))
        .paged(Paging::PageSize)
        .params(&[SEARCH])
        .title("List ZIA rule labels")
        .describe("Lists ZIA rule labels and how many rules use each."),
    row("zia_get_rule_label", "zia_rule_labels", Action::Read, zia!("ruleLabels/{label_id}"))
        .params(&[LABEL_ID])
        .title("Get a ZIA rule label")
        .describe("Gets one ZIA rule label by id."),
    row("zia_create_rule_label", "zia_rule_labels", Action::Create, zia!("ruleLabels"))
        .params(&[
            Param::body("name", ParamType::String, "Label name.").required(),
            Param::body("description", ParamType::String, "Free-text notes."),
            FIELDS,
        ])
        .title("Create a ZIA rule label")
        .describe("Creates a rule label to tag policy rules with. Staged until zia_activate_configuration."),
    row("zia_update_rule_label", "zia_rule_labels", Action::Update, zia!("ruleLabels/{label_id}"))
        .params(&[
            LABEL_ID,
            Param::body("name", ParamType::String, "Label name."),
            Param::body("description", ParamType::String, "Free-text notes."),
            FIELDS,
        ])
        .title("Update a ZIA rule label")
        .describe("Renames a rule label or changes its description. Staged until zia_activate_configuration."),
    row("zia_delete_rule_label", "zia_rule_labels", Action::Delete, zia!("ruleLabels/{label_id}"))
        .params(&[LABEL_ID])
        .title("Delete a ZIA rule label")
        .describe("Deletes a rule label; refused while a rule uses it. Staged until zia_activate_configuration."),
    row("zia_list_time_intervals", "zia_time_intervals", Action::Read, zia!("timeIntervals"))
        .paged(Paging::PageSize)
        .params(&[SEARCH])
        .title("List ZIA time intervals")
        .describe("Lists ZIA time intervals that rules use as time windows."),
    row("zia_get_time_interval", "zia_time_intervals", Action::Read, zia!("timeIntervals/{interval_id}"))
        .params(&[INTERVAL_ID])
        .title("Get a ZIA time interval")
        .describe("Gets one ZIA time interval: days, start and end minute."),
    row("zia_create_time_interval", "zia_time_intervals", Action::Create, zia!("timeIntervals"))
        .params(&[
            Param::body("name", ParamType::String, "Interval name.").required(),
            body("start_time", ParamType::Integer, "startTime", "Start, in minutes after midnight (0-1439).").required(),
            body("end_time", ParamType::Integer, "endTime", "End, in minutes after midnight (0-1439).").required(),
            body("days_of_week", DAYS, "daysOfWeek", "Days it applies, e.g. [\"MON\", \"TUE\"] or [\"EVERYDAY\"].").required(),
            FIELDS,
        ])
        .title("Create a ZIA time interval")
        .describe("Creates a time interval that rules can use as a time window. Staged until zia_activate_configuration."),
    row("zia_update_time_interval", "zia_time_intervals", Action::Update, zia!("timeIntervals/{interval_id}"))
        .params(&[
            INTERVAL_ID,
            Param::body("name", ParamType::String, "Interval name."),
            body("start_time", ParamType::Integer, "startTime", "Start, in minutes after midnight (0-1439)."),
            body("end_time", ParamType::Integer, "endTime", "End, in minutes after midnight (0-1439)."),
            body("days_of_week", DAYS, "daysOfWeek", "Days it applies, e.g. [\"MON\", \"TUE\"] or [\"EVERYDAY\"]."),
            FIELDS,
        ])
        .title("Update a ZIA time interval")
        .describe("Changes the given fields of a time interval; the others keep their values. Staged until zia_activate_configuration."),
    row("zia_delete_time_interval", "zia_time_intervals", Action::Delete, zia!("timeIntervals/{interval_id}"))
        .params(&[INTERVAL_ID])
        .title("Delete a ZIA time interval")
        .describe("Deletes a time interval; refused while a rule uses it. Staged until zia_activate_configuration."),
    row("zia_get_advanced_settings", "zia_advanced_settings", Action::Read, zia!("advancedSettings"))
        .title("Get ZIA advanced settings")
        .describe("Gets ZIA's tenant-wide advanced settings."),
    row("zia_update_advanced_settings", "zia_advanced_settings", Action::Update, zia!("advancedSettings"))
        .params(&[
            body("ui_session_timeout", ParamType::Integer, "uiSessionTimeout", "Admin UI session timeout, in seconds."),
            body("enable_office365", ParamType::Boolean, "enableOffice365", "Microsoft Office 365 one-click configuration."),
            body("log_internal_ip", ParamType::Boolean, "logInternalIp", "Log internal IPs from X-Forwarded-For."),
            body("auth_bypass_urls", ParamType::StringList, "authBypassUrls", "URLs that skip authentication."),
            body("enable_policy_for_unauthenticated_traffic", ParamType::Boolean, "enablePolicyForUnauthenticatedTraffic", "Apply policy to unauthenticated traffic."),
            body("block_domain_fronting_on_host_header", ParamType::Boolean, "blockDomainFrontingOnHostHeader", "Block domain fronting (Host header vs SNI)."),
            body("dynamic_user_risk_enabled", ParamType::Boolean, "dynamicUserRiskEnabled", "Update user risk scores dynamically."),
            FIELDS,
        ])
        .title("Update ZIA advanced settings")
        .describe("Changes the given advanced settings; the others keep their values. Staged until zia_activate_configuration."),
    row("zia_get_mobile_advanced_settings", "zia_misc", Action::Read, zia!("mobileAdvanceThreatSettings"))
        .title("Get ZIA mobile threat settings")
        .describe("Gets the mobile malware protection settings."),
    row("zia_update_mobile_advanced_settings", "zia_misc", Action::Update, zia!("mobileAdvanceThreatSettings"))
        .params(&[
            body("block_apps_with_malicious_activity", ParamType::Boolean, "blockAppsWithMaliciousActivity", "Block apps with malicious activity."),
            body("block_apps_with_known_vulnerabilities", ParamType::Boolean, "blockAppsWithKnownVulnerabilities", "Block apps with known vulnerabilities."),
            body("block_apps_sending_unencrypted_user_credentials", ParamType::Boolean, "blockAppsSendingUnencryptedUserCredentials", "Block apps leaking credentials unencrypted."),
            body("block_apps_sending_location_info", ParamType::Boolean, "blockAppsSendingLocationInfo", "Block apps leaking location."),
            body("block_apps_sending_personally_identifiable_info", ParamType::Boolean, "blockAppsSendingPersonallyIdentifiableInfo", "Block apps leaking personal data."),
            body("block_apps_sending_device_identifier", ParamType::Boolean, "blockAppsSendingDeviceIdentifier", "Block apps leaking device ids."),
            body("block_apps_communicating_with_ad_websites", ParamType::Boolean, "blockAppsCommunicatingWithAdWebsites", "Block apps talking to ad websites."),
            body("block_apps_communicating_with_remote_unknown_servers", ParamType::Boolean, "blockAppsCommunicatingWithRemoteUnknownServers", "Block apps talking to unknown servers."),
            FIELDS,
        ])
        .title("Update ZIA mobile threat settings")
        .describe("Changes the given mobile malware protection settings; the others keep their values. Staged until zia_activate_configuration."),
    row("zia_list_auth_exempt_urls", "zia_authentication_settings", Action::Read, zia!("authSettings/exemptedUrls"))
        .title("List ZIA auth exempt URLs")
        .describe("Lists the URLs exempt from cookie authentication."),
    row("zia_add_auth_exempt_urls", "zia_authentication_settings", Action::Create, zia!("authSettings/exemptedUrls?action=ADD_TO_LIST"))
        .params(&[body("exempt_urls", ParamType::StringList, "urls", "Domains or URLs to exempt, e.g. [\".example.com\"].").required()])
        .title("Add ZIA auth exempt URLs")
        .describe("Adds URLs to the cookie-authentication exempt list; the others stay. Staged until zia_activate_configuration."),
    row("zia_delete_auth_exempt_urls", "zia_authentication_settings", Action::Delete, zia!("authSettings/exemptedUrls?action=REMOVE_FROM_LIST"))
        .method(Method::Post)
        .current(Current::None)
        .params(&[body("exempt_urls", ParamType::StringList, "urls", "Domains or URLs to remove from the list.").required()])
        .title("Remove ZIA auth exempt URLs")
        .describe("Removes URLs from the cookie-authentication exempt list; the others stay. Staged until zia_activate_configuration."),
];
