//! `.aws-harness-state.json`: what deploy created, so that status, logs, invoke and destroy
//! find it again. Written after every step, so an interrupted deploy can still be destroyed.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cli::{GatewayAuth, Topology};
use crate::error::{DeployError, Result};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct State {
    pub topology: Option<Topology>,
    pub region: String,
    pub account: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<SecretState>,
    /// IAM roles deploy created or updated, in creation order.
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecs: Option<EcsState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcp_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_provider_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_provider_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cognito: Option<CognitoState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_provider: Option<NamedArn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<RuntimeState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<GatewayState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub harness: Option<HarnessState>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SecretState {
    pub arn: String,
    pub name: String,
    /// The user's own secret: never written or deleted.
    pub zscaler_secret_managed_externally: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EcsState {
    pub cluster: String,
    pub service: String,
    pub service_arn: Option<String>,
    pub endpoint: Option<String>,
    pub log_group: String,
    pub execution_role: String,
    pub infrastructure_role: String,
    pub task_role: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CognitoState {
    pub user_pool_id: String,
    pub user_pool_name: String,
    pub app_client_id: String,
    pub resource_server: String,
    pub domain: String,
    pub discovery_url: String,
    pub token_endpoint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NamedArn {
    pub name: String,
    pub arn: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RuntimeState {
    pub name: String,
    pub id: String,
    pub arn: String,
    pub invocation_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GatewayState {
    pub name: String,
    pub id: String,
    pub arn: String,
    pub url: String,
    pub auth: GatewayAuth,
    pub target_id: Option<String>,
    pub target_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HarnessState {
    pub name: String,
    pub id: String,
    pub arn: String,
    pub model_id: Option<String>,
}

/// The state file and its path.
pub struct StateFile {
    path: PathBuf,
}

impl StateFile {
    pub fn new(path: &Path) -> Self {
        StateFile {
            path: path.to_owned(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, message: impl std::fmt::Display) -> DeployError {
        DeployError::State {
            path: self.path.display().to_string(),
            message: message.to_string(),
        }
    }

    /// `None` when there is no file.
    pub fn load(&self) -> Result<Option<State>> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| self.error(format!("not a state file this tool wrote ({e})"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.error(e)),
        }
    }

    pub fn require(&self) -> Result<State> {
        self.load()?
            .ok_or_else(|| DeployError::NotDeployed(self.path.display().to_string()))
    }

    /// Written whole to a sibling file and renamed, so a crash never leaves half a file.
    pub fn save(&self, state: &State) -> Result<()> {
        let text = serde_json::to_string_pretty(state).map_err(|e| self.error(e))?;
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, text + "\n").map_err(|e| self.error(e))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| self.error(e))
    }

    pub fn remove(&self) -> Result<()> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.error(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_a_foreign_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(&dir.path().join("s.json"));
        assert_eq!(file.load().unwrap(), None);
        assert_eq!(file.require().unwrap_err().exit_code(), 5);
        let state = State {
            topology: Some(Topology::Ecs),
            region: "us-east-1".into(),
            account: "123456789012".into(),
            roles: vec!["r".into()],
            ..State::default()
        };
        file.save(&state).unwrap();
        assert_eq!(file.load().unwrap(), Some(state));
        std::fs::write(file.path(), "[1,2]").unwrap();
        let err = file.load().unwrap_err().to_string();
        assert!(
            err.contains("s.json") && err.contains("not a state file"),
            "{err}"
        );
    }
}
