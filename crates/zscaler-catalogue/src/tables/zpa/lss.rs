//! ZPA Log Streaming Service: the receivers ZPA streams logs to, and the catalogues (log
//! types with their format templates, client types, session status codes) they are built from.

use zscaler_oneapi::Paging;

use super::{SEARCH, mgmt_v2};
use crate::model::{Action, Location, Param, ParamType, Service, ToolDef};

const TOOLSET: &str = "zpa_misc";

/// The LSS catalogues that are not per customer.
macro_rules! lss {
    ($path:literal) => {
        concat!("/zpa/mgmtconfig/v2/admin/lssConfig/", $path)
    };
}

const fn read(name: &'static str, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zpa, TOOLSET, Action::Read, path)
}

pub(crate) static TOOLS: &[ToolDef] = &[
    read("zpa_list_lss_configs", mgmt_v2!("lssConfig"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA log streaming receivers")
        .describe("Lists log streaming receivers."),
    read("zpa_get_lss_config", mgmt_v2!("lssConfig/{lss_config_id}"))
        .params(&[Param::path("lss_config_id", "Receiver id.")])
        .title("Get a ZPA log streaming receiver")
        .describe("Gets one log streaming receiver."),
    read("zpa_list_lss_log_types", lss!("logType/formats"))
        .title("List ZPA LSS log types")
        .describe("Lists LSS log types and their format templates."),
    read(
        "zpa_get_lss_log_format",
        mgmt_v2!("lssConfig/logType/formats"),
    )
    .params(&[Param::new(
        "log_type",
        ParamType::Enum(&[
            "zpn_trans_log",
            "zpn_auth_log",
            "zpn_ast_auth_log",
            "zpn_http_trans_log",
            "zpn_audit_log",
            "zpn_sys_auth_log",
            "zpn_ast_comprehensive_stats",
            "zpn_pbroker_comprehensive_stats",
            "zpn_waf_http_exchanges_log",
        ]),
        "The log type.",
    )
    .at(Location::Query)
    .wire("logType")
    .required()])
    .title("Get a ZPA LSS log format")
    .describe("Gets one LSS log type's format templates."),
    read("zpa_list_lss_status_codes", lss!("statusCodes"))
        .title("List ZPA LSS status codes")
        .describe("Lists LSS status codes by log type."),
    read(
        "zpa_list_lss_client_types",
        lss!("customers/{customerId}/clientTypes"),
    )
    .title("List ZPA LSS client types")
    .describe("Lists LSS client types."),
];
