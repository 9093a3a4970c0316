//! ZPA Browser Access certificates: the TLS certificates BA apps and PRA portals present.

use zscaler_oneapi::Paging;

use super::{MICROTENANT, SEARCH, mgmt};
use crate::model::{Action, FIELDS, Param, ParamType, Service, ToolDef};

const TOOLSET: &str = "zpa_ba_certificates";

const CERTIFICATE_ID: Param = Param::path("certificate_id", "");

const fn row(name: &'static str, action: Action, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zpa, TOOLSET, action, path)
}

pub(crate) static TOOLS: &[ToolDef] = &[
    row(
        "zpa_list_ba_certificates",
        Action::Read,
        "/zpa/mgmtconfig/v2/admin/customers/{customerId}/clientlessCertificate/issued",
    )
    .paged(Paging::ZpaPages)
    .params(&[SEARCH, MICROTENANT])
    .title("List ZPA BA certificates")
    .describe("Lists ZPA Browser Access certificates: subject, SANs, validity."),
    row("zpa_get_ba_certificate", Action::Read, mgmt!("certificate/{certificate_id}"))
        .params(&[CERTIFICATE_ID, MICROTENANT])
        .title("Get a ZPA BA certificate")
        .describe("Gets one ZPA Browser Access certificate: subject, issuer, validity."),
    row("zpa_create_ba_certificate", Action::Create, mgmt!("certificate"))
        .params(&[
            Param::body("name", ParamType::String, "The certificate's name.").required(),
            Param::body(
                "cert_blob",
                ParamType::String,
                "PEM text: the certificate (chain) followed by its private key.",
            )
            .wire("certBlob")
            .required(),
            Param::body("description", ParamType::String, "Free-text description."),
            MICROTENANT,
            FIELDS,
        ])
        .title("Create a ZPA Browser Access certificate")
        .describe("Uploads a PEM certificate and private key for Browser Access apps and PRA portals; ZPA never returns the key."),
    row("zpa_delete_ba_certificate", Action::Delete, mgmt!("certificate/{certificate_id}"))
        .params(&[CERTIFICATE_ID, MICROTENANT])
        .title("Delete a ZPA Browser Access certificate")
        .describe("Deletes a ZPA Browser Access certificate. ZPA refuses while a BA app or PRA portal uses it."),
];
