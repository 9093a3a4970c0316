//! Prompts, declared as data: a name, arguments, and a function that renders the messages.

use std::collections::BTreeMap;

use rmcp::model::{PromptMessage, Role};

pub struct PromptArg {
    pub name: &'static str,
    pub description: &'static str,
    pub required: bool,
}

pub type Render = fn(&BTreeMap<String, String>) -> Vec<PromptMessage>;

/// A form the user fills before the prompt renders; the accepted fields become arguments.
pub struct PromptInput {
    /// The key the question goes under (a 2026-07-28 `inputRequests` key).
    pub key: &'static str,
    pub message: &'static str,
    /// The form, a flat JSON Schema object.
    pub schema: &'static str,
}

pub struct PromptDef {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub arguments: &'static [PromptArg],
    pub render: Render,
    /// Forms asked of the user before rendering (none for most prompts).
    pub inputs: &'static [PromptInput],
    /// Suggested values for an argument given what the user has typed.
    pub complete: Option<fn(argument: &str, typed: &str) -> Vec<String>>,
}

fn arg<'a>(args: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    args.get(name).map(String::as_str).unwrap_or("")
}

fn investigate_access(args: &BTreeMap<String, String>) -> Vec<PromptMessage> {
    let user = arg(args, "user");
    let destination = arg(args, "destination");
    let text = format!(
        "Find out why {user} cannot reach {destination}, using only read-only tools.\n\
         1. Decide whether {destination} is a private application (ZPA) or an internet destination (ZIA).\n\
         2. For ZPA: find the application segment that covers it (zpa_list_application_segments with search), \
         its segment group and server groups, and whether the App Connector groups serving it are healthy.\n\
         3. For ZIA: find the user (zia_list_users), their location (zia_list_locations), and check whether \
         configuration changes are pending activation (zia_get_activation_status).\n\
         4. Report what you found, the most likely cause, and the change you would propose. \
         Do not change anything."
    );
    vec![PromptMessage::new_text(Role::User, text)]
}

fn review_segment(args: &BTreeMap<String, String>) -> Vec<PromptMessage> {
    let segment = arg(args, "segment");
    let text = format!(
        "Review the ZPA application segment `{segment}` (an id or a name). Fetch it \
         (zpa_get_application_segment, or zpa_list_application_segments with search to find the id), then \
         report: domains and port ranges that are wider than needed (wildcards, whole port ranges), \
         whether it is enabled, its segment group, and its server groups with their App Connector groups. \
         End with a short list of recommended tightenings."
    );
    vec![PromptMessage::new_text(Role::User, text)]
}

pub static PROMPTS: &[PromptDef] = &[
    PromptDef {
        name: "zscaler_investigate_access",
        title: "Investigate a user's access problem",
        description: "Walks through why a user cannot reach an application or website, across ZPA and ZIA, without changing anything.",
        arguments: &[
            PromptArg {
                name: "user",
                description: "The user's email or name.",
                required: true,
            },
            PromptArg {
                name: "destination",
                description: "The application, host name or URL they cannot reach.",
                required: true,
            },
        ],
        render: investigate_access,
        inputs: &[],
        complete: None,
    },
    PromptDef {
        name: "zpa_review_application_segment",
        title: "Review a ZPA application segment",
        description: "Reviews one ZPA application segment for over-broad domains and ports and summarises how it is served.",
        arguments: &[PromptArg {
            name: "segment",
            description: "The segment's id or name.",
            required: true,
        }],
        render: review_segment,
        inputs: &[],
        complete: None,
    },
];
