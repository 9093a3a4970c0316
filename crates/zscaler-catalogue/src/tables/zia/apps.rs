//! ZIA cloud app control, the cloud-application catalogues, shadow IT, SSL inspection and
//! file type control.

use super::rules::{
    DEPARTMENTS, DESCRIPTION, GROUPS, LABELS, LOCATION_GROUPS, LOCATIONS, NAME, ORDER, PROTOCOLS,
    RANK, RULE_ID, STATE, TIME_WINDOWS, URL_CATEGORIES, USERS, staged,
};
use super::zia;
use crate::model::{Action, Current, FIELDS, Location, Method, Param, ParamType, Service, ToolDef};

const fn tool(
    name: &'static str,
    toolset: &'static str,
    action: Action,
    path: &'static str,
) -> ToolDef {
    ToolDef::new(name, Service::Zia, toolset, action, path)
}

const CAC: &str = "zia_cloud_app_control";
const SSL: &str = "zia_ssl_inspection";
const FTC: &str = "zia_file_type_control";
const SHADOW: &str = "zia_shadow_it";

const RULE_TYPE: Param = Param::path(
    "rule_type",
    "Rule category, e.g. WEBMAIL, FILE_SHARE, AI_ML.",
);
const CAC_ACTIONS: Param = Param::body(
    "actions",
    ParamType::StringList,
    "Actions for the rule type; see zia_list_cloud_app_control_actions.",
);
const CAC_APPLICATIONS: Param = Param::body(
    "applications",
    ParamType::StringList,
    "Cloud applications, e.g. GOOGLE_WEBMAIL (see zia_list_cloud_app_policy).",
);
const CLOUD_APPLICATIONS: Param = Param::body(
    "cloud_applications",
    ParamType::StringList,
    "Cloud applications matched (see zia_list_cloud_app_policy).",
)
.wire("cloudApplications");

const PAGE_NUMBER: Param = Param::new("page_number", ParamType::Integer, "Page, from 0.")
    .at(Location::Query)
    .wire("pageNumber");
const LIMIT: Param =
    Param::new("limit", ParamType::Integer, "Items per page (max 1000).").at(Location::Query);
/// The filters the two cloud-application catalogues take.
const APP_CATALOGUE: &[Param] = &[
    Param::query("search", "Name contains this text."),
    Param::query("app_class", "Application class, e.g. WEB_MAIL.").wire("appClass"),
];

const SSL_ACTION: Param = Param::body(
    "action",
    ParamType::Schema(
        r#"{"type":"object","properties":{"type":{"type":"string","enum":["DECRYPT","DO_NOT_DECRYPT","BLOCK"]},"decryptSubActions":{"type":"object"},"doNotDecryptSubActions":{"type":"object"},"showEUN":{"type":"boolean"},"showEUNATP":{"type":"boolean"},"overrideDefaultCertificate":{"type":"boolean"}},"required":["type"]}"#,
    ),
    "What to do: {type: DECRYPT|DO_NOT_DECRYPT|BLOCK, …SubActions}.",
);
const PLATFORMS: Param = Param::body(
    "platforms",
    ParamType::StringList,
    "Device platforms matched, e.g. SCAN_WINDOWS, SCAN_MACOS.",
);

const FILTERING_ACTION: Param = Param::body(
    "filtering_action",
    ParamType::Enum(&["ALLOW", "BLOCK", "CAUTION"]),
    "What the rule does to matching files.",
)
.wire("filteringAction");
const OPERATION: Param = Param::body(
    "operation",
    ParamType::Enum(&["UPLOAD", "DOWNLOAD", "UPLOAD_DOWNLOAD"]),
    "Transfers matched (default DOWNLOAD).",
);
const FILE_TYPES: Param = Param::body(
    "file_types",
    ParamType::StringList,
    "File types matched, e.g. FTCATEGORY_PDF_DOCUMENT.",
)
.wire("fileTypes");
const MIN_SIZE: Param = Param::body(
    "min_size",
    ParamType::Integer,
    "Smallest file matched, in KB.",
)
.wire("minSize");
const MAX_SIZE: Param = Param::body(
    "max_size",
    ParamType::Integer,
    "Largest file matched, in KB.",
)
.wire("maxSize");

pub(crate) static TOOLS: &[ToolDef] = &[
    // Cloud app control.
    tool("zia_list_cloud_app_control_rules", CAC, Action::Read, zia!("webApplicationRules/{rule_type}"))
        .list()
        .params(&[RULE_TYPE])
        .title("List ZIA cloud app control rules")
        .describe("Lists one category's cloud app control rules in policy order, with applications and actions."),
    tool("zia_get_cloud_app_control_rule", CAC, Action::Read, zia!("webApplicationRules/{rule_type}/{rule_id}"))
        .params(&[RULE_TYPE, RULE_ID])
        .title("Get a ZIA cloud app control rule")
        .describe("Gets one cloud app control rule."),
    tool("zia_create_cloud_app_control_rule", CAC, Action::Create, zia!("webApplicationRules/{rule_type}"))
        .params(&[
            RULE_TYPE, NAME.required(), ORDER.required(), CAC_ACTIONS, CAC_APPLICATIONS, STATE, RANK,
            DESCRIPTION, LOCATIONS, LOCATION_GROUPS, GROUPS, DEPARTMENTS, USERS, TIME_WINDOWS,
            LABELS, FIELDS,
        ])
        .title("Create a ZIA cloud app control rule")
        .describe(staged!("Creates a cloud app control rule in one category at the given order.")),
    tool("zia_update_cloud_app_control_rule", CAC, Action::Update, zia!("webApplicationRules/{rule_type}/{rule_id}"))
        .params(&[
            RULE_TYPE, RULE_ID, NAME, ORDER, CAC_ACTIONS, CAC_APPLICATIONS, STATE, RANK,
            DESCRIPTION, LOCATIONS, LOCATION_GROUPS, GROUPS, DEPARTMENTS, USERS, TIME_WINDOWS,
            LABELS, FIELDS,
        ])
        .title("Update a ZIA cloud app control rule")
        .describe(staged!("Changes the given fields of a cloud app control rule; fields left out keep their values.")),
    tool("zia_delete_cloud_app_control_rule", CAC, Action::Delete, zia!("webApplicationRules/{rule_type}/{rule_id}"))
        .params(&[RULE_TYPE, RULE_ID])
        .title("Delete a ZIA cloud app control rule")
        .describe(staged!("Deletes a cloud app control rule; predefined rules cannot be deleted.")),
    tool("zia_list_cloud_app_control_actions", CAC, Action::Read, zia!("webApplicationRules/{rule_type}/availableActions"))
        .method(Method::Post)
        .params(&[
            RULE_TYPE,
            Param::body("cloud_apps", ParamType::StringList, "Only actions these apps support.")
                .wire("cloudApps"),
        ])
        .title("List ZIA cloud app control actions")
        .describe("Lists the actions rules of this category can take, e.g. ALLOW_WEBMAIL_VIEW."),
    tool("zia_list_cloud_app_policy", CAC, Action::Read, zia!("cloudApplications/policy"))
        .list()
        .params(APP_CATALOGUE)
        .title("List ZIA cloud applications for policy")
        .describe("Lists the cloud applications policy rules can name."),
    tool("zia_list_cloud_app_ssl_policy", SSL, Action::Read, zia!("cloudApplications/sslPolicy"))
        .list()
        .params(APP_CATALOGUE)
        .title("List ZIA cloud applications for SSL inspection")
        .describe("Lists the cloud applications SSL inspection rules can name."),
    // Shadow IT.
    tool("zia_list_shadow_it_apps", SHADOW, Action::Read, zia!("cloudApplications/lite"))
        .list()
        .params(&[PAGE_NUMBER, LIMIT])
        .title("List ZIA shadow IT applications")
        .describe("Lists shadow IT applications (numeric id, name)."),
    tool("zia_list_shadow_it_custom_tags", SHADOW, Action::Read, zia!("customTags"))
        .list()
        .title("List ZIA shadow IT custom tags")
        .describe("Lists shadow IT custom tags."),
    tool("zia_bulk_update_shadow_it_apps", SHADOW, Action::Update, zia!("cloudApplications/bulkUpdate"))
        .current(Current::None)
        .params(&[
            Param::body("sanctioned_state", ParamType::Enum(&["SANCTIONED", "UN_SANCTIONED", "NONE"]), "The state to give every listed application.")
                .wire("sanctionedState")
                .required(),
            Param::body("application_ids", ParamType::Schema(r#"{"type":"array","items":{"type":"integer"},"minItems":1}"#), "Shadow IT application ids (zia_list_shadow_it_apps).")
                .wire("applicationIds")
                .required(),
            Param::body("custom_tags", super::rules::REFS, "Custom tags to set on them ({id}), replacing theirs.")
                .wire("customTags"),
        ])
        .title("Bulk-update ZIA shadow IT applications")
        .describe(staged!("Marks shadow IT applications sanctioned, unsanctioned or neither, and optionally sets their custom tags.")),
    // SSL inspection.
    tool("zia_list_ssl_inspection_rules", SSL, Action::Read, zia!("sslInspectionRules"))
        .list()
        .title("List ZIA SSL inspection rules")
        .describe("Lists ZIA SSL inspection rules in policy order, default rule last."),
    tool("zia_get_ssl_inspection_rule", SSL, Action::Read, zia!("sslInspectionRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Get a ZIA SSL inspection rule")
        .describe("Gets one ZIA SSL inspection rule."),
    tool("zia_create_ssl_inspection_rule", SSL, Action::Create, zia!("sslInspectionRules"))
        .params(&[
            NAME.required(), ORDER.required(), SSL_ACTION.required(), STATE, RANK, DESCRIPTION,
            URL_CATEGORIES, CLOUD_APPLICATIONS, PLATFORMS, LOCATIONS, LOCATION_GROUPS, GROUPS,
            DEPARTMENTS, USERS, TIME_WINDOWS, LABELS, FIELDS,
        ])
        .title("Create a ZIA SSL inspection rule")
        .describe(staged!("Creates a ZIA SSL inspection rule at the given order.")),
    tool("zia_update_ssl_inspection_rule", SSL, Action::Update, zia!("sslInspectionRules/{rule_id}"))
        .params(&[
            RULE_ID, NAME, ORDER, SSL_ACTION, STATE, RANK, DESCRIPTION, URL_CATEGORIES,
            CLOUD_APPLICATIONS, PLATFORMS, LOCATIONS, LOCATION_GROUPS, GROUPS, DEPARTMENTS, USERS,
            TIME_WINDOWS, LABELS, FIELDS,
        ])
        .title("Update a ZIA SSL inspection rule")
        .describe(staged!("Changes the given fields of a ZIA SSL inspection rule; fields left out keep their values.")),
    tool("zia_delete_ssl_inspection_rule", SSL, Action::Delete, zia!("sslInspectionRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Delete a ZIA SSL inspection rule")
        .describe(staged!("Deletes a ZIA SSL inspection rule; predefined and default rules cannot be deleted.")),
    // File type control.
    tool("zia_list_file_type_control_rules", FTC, Action::Read, zia!("fileTypeRules"))
        .list()
        .title("List ZIA file type control rules")
        .describe("Lists ZIA file type control rules in policy order."),
    tool("zia_get_file_type_control_rule", FTC, Action::Read, zia!("fileTypeRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Get a ZIA file type control rule")
        .describe("Gets one ZIA file type control rule."),
    tool("zia_create_file_type_control_rule", FTC, Action::Create, zia!("fileTypeRules"))
        .params(&[
            NAME.required(), ORDER.required(), FILTERING_ACTION, OPERATION, FILE_TYPES, STATE, RANK,
            DESCRIPTION, PROTOCOLS, URL_CATEGORIES, CLOUD_APPLICATIONS, MIN_SIZE, MAX_SIZE,
            LOCATIONS, LOCATION_GROUPS, GROUPS, DEPARTMENTS, USERS, TIME_WINDOWS, LABELS, FIELDS,
        ])
        .title("Create a ZIA file type control rule")
        .describe(staged!("Creates a ZIA file type control rule at the given order.")),
    tool("zia_update_file_type_control_rule", FTC, Action::Update, zia!("fileTypeRules/{rule_id}"))
        .params(&[
            RULE_ID, NAME, ORDER, FILTERING_ACTION, OPERATION, FILE_TYPES, STATE, RANK, DESCRIPTION,
            PROTOCOLS, URL_CATEGORIES, CLOUD_APPLICATIONS, MIN_SIZE, MAX_SIZE, LOCATIONS,
            LOCATION_GROUPS, GROUPS, DEPARTMENTS, USERS, TIME_WINDOWS, LABELS, FIELDS,
        ])
        .title("Update a ZIA file type control rule")
        .describe(staged!("Changes the given fields of a ZIA file type control rule; fields left out keep their values.")),
    tool("zia_delete_file_type_control_rule", FTC, Action::Delete, zia!("fileTypeRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Delete a ZIA file type control rule")
        .describe(staged!("Deletes a ZIA file type control rule.")),
    tool("zia_list_file_type_categories", FTC, Action::Read, zia!("fileTypeCategories"))
        .list()
        .title("List ZIA file type categories")
        .describe("Lists the file types rules can name, e.g. FTCATEGORY_PDF_DOCUMENT."),
];
