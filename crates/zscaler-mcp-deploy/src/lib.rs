//! `zscaler-mcp-deploy`: deploys zscaler-mcp to AWS — AgentCore Harness in front of the server
//! on ECS Express (`ecs`) or on AgentCore Runtime behind an AgentCore Gateway (`gateway`), or
//! the server alone on AgentCore Runtime (`runtime`).
//!
//! The AWS SDK's control-plane crates live here and only here, so the server binary stays small.

pub mod agentcore;
pub mod aws;
pub mod cli;
pub mod cognito;
pub mod deploy;
pub mod destroy;
pub mod ecs;
pub mod error;
pub mod iam;
pub mod image;
pub mod invoke;
pub mod logs;
pub mod plan;
pub mod policy;
pub mod secret;
pub mod settings;
pub mod state;
pub mod status;
pub mod ui;

use std::path::Path;

use serde_json::Value;

use crate::cli::{Action, AwsArgs, Cli, Common, Output, Platform};
use crate::error::{DeployError, Result};
use crate::plan::Plan;
use crate::policy::Scope;
use crate::settings::{Lookup, Prompter};
use crate::state::StateFile;
use crate::ui::Ui;

pub async fn run(cli: Cli) -> Result<()> {
    match cli.platform {
        Platform::Aws(args) => run_aws(args).await,
    }
}

fn print_json(value: &Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

fn load_lookup(common: &Common) -> Result<Lookup> {
    match &common.env_file {
        Some(path) => Lookup::load(path, true),
        None => Lookup::load(Path::new(".env"), false),
    }
}

async fn run_aws(args: AwsArgs) -> Result<()> {
    let common = args.common;
    let ui = Ui::new(common.output);
    let lookup = load_lookup(&common)?;
    let prompter = Prompter::new(common.non_interactive);
    let file = StateFile::new(&common.state_file);
    match args.action {
        Action::Deploy(deploy_args) => {
            let connected = aws::connect(&common, &lookup, None).await;
            let (aws, scope) = match connected {
                Ok(aws) => {
                    let scope = aws.scope.clone();
                    (Some(aws), scope)
                }
                // A dry run shows the plan even without credentials, with a placeholder account.
                Err(DeployError::Credentials(why)) if deploy_args.dry_run => {
                    ui.warn(format!(
                        "no AWS identity ({}); the plan shows account 123456789012",
                        why.lines().next().unwrap_or("")
                    ));
                    let region = common
                        .region
                        .clone()
                        .or_else(|| lookup.get("AWS_REGION"))
                        .or_else(|| lookup.get("AWS_DEFAULT_REGION"))
                        .ok_or_else(|| DeployError::settings("no AWS region: pass --region"))?;
                    (
                        None,
                        Scope {
                            region,
                            account: "123456789012".into(),
                        },
                    )
                }
                Err(e) => return Err(e),
            };
            let mut plan = Plan::resolve(&deploy_args, &lookup, prompter, scope)?;
            let skip_image_check =
                lookup.flag_bool(deploy_args.skip_image_check, "SKIP_IMAGE_CHECK")?;
            if !skip_image_check && plan.image.is_some() {
                let step = ui.step("Image platforms");
                match image::check(&mut plan, aws.as_ref()).await {
                    Ok(()) => match &plan.image_check {
                        Some(found @ image::ImageCheck::Platforms(_)) => {
                            step.done(&found.describe());
                        }
                        // The reason is among the plan's warnings.
                        _ => step.skipped("could not read them"),
                    },
                    Err(e) => {
                        step.failed("the image cannot run there");
                        return Err(e);
                    }
                }
            }
            if deploy_args.dry_run {
                let described = plan.describe();
                match common.output {
                    Output::Json => print_json(&described),
                    Output::Text => print_plan(&ui, &described),
                }
                return Ok(());
            }
            let aws = aws.ok_or_else(|| DeployError::Credentials("no AWS identity".into()))?;
            let deployer = deploy::Deployer {
                aws: &aws,
                ui,
                prompter,
                file: &file,
            };
            let (state, rows) = deployer.run(plan).await?;
            match common.output {
                Output::Json => print_json(&deploy::summary_json(&state, &rows)),
                Output::Text => {
                    let rows: Vec<(&str, String)> =
                        rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                    ui.summary("Deployment summary", &rows);
                    let region = &state.region;
                    println!("\nNext:");
                    println!("  zscaler-mcp-deploy aws status --region {region}");
                    println!("  zscaler-mcp-deploy aws logs --region {region}");
                    if state.harness.is_some() {
                        println!(
                            "  zscaler-mcp-deploy aws invoke \"list my ZPA segment groups\" --region {region}"
                        );
                    }
                    println!("  zscaler-mcp-deploy aws destroy --region {region}");
                }
            }
            Ok(())
        }
        Action::Status => {
            let state = file.require()?;
            let aws = aws::connect(&common, &lookup, Some(&state.region)).await?;
            let status = status::collect(&aws, &state).await?;
            match common.output {
                Output::Json => print_json(&status),
                Output::Text => {
                    let rows = status::rows(&status);
                    let rows: Vec<(&str, String)> =
                        rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                    ui.summary("Status", &rows);
                }
            }
            Ok(())
        }
        Action::Logs(logs_args) => {
            let state = file.require()?;
            let aws = aws::connect(&common, &lookup, Some(&state.region)).await?;
            let groups = logs::groups(&aws, &state, logs_args.source).await?;
            if groups.is_empty() {
                ui.warn("no log groups yet: the harness's appears after its first invocation");
            }
            let mut start = logs::start_ms(&logs_args)?;
            loop {
                let events = logs::fetch(&aws, &groups, start, logs_args.limit).await?;
                for event in &events {
                    match common.output {
                        Output::Json => println!(
                            "{}",
                            serde_json::json!({"timestamp": event.timestamp, "group": event.group, "stream": event.stream, "message": event.message})
                        ),
                        Output::Text => {
                            let when = aws_smithy_time(event.timestamp);
                            println!(
                                "{when} {} {}",
                                event.group.rsplit('/').next().unwrap_or(&event.group),
                                event.message
                            );
                        }
                    }
                    start = start.max(event.timestamp + 1);
                }
                if !logs_args.follow {
                    return Ok(());
                }
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => return Ok(()),
                    _ = aws.pace.pause(std::time::Duration::from_secs(5)) => {}
                }
            }
        }
        Action::Invoke(invoke_args) => {
            let state = file.require()?;
            let aws = aws::connect(&common, &lookup, Some(&state.region)).await?;
            let mut stdout = std::io::stdout();
            let echo: Option<&mut dyn std::io::Write> = match common.output {
                Output::Text => Some(&mut stdout),
                Output::Json => None,
            };
            let answer = invoke::invoke(
                &aws,
                &state,
                &invoke_args.message,
                invoke_args.session_id,
                echo,
            )
            .await?;
            match common.output {
                Output::Json => print_json(&answer.to_json()),
                Output::Text => {
                    let reason = answer.stop_reason.as_deref().unwrap_or("(none)");
                    eprintln!("stop reason: {reason}");
                    if let Some((i, o, t)) = answer.usage {
                        eprintln!("tokens: {i} in, {o} out, {t} total");
                    }
                    eprintln!("session: {} (--session-id to continue)", answer.session_id);
                    if reason == "max_iterations_exceeded" {
                        ui.warn("the agent loop hit its iteration cap: deploy again with a larger --max-iterations");
                    }
                }
            }
            Ok(())
        }
        Action::Destroy(destroy_args) => {
            let state = file.require()?;
            let (deletions, kept) = destroy::plan(&state, &destroy_args);
            if destroy_args.dry_run {
                match common.output {
                    Output::Json => print_json(&serde_json::json!({
                        "would_delete": deletions.iter().map(destroy::Deletion::describe).collect::<Vec<_>>(),
                        "would_keep": kept,
                    })),
                    Output::Text => {
                        println!("Would delete, in this order:");
                        for d in &deletions {
                            println!("  {}", d.describe());
                        }
                    }
                }
                return Ok(());
            }
            let aws = aws::connect(&common, &lookup, Some(&state.region)).await?;
            if !destroy_args.yes {
                for d in &deletions {
                    ui.info(d.describe());
                }
                if !prompter.confirm(
                    &format!("Delete these {} resources?", deletions.len()),
                    false,
                )? {
                    return Err(DeployError::Declined);
                }
            }
            let report = destroy::run(&aws, ui, &file, &deletions, kept).await?;
            match common.output {
                Output::Json => print_json(&report),
                Output::Text => println!("Destroyed ({} resources).", deletions.len()),
            }
            Ok(())
        }
    }
}

fn aws_smithy_time(ms: i64) -> String {
    aws_sdk_cloudwatchlogs::primitives::DateTime::from_millis(ms)
        .fmt(aws_sdk_cloudwatchlogs::primitives::DateTimeFormat::DateTime)
        .unwrap_or_else(|_| ms.to_string())
}

/// The dry-run plan for people: resources, role documents, container environment.
fn print_plan(ui: &Ui, plan: &Value) {
    println!(
        "{}",
        ui.heading(&format!(
            "Plan: {} topology in {} (account {})",
            plan["topology"].as_str().unwrap_or(""),
            plan["region"].as_str().unwrap_or(""),
            plan["account"].as_str().unwrap_or("")
        ))
    );
    if let Some(image) = plan["image"].as_str() {
        match plan["image_platforms"].as_str() {
            Some(platforms) => println!("image: {image} ({platforms})"),
            None => println!("image: {image}"),
        }
    }
    if let Some(url) = plan["mcp_url"].as_str() {
        println!("MCP URL: {url} (yours)");
    }
    println!("\nResources:");
    for r in plan["resources"].as_array().into_iter().flatten() {
        println!(
            "  {:<30} {:<40} {}",
            r["kind"].as_str().unwrap_or(""),
            r["name"].as_str().unwrap_or(""),
            r["detail"].as_str().unwrap_or("")
        );
    }
    for role in plan["iam_roles"].as_array().into_iter().flatten() {
        println!("\nIAM role {}", role["name"].as_str().unwrap_or(""));
        println!(
            "  trust: {}",
            serde_json::to_string_pretty(&role["trust"])
                .unwrap_or_default()
                .replace('\n', "\n  ")
        );
        for managed in role["managed_policies"].as_array().into_iter().flatten() {
            println!("  managed policy: {}", managed.as_str().unwrap_or(""));
        }
        for inline in role["inline_policies"].as_array().into_iter().flatten() {
            println!(
                "  inline policy {}: {}",
                inline["name"].as_str().unwrap_or(""),
                serde_json::to_string_pretty(&inline["document"])
                    .unwrap_or_default()
                    .replace('\n', "\n  ")
            );
        }
    }
    if let Some(env) = plan["container_environment"]
        .as_object()
        .filter(|e| !e.is_empty())
    {
        println!("\nContainer environment:");
        for (k, v) in env {
            println!("  {k}={}", v.as_str().unwrap_or(""));
        }
    }
    for w in plan["warnings"].as_array().into_iter().flatten() {
        ui.warn(w.as_str().unwrap_or(""));
    }
}
