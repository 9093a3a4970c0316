//! Where settings come from: flags, then the process environment, then the `.env` file; and
//! the prompts that ask for what is still missing (only on a terminal, never with
//! `--non-interactive`).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

use crate::error::{DeployError, Result};

/// The process environment over the `.env` file.
#[derive(Debug, Default, Clone)]
pub struct Lookup {
    file: BTreeMap<String, String>,
    process: BTreeMap<String, String>,
}

impl Lookup {
    /// Reads `path`; a missing file is fine unless the user named it (`explicit`).
    pub fn load(path: &Path, explicit: bool) -> Result<Lookup> {
        let process = std::env::vars().collect();
        if !path.exists() {
            if explicit {
                return Err(DeployError::settings(format!(
                    "--env-file {}: no such file (copy env.properties to start one)",
                    path.display()
                )));
            }
            return Ok(Lookup {
                file: BTreeMap::new(),
                process,
            });
        }
        let mut file = BTreeMap::new();
        let entries = dotenvy::from_path_iter(path)
            .map_err(|e| DeployError::settings(format!("--env-file {}: {e}", path.display())))?;
        for entry in entries {
            let (key, value) = entry.map_err(|e| {
                DeployError::settings(format!("--env-file {}: {e}", path.display()))
            })?;
            file.insert(key, value);
        }
        Ok(Lookup { file, process })
    }

    /// For tests and `--env-file` alternatives: explicit maps.
    pub fn from_maps(file: BTreeMap<String, String>, process: BTreeMap<String, String>) -> Self {
        Lookup { file, process }
    }

    /// The value of `key`, or `None` when unset or blank.
    pub fn get(&self, key: &str) -> Option<String> {
        self.process
            .get(key)
            .or_else(|| self.file.get(key))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// A flag's value, else the named variable's.
    pub fn pick(&self, flag: &Option<String>, key: &str) -> Option<String> {
        flag.as_ref()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .or_else(|| self.get(key))
    }

    pub fn flag_bool(&self, flag: bool, key: &str) -> Result<bool> {
        if flag {
            return Ok(true);
        }
        match self.get(key) {
            None => Ok(false),
            Some(v) => parse_bool(&v)
                .ok_or_else(|| DeployError::settings(format!("{key}={v}: expected true or false"))),
        }
    }

    /// The `.env` file's `ZSCALER_MCP_*` settings, which are passed on to the container.
    pub fn server_settings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.file
            .iter()
            .filter(|(k, _)| k.starts_with("ZSCALER_MCP_"))
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

pub fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Asks on the terminal, or explains which flag to pass.
#[derive(Debug, Clone, Copy)]
pub struct Prompter {
    interactive: bool,
}

impl Prompter {
    pub fn new(non_interactive: bool) -> Self {
        Prompter {
            interactive: !non_interactive
                && std::io::stdin().is_terminal()
                && std::io::stderr().is_terminal(),
        }
    }

    pub fn is_interactive(self) -> bool {
        self.interactive
    }

    fn missing(what: &str, flag: &str, env: &str) -> DeployError {
        DeployError::settings(format!("{what} is required: pass {flag} or set {env}"))
    }

    /// A required text value.
    pub fn text(self, what: &str, flag: &str, env: &str) -> Result<String> {
        if !self.interactive {
            return Err(Self::missing(what, flag, env));
        }
        dialoguer::Input::<String>::new()
            .with_prompt(what)
            .interact_text()
            .map(|v| v.trim().to_owned())
            .map_err(|e| DeployError::settings(format!("{what}: {e}")))
    }

    /// A required secret value, not echoed.
    pub fn secret(self, what: &str, flag: &str, env: &str) -> Result<String> {
        if !self.interactive {
            return Err(Self::missing(what, flag, env));
        }
        dialoguer::Password::new()
            .with_prompt(what)
            .interact()
            .map_err(|e| DeployError::settings(format!("{what}: {e}")))
    }

    /// One of `options`; without a terminal, `default` (the caller decides if that is allowed).
    pub fn select(self, what: &str, options: &[&str], default: usize) -> Result<usize> {
        if !self.interactive {
            return Ok(default);
        }
        dialoguer::Select::new()
            .with_prompt(what)
            .items(options)
            .default(default)
            .interact()
            .map_err(|e| DeployError::settings(format!("{what}: {e}")))
    }

    /// Yes or no; without a terminal the answer is no unless `--yes` said otherwise.
    pub fn confirm(self, question: &str, yes: bool) -> Result<bool> {
        if yes {
            return Ok(true);
        }
        if !self.interactive {
            return Err(DeployError::settings(format!(
                "{question} — pass --yes to confirm without a terminal"
            )));
        }
        dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()
            .map_err(|e| DeployError::settings(format!("{question}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(file: &[(&str, &str)], process: &[(&str, &str)]) -> Lookup {
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        Lookup::from_maps(map(file), map(process))
    }

    #[test]
    fn flags_win_over_the_environment_which_wins_over_the_file() {
        let l = lookup(&[("A", "file"), ("B", "file")], &[("A", "process")]);
        assert_eq!(l.pick(&Some("flag".into()), "A").as_deref(), Some("flag"));
        assert_eq!(l.pick(&None, "A").as_deref(), Some("process"));
        assert_eq!(l.pick(&None, "B").as_deref(), Some("file"));
        assert_eq!(l.pick(&Some("  ".into()), "B").as_deref(), Some("file"));
        assert_eq!(l.pick(&None, "C"), None);
    }

    #[test]
    fn booleans_name_the_variable_when_malformed() {
        let l = lookup(&[("FLAG", "maybe")], &[]);
        let err = l.flag_bool(false, "FLAG").unwrap_err().to_string();
        assert!(err.contains("FLAG=maybe"), "{err}");
        assert!(l.flag_bool(true, "FLAG").unwrap());
    }

    #[test]
    fn only_server_settings_from_the_file_pass_to_the_container() {
        let l = lookup(
            &[("ZSCALER_MCP_WRITE_ENABLED", "true"), ("HARNESS_NAME", "x")],
            &[("ZSCALER_MCP_SERVICES", "zia")],
        );
        let passed: Vec<_> = l.server_settings().collect();
        assert_eq!(passed, vec![("ZSCALER_MCP_WRITE_ENABLED", "true")]);
    }

    #[test]
    fn a_missing_value_without_a_terminal_names_flag_and_variable() {
        let err = Prompter { interactive: false }
            .text("Client id", "--client-id", "ZSCALER_CLIENT_ID")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("--client-id") && err.contains("ZSCALER_CLIENT_ID"),
            "{err}"
        );
    }
}
