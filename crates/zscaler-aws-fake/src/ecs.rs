//! ECS Express Mode (awsJson1.1, `AmazonEC2ContainerServiceV20141113.*Express*`) and the classic
//! ECS calls that must see the Express services (`DescribeServices`, `ListServices`,
//! `DeleteCluster`). Everything else under the `ecs` scope goes to moto.

use axum::response::Response;
use http::{Method, StatusCode};
use serde_json::{Map, Value, json};

use crate::ACCOUNT_ID;
use crate::server::{App, Incoming, Scope, ecs_error, json_object, json_response, str_field};
use crate::state::{ExpressService, ExpressStatus, now_epoch, random_hex};

const TARGET_PREFIX: &str = "AmazonEC2ContainerServiceV20141113.";
const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// Answers the request when it is one of ours; `None` sends it to moto.
pub(crate) async fn handle(app: &App, request: &Incoming, scope: &Scope) -> Option<Response> {
    if request.method != Method::POST {
        return None;
    }
    let operation = request
        .header("x-amz-target")?
        .strip_prefix(TARGET_PREFIX)?;
    let known = matches!(
        operation,
        "CreateExpressGatewayService"
            | "DescribeExpressGatewayService"
            | "UpdateExpressGatewayService"
            | "DeleteExpressGatewayService"
            | "DescribeServices"
            | "ListServices"
            | "DeleteCluster"
    );
    if !known {
        return None;
    }
    let body = match json_object(&request.body) {
        Ok(body) => body,
        Err(message) => return Some(ecs_error("InvalidParameterException", message)),
    };
    match operation {
        "CreateExpressGatewayService" => Some(create(app, scope, &body).await),
        "DescribeExpressGatewayService" => Some(describe(app, &body)),
        "UpdateExpressGatewayService" => Some(update(app, scope, &body).await),
        "DeleteExpressGatewayService" => Some(delete(app, &body)),
        "DescribeServices" => describe_services(app, scope, &body).await,
        "ListServices" => list_services(app, scope, &body).await,
        _ => delete_cluster(app, scope, &body),
    }
}

fn ok(body: &Value) -> Response {
    json_response(StatusCode::OK, CONTENT_TYPE, body)
}

/// `cluster/NAME` from a cluster ARN, or the name itself.
fn cluster_name(cluster: &str) -> &str {
    cluster
        .split_once(":cluster/")
        .map_or(cluster, |(_, name)| name)
}

fn cluster_arn(region: &str, cluster: &str) -> String {
    format!("arn:aws:ecs:{region}:{ACCOUNT_ID}:cluster/{cluster}")
}

fn service_arn(region: &str, cluster: &str, name: &str) -> String {
    format!("arn:aws:ecs:{region}:{ACCOUNT_ID}:service/{cluster}/{name}")
}

fn valid_service_name(name: &str) -> bool {
    (1..=255).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The fields of a create/update request that make up a configuration.
const CONFIG_FIELDS: [&str; 9] = [
    "executionRoleArn",
    "taskRoleArn",
    "cpu",
    "memory",
    "cpuArchitecture",
    "networkConfiguration",
    "healthCheckPath",
    "primaryContainer",
    "scalingTarget",
];

/// Fills the documented defaults into a configuration.
fn apply_defaults(config: &mut Map<String, Value>) {
    for (key, value) in [
        ("healthCheckPath", "/ping"),
        ("cpu", "256"),
        ("memory", "512"),
        ("cpuArchitecture", "X86_64"),
    ] {
        config
            .entry(key)
            .or_insert_with(|| Value::String(value.to_owned()));
    }
    if let Some(Value::Object(container)) = config.get_mut("primaryContainer") {
        container.entry("containerPort").or_insert(json!(80));
        if let Some(Value::Object(logs)) = container.get_mut("awsLogsConfiguration") {
            logs.entry("logStreamPrefix").or_insert(json!("ecs"));
        }
    }
}

/// Checks the fields the real service checks before doing anything; the message names the field.
fn validate_config(config: &Map<String, Value>, creating: bool) -> Result<(), String> {
    if let Some(arch) = config.get("cpuArchitecture")
        && !matches!(arch.as_str(), Some("X86_64" | "ARM64"))
    {
        return Err(format!(
            "cpuArchitecture must be X86_64 or ARM64, not {arch}"
        ));
    }
    match config.get("primaryContainer") {
        Some(Value::Object(container)) => {
            let image = container.get("image").and_then(Value::as_str);
            if (creating || container.contains_key("image")) && image.is_none_or(str::is_empty) {
                return Err("primaryContainer.image is required".to_owned());
            }
            if let Some(port) = container.get("containerPort")
                && !port.as_i64().is_some_and(|p| (1..=65535).contains(&p))
            {
                return Err(format!(
                    "primaryContainer.containerPort must be 1-65535, not {port}"
                ));
            }
        }
        Some(other) => return Err(format!("primaryContainer must be an object, not {other}")),
        None if creating => return Err("primaryContainer.image is required".to_owned()),
        None => {}
    }
    Ok(())
}

/// The RegisterTaskDefinition request for a configuration (family `{cluster}-{service}`,
/// one container named `Main`).
fn task_definition_request(region: &str, family: &str, config: &Map<String, Value>) -> Value {
    let container = config
        .get("primaryContainer")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut main = json!({
        "name": "Main",
        "image": container.get("image").cloned().unwrap_or(Value::Null),
        "essential": true,
        "portMappings": [{
            "containerPort": container.get("containerPort").cloned().unwrap_or(json!(80)),
            "protocol": "tcp",
        }],
    });
    for key in ["environment", "secrets", "command", "repositoryCredentials"] {
        if let Some(value) = container.get(key) {
            main[key] = value.clone();
        }
    }
    if let Some(logs) = container.get("awsLogsConfiguration") {
        main["logConfiguration"] = json!({
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": logs.get("logGroup").cloned().unwrap_or(Value::Null),
                "awslogs-stream-prefix": logs.get("logStreamPrefix").cloned().unwrap_or(json!("ecs")),
                "awslogs-region": region,
            },
        });
    }
    let mut request = json!({
        "family": family,
        "containerDefinitions": [main],
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": config.get("cpu").cloned().unwrap_or(json!("256")),
        "memory": config.get("memory").cloned().unwrap_or(json!("512")),
        "runtimePlatform": {
            "cpuArchitecture": config.get("cpuArchitecture").cloned().unwrap_or(json!("X86_64")),
            "operatingSystemFamily": "LINUX",
        },
    });
    for key in ["executionRoleArn", "taskRoleArn"] {
        if let Some(value) = config.get(key) {
            request[key] = value.clone();
        }
    }
    request
}

fn revision_arn(service: &ExpressService) -> String {
    format!(
        "arn:aws:ecs:{}:{ACCOUNT_ID}:service-revision/{}/{}/{}",
        service.region,
        service.cluster,
        service.name,
        random_digits()
    )
}

fn deployment_arn(service: &ExpressService) -> String {
    format!(
        "arn:aws:ecs:{}:{ACCOUNT_ID}:service-deployment/{}/{}/{}",
        service.region,
        service.cluster,
        service.name,
        random_hex(22)
    )
}

fn random_digits() -> String {
    random_hex(19)
        .bytes()
        .map(|b| char::from(b'0' + b % 10))
        .collect()
}

/// The service's current configuration as an `ExpressGatewayServiceConfiguration`.
fn configuration(service: &ExpressService) -> Value {
    let mut out = Map::new();
    out.insert(
        "serviceRevisionArn".into(),
        json!(service.service_revision_arn),
    );
    out.insert(
        "taskDefinitionArn".into(),
        json!(service.task_definition_arn),
    );
    for (key, value) in &service.config {
        out.insert(key.clone(), value.clone());
    }
    if service.status != ExpressStatus::Inactive && service.describes_until_public == 0 {
        out.insert(
            "ingressPaths".into(),
            json!([{ "accessType": "PUBLIC", "endpoint": service.endpoint }]),
        );
    }
    out.insert("createdAt".into(), json!(service.revision_created_at));
    Value::Object(out)
}

/// The service as an `ECSExpressGatewayService`.
fn description(service: &ExpressService, with_tags: bool) -> Value {
    let mut out = json!({
        "cluster": cluster_arn(&service.region, &service.cluster),
        "serviceName": service.name,
        "serviceArn": service.arn,
        "infrastructureRoleArn": service.infrastructure_role_arn,
        "status": { "statusCode": service.status.as_str() },
        "currentDeployment": service.deployment_arn,
        "activeConfigurations": if service.status == ExpressStatus::Inactive {
            json!([])
        } else {
            json!([configuration(service)])
        },
        "createdAt": service.created_at,
        "updatedAt": service.updated_at,
    });
    if with_tags {
        out["tags"] = service.tags.clone();
    }
    out
}

async fn create(app: &App, scope: &Scope, body: &Map<String, Value>) -> Response {
    let region = scope.region.as_str();
    let Some(infrastructure_role_arn) = str_field(body, "infrastructureRoleArn") else {
        return ecs_error(
            "InvalidParameterException",
            "infrastructureRoleArn is required",
        );
    };
    let given_task_definition = str_field(body, "taskDefinitionArn");
    if given_task_definition.is_none() && str_field(body, "executionRoleArn").is_none() {
        return ecs_error("InvalidParameterException", "executionRoleArn is required");
    }
    let mut config: Map<String, Value> = CONFIG_FIELDS
        .iter()
        .filter_map(|key| body.get(*key).map(|v| ((*key).to_owned(), v.clone())))
        .collect();
    if let Err(message) = validate_config(&config, given_task_definition.is_none()) {
        return ecs_error("InvalidParameterException", message);
    }
    apply_defaults(&mut config);
    let cluster_given = str_field(body, "cluster").unwrap_or("default");
    let cluster = cluster_name(cluster_given).to_owned();
    let name = str_field(body, "serviceName")
        .map(str::to_owned)
        .unwrap_or_else(|| format!("express-{}", random_hex(8)));
    if !valid_service_name(&name) {
        return ecs_error(
            "InvalidParameterException",
            format!("serviceName {name:?} must be 1-255 letters, digits, hyphens or underscores"),
        );
    }
    match app.ecs_cluster_active(scope, cluster_given).await {
        Ok(true) => {}
        Ok(false) => return ecs_error("ClusterNotFoundException", "Cluster not found."),
        Err(message) => return ecs_error("ServerException", message),
    }
    if let Err(response) = refuse_existing(&app.state.lock().express, region, &cluster, &name) {
        return response;
    }
    let task_definition_arn = match given_task_definition {
        Some(arn) => arn.to_owned(),
        None => {
            let family = format!("{cluster}-{name}");
            let request = task_definition_request(region, &family, &config);
            match app.register_task_definition(scope, &request).await {
                Ok(arn) => arn,
                Err(message) => return ecs_error("ServerException", message),
            }
        }
    };
    let now = now_epoch();
    let mut state = app.state.lock();
    if let Err(response) = refuse_existing(&state.express, region, &cluster, &name) {
        return response;
    }
    let describes_until_public = state.options.express_polls_until_public;
    let arn = service_arn(region, &cluster, &name);
    state.express.retain(|s| s.arn != arn);
    let mut service = ExpressService {
        region: region.to_owned(),
        cluster,
        name,
        arn,
        status: ExpressStatus::Active,
        drain_remaining: 0,
        describes_until_public,
        endpoint: format!("zs-{}.ecs.{region}.on.aws", random_hex(8)),
        infrastructure_role_arn: infrastructure_role_arn.to_owned(),
        config,
        task_definition_arns: vec![task_definition_arn.clone()],
        task_definition_arn,
        service_revision_arn: String::new(),
        deployment_arn: String::new(),
        tags: body.get("tags").cloned().unwrap_or_else(|| json!([])),
        created_at: now,
        updated_at: now,
        revision_created_at: now,
        update_count: 0,
    };
    service.service_revision_arn = revision_arn(&service);
    service.deployment_arn = deployment_arn(&service);
    let answer = json!({ "service": description(&service, true) });
    state.express.push(service);
    ok(&answer)
}

/// The error for creating `name` in `cluster` while a same-named service is not INACTIVE.
#[allow(
    clippy::result_large_err,
    reason = "the error is the finished HTTP answer"
)]
fn refuse_existing(
    services: &[ExpressService],
    region: &str,
    cluster: &str,
    name: &str,
) -> Result<(), Response> {
    let existing = services
        .iter()
        .find(|s| s.region == region && s.cluster == cluster && s.name == name);
    match existing.map(|s| s.status) {
        Some(ExpressStatus::Active) => Err(ecs_error(
            "InvalidParameterException",
            format!(
                "Creation of service was not idempotent: service {name} already exists in cluster {cluster}."
            ),
        )),
        Some(ExpressStatus::Draining) => Err(ecs_error(
            "InvalidParameterException",
            "Unable to Start a service that is still Draining.",
        )),
        Some(ExpressStatus::Inactive) | None => Ok(()),
    }
}

fn describe(app: &App, body: &Map<String, Value>) -> Response {
    let Some(arn) = str_field(body, "serviceArn") else {
        return ecs_error("InvalidParameterException", "serviceArn is required");
    };
    let with_tags = body
        .get("include")
        .and_then(Value::as_array)
        .is_some_and(|include| include.iter().any(|v| v == "TAGS"));
    let mut state = app.state.lock();
    let Some(service) = state.express.iter_mut().find(|s| s.arn == arn) else {
        return ecs_error(
            "ResourceNotFoundException",
            format!("The specified service {arn} was not found."),
        );
    };
    service.poll_drain();
    let answer = json!({ "service": description(service, with_tags) });
    if service.status == ExpressStatus::Active && service.describes_until_public > 0 {
        service.describes_until_public -= 1;
    }
    ok(&answer)
}

/// Finds the service for update/delete, or the modelled error.
#[allow(
    clippy::result_large_err,
    reason = "the error is the finished HTTP answer"
)]
fn active_service<'a>(
    services: &'a mut [ExpressService],
    body: &Map<String, Value>,
) -> Result<&'a mut ExpressService, Response> {
    let Some(arn) = str_field(body, "serviceArn") else {
        return Err(ecs_error(
            "InvalidParameterException",
            "serviceArn is required",
        ));
    };
    let Some(service) = services.iter_mut().find(|s| s.arn == arn) else {
        return Err(ecs_error(
            "ServiceNotFoundException",
            format!("The specified service {arn} was not found."),
        ));
    };
    if service.status != ExpressStatus::Active {
        return Err(ecs_error(
            "ServiceNotActiveException",
            format!(
                "Service {arn} is not ACTIVE (it is {}).",
                service.status.as_str()
            ),
        ));
    }
    Ok(service)
}

async fn update(app: &App, scope: &Scope, body: &Map<String, Value>) -> Response {
    // Check and merge under the lock, register the revision without it, then commit.
    let (arn, merged, family) = {
        let mut state = app.state.lock();
        let service = match active_service(&mut state.express, body) {
            Ok(service) => service,
            Err(response) => return response,
        };
        let mut merged = service.config.clone();
        for key in CONFIG_FIELDS {
            let Some(value) = body.get(key) else { continue };
            match (key, merged.get_mut(key), value) {
                ("primaryContainer", Some(Value::Object(current)), Value::Object(given)) => {
                    for (field, v) in given {
                        current.insert(field.clone(), v.clone());
                    }
                }
                _ => {
                    merged.insert(key.to_owned(), value.clone());
                }
            }
        }
        if let Err(message) = validate_config(&merged, false) {
            return ecs_error("InvalidParameterException", message);
        }
        apply_defaults(&mut merged);
        (
            service.arn.clone(),
            merged,
            format!("{}-{}", service.cluster, service.name),
        )
    };
    let task_definition_arn = match str_field(body, "taskDefinitionArn") {
        Some(given) => given.to_owned(),
        None => {
            let request = task_definition_request(&scope.region, &family, &merged);
            match app.register_task_definition(scope, &request).await {
                Ok(arn) => arn,
                Err(message) => return ecs_error("ServerException", message),
            }
        }
    };
    let mut state = app.state.lock();
    let body_with_arn: Map<String, Value> = [("serviceArn".to_owned(), json!(arn))]
        .into_iter()
        .collect();
    let service = match active_service(&mut state.express, &body_with_arn) {
        Ok(service) => service,
        Err(response) => return response,
    };
    let now = now_epoch();
    service.config = merged;
    service.task_definition_arn = task_definition_arn.clone();
    service.task_definition_arns.push(task_definition_arn);
    service.service_revision_arn = revision_arn(service);
    service.deployment_arn = deployment_arn(service);
    service.revision_created_at = now;
    service.updated_at = now;
    service.update_count += 1;
    ok(&json!({
        "service": {
            "serviceArn": service.arn,
            "cluster": cluster_arn(&service.region, &service.cluster),
            "serviceName": service.name,
            "status": { "statusCode": service.status.as_str() },
            "targetConfiguration": configuration(service),
            "createdAt": service.created_at,
            "updatedAt": service.updated_at,
        }
    }))
}

fn delete(app: &App, body: &Map<String, Value>) -> Response {
    let mut state = app.state.lock();
    let drain_polls = state.options.express_drain_polls;
    let service = match active_service(&mut state.express, body) {
        Ok(service) => service,
        Err(response) => return response,
    };
    service.status = ExpressStatus::Draining;
    service.drain_remaining = drain_polls;
    service.updated_at = now_epoch();
    ok(&json!({ "service": description(service, false) }))
}

/// The name a `services` entry (name or ARN) refers to within `cluster`.
fn requested_name<'a>(entry: &'a str, cluster: &str) -> Option<&'a str> {
    match entry.split_once(":service/") {
        Some((_, rest)) => match rest.split_once('/') {
            Some((arn_cluster, name)) => (arn_cluster == cluster).then_some(name),
            None => Some(rest),
        },
        None => Some(entry),
    }
}

/// A classic `Service` for an Express service.
fn classic_service(service: &ExpressService) -> Value {
    let running = u32::from(service.status == ExpressStatus::Active);
    json!({
        "serviceArn": service.arn,
        "serviceName": service.name,
        "clusterArn": cluster_arn(&service.region, &service.cluster),
        "status": service.status.as_str(),
        "desiredCount": running,
        "runningCount": running,
        "pendingCount": 0,
        "launchType": "FARGATE",
        "platformVersion": "LATEST",
        "taskDefinition": service.task_definition_arn,
        "schedulingStrategy": "REPLICA",
        "deploymentController": { "type": "ECS" },
        "createdAt": service.created_at,
        "createdBy": service.infrastructure_role_arn,
        "deployments": [],
        "events": [],
    })
}

async fn describe_services(
    app: &App,
    scope: &Scope,
    body: &Map<String, Value>,
) -> Option<Response> {
    let cluster = cluster_name(str_field(body, "cluster").unwrap_or("default")).to_owned();
    let entries: Vec<String> = body
        .get("services")?
        .as_array()?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let (ours, theirs): (Vec<Value>, Vec<String>) = {
        let mut state = app.state.lock();
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for entry in entries {
            let found = requested_name(&entry, &cluster).and_then(|name| {
                state
                    .express
                    .iter_mut()
                    .find(|s| s.region == scope.region && s.cluster == cluster && s.name == name)
            });
            match found {
                Some(service) => {
                    service.poll_drain();
                    ours.push(classic_service(service));
                }
                None => theirs.push(entry),
            }
        }
        (ours, theirs)
    };
    if ours.is_empty() {
        return None;
    }
    if theirs.is_empty() {
        return Some(ok(&json!({ "services": ours, "failures": [] })));
    }
    let mut rest = body.clone();
    rest.insert("services".into(), json!(theirs));
    let (status, mut reply) = match app
        .moto_ecs(scope, "DescribeServices", &Value::Object(rest))
        .await
    {
        Ok(answer) => answer,
        Err(message) => return Some(ecs_error("ServerException", message)),
    };
    if !status.is_success() {
        return Some(json_response(status, CONTENT_TYPE, &reply));
    }
    let mut services = reply["services"].as_array().cloned().unwrap_or_default();
    services.extend(ours);
    reply["services"] = json!(services);
    Some(ok(&reply))
}

async fn list_services(app: &App, scope: &Scope, body: &Map<String, Value>) -> Option<Response> {
    let cluster = cluster_name(str_field(body, "cluster").unwrap_or("default")).to_owned();
    let ours: Vec<String> = app
        .state
        .lock()
        .express
        .iter()
        .filter(|s| {
            s.region == scope.region && s.cluster == cluster && s.status == ExpressStatus::Active
        })
        .map(|s| s.arn.clone())
        .collect();
    if ours.is_empty() {
        return None;
    }
    let (status, mut reply) = match app
        .moto_ecs(scope, "ListServices", &Value::Object(body.clone()))
        .await
    {
        Ok(answer) => answer,
        Err(message) => return Some(ecs_error("ServerException", message)),
    };
    if !status.is_success() {
        return Some(json_response(status, CONTENT_TYPE, &reply));
    }
    if reply["nextToken"].is_null() {
        let mut arns = reply["serviceArns"].as_array().cloned().unwrap_or_default();
        arns.extend(ours.into_iter().map(Value::String));
        reply["serviceArns"] = json!(arns);
    }
    Some(ok(&reply))
}

fn delete_cluster(app: &App, scope: &Scope, body: &Map<String, Value>) -> Option<Response> {
    let cluster = cluster_name(str_field(body, "cluster")?).to_owned();
    let mut state = app.state.lock();
    let mut busy = false;
    for service in state
        .express
        .iter_mut()
        .filter(|s| s.region == scope.region && s.cluster == cluster)
    {
        service.poll_drain();
        busy |= service.status != ExpressStatus::Inactive;
    }
    busy.then(|| {
        ecs_error(
            "ClusterContainsServicesException",
            "The Cluster cannot be deleted while Services are active.",
        )
    })
}
