//! Which tools one server instance offers. One precedence, applied in this order:
//!
//! 1. `--disabled-tools` globs remove a tool whatever else says (they always win);
//! 2. `--services` keeps only the services named, `--disabled-services` removes services;
//! 3. the tenant's entitlements (read from the OneAPI token) remove services it does not have;
//! 4. `--toolsets` keeps only the toolsets named, `--disabled-toolsets` removes toolsets;
//! 5. write tools stay only when the write gate allows them (`--enable-write-tools` and a
//!    `--write-tools` glob that matches).
//!
//! The server's own tools (`zscaler_*`) and test fixtures are subject to rule 1 only.

use std::collections::BTreeSet;

use crate::engine::WriteGate;
use crate::model::{Service, ToolDef};

#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Empty = every service.
    pub services: Vec<Service>,
    pub disabled_services: Vec<Service>,
    /// The services the tenant is entitled to, when the token said.
    pub entitled: Option<Vec<Service>>,
    /// Empty = every toolset.
    pub toolsets: Vec<String>,
    pub disabled_toolsets: Vec<String>,
    pub disabled_tools: Vec<glob::Pattern>,
    pub writes: WriteGate,
}

impl Selection {
    /// Parses `--disabled-tools` globs, naming a bad one.
    pub fn globs(patterns: &[String]) -> Result<Vec<glob::Pattern>, String> {
        patterns
            .iter()
            .map(|p| glob::Pattern::new(p).map_err(|e| format!("`{p}`: {e}")))
            .collect()
    }

    pub fn keeps(&self, def: &ToolDef) -> bool {
        if self.disabled_tools.iter().any(|p| p.matches(def.name)) {
            return false;
        }
        if matches!(def.service, Service::Zscaler | Service::Test) {
            return true;
        }
        let service_ok = (self.services.is_empty() || self.services.contains(&def.service))
            && !self.disabled_services.contains(&def.service)
            && self
                .entitled
                .as_ref()
                .is_none_or(|entitled| entitled.contains(&def.service));
        let toolset_ok = (self.toolsets.is_empty()
            || self.toolsets.iter().any(|t| t == def.toolset))
            && !self.disabled_toolsets.iter().any(|t| t == def.toolset);
        service_ok && toolset_ok && (!def.action.is_write() || self.writes.allows(def.name))
    }

    /// Toolset names given that no tool of `tools` carries (a typo, most likely).
    pub fn unknown_toolsets<'a>(&'a self, tools: &[&ToolDef]) -> Vec<&'a str> {
        let known: BTreeSet<&str> = tools.iter().map(|d| d.toolset).collect();
        self.toolsets
            .iter()
            .chain(&self.disabled_toolsets)
            .map(String::as_str)
            .filter(|t| !known.contains(t))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin_tools;
    use crate::model::Action;

    fn names(selection: &Selection) -> Vec<&'static str> {
        builtin_tools()
            .into_iter()
            .filter(|d| selection.keeps(d))
            .map(|d| d.name)
            .collect()
    }

    #[test]
    fn read_only_unless_both_write_knobs_are_set() {
        let tools = builtin_tools();
        let writes = tools.iter().filter(|d| d.action != Action::Read).count();
        let read_only = names(&Selection::default());
        assert_eq!(read_only.len(), tools.len() - writes);
        let only_enabled = Selection {
            writes: WriteGate::new(true, &[]).unwrap(),
            ..Selection::default()
        };
        assert_eq!(names(&only_enabled).len(), read_only.len());
        let only_listed = Selection {
            writes: WriteGate::new(false, &["*".into()]).unwrap(),
            ..Selection::default()
        };
        assert_eq!(names(&only_listed).len(), read_only.len());
        let both = Selection {
            writes: WriteGate::new(true, &["*".into()]).unwrap(),
            ..Selection::default()
        };
        assert_eq!(names(&both).len(), tools.len());
    }

    #[test]
    fn disabled_tools_win_over_everything() {
        let selection = Selection {
            services: vec![Service::Zia],
            toolsets: vec!["zia_users".into()],
            disabled_tools: Selection::globs(&["zia_list_u*".into()]).unwrap(),
            ..Selection::default()
        };
        let kept = names(&selection);
        assert!(!kept.contains(&"zia_list_users"), "{kept:?}");
        assert!(kept.iter().all(|n| n.starts_with("zia_")), "{kept:?}");
    }

    #[test]
    fn services_entitlements_and_toolsets_narrow() {
        let zia_only = Selection {
            entitled: Some(vec![Service::Zia]),
            ..Selection::default()
        };
        assert!(names(&zia_only).iter().all(|n| n.starts_with("zia_")));
        let no_zpa = Selection {
            disabled_services: vec![Service::Zpa],
            ..Selection::default()
        };
        assert!(names(&no_zpa).iter().all(|n| !n.starts_with("zpa_")));
        let users = Selection {
            toolsets: vec!["zia_users".into(), "zia_userz".into()],
            ..Selection::default()
        };
        assert!(names(&users).contains(&"zia_list_users"));
        assert!(!names(&users).contains(&"zia_list_locations"));
        assert_eq!(users.unknown_toolsets(&builtin_tools()), vec!["zia_userz"]);
    }
}
