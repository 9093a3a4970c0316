//! The `instructions` an agent reads at initialize: which service answers which question.

use zscaler_catalogue::{Registry, Service};

fn routing(service: Service) -> &'static str {
    match service {
        Service::Zpa => {
            "private applications reached through App Connectors: application segments, segment and server groups, connectors, access/timeout/forwarding policies, SCIM and SAML identity; list `search` takes an exact name or `name+CONTAINS+text`"
        }
        Service::Zia => {
            "internet and SaaS traffic: users, departments, groups, locations, URL categories and filtering, firewall, DLP, SSL inspection, sandbox; changes stay pending until activated"
        }
        Service::Zdx => {
            "digital experience: device and application scores, metrics, probes, deep traces and alerts for a user's slow or failing experience; reads take a window as `since` (hours back, 1-336) or `from`/`to` (epoch seconds), and ZDX lists continue from a result's `next_cursor` passed back as `cursor`"
        }
        Service::Zcc => {
            "Client Connector: enrolled devices and their one-time passwords, forwarding profiles, trusted networks, fail-open, app profiles (web policies), entitlements"
        }
        Service::Zid => "ZIdentity: identity users, groups, memberships and API clients",
        Service::Ztw => {
            "Cloud and Branch Connectors: connector groups, locations, IP groups, network services, cloud accounts; changes stay pending until activated"
        }
        Service::Easm => "external attack surface: findings and lookalike domains",
        Service::Zins => {
            "Z-Insights analytics over web, cyber-security, firewall, SaaS, shadow IT and IoT traffic; a report covers window_days (7, or 14) ending end_days_ago (default 2) days ago or at end_time (epoch ms)"
        }
        Service::Zms => {
            "microsegmentation: agents, resources, groups, policy rules, app zones, tags"
        }
        Service::Zcell => {
            "cellular: SIMs, usage, anomaly policies, network events; time-bounded reads look back `days` (1-365, default 7)"
        }
        Service::Zscaler => "this server: toolsets and connectivity",
        Service::Test => "conformance-suite fixtures",
    }
}

/// Routing guidance for the services `registry` serves.
pub fn instructions(registry: &Registry) -> String {
    let mut text = String::from(
        "Tools for the Zscaler Zero Trust Exchange through the Zscaler OneAPI. \
         Each tool name starts with its service; pick the service by the question:\n",
    );
    for service in registry.services() {
        text.push_str(&format!(
            "- {}_* ({}): {}.\n",
            service.key(),
            service.label(),
            routing(service)
        ));
    }
    text.push_str(
        "List tools return one page (`page`, `page_size`; the result gives `total` and \
         `next_page`), or every page with `all: true`; prefer their filters and a JMESPath \
         `query` to walking everything, and `format: \"csv\"` for compact tables. A reply cut \
         to the size budget says so and where to continue. Get tools take the id a list \
         returned. Updates and deletes ask the user to confirm (or return a \
         `confirmation_token` to send back once the user agrees). Tool errors name the \
         argument or the Zscaler error (with its request id) so you can correct the call.",
    );
    text
}
