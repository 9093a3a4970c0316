//! ZPA objects policy conditions refer to: identity providers with their SAML and SCIM
//! attributes and SCIM groups, posture profiles, trusted networks, app protection (inspection)
//! profiles and isolation profiles. All read-only.

use futures_util::future::BoxFuture;
use serde_json::Value;
use zscaler_oneapi::{Paging, Request, encode_path_segment};

use super::{SEARCH, mgmt, mgmt_v2, userconfig};
use crate::context::ToolOutput;
use crate::error::ToolError;
use crate::model::{Action, CompositeCall, Param, Service, ToolDef};
use crate::output::{self, Shaping};
use crate::schema::GET_PARAMS;

const IDP: &str = "zpa_idp";
const MISC: &str = "zpa_misc";

const fn read(name: &'static str, toolset: &'static str, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zpa, toolset, Action::Read, path)
}

const IDP_ID: Param = Param::path("idp_id", "Identity provider id.");
const ATTRIBUTE_ID: Param = Param::path("attribute_id", "Attribute id.");
const PROFILE_ID: Param = Param::path("profile_id", "Profile id.");

const ISOLATION_PROFILES: &str = mgmt!("isolation/profiles");

pub(crate) static TOOLS: &[ToolDef] = &[
    read("zpa_list_idps", IDP, mgmt_v2!("idp"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA identity providers")
        .describe("Lists identity providers."),
    read("zpa_list_saml_attributes", IDP, mgmt_v2!("samlAttribute"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA SAML attributes")
        .describe("Lists SAML attributes."),
    read(
        "zpa_get_saml_attribute",
        IDP,
        mgmt!("samlAttribute/{attribute_id}"),
    )
    .params(&[ATTRIBUTE_ID])
    .title("Get a ZPA SAML attribute")
    .describe("Gets one SAML attribute."),
    read(
        "zpa_list_scim_attributes",
        IDP,
        mgmt!("idp/{idp_id}/scimattribute"),
    )
    .paged(Paging::ZpaPages)
    .params(&[IDP_ID, SEARCH])
    .title("List ZPA SCIM attributes")
    .describe("Lists an identity provider's SCIM attributes."),
    read(
        "zpa_get_scim_attribute",
        IDP,
        mgmt!("idp/{idp_id}/scimattribute/{attribute_id}"),
    )
    .params(&[IDP_ID, ATTRIBUTE_ID])
    .title("Get a ZPA SCIM attribute")
    .describe("Gets one SCIM attribute."),
    read(
        "zpa_list_scim_groups",
        IDP,
        userconfig!("scimgroup/idpId/{idp_id}"),
    )
    .paged(Paging::ZpaPages)
    .params(&[IDP_ID, SEARCH])
    .title("List ZPA SCIM groups")
    .describe("Lists an identity provider's SCIM groups."),
    read(
        "zpa_get_scim_group",
        IDP,
        userconfig!("scimgroup/{group_id}"),
    )
    .params(&[Param::path("group_id", "SCIM group id.")])
    .title("Get a ZPA SCIM group")
    .describe("Gets one SCIM group."),
    read("zpa_list_posture_profiles", MISC, mgmt_v2!("posture"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA posture profiles")
        .describe("Lists device posture profiles."),
    read(
        "zpa_get_posture_profile",
        MISC,
        mgmt!("posture/{profile_id}"),
    )
    .params(&[PROFILE_ID])
    .title("Get a ZPA posture profile")
    .describe("Gets one device posture profile."),
    read("zpa_list_trusted_networks", MISC, mgmt_v2!("network"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA trusted networks")
        .describe("Lists trusted networks."),
    read(
        "zpa_get_trusted_network",
        MISC,
        mgmt!("network/{network_id}"),
    )
    .params(&[Param::path("network_id", "Trusted network id.")])
    .title("Get a ZPA trusted network")
    .describe("Gets one trusted network."),
    read(
        "zpa_list_app_protection_profiles",
        MISC,
        mgmt!("inspectionProfile"),
    )
    .paged(Paging::ZpaPages)
    .params(&[SEARCH])
    .title("List ZPA app protection profiles")
    .describe("Lists app protection profiles."),
    read(
        "zpa_get_app_protection_profile",
        MISC,
        mgmt!("inspectionProfile/{profile_id}"),
    )
    .params(&[PROFILE_ID])
    .title("Get a ZPA app protection profile")
    .describe("Gets one app protection profile."),
    read("zpa_list_isolation_profiles", MISC, ISOLATION_PROFILES)
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA isolation profiles")
        .describe("Lists browser isolation profiles."),
    read("zpa_get_isolation_profile", MISC, ISOLATION_PROFILES)
        .params(&[PROFILE_ID, GET_PARAMS[0]])
        .composite(isolation_profile)
        .title("Get a ZPA isolation profile")
        .describe("Gets one browser isolation profile."),
];

/// ZPA serves isolation profiles only as a list: finds the one with the given id in it.
fn isolation_profile(call: CompositeCall<'_>) -> BoxFuture<'_, Result<ToolOutput, ToolError>> {
    Box::pin(async move {
        let wanted = call.args.str("profile_id").unwrap_or_default().to_owned();
        let client = call.ctx.client()?;
        let path =
            ISOLATION_PROFILES.replace("{customerId}", &encode_path_segment(client.customer_id()?));
        let (profiles, _) = client
            .list_all(Request::get(path), Paging::ZpaPages, 500, 10_000)
            .await?;
        let id_of = |p: &Value| match &p["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let Some(profile) = profiles.into_iter().find(|p| id_of(p) == wanted) else {
            return Ok(ToolOutput::error(format!(
                "No ZPA isolation profile has id {wanted}; zpa_list_isolation_profiles lists them."
            )));
        };
        // Shaped as the engine shapes every record a read returns.
        let settings = call.engine.settings();
        output::object_output(
            profile,
            Shaping {
                sanitize: settings.sanitize,
                budget: settings.max_response_bytes,
                query: call.args.str("query"),
                format: settings.default_format,
                untrusted: call.def.untrusted,
            },
        )
    })
}
