//! ZPA Privileged Remote Access: the portals users open sessions from and the credentials
//! ZPA signs in with on their behalf.

use zscaler_oneapi::Paging;

use super::{MICROTENANT, SEARCH, mgmt};
use crate::model::{Action, FIELDS, Param, ParamType, Service, ToolDef};

const TOOLSET: &str = "zpa_pra";

const fn row(name: &'static str, action: Action, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zpa, TOOLSET, action, path)
}

const DESCRIPTION: Param = Param::body("description", ParamType::String, "Free-text description.");

const PORTAL_ID: Param = Param::path("portal_id", "");
const PORTAL_NAME: Param = Param::body("name", ParamType::String, "The portal's name.");
const DOMAIN: Param = Param::body(
    "domain",
    ParamType::String,
    "The portal's FQDN, covered by its certificate.",
);
const CERTIFICATE: Param = Param::body(
    "certificate_id",
    ParamType::String,
    "The BA certificate it presents (zpa_list_ba_certificates).",
)
.wire("certificateId");
const PORTAL_ENABLED: Param = Param::body(
    "enabled",
    ParamType::Boolean,
    "Whether users can open the portal.",
);
const NOTIFICATION: Param = Param::body(
    "user_notification",
    ParamType::String,
    "The banner shown to users on the portal.",
)
.wire("userNotification");
const NOTIFICATION_ENABLED: Param = Param::body(
    "user_notification_enabled",
    ParamType::Boolean,
    "Whether the banner is shown.",
)
.wire("userNotificationEnabled");

static CREATE_PORTAL: &[Param] = &[
    PORTAL_NAME.required(),
    DOMAIN.required(),
    CERTIFICATE.required(),
    DESCRIPTION,
    PORTAL_ENABLED,
    NOTIFICATION,
    NOTIFICATION_ENABLED,
    MICROTENANT,
    FIELDS,
];
static UPDATE_PORTAL: &[Param] = &[
    PORTAL_ID,
    PORTAL_NAME,
    DOMAIN,
    CERTIFICATE,
    DESCRIPTION,
    PORTAL_ENABLED,
    NOTIFICATION,
    NOTIFICATION_ENABLED,
    MICROTENANT,
    FIELDS,
];

const CREDENTIAL_ID: Param = Param::path("credential_id", "");
const CREDENTIAL_NAME: Param = Param::body("name", ParamType::String, "The credential's name.");
const CREDENTIAL_TYPE: Param = Param::body(
    "credential_type",
    ParamType::Enum(&["USERNAME_PASSWORD", "SSH_KEY", "PASSWORD"]),
    "What the credential holds.",
)
.wire("credentialType");
const USER_NAME: Param = Param::body(
    "user_name",
    ParamType::String,
    "Account name (USERNAME_PASSWORD and SSH_KEY).",
)
.wire("userName");
const USER_DOMAIN: Param = Param::body(
    "user_domain",
    ParamType::String,
    "The account's domain, if any.",
)
.wire("userDomain");
const PASSWORD: Param = Param::body(
    "password",
    ParamType::String,
    "The password (write-only; ZPA never returns it).",
);
const PRIVATE_KEY: Param = Param::body(
    "private_key",
    ParamType::String,
    "PEM private key for SSH_KEY (write-only).",
)
.wire("privateKey");
const PASSPHRASE: Param = Param::body(
    "passphrase",
    ParamType::String,
    "The private key's passphrase, if any.",
);

static CREATE_CREDENTIAL: &[Param] = &[
    CREDENTIAL_NAME.required(),
    CREDENTIAL_TYPE.required(),
    USER_NAME,
    USER_DOMAIN,
    PASSWORD,
    PRIVATE_KEY,
    PASSPHRASE,
    DESCRIPTION,
    MICROTENANT,
    FIELDS,
];
static UPDATE_CREDENTIAL: &[Param] = &[
    CREDENTIAL_ID,
    CREDENTIAL_NAME,
    CREDENTIAL_TYPE,
    USER_NAME,
    USER_DOMAIN,
    PASSWORD,
    PRIVATE_KEY,
    PASSPHRASE,
    DESCRIPTION,
    MICROTENANT,
    FIELDS,
];

pub(crate) static TOOLS: &[ToolDef] = &[
    row("zpa_list_pra_portals", Action::Read, mgmt!("praPortal"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH, MICROTENANT])
        .title("List ZPA PRA portals")
        .describe("Lists ZPA PRA portals: domain, certificate, user banner."),
    row("zpa_get_pra_portal", Action::Read, mgmt!("praPortal/{portal_id}"))
        .params(&[PORTAL_ID, MICROTENANT])
        .title("Get a ZPA PRA portal")
        .describe("Gets one ZPA PRA portal: domain, certificate, banner."),
    row("zpa_create_pra_portal", Action::Create, mgmt!("praPortal"))
        .params(CREATE_PORTAL)
        .title("Create a ZPA PRA portal")
        .describe("Creates a ZPA Privileged Remote Access portal on a domain, presenting a BA certificate that covers it."),
    row("zpa_update_pra_portal", Action::Update, mgmt!("praPortal/{portal_id}"))
        .params(UPDATE_PORTAL)
        .title("Update a ZPA PRA portal")
        .describe("Changes the given fields of a ZPA PRA portal; fields left out keep their values."),
    row("zpa_delete_pra_portal", Action::Delete, mgmt!("praPortal/{portal_id}"))
        .params(&[PORTAL_ID, MICROTENANT])
        .title("Delete a ZPA PRA portal")
        .describe("Deletes a ZPA Privileged Remote Access portal; users can no longer start sessions from it."),
    row("zpa_list_pra_credentials", Action::Read, mgmt!("credential"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH, MICROTENANT])
        .title("List ZPA PRA credentials")
        .describe("Lists ZPA PRA credentials: type, user name (never the secret)."),
    row("zpa_get_pra_credential", Action::Read, mgmt!("credential/{credential_id}"))
        .params(&[CREDENTIAL_ID, MICROTENANT])
        .title("Get a ZPA PRA credential")
        .describe("Gets one ZPA PRA credential: type, user name (never the secret)."),
    row("zpa_create_pra_credential", Action::Create, mgmt!("credential"))
        .params(CREATE_CREDENTIAL)
        .title("Create a ZPA PRA credential")
        .describe("Stores a credential ZPA uses to sign users in to RDP/SSH targets: a password, or a private key for SSH_KEY."),
    row("zpa_update_pra_credential", Action::Update, mgmt!("credential/{credential_id}"))
        .params(UPDATE_CREDENTIAL)
        .title("Update a ZPA PRA credential")
        .describe("Changes the given fields of a ZPA PRA credential; a new password or key resets it."),
    row("zpa_delete_pra_credential", Action::Delete, mgmt!("credential/{credential_id}"))
        .params(&[CREDENTIAL_ID, MICROTENANT])
        .title("Delete a ZPA PRA credential")
        .describe("Deletes a ZPA PRA credential. ZPA refuses while a credential policy rule uses it."),
];
