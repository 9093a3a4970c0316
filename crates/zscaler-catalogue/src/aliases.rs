//! The Python server's 14 multiplexed `get_zia_*` / `get_zpa_*` tools, kept callable so
//! existing prompts and allowlists work. Each maps onto the one-action tools that replace it:
//! the `get` tool when the call names a record by its id parameter, the `list` tool otherwise.
//! Aliases are never listed.

use serde_json::{Map, Value};

/// One legacy name and the tools that replace it.
#[derive(Debug, Clone, Copy)]
pub struct Alias {
    pub legacy: &'static str,
    pub list: &'static str,
    /// The tool that fetches one record, and its id parameter.
    pub get: Option<(&'static str, &'static str)>,
}

pub static ALIASES: &[Alias] = &[
    alias("get_zia_users", "zia_list_users", "zia_get_user", "user_id"),
    alias(
        "get_zia_user_groups",
        "zia_list_user_groups",
        "zia_get_user_group",
        "group_id",
    ),
    alias(
        "get_zia_user_departments",
        "zia_list_user_departments",
        "zia_get_user_department",
        "department_id",
    ),
    alias(
        "get_zia_dlp_dictionaries",
        "zia_list_dlp_dictionaries",
        "zia_get_dlp_dictionary",
        "dictionary_id",
    ),
    alias(
        "get_zia_dlp_engines",
        "zia_list_dlp_engines",
        "zia_get_dlp_engine",
        "engine_id",
    ),
    Alias {
        legacy: "get_zpa_app_segments_by_type",
        list: "zpa_list_app_segments_by_type",
        get: None,
    },
    alias(
        "get_zpa_saml_attribute",
        "zpa_list_saml_attributes",
        "zpa_get_saml_attribute",
        "attribute_id",
    ),
    alias(
        "get_zpa_scim_attribute",
        "zpa_list_scim_attributes",
        "zpa_get_scim_attribute",
        "attribute_id",
    ),
    alias(
        "get_zpa_scim_group",
        "zpa_list_scim_groups",
        "zpa_get_scim_group",
        "group_id",
    ),
    alias(
        "get_zpa_posture_profile",
        "zpa_list_posture_profiles",
        "zpa_get_posture_profile",
        "profile_id",
    ),
    alias(
        "get_zpa_trusted_network",
        "zpa_list_trusted_networks",
        "zpa_get_trusted_network",
        "network_id",
    ),
    alias(
        "get_zpa_app_protection_profile",
        "zpa_list_app_protection_profiles",
        "zpa_get_app_protection_profile",
        "profile_id",
    ),
    alias(
        "get_zpa_isolation_profile",
        "zpa_list_isolation_profiles",
        "zpa_get_isolation_profile",
        "profile_id",
    ),
    alias(
        "get_zpa_enrollment_certificate",
        "zpa_list_enrollment_certificates",
        "zpa_get_enrollment_certificate",
        "certificate_id",
    ),
];

const fn alias(
    legacy: &'static str,
    list: &'static str,
    get: &'static str,
    id_param: &'static str,
) -> Alias {
    Alias {
        legacy,
        list,
        get: Some((get, id_param)),
    }
}

/// The tool a legacy name stands for with these arguments, or `None` for a name that is not
/// a legacy alias.
pub fn resolve(name: &str, args: Option<&Map<String, Value>>) -> Option<&'static str> {
    let alias = ALIASES.iter().find(|a| a.legacy == name)?;
    match alias.get {
        Some((get, id_param))
            if args.is_some_and(|a| a.get(id_param).is_some_and(|v| !v.is_null())) =>
        {
            Some(get)
        }
        _ => Some(alias.list),
    }
}
