//! The tools this server instance offers, in a fixed order, looked up by name.

use std::collections::HashMap;

use thiserror::Error;

use crate::model::{Service, ToolDef};

/// A rule a tool table broke; found at start-up, never at call time.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum RegistryError {
    #[error("tool `{0}` is declared twice")]
    Duplicate(&'static str),
    #[error(
        "tool name `{0}` must be snake_case ([a-z0-9_]), at most 48 characters, and start with its service (`{1}_`)"
    )]
    BadName(&'static str, &'static str),
}

/// The tool set of one server instance. The order is the table order and never varies
/// between requests or connections (the 2026-07-28 revision requires a stable `tools/list`).
#[derive(Debug, Clone, Default)]
pub struct Registry {
    tools: Vec<&'static ToolDef>,
    by_name: HashMap<&'static str, usize>,
}

pub const MAX_NAME_LEN: usize = 48;

fn name_is_valid(def: &ToolDef) -> bool {
    let name = def.name;
    // The conformance suite's fixtures (Service::Test, compiled only into test builds) carry
    // the names the suite calls them by, and one of them (`json_schema_2020_12_tool`) does not
    // start with `test_`: for them only the service prefix is waived; charset and length hold.
    let prefixed = def.service == Service::Test
        || (name.starts_with(def.service.key())
            && name[def.service.key().len()..].starts_with('_'));
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && prefixed
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Registry {
    pub fn new(
        tools: impl IntoIterator<Item = &'static ToolDef>,
    ) -> Result<Registry, RegistryError> {
        let mut registry = Registry::default();
        for def in tools {
            if !name_is_valid(def) {
                return Err(RegistryError::BadName(def.name, def.service.key()));
            }
            if registry
                .by_name
                .insert(def.name, registry.tools.len())
                .is_some()
            {
                return Err(RegistryError::Duplicate(def.name));
            }
            registry.tools.push(def);
        }
        Ok(registry)
    }

    /// Keeps only the tools `keep` accepts (service and toolset selection).
    pub fn filtered(&self, keep: impl Fn(&ToolDef) -> bool) -> Registry {
        Registry::new(self.tools.iter().copied().filter(|d| keep(d)))
            .expect("a subset of a valid registry is valid")
    }

    /// Where `name` stands in [`Self::tools`].
    pub fn position(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    pub fn get(&self, name: &str) -> Option<&'static ToolDef> {
        self.by_name.get(name).map(|&i| self.tools[i])
    }

    pub fn tools(&self) -> &[&'static ToolDef] {
        &self.tools
    }

    pub fn len(&self) -> usize {
        self.tools.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tools.is_empty()
    }

    /// The services that have at least one tool here, in `Service` order.
    pub fn services(&self) -> Vec<Service> {
        let mut services: Vec<Service> = self.tools.iter().map(|d| d.service).collect();
        services.sort();
        services.dedup();
        services
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin_tools;

    #[test]
    fn builtin_tables_obey_the_naming_rules() {
        let registry = Registry::new(builtin_tools()).expect("builtin tables are valid");
        assert!(registry.len() >= 8);
        for def in registry.tools() {
            assert!(
                !def.description.is_empty(),
                "{} has no description",
                def.name
            );
            assert!(
                def.description.ends_with('.'),
                "{}: end the description with a period",
                def.name
            );
        }
    }

    #[test]
    fn refuses_duplicates_and_bad_names() {
        let tools = builtin_tools();
        let first = tools[0];
        assert_eq!(
            Registry::new([first, first]).unwrap_err(),
            RegistryError::Duplicate(first.name)
        );
        static BAD: ToolDef = ToolDef {
            name: "zpaListThings",
            ..*crate::tables::zpa::FIRST
        };
        assert!(matches!(
            Registry::new([&BAD]),
            Err(RegistryError::BadName(..))
        ));
        // Fixtures keep the names the conformance suite calls, but not a looser charset.
        static FIXTURE: ToolDef = ToolDef {
            name: "json_schema_2020_12_tool",
            service: Service::Test,
            ..*crate::tables::zpa::FIRST
        };
        assert!(Registry::new([&FIXTURE]).is_ok());
        static FIXTURE_BAD: ToolDef = ToolDef {
            name: "Test-Tool",
            service: Service::Test,
            ..*crate::tables::zpa::FIRST
        };
        assert!(matches!(
            Registry::new([&FIXTURE_BAD]),
            Err(RegistryError::BadName(..))
        ));
        // Only fixtures are exempt: a ZPA row must still start with `zpa_`.
        static UNPREFIXED: ToolDef = ToolDef {
            name: "list_things",
            ..*crate::tables::zpa::FIRST
        };
        assert!(matches!(
            Registry::new([&UNPREFIXED]),
            Err(RegistryError::BadName(..))
        ));
    }
}
