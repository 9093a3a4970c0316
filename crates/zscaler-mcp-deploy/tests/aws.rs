//! The deploy CLI end to end: the real binary against a real moto server, with
//! `zscaler-aws-fake` answering the operations moto lacks (ECS Express, Harness, Token Vault
//! providers, InvokeHarness) and forwarding the rest to moto.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;
use zscaler_aws_fake::{FakeAws, FakeOptions, Moto};

struct World {
    _moto: Moto,
    fake: FakeAws,
    /// The default image of every run: on the fake's registry, built for amd64 and arm64.
    image: String,
    dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
}

const CREDENTIALS: &str = "ZSCALER_CLIENT_ID=client-1\nZSCALER_CLIENT_SECRET=s3cret-value-1\n\
ZSCALER_VANITY_DOMAIN=acme\nZSCALER_CUSTOMER_ID=7777\nAWS_REGION=us-east-1\n";
const RUNTIME_IMAGE: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com/zscaler-mcp:0.1.0";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
    fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "exit {}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }
}

impl World {
    fn new(options: FakeOptions) -> World {
        // Real accounts have the AWS managed policies the ECS roles attach.
        let moto = Moto::start(&[("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")]);
        let fake = FakeAws::start(&moto.url, options);
        fake.push_image("zscaler/zscaler-mcp", "1", &["linux/amd64", "linux/arm64"]);
        // What RUNTIME_IMAGE names, reached through ECR's GetAuthorizationToken.
        fake.push_image("zscaler-mcp", "0.1.0", &["linux/arm64/v8"]);
        let image = fake.image_ref("zscaler/zscaler-mcp", "1");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".env"), CREDENTIALS).unwrap();
        World {
            _moto: moto,
            fake,
            image,
            dir,
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
        }
    }

    fn state_path(&self) -> PathBuf {
        self.dir.path().join(".aws-harness-state.json")
    }

    fn state(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.state_path()).unwrap()).unwrap()
    }

    /// `zscaler-mcp-deploy aws <args> --non-interactive`, in the world's directory.
    fn run(&self, args: &[&str]) -> Run {
        let out: Output = Command::new(env!("CARGO_BIN_EXE_zscaler-mcp-deploy"))
            .arg("aws")
            .args(args)
            .arg("--non-interactive")
            .current_dir(self.dir.path())
            .env("AWS_ENDPOINT_URL", &self.fake.url)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_MAX_ATTEMPTS", "1")
            .env("AWS_CONFIG_FILE", "/nonexistent")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("ZSCALER_MCP_DEPLOY_POLL_MS", "10")
            .env("ZSCALER_MCP_IMAGE_URI", &self.image)
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_REGION")
            .env_remove("AWS_DEFAULT_REGION")
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("ZSCALER_CLIENT_ID")
            .env_remove("ZSCALER_CLIENT_SECRET")
            .env_remove("ZSCALER_SECRET_NAME")
            .output()
            .expect("run zscaler-mcp-deploy");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn config(&self) -> aws_config::SdkConfig {
        self.runtime.block_on(
            aws_config::defaults(aws_config::BehaviorVersion::latest())
                .endpoint_url(&self.fake.url)
                .region(aws_config::Region::new("us-east-1"))
                .test_credentials()
                .load(),
        )
    }

    fn iam(&self) -> aws_sdk_iam::Client {
        aws_sdk_iam::Client::new(&self.config())
    }

    fn role_names(&self) -> Vec<String> {
        let out = self
            .runtime
            .block_on(self.iam().list_roles().send())
            .unwrap();
        out.roles()
            .iter()
            .map(|r| r.role_name().to_owned())
            .collect()
    }

    fn inline_policy(&self, role: &str, policy: &str) -> Value {
        let out = self
            .runtime
            .block_on(
                self.iam()
                    .get_role_policy()
                    .role_name(role)
                    .policy_name(policy)
                    .send(),
            )
            .unwrap();
        let text = out.policy_document();
        let decoded = percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned();
        serde_json::from_str(&decoded).unwrap_or_else(|_| serde_json::from_str(text).unwrap())
    }

    fn secret(&self, id: &str) -> Option<(String, bool)> {
        let client = aws_sdk_secretsmanager::Client::new(&self.config());
        let described = self
            .runtime
            .block_on(client.describe_secret().secret_id(id).send())
            .ok()?;
        let value = self
            .runtime
            .block_on(client.get_secret_value().secret_id(id).send())
            .ok()
            .and_then(|v| v.secret_string().map(str::to_owned))
            .unwrap_or_default();
        Some((value, described.deleted_date().is_some()))
    }

    fn clusters(&self) -> Vec<(String, String, bool)> {
        let client = aws_sdk_ecs::Client::new(&self.config());
        let arns = self
            .runtime
            .block_on(client.list_clusters().send())
            .unwrap();
        if arns.cluster_arns().is_empty() {
            return vec![];
        }
        let out = self
            .runtime
            .block_on(
                client
                    .describe_clusters()
                    .set_clusters(Some(arns.cluster_arns().to_vec()))
                    .include(aws_sdk_ecs::types::ClusterField::Tags)
                    .send(),
            )
            .unwrap();
        out.clusters()
            .iter()
            .filter(|c| c.status() == Some("ACTIVE"))
            .map(|c| {
                (
                    c.cluster_name().unwrap_or_default().to_owned(),
                    c.status().unwrap_or_default().to_owned(),
                    c.tags().iter().any(|t| t.key() == Some("managed-by")),
                )
            })
            .collect()
    }

    fn active_task_definitions(&self, family: &str) -> usize {
        let client = aws_sdk_ecs::Client::new(&self.config());
        let out = self
            .runtime
            .block_on(
                client
                    .list_task_definitions()
                    .family_prefix(family)
                    .status(aws_sdk_ecs::types::TaskDefinitionStatus::Active)
                    .send(),
            )
            .unwrap();
        out.task_definition_arns().len()
    }

    /// The registry requests the fake saw: (path, auth kind, status).
    fn registry_requests(&self) -> Vec<(String, String, u64)> {
        self.fake.state()["registryRequests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["path"].as_str().unwrap().to_owned(),
                    r["auth"].as_str().unwrap().to_owned(),
                    r["status"].as_u64().unwrap(),
                )
            })
            .collect()
    }

    fn express(&self) -> Value {
        self.fake.state()["expressServices"][0].clone()
    }
}

fn env_of(service: &Value) -> Vec<(String, String)> {
    service["environment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kv| {
            (
                kv["name"].as_str().unwrap().to_owned(),
                kv["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn env_value(service: &Value, key: &str) -> Option<String> {
    env_of(service)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

#[test]
fn ecs_topology_deploys_invokes_redeploys_and_destroys() {
    let w = World::new(FakeOptions {
        express_polls_until_public: 3,
        ..FakeOptions::default()
    });

    let deployed = w.run(&["deploy", "--output", "json"]).ok().json();
    let url = deployed["summary"]["MCP URL"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with("https://") && url.ends_with(".on.aws/mcp"),
        "{url}"
    );
    // The image's platforms were read the way ghcr.io serves a public image: a 401 naming the
    // token realm, an anonymous token, then the index. Two architectures: ECS's default stays.
    let registry = w.registry_requests();
    let manifest = "/v2/zscaler/zscaler-mcp/manifests/1";
    assert_eq!(
        registry[..3],
        [
            (manifest.to_owned(), "none".to_owned(), 401),
            ("/registry/token".to_owned(), "none".to_owned(), 200),
            (manifest.to_owned(), "bearer".to_owned(), 200),
        ]
    );
    assert_eq!(w.express()["cpuArchitecture"], "X86_64");

    // The container gets the secret's name, never the credentials, and accepts its public name.
    let service = w.express();
    let host = service["endpoint"].as_str().unwrap();
    assert_eq!(url, format!("https://{host}/mcp"));
    assert_eq!(service["healthCheckPath"], "/health");
    assert_eq!(service["containerPort"], 8000);
    assert_eq!(
        env_value(&service, "ZSCALER_SECRET_NAME").as_deref(),
        Some("zscaler-mcp-harness/credentials")
    );
    assert_eq!(
        env_value(&service, "ZSCALER_MCP_AUTH_MODE").as_deref(),
        Some("zscaler")
    );
    assert_eq!(
        env_value(&service, "ZSCALER_MCP_ALLOWED_HOSTS").unwrap(),
        format!("{host},127.0.0.1:*,localhost:*")
    );
    assert!(
        env_of(&service).iter().all(|(_, v)| !v.contains("s3cret")),
        "{service}"
    );
    assert!(
        service["taskRoleArn"]
            .as_str()
            .unwrap()
            .ends_with("role/zscaler-mcp-ecs-task-role")
    );

    let (secret, scheduled) = w
        .secret("zscaler-mcp-harness/credentials")
        .expect("the secret exists");
    let secret: Value = serde_json::from_str(&secret).unwrap();
    assert_eq!(secret["ZSCALER_CLIENT_SECRET"], "s3cret-value-1");
    assert_eq!(secret["ZSCALER_VANITY_DOMAIN"], "acme");
    assert!(!scheduled);

    // The harness calls the URL with the Basic header the Token Vault holds.
    let fake = w.fake.state();
    let provider = &fake["credentialProviders"][0];
    assert_eq!(provider["name"], "zscaler-mcp-creds");
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode("client-1:s3cret-value-1");
    assert_eq!(provider["apiKey"], format!("Basic {basic}"));
    let harness = &fake["harnesses"][0];
    assert_eq!(harness["harnessName"], "zscaler_mcp_harness");
    let tool = &harness["request"]["tools"][0];
    assert_eq!(tool["type"], "remote_mcp");
    assert_eq!(tool["config"]["remoteMcp"]["url"], url.as_str());
    assert_eq!(
        tool["config"]["remoteMcp"]["headers"]["Authorization"],
        format!("${{{}}}", provider["arn"].as_str().unwrap())
    );

    // Every grant the harness needs is on its role.
    let policy = w.inline_policy("zscaler-mcp-harness-execution-role", "HarnessInline");
    let text = policy.to_string();
    for needed in [
        "ecr-public:GetAuthorizationToken",
        "sts:GetServiceBearerToken",
        "bedrock-agentcore:GetResourceApiKey",
        "token-vault/default/apikeycredentialprovider/zscaler-mcp-creds",
    ] {
        assert!(text.contains(needed), "missing {needed}: {text}");
    }
    assert!(
        w.clusters()
            .iter()
            .any(|(name, _, tagged)| name == "zscaler-mcp" && *tagged)
    );
    let state = w.state();
    assert_eq!(state["topology"], "ecs");
    assert_eq!(state["harness"]["name"], "zscaler_mcp_harness");

    // status and invoke read the state file.
    let status = w.run(&["status", "--output", "json"]).ok().json();
    assert_eq!(status["harness"]["status"], "READY");
    assert_eq!(status["ecs"]["status"], "ACTIVE");
    assert_eq!(status["ecs"]["endpoint"], url.as_str());
    let answer = w
        .run(&["invoke", "list my segment groups", "--output", "json"])
        .ok()
        .json();
    assert_eq!(
        answer["text"],
        "Fake harness zscaler_mcp_harness heard: list my segment groups"
    );
    assert_eq!(answer["stop_reason"], "end_turn");
    assert!(answer["usage"]["total_tokens"].as_i64().unwrap() > 0);
    assert!(answer["session_id"].as_str().unwrap().len() >= 33);
    let text = w.run(&["invoke", "hello"]).ok();
    assert!(
        text.stdout
            .contains("Fake harness zscaler_mcp_harness heard: hello"),
        "{}",
        text.stdout
    );
    assert!(
        text.stderr.contains("stop reason: end_turn"),
        "{}",
        text.stderr
    );

    // logs reads the container's group (the harness's appears only after real invocations).
    let logs_client = aws_sdk_cloudwatchlogs::Client::new(&w.config());
    w.runtime.block_on(async {
        logs_client
            .create_log_stream()
            .log_group_name("/ecs/zscaler-mcp")
            .log_stream_name("mcp/Main/1")
            .send()
            .await
            .unwrap();
        let event = aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
            .timestamp(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_millis() as i64,
            )
            .message("zscaler-mcp listening on http://0.0.0.0:8000/mcp")
            .build()
            .unwrap();
        logs_client
            .put_log_events()
            .log_group_name("/ecs/zscaler-mcp")
            .log_stream_name("mcp/Main/1")
            .log_events(event)
            .send()
            .await
            .unwrap();
    });
    let logs = w
        .run(&[
            "logs",
            "--source",
            "container",
            "--since",
            "10m",
            "--output",
            "json",
        ])
        .ok();
    let line: Value = serde_json::from_str(logs.stdout.lines().next().expect("one event")).unwrap();
    assert_eq!(line["group"], "/ecs/zscaler-mcp");
    assert_eq!(
        line["message"],
        "zscaler-mcp listening on http://0.0.0.0:8000/mcp"
    );
    assert_eq!(w.run(&["logs", "--since", "2w"]).code, 2);

    // Deploying again changes nothing; a new image is a rolling update, not a re-create.
    let updates = w.express()["updateCount"].as_u64().unwrap();
    let again = w.run(&["deploy", "--existing-cluster", "reuse"]).ok();
    assert!(again.stderr.contains("up to date"), "{}", again.stderr);
    assert_eq!(w.express()["updateCount"].as_u64().unwrap(), updates);
    // An arm64-only image moves the task to ARM64 with it.
    w.fake.push_image("acme/zscaler-mcp", "9", &["linux/arm64"]);
    let arm_image = w.fake.image_ref("acme/zscaler-mcp", "9");
    let rolled = w
        .run(&[
            "deploy",
            "--existing-cluster",
            "reuse",
            "--image-uri",
            &arm_image,
        ])
        .ok();
    assert!(rolled.stderr.contains("drift: image:"), "{}", rolled.stderr);
    assert!(
        rolled
            .stderr
            .contains("drift: cpuArchitecture: X86_64 → ARM64"),
        "{}",
        rolled.stderr
    );
    assert_eq!(w.express()["image"], arm_image.as_str());
    assert_eq!(w.express()["cpuArchitecture"], "ARM64");
    assert_eq!(w.express()["updateCount"].as_u64().unwrap(), updates + 1);
    assert_eq!(
        w.fake.state()["expressServices"].as_array().unwrap().len(),
        1
    );

    // destroy removes everything, revisions included; a second destroy has nothing to do.
    assert!(w.active_task_definitions("zscaler-mcp-zscaler-mcp-server") >= 2);
    w.run(&["destroy", "--yes", "--output", "json"]).ok();
    assert!(!w.state_path().exists());
    assert_eq!(w.express()["status"], "INACTIVE");
    assert_eq!(
        w.active_task_definitions("zscaler-mcp-zscaler-mcp-server"),
        0
    );
    assert!(w.clusters().is_empty(), "{:?}", w.clusters());
    assert!(w.role_names().is_empty(), "{:?}", w.role_names());
    assert!(w.fake.state()["harnesses"].as_array().unwrap().is_empty());
    assert!(
        w.fake.state()["credentialProviders"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let (_, scheduled) = w
        .secret("zscaler-mcp-harness/credentials")
        .expect("kept for the recovery window");
    assert!(scheduled, "destroy schedules the secret for deletion");
    assert_eq!(w.run(&["destroy", "--yes"]).code, 5);

    // Deploying after that restores the scheduled secret instead of failing on its name.
    let redeployed = w.run(&["deploy"]).ok();
    assert!(
        redeployed.stderr.contains("restored"),
        "{}",
        redeployed.stderr
    );
    let (_, scheduled) = w.secret("zscaler-mcp-harness/credentials").unwrap();
    assert!(!scheduled);
    w.run(&["destroy", "--yes", "--force-secret-delete"]).ok();
    assert!(w.secret("zscaler-mcp-harness/credentials").is_none());
}

#[test]
fn a_secret_of_the_users_is_read_never_written_or_deleted() {
    let w = World::new(FakeOptions::default());
    std::fs::write(w.dir.path().join(".env"), "AWS_REGION=us-east-1\n").unwrap();
    let client = aws_sdk_secretsmanager::Client::new(&w.config());
    let value = r#"{"ZSCALER_CLIENT_ID":"byo-id","ZSCALER_CLIENT_SECRET":"byo-secret","ZSCALER_VANITY_DOMAIN":"acme"}"#;
    w.runtime
        .block_on(
            client
                .create_secret()
                .name("team/zscaler")
                .secret_string(value)
                .send(),
        )
        .unwrap();

    w.run(&["deploy", "--secret-name", "team/zscaler"]).ok();
    assert_eq!(
        env_value(&w.express(), "ZSCALER_SECRET_NAME").as_deref(),
        Some("team/zscaler")
    );
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode("byo-id:byo-secret");
    assert_eq!(
        w.fake.state()["credentialProviders"][0]["apiKey"],
        format!("Basic {basic}")
    );
    assert_eq!(
        w.state()["secret"]["zscaler_secret_managed_externally"],
        true
    );

    w.run(&["destroy", "--yes", "--force-secret-delete"]).ok();
    let (kept, scheduled) = w
        .secret("team/zscaler")
        .expect("the user's secret survives destroy");
    assert_eq!(kept, value);
    assert!(!scheduled);
}

#[test]
fn a_cluster_deploy_did_not_create_is_kept_and_a_draining_service_blocks_until_told() {
    let w = World::new(FakeOptions {
        express_drain_polls: 100,
        ..FakeOptions::default()
    });
    let ecs = aws_sdk_ecs::Client::new(&w.config());
    w.runtime
        .block_on(ecs.create_cluster().cluster_name("shared").send())
        .unwrap();

    w.run(&["deploy", "--ecs-cluster-name", "shared"]).ok();
    let destroyed = w.run(&["destroy", "--yes"]).ok();
    assert!(
        destroyed.stderr.contains("not created by this tool"),
        "{}",
        destroyed.stderr
    );
    assert!(
        w.clusters()
            .iter()
            .any(|(name, _, tagged)| name == "shared" && !tagged)
    );
    assert_eq!(w.express()["status"], "DRAINING");

    // Without a terminal the choice must be given; the message names every way out.
    let blocked = w.run(&["deploy", "--ecs-cluster-name", "shared"]);
    assert_eq!(blocked.code, 7, "{}", blocked.stderr);
    assert!(blocked.stderr.contains("DRAINING"), "{}", blocked.stderr);
    assert!(
        blocked.stderr.contains("--existing-cluster new"),
        "{}",
        blocked.stderr
    );

    // A fresh cluster beside it unblocks at once.
    w.run(&[
        "deploy",
        "--ecs-cluster-name",
        "shared",
        "--existing-cluster",
        "new",
    ])
    .ok();
    let cluster = w.state()["ecs"]["cluster"].as_str().unwrap().to_owned();
    assert!(
        cluster.starts_with("shared-") && cluster.len() == "shared-".len() + 6,
        "{cluster}"
    );
    w.run(&["destroy", "--yes", "--force-secret-delete"]).ok();
    assert!(!w.clusters().iter().any(|(name, _, _)| *name == cluster));
}

#[test]
fn bad_settings_are_refused_before_any_aws_call() {
    let w = World::new(FakeOptions::default());
    let hyphen = w.run(&["deploy", "--harness-name", "zscaler-mcp-harness"]);
    assert_eq!(hyphen.code, 2);
    assert!(hyphen.stderr.contains("hyphens"), "{}", hyphen.stderr);
    let http = w.run(&["deploy", "--mcp-url", "http://example.com/mcp"]);
    assert_eq!(http.code, 2);
    assert!(http.stderr.contains("HTTPS"), "{}", http.stderr);
    let elsewhere = w.run(&[
        "deploy",
        "--topology",
        "gateway",
        "--image-uri",
        "709825985650.dkr.ecr.eu-west-1.amazonaws.com/zscaler/zscaler-mcp:1",
    ]);
    assert_eq!(elsewhere.code, 7, "{}", elsewhere.stderr);
    assert!(
        elsewhere.stderr.contains(
            "docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/zscaler/zscaler-mcp:1"
        ),
        "{}",
        elsewhere.stderr
    );
    // An image AgentCore cannot run is refused before anything is created: the ECR image is
    // read with the Basic login GetAuthorizationToken gives, at the endpoint it names.
    w.fake.push_image("zscaler-mcp", "amd64", &["linux/amd64"]);
    let amd64 = w.run(&[
        "deploy",
        "--topology",
        "runtime",
        "--image-uri",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/zscaler-mcp:amd64",
    ]);
    assert_eq!(amd64.code, 7, "{}", amd64.stderr);
    assert!(
        amd64.stderr.contains("built for linux/amd64")
            && amd64.stderr.contains("runs only linux/arm64")
            && amd64
                .stderr
                .contains("docker buildx build --platform linux/arm64"),
        "{}",
        amd64.stderr
    );
    assert!(w.registry_requests().iter().any(|(path, auth, status)| path
        == "/v2/zscaler-mcp/manifests/amd64"
        && auth == "basic"
        && *status == 200));
    // ECS: an architecture the image lacks is refused, naming the one it has.
    let amd64_image = w.fake.image_ref("zscaler-mcp", "amd64");
    let wrong = w.run(&[
        "deploy",
        "--cpu-architecture",
        "arm64",
        "--image-uri",
        &amd64_image,
    ]);
    assert_eq!(wrong.code, 7, "{}", wrong.stderr);
    assert!(
        wrong.stderr.contains("not linux/arm64")
            && wrong.stderr.contains("--cpu-architecture x86_64"),
        "{}",
        wrong.stderr
    );

    std::fs::write(w.dir.path().join(".env"), "AWS_REGION=us-east-1\n").unwrap();
    let missing = w.run(&["deploy"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("--client-id") && missing.stderr.contains("ZSCALER_CLIENT_ID"),
        "{}",
        missing.stderr
    );
    assert!(w.role_names().is_empty());
    assert!(!w.state_path().exists());
    assert_eq!(w.run(&["status"]).code, 5);
}

#[test]
fn dry_run_prints_every_policy_and_masks_secrets() {
    let w = World::new(FakeOptions::default());
    let plan = w
        .run(&[
            "deploy",
            "--dry-run",
            "--no-secrets-manager",
            "--output",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(plan["topology"], "ecs");
    let env = &plan["container_environment"];
    assert_eq!(env["ZSCALER_CLIENT_ID"], "client-1");
    assert_eq!(env["ZSCALER_CLIENT_SECRET"], "s3…(masked)");
    assert!(!plan.to_string().contains("s3cret-value-1"));
    let roles: Vec<&str> = plan["iam_roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        vec![
            "zscaler-mcp-ecs-task-execution-role",
            "zscaler-mcp-ecs-infrastructure-role",
            "zscaler-mcp-ecs-task-role",
            "zscaler-mcp-harness-execution-role"
        ]
    );
    assert!(
        plan["warnings"][0]
            .as_str()
            .unwrap()
            .contains("--no-secrets-manager")
    );
    assert!(w.role_names().is_empty(), "a dry run creates nothing");
    assert_eq!(plan["image_platforms"], "linux/amd64, linux/arm64");

    // An image the registry does not have is a warning (the deploy would go on), and the
    // check can be skipped altogether.
    let missing_image = w.fake.image_ref("zscaler/zscaler-mcp", "nope");
    let unread = w
        .run(&[
            "deploy",
            "--dry-run",
            "--output",
            "json",
            "--image-uri",
            &missing_image,
        ])
        .ok()
        .json();
    let warnings = unread["warnings"].to_string();
    assert!(
        warnings.contains("could not read the platforms") && warnings.contains("does not exist"),
        "{warnings}"
    );
    let before = w.registry_requests().len();
    let skipped = w
        .run(&[
            "deploy",
            "--dry-run",
            "--output",
            "json",
            "--skip-image-check",
        ])
        .ok()
        .json();
    assert_eq!(skipped["image_platforms"], Value::Null);
    assert_eq!(w.registry_requests().len(), before);
    let text = w
        .run(&[
            "deploy",
            "--dry-run",
            "--topology",
            "gateway",
            "--image-uri",
            RUNTIME_IMAGE,
        ])
        .ok();
    for needed in [
        "cognito user pool",
        "agentcore gateway",
        "GatewayInline",
        "bedrock-agentcore:InvokeAgentRuntime",
        "ZSCALER_MCP_TRUST_PLATFORM_AUTH=true",
    ] {
        assert!(
            text.stdout.contains(needed),
            "missing {needed}:\n{}",
            text.stdout
        );
    }
}

#[test]
fn gateway_topology_wires_cognito_runtime_gateway_and_harness() {
    let w = World::new(FakeOptions::default());
    let deployed = w
        .run(&[
            "deploy",
            "--topology",
            "gateway",
            "--image-uri",
            RUNTIME_IMAGE,
            "--output",
            "json",
        ])
        .ok()
        .json();
    let state = w.state();
    assert_eq!(state["topology"], "gateway");
    let cognito = &state["cognito"];
    let client_id = cognito["app_client_id"].as_str().unwrap();
    assert!(
        cognito["discovery_url"]
            .as_str()
            .unwrap()
            .ends_with("/.well-known/openid-configuration")
    );
    assert_eq!(cognito["domain"], "zscaler-mcp-123456789012");

    let fake = w.fake.state();
    let oauth = fake["credentialProviders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "oauth2")
        .expect("an OAuth2 provider");
    assert_eq!(oauth["clientId"], client_id);
    assert_eq!(oauth["discoveryUrl"], cognito["discovery_url"]);
    let tool = &fake["harnesses"][0]["request"]["tools"][0];
    assert_eq!(tool["type"], "agentcore_gateway");
    let gateway = &tool["config"]["agentCoreGateway"];
    assert_eq!(gateway["gatewayArn"], state["gateway"]["arn"]);
    assert_eq!(
        gateway["outboundAuth"]["oauth"]["providerArn"],
        oauth["arn"]
    );
    assert_eq!(
        gateway["outboundAuth"]["oauth"]["scopes"][0],
        "zscaler-mcp/invoke"
    );
    assert_eq!(deployed["summary"]["Gateway URL"], state["gateway"]["url"]);

    // The runtime trusts only the Cognito client and runs the server in platform-auth mode.
    let control = aws_sdk_bedrockagentcorecontrol::Client::new(&w.config());
    let runtime = w
        .runtime
        .block_on(
            control
                .get_agent_runtime()
                .agent_runtime_id(state["runtime"]["id"].as_str().unwrap())
                .send(),
        )
        .unwrap();
    let Some(aws_sdk_bedrockagentcorecontrol::types::AuthorizerConfiguration::CustomJwtAuthorizer(
        jwt,
    )) = runtime.authorizer_configuration()
    else {
        panic!("no JWT authorizer: {runtime:?}");
    };
    assert_eq!(jwt.allowed_clients(), [client_id.to_owned()]);
    let env = runtime.environment_variables().unwrap();
    assert_eq!(env["ZSCALER_MCP_TRUST_PLATFORM_AUTH"], "true");
    assert_eq!(
        env["ZSCALER_SECRET_NAME"],
        "zscaler-mcp-harness/credentials"
    );
    let target_endpoint = w
        .runtime
        .block_on(
            control
                .list_gateway_targets()
                .gateway_identifier(state["gateway"]["id"].as_str().unwrap())
                .send(),
        )
        .unwrap();
    assert_eq!(target_endpoint.items().len(), 1);

    w.run(&["destroy", "--yes", "--force-secret-delete"]).ok();
    assert!(!w.state_path().exists());
    assert!(w.role_names().is_empty(), "{:?}", w.role_names());
    let runtimes = w
        .runtime
        .block_on(control.list_agent_runtimes().send())
        .unwrap();
    assert!(runtimes.agent_runtimes().is_empty());
    let gateways = w.runtime.block_on(control.list_gateways().send()).unwrap();
    assert!(gateways.items().is_empty());
    let cognito_client = aws_sdk_cognitoidentityprovider::Client::new(&w.config());
    let pools = w
        .runtime
        .block_on(cognito_client.list_user_pools().max_results(10).send())
        .unwrap();
    assert!(pools.user_pools().is_empty());
    assert!(
        w.fake.state()["credentialProviders"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn runtime_topology_deploys_the_server_alone() {
    let w = World::new(FakeOptions::default());
    let deployed = w
        .run(&[
            "deploy",
            "--topology",
            "runtime",
            "--image-uri",
            RUNTIME_IMAGE,
            "--output",
            "json",
        ])
        .ok()
        .json();
    let url = deployed["summary"]["MCP URL"].as_str().unwrap();
    assert!(
        url.starts_with("https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3A"),
        "{url}"
    );
    assert!(url.ends_with("/invocations?qualifier=DEFAULT"));
    assert!(w.fake.state()["harnesses"].as_array().unwrap().is_empty());
    let status = w.run(&["status", "--output", "json"]).ok().json();
    assert_eq!(status["runtime"]["status"], "READY");
    let invoke = w.run(&["invoke", "hi"]);
    assert_eq!(invoke.code, 2);
    assert!(invoke.stderr.contains("no harness"), "{}", invoke.stderr);
    // The state file tracks one topology at a time.
    let other = w.run(&["deploy", "--topology", "ecs"]);
    assert_eq!(other.code, 7, "{}", other.stderr);
    w.run(&["destroy", "--yes", "--force-secret-delete"]).ok();
    assert!(w.role_names().is_empty());
}

#[test]
fn gateway_topology_with_iam_needs_no_cognito() {
    let w = World::new(FakeOptions::default());
    w.run(&[
        "deploy",
        "--topology",
        "gateway",
        "--gateway-auth",
        "iam",
        "--image-uri",
        RUNTIME_IMAGE,
    ])
    .ok();
    let state = w.state();
    assert_eq!(state["gateway"]["auth"], "iam");
    assert!(
        state.get("cognito").is_none() && state.get("oauth_provider").is_none(),
        "{state}"
    );
    let tool = &w.fake.state()["harnesses"][0]["request"]["tools"][0];
    assert_eq!(tool["type"], "agentcore_gateway");
    assert!(
        tool["config"]["agentCoreGateway"]["outboundAuth"]
            .get("awsIam")
            .is_some(),
        "{tool}"
    );
    let control = aws_sdk_bedrockagentcorecontrol::Client::new(&w.config());
    let runtime = w
        .runtime
        .block_on(
            control
                .get_agent_runtime()
                .agent_runtime_id(state["runtime"]["id"].as_str().unwrap())
                .send(),
        )
        .unwrap();
    assert!(
        runtime.authorizer_configuration().is_none(),
        "IAM inbound: no JWT authorizer"
    );
    let gateway = w
        .runtime
        .block_on(
            control
                .get_gateway()
                .gateway_identifier(state["gateway"]["id"].as_str().unwrap())
                .send(),
        )
        .unwrap();
    assert_eq!(gateway.authorizer_type().as_str(), "AWS_IAM");
    let harness_policy = w
        .inline_policy("zscaler-mcp-harness-execution-role", "HarnessInline")
        .to_string();
    assert!(
        harness_policy.contains("bedrock-agentcore:InvokeGateway"),
        "{harness_policy}"
    );
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&w.config());
    let pools = w
        .runtime
        .block_on(cognito.list_user_pools().max_results(10).send())
        .unwrap();
    assert!(pools.user_pools().is_empty());
    w.run(&["destroy", "--yes", "--force-secret-delete"]).ok();
    assert!(w.role_names().is_empty(), "{:?}", w.role_names());
}
