//! AgentCore control plane (restJson1): Harness `/harnesses[/{harnessId}]` and the token-vault
//! credential providers `/identities/{Create,Get,Update,Delete,List}{ApiKey,Oauth2}…`.
//! Other `bedrock-agentcore` paths (runtimes, gateways, …) go to moto.

use axum::response::Response;
use http::{Method, StatusCode};
use serde_json::{Map, Value, json};

use crate::ACCOUNT_ID;
use crate::server::{
    App, Incoming, Scope, json_object, json_response, percent_decode, rest_error, str_field,
    validation_error,
};
use crate::state::{Harness, Provider, ProviderKind, State, now_epoch, now_rfc3339, random_alnum};

const CONTENT_TYPE: &str = "application/json";

/// Answers the request when it is one of ours; `None` sends it to moto.
pub(crate) async fn handle(app: &App, request: &Incoming, scope: &Scope) -> Option<Response> {
    let path = request.path.as_str();
    if path == "/harnesses" || path.starts_with("/harnesses/") {
        return harness(app, request, scope).await;
    }
    let operation = path.strip_prefix("/identities/")?;
    if request.method != Method::POST {
        return None;
    }
    let (kind, verb) = match operation {
        "CreateApiKeyCredentialProvider" => (ProviderKind::ApiKey, Verb::Create),
        "GetApiKeyCredentialProvider" => (ProviderKind::ApiKey, Verb::Get),
        "UpdateApiKeyCredentialProvider" => (ProviderKind::ApiKey, Verb::Update),
        "DeleteApiKeyCredentialProvider" => (ProviderKind::ApiKey, Verb::Delete),
        "ListApiKeyCredentialProviders" => {
            return Some(list_providers(app, scope, ProviderKind::ApiKey));
        }
        "CreateOauth2CredentialProvider" => (ProviderKind::Oauth2, Verb::Create),
        "GetOauth2CredentialProvider" => (ProviderKind::Oauth2, Verb::Get),
        "UpdateOauth2CredentialProvider" => (ProviderKind::Oauth2, Verb::Update),
        "DeleteOauth2CredentialProvider" => (ProviderKind::Oauth2, Verb::Delete),
        "ListOauth2CredentialProviders" => {
            return Some(list_providers(app, scope, ProviderKind::Oauth2));
        }
        _ => return None,
    };
    let body = match json_object(&request.body) {
        Ok(body) => body,
        Err(message) => return Some(validation_error("body", message)),
    };
    Some(provider(app, scope, kind, verb, &body))
}

fn ok(body: &Value) -> Response {
    json_response(StatusCode::OK, CONTENT_TYPE, body)
}

// ---------------------------------------------------------------------------------------------
// Harness

/// `^[a-zA-Z][a-zA-Z0-9_]{0,39}$`
fn valid_harness_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.len() <= 40
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

async fn harness(app: &App, request: &Incoming, scope: &Scope) -> Option<Response> {
    let rest = request.path.strip_prefix("/harnesses")?;
    let id = rest.strip_prefix('/').map(percent_decode);
    match (&request.method, id) {
        (&Method::POST, None) => Some(create_harness(app, request, scope).await),
        (&Method::GET, None) => Some(list_harnesses(app, scope)),
        (method, Some(id)) if !id.is_empty() && !id.contains('/') => {
            // An ARN names the harness too.
            let id = id
                .rsplit_once(":harness/")
                .map_or(id.as_str(), |(_, id)| id)
                .to_owned();
            match *method {
                Method::GET => Some(get_harness(app, scope, &id)),
                Method::PATCH => Some(update_harness(app, request, scope, &id).await),
                Method::DELETE => Some(delete_harness(app, scope, &id)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The members of a harness request that the `Harness` shape echoes back.
const HARNESS_FIELDS: [&str; 16] = [
    "executionRoleArn",
    "model",
    "systemPrompt",
    "tools",
    "skills",
    "allowedTools",
    "truncation",
    "environmentArtifact",
    "environmentVariables",
    "authorizerConfiguration",
    "memory",
    "hooks",
    "maxIterations",
    "maxTokens",
    "timeoutSeconds",
    "tags",
];

/// The harness as the `Harness` shape.
fn harness_shape(harness: &Harness) -> Value {
    let mut out = Map::new();
    out.insert("harnessId".into(), json!(harness.id));
    out.insert("harnessName".into(), json!(harness.name));
    out.insert("arn".into(), json!(harness.arn));
    out.insert("status".into(), json!(harness.status));
    out.insert("harnessVersion".into(), json!(harness.version.to_string()));
    out.insert("createdAt".into(), json!(harness.created_at));
    out.insert("updatedAt".into(), json!(harness.updated_at));
    for key in HARNESS_FIELDS {
        if key == "tags" {
            continue;
        }
        if let Some(value) = harness.request.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    // The service runs every harness on an AgentCore Runtime it creates for it.
    let mut environment = harness
        .request
        .get("environment")
        .and_then(|e| e.get("agentCoreRuntimeEnvironment"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let (region, runtime_id) = (&harness.region, &harness.runtime_id);
    environment.insert(
        "agentRuntimeArn".into(),
        json!(format!(
            "arn:aws:bedrock-agentcore:{region}:{ACCOUNT_ID}:runtime/{runtime_id}"
        )),
    );
    environment.insert(
        "agentRuntimeName".into(),
        json!(format!("harness_{}", harness.name)),
    );
    environment.insert("agentRuntimeId".into(), json!(runtime_id));
    out.insert(
        "environment".into(),
        json!({ "agentCoreRuntimeEnvironment": environment }),
    );
    Value::Object(out)
}

fn harness_summary(harness: &Harness) -> Value {
    json!({
        "harnessId": harness.id,
        "harnessName": harness.name,
        "arn": harness.arn,
        "status": harness.status,
        "harnessVersion": harness.version.to_string(),
        "createdAt": harness.created_at,
        "updatedAt": harness.updated_at,
    })
}

fn not_found(id: &str) -> Response {
    rest_error(
        "ResourceNotFoundException",
        format!("Harness {id} was not found."),
    )
}

/// Checks the execution role against moto's IAM.
async fn check_role(app: &App, scope: &Scope, role_arn: &str) -> Result<(), Response> {
    match app.iam_role_exists(scope, role_arn).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(validation_error(
            "executionRoleArn",
            format!("The execution role {role_arn} does not exist or cannot be assumed."),
        )),
        Err(message) => Err(rest_error("InternalServerException", message)),
    }
}

async fn create_harness(app: &App, request: &Incoming, scope: &Scope) -> Response {
    let body = match json_object(&request.body) {
        Ok(body) => body,
        Err(message) => return validation_error("body", message),
    };
    let Some(name) = str_field(&body, "harnessName") else {
        return validation_error("harnessName", "harnessName is required.");
    };
    if !valid_harness_name(name) {
        return validation_error(
            "harnessName",
            format!("harnessName {name:?} must satisfy ^[a-zA-Z][a-zA-Z0-9_]{{0,39}}$."),
        );
    }
    let Some(role_arn) = str_field(&body, "executionRoleArn") else {
        return validation_error("executionRoleArn", "executionRoleArn is required.");
    };
    if let Err(response) = check_role(app, scope, role_arn).await {
        return response;
    }
    let region = scope.region.as_str();
    let mut state = app.state.lock();
    if let Some(existing) = state
        .harnesses
        .iter()
        .find(|h| h.region == region && h.name == name)
    {
        // A retry with the same client token gets the same harness back.
        let token = str_field(&body, "clientToken");
        if token.is_some() && token == str_field(&existing.request, "clientToken") {
            return ok(&json!({ "harness": harness_shape(existing) }));
        }
        return rest_error(
            "ConflictException",
            format!("A harness named {name} already exists."),
        );
    }
    let id = format!("{name}-{}", random_alnum(10));
    let now = now_rfc3339();
    let harness = Harness {
        region: region.to_owned(),
        arn: format!("arn:aws:bedrock-agentcore:{region}:{ACCOUNT_ID}:harness/{id}"),
        runtime_id: format!("harness_{name}-{}", random_alnum(10)),
        id,
        name: name.to_owned(),
        status: "CREATING",
        polls_remaining: state.options.harness_polls_until_ready,
        version: 1,
        request: body.clone(),
        created_at: now.clone(),
        updated_at: now,
    };
    let answer = json!({ "harness": harness_shape(&harness) });
    state.harnesses.push(harness);
    ok(&answer)
}

fn find_harness<'a>(state: &'a mut State, region: &str, id: &str) -> Option<&'a mut Harness> {
    state
        .harnesses
        .iter_mut()
        .find(|h| h.region == region && h.id == id)
}

fn get_harness(app: &App, scope: &Scope, id: &str) -> Response {
    let mut state = app.state.lock();
    let Some(harness) = find_harness(&mut state, &scope.region, id) else {
        return not_found(id);
    };
    match harness.status {
        "CREATING" | "UPDATING" | "DELETING" if harness.polls_remaining > 0 => {
            harness.polls_remaining -= 1;
        }
        "CREATING" | "UPDATING" => harness.status = "READY",
        "DELETING" => {
            let arn = harness.arn.clone();
            state.harnesses.retain(|h| h.arn != arn);
            return not_found(id);
        }
        _ => {}
    }
    ok(&json!({ "harness": harness_shape(harness) }))
}

fn list_harnesses(app: &App, scope: &Scope) -> Response {
    let state = app.state.lock();
    let summaries: Vec<Value> = state
        .harnesses
        .iter()
        .filter(|h| h.region == scope.region)
        .map(harness_summary)
        .collect();
    ok(&json!({ "harnesses": summaries }))
}

/// Members `UpdateHarness` wraps as `{"optionalValue": …}` (absent value: clear the member).
const WRAPPED_FIELDS: [&str; 3] = ["authorizerConfiguration", "environmentArtifact", "memory"];

async fn update_harness(app: &App, request: &Incoming, scope: &Scope, id: &str) -> Response {
    let body = match json_object(&request.body) {
        Ok(body) => body,
        Err(message) => return validation_error("body", message),
    };
    if let Some(role_arn) = str_field(&body, "executionRoleArn")
        && let Err(response) = check_role(app, scope, role_arn).await
    {
        return response;
    }
    let mut state = app.state.lock();
    let polls = state.options.harness_polls_until_ready;
    let Some(harness) = find_harness(&mut state, &scope.region, id) else {
        return not_found(id);
    };
    if harness.status != "READY" {
        return rest_error(
            "ConflictException",
            format!(
                "Harness {id} is {}; it can be updated once READY.",
                harness.status
            ),
        );
    }
    for (key, value) in &body {
        if key == "clientToken" {
            continue;
        }
        if WRAPPED_FIELDS.contains(&key.as_str()) {
            match value.get("optionalValue") {
                Some(inner) => harness.request.insert(key.clone(), inner.clone()),
                None => harness.request.remove(key),
            };
        } else {
            harness.request.insert(key.clone(), value.clone());
        }
    }
    harness.version += 1;
    harness.status = if polls == 0 { "READY" } else { "UPDATING" };
    harness.polls_remaining = polls;
    harness.updated_at = now_rfc3339();
    ok(&json!({ "harness": harness_shape(harness) }))
}

fn delete_harness(app: &App, scope: &Scope, id: &str) -> Response {
    let mut state = app.state.lock();
    let Some(harness) = find_harness(&mut state, &scope.region, id) else {
        return not_found(id);
    };
    if harness.status == "DELETING" {
        return rest_error(
            "ConflictException",
            format!("Harness {id} is already being deleted."),
        );
    }
    harness.status = "DELETING";
    harness.polls_remaining = 1;
    harness.updated_at = now_rfc3339();
    ok(&json!({ "harness": harness_shape(harness) }))
}

// ---------------------------------------------------------------------------------------------
// Token-vault credential providers

#[derive(Clone, Copy)]
enum Verb {
    Create,
    Get,
    Update,
    Delete,
}

/// `[a-zA-Z0-9\-_]{1,128}`
fn valid_provider_name(name: &str) -> bool {
    (1..=128).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn provider_arn(region: &str, kind: ProviderKind, name: &str) -> String {
    let kind = match kind {
        ProviderKind::ApiKey => "apikeycredentialprovider",
        ProviderKind::Oauth2 => "oauth2credentialprovider",
    };
    format!("arn:aws:bedrock-agentcore:{region}:{ACCOUNT_ID}:token-vault/default/{kind}/{name}")
}

/// The service-managed secret's ARN (`bedrock-agentcore-identity!default/<kind>/<name>-XXXXXX`).
fn managed_secret_arn(region: &str, kind: ProviderKind, name: &str) -> String {
    let kind = match kind {
        ProviderKind::ApiKey => "apikey",
        ProviderKind::Oauth2 => "oauth2",
    };
    format!(
        "arn:aws:secretsmanager:{region}:{ACCOUNT_ID}:secret:bedrock-agentcore-identity!default/{kind}/{name}-{}",
        random_alnum(6)
    )
}

/// The secret an EXTERNAL source names (an ARN, or a name made into one).
fn external_secret_arn(region: &str, secret_id: &str) -> String {
    if secret_id.starts_with("arn:") {
        secret_id.to_owned()
    } else {
        format!("arn:aws:secretsmanager:{region}:{ACCOUNT_ID}:secret:{secret_id}")
    }
}

/// Checks a create/update request's configuration; returns the secret ARN to record.
#[allow(
    clippy::result_large_err,
    reason = "the error is the finished HTTP answer"
)]
fn check_provider_request(
    region: &str,
    kind: ProviderKind,
    name: &str,
    body: &Map<String, Value>,
) -> Result<String, Response> {
    match kind {
        ProviderKind::ApiKey => {
            let secret_config = body.get("apiKeySecretConfig");
            match (str_field(body, "apiKey"), secret_config) {
                (Some(_), None) => Ok(managed_secret_arn(region, kind, name)),
                (None, Some(config)) => match config.get("secretId").and_then(Value::as_str) {
                    Some(secret_id) if !secret_id.is_empty() => {
                        Ok(external_secret_arn(region, secret_id))
                    }
                    _ => Err(validation_error(
                        "apiKeySecretConfig.secretId",
                        "apiKeySecretConfig.secretId is required.",
                    )),
                },
                (Some(_), Some(_)) => Err(validation_error(
                    "apiKey",
                    "Specify either apiKey or apiKeySecretConfig, not both.",
                )),
                (None, None) => Err(validation_error(
                    "apiKey",
                    "apiKey or apiKeySecretConfig is required.",
                )),
            }
        }
        ProviderKind::Oauth2 => {
            if str_field(body, "credentialProviderVendor").is_none() {
                return Err(validation_error(
                    "credentialProviderVendor",
                    "credentialProviderVendor is required.",
                ));
            }
            let configs = body
                .get("oauth2ProviderConfigInput")
                .and_then(Value::as_object);
            let Some(config) = configs
                .filter(|c| c.len() == 1)
                .and_then(|c| c.values().next())
                .and_then(Value::as_object)
            else {
                return Err(validation_error(
                    "oauth2ProviderConfigInput",
                    "oauth2ProviderConfigInput must hold exactly one vendor configuration.",
                ));
            };
            if str_field(config, "clientId").is_none() {
                return Err(validation_error(
                    "oauth2ProviderConfigInput.clientId",
                    "clientId is required.",
                ));
            }
            match (
                str_field(config, "clientSecret"),
                config.get("clientSecretConfig"),
            ) {
                (Some(_), None) => Ok(managed_secret_arn(region, kind, name)),
                (None, Some(secret)) => match secret.get("secretId").and_then(Value::as_str) {
                    Some(secret_id) if !secret_id.is_empty() => {
                        Ok(external_secret_arn(region, secret_id))
                    }
                    _ => Err(validation_error(
                        "oauth2ProviderConfigInput.clientSecretConfig.secretId",
                        "clientSecretConfig.secretId is required.",
                    )),
                },
                _ => Err(validation_error(
                    "oauth2ProviderConfigInput.clientSecret",
                    "Specify exactly one of clientSecret or clientSecretConfig.",
                )),
            }
        }
    }
}

/// What Create/Get/Update answer for a provider; never the API key or client secret.
fn provider_shape(provider: &Provider, with_times: bool) -> Value {
    let mut out = json!({
        "name": provider.name,
        "credentialProviderArn": provider.arn,
    });
    match provider.kind {
        ProviderKind::ApiKey => {
            out["apiKeySecretArn"] = json!({ "secretArn": provider.secret_arn });
            match provider.request.get("apiKeySecretConfig") {
                Some(config) => {
                    out["apiKeySecretSource"] = json!("EXTERNAL");
                    if let Some(key) = config.get("jsonKey") {
                        out["apiKeySecretJsonKey"] = key.clone();
                    }
                }
                None => out["apiKeySecretSource"] = json!("MANAGED"),
            }
        }
        ProviderKind::Oauth2 => {
            out["clientSecretArn"] = json!({ "secretArn": provider.secret_arn });
            out["callbackUrl"] = json!(provider.callback_url);
            out["status"] = json!("READY");
            out["credentialProviderVendor"] = provider
                .request
                .get("credentialProviderVendor")
                .cloned()
                .unwrap_or(Value::Null);
            if let Some(configs) = provider
                .request
                .get("oauth2ProviderConfigInput")
                .and_then(Value::as_object)
            {
                let mut output = Map::new();
                for (vendor_key, config) in configs {
                    let mut config = config.as_object().cloned().unwrap_or_default();
                    if let Some(secret) = config.remove("clientSecretConfig") {
                        out["clientSecretSource"] = json!("EXTERNAL");
                        if let Some(key) = secret.get("jsonKey") {
                            out["clientSecretJsonKey"] = key.clone();
                        }
                    } else {
                        out["clientSecretSource"] = json!("MANAGED");
                    }
                    config.remove("clientSecret");
                    config.remove("clientSecretSource");
                    output.insert(vendor_key.clone(), Value::Object(config));
                }
                out["oauth2ProviderConfigOutput"] = Value::Object(output);
            }
        }
    }
    if with_times {
        out["createdTime"] = json!(provider.created);
        out["lastUpdatedTime"] = json!(provider.updated);
    }
    out
}

fn provider_item(provider: &Provider) -> Value {
    let mut out = json!({
        "name": provider.name,
        "credentialProviderArn": provider.arn,
        "createdTime": provider.created,
        "lastUpdatedTime": provider.updated,
    });
    if provider.kind == ProviderKind::Oauth2 {
        out["credentialProviderVendor"] = provider
            .request
            .get("credentialProviderVendor")
            .cloned()
            .unwrap_or(Value::Null);
    }
    out
}

fn provider(
    app: &App,
    scope: &Scope,
    kind: ProviderKind,
    verb: Verb,
    body: &Map<String, Value>,
) -> Response {
    let region = scope.region.as_str();
    let mut state = app.state.lock();
    let Some(name) = str_field(body, "name") else {
        return validation_error("name", "name is required.");
    };
    if !valid_provider_name(name) {
        return validation_error(
            "name",
            format!("name {name:?} must be 1-128 letters, digits, hyphens or underscores."),
        );
    }
    let position = state
        .providers
        .iter()
        .position(|p| p.region == region && p.kind == kind && p.name == name);
    let missing = || {
        rest_error(
            "ResourceNotFoundException",
            format!("Credential provider {name} was not found."),
        )
    };
    match verb {
        Verb::Create => {
            if position.is_some() {
                return rest_error(
                    "ConflictException",
                    format!("A credential provider named {name} already exists."),
                );
            }
            let secret_arn = match check_provider_request(region, kind, name, body) {
                Ok(arn) => arn,
                Err(response) => return response,
            };
            let now = now_epoch();
            let provider = Provider {
                region: region.to_owned(),
                kind,
                name: name.to_owned(),
                arn: provider_arn(region, kind, name),
                secret_arn,
                callback_url: format!(
                    "https://bedrock-agentcore.{region}.amazonaws.com/identities/oauth2/callback/{}",
                    uuid::Uuid::new_v4()
                ),
                request: body.clone(),
                created: now,
                updated: now,
            };
            let mut answer = provider_shape(&provider, false);
            if let Value::Object(map) = &mut answer {
                map.remove("credentialProviderVendor");
            }
            state.providers.push(provider);
            ok(&answer)
        }
        Verb::Get => match position {
            Some(i) => ok(&provider_shape(&state.providers[i], true)),
            None => missing(),
        },
        Verb::Update => {
            let Some(i) = position else { return missing() };
            let secret_arn = match check_provider_request(region, kind, name, body) {
                Ok(arn) => arn,
                Err(response) => return response,
            };
            let provider = &mut state.providers[i];
            // A managed secret keeps its ARN across updates.
            let was_managed = match kind {
                ProviderKind::ApiKey => !provider.request.contains_key("apiKeySecretConfig"),
                ProviderKind::Oauth2 => provider
                    .oauth2_config()
                    .is_some_and(|c| !c.contains_key("clientSecretConfig")),
            };
            let now_managed = secret_arn.contains(":secret:bedrock-agentcore-identity!");
            if !(was_managed && now_managed) {
                provider.secret_arn = secret_arn;
            }
            let tags = provider.request.get("tags").cloned();
            provider.request = body.clone();
            if let Some(tags) = tags {
                provider.request.insert("tags".into(), tags);
            }
            provider.updated = now_epoch();
            ok(&provider_shape(provider, true))
        }
        Verb::Delete => match position {
            Some(i) => {
                state.providers.remove(i);
                ok(&json!({}))
            }
            None => missing(),
        },
    }
}

/// List: every provider of `kind` in the region (the fake does not page).
fn list_providers(app: &App, scope: &Scope, kind: ProviderKind) -> Response {
    let state = app.state.lock();
    let items: Vec<Value> = state
        .providers
        .iter()
        .filter(|p| p.region == scope.region && p.kind == kind)
        .map(provider_item)
        .collect();
    ok(&json!({ "credentialProviders": items }))
}
