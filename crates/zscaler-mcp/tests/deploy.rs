//! The deployment artefacts checked against the binary they deploy: the Dockerfile, the Helm
//! chart (rendered by Helm's own engine), `server.json` for the MCP registry and the Makefile
//! set only environment variables the server reads (`zscaler-mcp --list-env`), and their
//! defaults start a server that behaves as documented. Also `zscaler-mcp config CLIENT`.
//!
//! Rendering the chart needs `helm-python-sdk` (tests/helm/requirements.txt), installed by
//! `bash scripts/install-peers.sh` into `<peers>/helm`; `ZSCALER_MCP_HELM_PYTHON` names another
//! Python that has it. Without it the rendering test fails, unless `ZSCALER_MCP_SKIP_PEERS=1`.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::{Value, json};

use common::{ACCEPT_BOTH, HttpServer, StdioServer, http, initialize, zscaler_mcp};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `zscaler-mcp --list-env`, run once, in a clean environment (no `.env`, no inherited values).
fn server_env() -> &'static BTreeSet<String> {
    static NAMES: OnceLock<BTreeSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let out = zscaler_mcp()
            .arg("--list-env")
            .env_clear()
            .current_dir(std::env::temp_dir())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "--list-env: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    })
}

/// Every `ZSCALER_*`, `ZCELL_*` and `OIDCPROXY_*` name in `text` (prefixes such as
/// `ZSCALER_MCP_TLS_*`, ending in `_`, are not names).
fn env_names_in(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let bytes = text.as_bytes();
    let is_name = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if is_name(bytes[i]) && (i == 0 || !(is_name(bytes[i - 1]) || bytes[i - 1] == b'$')) {
            let start = i;
            while i < bytes.len() && is_name(bytes[i]) {
                i += 1;
            }
            let word = &text[start..i];
            let prefixed = ["ZSCALER_", "ZCELL_", "OIDCPROXY_"]
                .iter()
                .any(|p| word.starts_with(p));
            let after = bytes.get(i).copied();
            if prefixed && !word.ends_with('_') && after != Some(b'*') {
                names.insert(word.to_owned());
            }
        } else {
            i += 1;
        }
    }
    names
}

fn assert_known(source: &str, names: &BTreeSet<String>) {
    let unknown: Vec<&String> = names.difference(server_env()).collect();
    assert!(
        unknown.is_empty(),
        "{source} sets environment variables the server never reads: {unknown:?}\n\
         (known: `zscaler-mcp --list-env`)"
    );
}

#[test]
fn list_env_names_what_the_server_reads() {
    let names = server_env();
    for expected in [
        // clap fallbacks, top level and in the flattened network and auth groups
        "ZSCALER_MCP_TRANSPORT",
        "ZSCALER_MCP_ALLOWED_HOSTS",
        "ZSCALER_MCP_AUTH_MODE",
        "OIDCPROXY_CONFIG_URL",
        // the emulator subcommand
        "ZSCALER_EMULATOR_CLIENT_SECRET",
        // read outside clap
        "ZSCALER_CLIENT_SECRET",
        "ZSCALER_MCP_RATE_LIMITS",
        "ZSCALER_MCP_REQUEST_STATE_KEYS",
        "RUST_LOG",
    ] {
        assert!(names.contains(expected), "{expected} missing: {names:?}");
    }
    assert!(names.iter().all(|n| {
        !n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    }));
    let help = zscaler_mcp().arg("--help").output().unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("--list-env"));
}

#[test]
fn env_name_scanner_finds_names_and_skips_prefixes() {
    let names = env_names_in(
        "- name: ZSCALER_MCP_STATELESS\n  # ZSCALER_MCP_TLS_* and ZSCALER_ prefixes; $ZSCALER_X too\n key: ZCELL_CUSTOMER_ID, OIDCPROXY_BASE_URL",
    );
    let expected: BTreeSet<String> = [
        "ZSCALER_MCP_STATELESS",
        "ZCELL_CUSTOMER_ID",
        "OIDCPROXY_BASE_URL",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(names, expected);
}

// ----- Dockerfile -----

/// The `ENV` pairs of the Dockerfile's last stage.
fn dockerfile_env(dockerfile: &str) -> Vec<(String, String)> {
    let last_stage = &dockerfile[dockerfile.rfind("\nFROM ").expect("a FROM line")..];
    let joined = last_stage.replace("\\\n", " ");
    joined
        .lines()
        .filter_map(|l| l.trim().strip_prefix("ENV "))
        .flat_map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("ENV KEY=VALUE");
            (k.to_owned(), v.trim_matches('"').to_owned())
        })
        .collect()
}

#[test]
fn dockerfile_is_multi_stage_static_non_root_and_sets_known_variables() {
    let dockerfile = read("Dockerfile");
    assert_known("Dockerfile", &env_names_in(&dockerfile));
    let env = dockerfile_env(&dockerfile);
    for (name, value) in [
        ("ZSCALER_MCP_TRANSPORT", "streamable-http"),
        ("ZSCALER_MCP_HOST", "0.0.0.0"),
        ("ZSCALER_MCP_PORT", "8000"),
        ("ZSCALER_MCP_STATELESS", "true"),
        ("ZSCALER_MCP_ALLOW_HTTP", "true"),
    ] {
        assert!(
            env.iter().any(|(k, v)| k == name && v == value),
            "Dockerfile: ENV {name}={value} missing from the runtime stage: {env:?}"
        );
    }
    let lines: Vec<&str> = dockerfile.lines().map(str::trim).collect();
    let from: Vec<&&str> = lines.iter().filter(|l| l.starts_with("FROM ")).collect();
    assert!(from.len() >= 2, "multi-stage: {from:?}");
    assert!(
        from[0].contains("rust:"),
        "builder on a Rust image: {from:?}"
    );
    let runtime = from.last().unwrap();
    assert!(
        runtime.contains("distroless/static") || runtime.contains("scratch"),
        "minimal runtime base: {runtime}"
    );
    assert!(lines.contains(&"EXPOSE 8000"));
    let user = lines
        .iter()
        .rfind(|l| l.starts_with("USER "))
        .expect("a USER line");
    assert!(
        !["USER root", "USER 0", "USER 0:0"].contains(user),
        "{user}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("HEALTHCHECK")),
        "no shell to run a HEALTHCHECK with"
    );
    assert!(
        lines.contains(&"ENTRYPOINT [\"/usr/local/bin/zscaler-mcp\"]"),
        "exec-form entrypoint"
    );
    assert!(
        dockerfile.contains(&format!("ARG VERSION={}", env!("CARGO_PKG_VERSION"))),
        "the image's version label follows the crate's"
    );
    let server: Value = serde_json::from_str(&read("server.json")).unwrap();
    let label = format!(
        "io.modelcontextprotocol.server.name=\"{}\"",
        server["name"].as_str().unwrap()
    );
    assert!(
        dockerfile.contains(&label),
        "the MCP registry checks the image's label against server.json's name: {label}"
    );
}

#[test]
fn dockerfile_defaults_refuse_to_listen_everywhere_without_a_host_allowlist() {
    let env = dockerfile_env(&read("Dockerfile"));
    let out = zscaler_mcp()
        .arg("--demo")
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ZSCALER_MCP_ALLOWED_HOSTS"), "{stderr}");
}

#[tokio::test]
async fn dockerfile_defaults_serve_stateless_streamable_http() {
    // The image's environment, on loopback and a free port, with the allowlist a deployment adds.
    let mut env = dockerfile_env(&read("Dockerfile"));
    env.retain(|(k, _)| k != "ZSCALER_MCP_HOST" && k != "ZSCALER_MCP_PORT");
    env.push(("ZSCALER_MCP_HOST".into(), "127.0.0.1".into()));
    env.push(("ZSCALER_MCP_PORT".into(), "0".into()));
    env.push(("ZSCALER_MCP_ALLOWED_HOSTS".into(), "mcp.example.com".into()));
    let mut command = zscaler_mcp();
    command
        .arg("--demo")
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir(std::env::temp_dir());
    let server = HttpServer::spawn(command);
    // Stateless: tools/call with no initialize and no session.
    let response = http()
        .post(server.url("/mcp"))
        .header("host", "mcp.example.com")
        .header("content-type", "application/json")
        .header("accept", ACCEPT_BOTH)
        .header("mcp-protocol-version", "2025-11-25")
        .body(
            json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                "params": {"name": "zia_get_activation_status", "arguments": {}}})
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let message = common::body_message(&content_type, &response.text().await.unwrap());
    assert_eq!(message["result"]["isError"], json!(false), "{message}");
    assert!(message.to_string().contains("ACTIVE"), "{message}");
}

// ----- Makefile -----

fn make(args: &[&str]) -> std::process::Output {
    Command::new("make")
        .args(args)
        .current_dir(repo())
        .output()
        .expect("make is installed")
}

#[test]
fn makefile_builds_multiarch_images_and_refuses_without_image() {
    let out = make(&[
        "-n",
        "docker-build-multiarch",
        "IMAGE=registry.example/zscaler-mcp:1.2.3",
    ]);
    assert!(out.status.success());
    let plan = String::from_utf8_lossy(&out.stdout);
    for part in [
        "docker buildx build",
        "--platform linux/amd64,linux/arm64",
        "--provenance=false",
        "--sbom=false",
        "-t registry.example/zscaler-mcp:1.2.3",
        "--push",
    ] {
        assert!(plan.contains(part), "`{part}` missing: {plan}");
    }
    let out = make(&[
        "-n",
        "docker-build-multiarch",
        "IMAGE=r/i:1",
        "PLATFORMS=linux/arm64",
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("--platform linux/arm64 "));

    let out = make(&["docker-build-multiarch"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("docker-build-multiarch needs IMAGE="),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("buildx"));

    let out = make(&["-n", "test"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("bash scripts/test.sh"));
}

// ----- server.json -----

#[test]
fn server_json_has_what_the_registry_requires_and_known_variables() {
    let server: Value = serde_json::from_str(&read("server.json")).expect("valid JSON");
    assert_eq!(
        server["$schema"],
        "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"
    );
    let name = server["name"].as_str().expect("name");
    let (namespace, short) = name.split_once('/').expect("namespace/name");
    let ok = |s: &str, extra: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
    };
    assert!(ok(namespace, ".-") && ok(short, "._-") && (3..=200).contains(&name.len()));
    assert!(
        name.starts_with("io.github."),
        "GitHub-authenticated namespace: {name}"
    );
    let description = server["description"].as_str().expect("description");
    assert!(
        (1..=100).contains(&description.chars().count()),
        "{description}"
    );
    assert_eq!(server["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(server["repository"]["source"], "github");
    assert!(
        server["repository"]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );

    let packages = server["packages"].as_array().expect("packages");
    assert!(!packages.is_empty());
    for package in packages {
        let kind = package["registryType"].as_str().expect("registryType");
        assert!(
            ["npm", "pypi", "nuget", "oci", "mcpb"].contains(&kind),
            "{kind}"
        );
        let identifier = package["identifier"].as_str().expect("identifier");
        let transport = package["transport"]["type"].as_str().expect("transport");
        assert!(["stdio", "streamable-http", "sse"].contains(&transport));
        if kind == "oci" {
            let (_, tag) = identifier.rsplit_once(':').expect("an OCI tag");
            assert_eq!(tag, env!("CARGO_PKG_VERSION"), "{identifier}");
        }
        let vars = package["environmentVariables"]
            .as_array()
            .expect("variables");
        let mut names = BTreeSet::new();
        for var in vars {
            let var_name = var["name"].as_str().expect("name").to_owned();
            assert!(
                var["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{var_name}: description"
            );
            for flag in ["isRequired", "isSecret"] {
                assert!(
                    var.get(flag).is_none_or(Value::is_boolean),
                    "{var_name}.{flag}"
                );
            }
            if ["SECRET", "PRIVATE_KEY", "API_KEY"]
                .iter()
                .any(|s| var_name.contains(s))
            {
                assert_eq!(var["isSecret"], true, "{var_name} must be marked secret");
            }
            names.insert(var_name);
        }
        assert_known("server.json", &names);
        assert!(names.contains("ZSCALER_CLIENT_SECRET"));
        // The image serves HTTP unless told otherwise; a stdio package must say so.
        if transport == "stdio" && kind == "oci" {
            assert!(
                vars.iter()
                    .any(|v| v["name"] == "ZSCALER_MCP_TRANSPORT" && v["value"] == "stdio"),
                "an OCI stdio package must fix ZSCALER_MCP_TRANSPORT=stdio"
            );
        }
    }
}

// ----- Helm chart -----

const CHART: &str = "deploy/helm/zscaler-mcp";

fn chart_files() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.display().to_string(), text));
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo().join(CHART), &mut files);
    files
}

#[test]
fn chart_sources_name_only_variables_the_server_reads() {
    let mut all = BTreeSet::new();
    for (path, text) in chart_files() {
        let names = env_names_in(&text);
        assert_known(&path, &names);
        all.extend(names);
    }
    for core in [
        "ZSCALER_MCP_STATELESS",
        "ZSCALER_MCP_ALLOWED_HOSTS",
        "ZSCALER_CLIENT_ID",
        "ZSCALER_CLIENT_SECRET",
        "ZSCALER_VANITY_DOMAIN",
        "ZSCALER_CUSTOMER_ID",
        "ZSCALER_CLOUD",
    ] {
        assert!(
            all.contains(core),
            "the chart no longer sets {core}: {all:?}"
        );
    }
    let chart = read(&format!("{CHART}/Chart.yaml"));
    assert!(
        chart.contains(&format!("appVersion: \"{}\"", env!("CARGO_PKG_VERSION"))),
        "Chart.yaml's appVersion (the default image tag) follows the crate's version"
    );
}

/// A Python with `helm_python`, or why there is none.
fn helm_python() -> Result<PathBuf, String> {
    if let Some(python) = std::env::var_os("ZSCALER_MCP_HELM_PYTHON") {
        return Ok(PathBuf::from(python));
    }
    let peers = std::env::var_os("ZSCALER_MCP_PEERS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(".tools"));
    let python = peers.join("helm/bin/python");
    if python.is_file() {
        Ok(python)
    } else {
        Err(format!("no {}", python.display()))
    }
}

struct Rendered {
    /// Every object of every template, in order.
    objects: Vec<Value>,
}

impl Rendered {
    fn kind(&self, kind: &str) -> Option<&Value> {
        self.objects.iter().find(|o| o["kind"] == kind)
    }

    fn container(&self) -> &Value {
        &self.kind("Deployment").expect("a Deployment")["spec"]["template"]["spec"]["containers"][0]
    }

    fn env(&self) -> &Vec<Value> {
        self.container()["env"].as_array().expect("env")
    }

    fn env_names(&self) -> BTreeSet<String> {
        self.env()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect()
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.env()
            .iter()
            .find(|e| e["name"] == name)
            .and_then(|e| e["value"].as_str())
    }
}

/// Renders the chart once per set of values; Err holds the render error.
fn render(cases: &[Value]) -> Vec<Result<Rendered, String>> {
    let python = match helm_python() {
        Ok(python) => python,
        Err(why) => {
            if std::env::var("ZSCALER_MCP_SKIP_PEERS").as_deref() == Ok("1") {
                eprintln!("\n!!!!!! SKIPPED: Helm rendering (ZSCALER_MCP_SKIP_PEERS=1): {why}\n");
                return Vec::new();
            }
            panic!(
                "Helm's engine is not installed ({why}). Run `bash scripts/install-peers.sh` \
                 (it installs helm-python-sdk into <peers>/helm), set ZSCALER_MCP_HELM_PYTHON to \
                 a Python that has it, or set ZSCALER_MCP_SKIP_PEERS=1 to skip."
            );
        }
    };
    let mut child = Command::new(&python)
        .arg(repo().join("tests/helm/render.py"))
        .arg(repo().join(CHART))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", python.display()));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            Value::Array(
                cases
                    .iter()
                    .map(|values| json!({"release": "mcp", "namespace": "default", "values": values}))
                    .collect(),
            )
            .to_string()
            .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "render.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<&Value> = answer["lint"]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["severity"].as_u64() >= Some(2))
        .collect();
    assert!(errors.is_empty(), "helm lint --strict: {errors:?}");
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| match result.get("manifests") {
            Some(manifests) => {
                let mut objects = Vec::new();
                let mut files: Vec<(&String, &Value)> =
                    manifests.as_object().unwrap().iter().collect();
                files.sort_by_key(|(path, _)| path.as_str());
                for (path, text) in files {
                    if path.ends_with("NOTES.txt") {
                        continue;
                    }
                    for document in serde_yaml::Deserializer::from_str(text.as_str().unwrap()) {
                        let object: Value = serde::Deserialize::deserialize(document)
                            .unwrap_or_else(|e| panic!("{path} is not YAML: {e}"));
                        if !object.is_null() {
                            objects.push(object);
                        }
                    }
                }
                Ok(Rendered { objects })
            }
            None => Err(result["error"].as_str().unwrap().to_owned()),
        })
        .collect()
}

fn creds(extra: Value) -> Value {
    let mut values = json!({"credentials": {"existingSecret": "zscaler-oneapi"}});
    merge(&mut values, extra);
    values
}

fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(into), Value::Object(from)) => {
            for (k, v) in from {
                merge(into.entry(k).or_insert(Value::Null), v);
            }
        }
        (into, from) => *into = from,
    }
}

#[test]
fn chart_renders_a_hardened_deployment_with_known_variables() {
    let every_option = creds(json!({
        "mcp": {
            "services": ["zpa", "zia"], "disabledServices": ["zcell"], "toolsets": ["zpa_app_segments"],
            "disabledToolsets": ["zia_dlp"], "disabledTools": ["zia_*_dlp_*"],
            "writeTools": ["zpa_*"], "requestStateKeys": {"existingSecret": "state"},
            "toolMode": "discover", "logToolCalls": true, "debug": true,
            "allowedOrigins": ["https://app.example.com"], "allowedSourceIPs": ["10.0.0.0/8"],
            "trustedProxies": ["10.0.0.0/8"], "rateLimit": 120, "metrics": true,
            "tls": {"secretName": "mcp-tls"}
        },
        "auth": {
            "mode": "jwt",
            "jwt": {"jwksUri": "https://idp.example.com/jwks", "issuer": "https://idp.example.com",
                    "audience": "zscaler-mcp", "algorithms": "RS256"},
            "apiKey": {"existingSecret": "keys"},
            "oidc": {"configUrl": "https://idp.example.com/.well-known/openid-configuration",
                     "baseUrl": "https://mcp.example.com", "audience": "a", "requiredScopes": "mcp"},
            "passthrough": true, "trustPlatformAuth": true
        }
    }));
    let cases = [
        creds(json!({})),
        creds(json!({"replicaCount": 1})),
        creds(json!({"replicaCount": 1, "autoscaling": {"enabled": true}})),
        creds(
            json!({"ingress": {"enabled": true, "hosts": ["mcp.example.com"]},
            "mcp": {"allowedHosts": ["*.on.aws"]}}),
        ),
        every_option,
        json!({}),
        creds(json!({"mcp": {"writeTools": ["zpa_*"]}})),
    ];
    let results = render(&cases);
    if results.is_empty() {
        return; // skipped, loudly
    }
    let [
        default,
        single,
        autoscaled,
        ingress,
        every,
        no_secret,
        shared_writes,
    ] = <[_; 7]>::try_from(results).ok().unwrap();
    let default = default.unwrap();
    let single = single.unwrap();
    let autoscaled = autoscaled.unwrap();
    let ingress = ingress.unwrap();
    let every = every.unwrap();

    for rendered in [&default, &single, &autoscaled, &ingress, &every] {
        assert_known("the rendered chart", &rendered.env_names());
    }
    assert!(every.env_names().len() >= 35, "{:?}", every.env_names());

    // More than one replica, or autoscaling: stateless, with a disruption budget.
    assert_eq!(default.value("ZSCALER_MCP_STATELESS"), Some("true"));
    assert!(default.kind("PodDisruptionBudget").is_some());
    assert!(default.kind("HorizontalPodAutoscaler").is_none());
    assert_eq!(single.value("ZSCALER_MCP_STATELESS"), Some("false"));
    assert!(single.kind("PodDisruptionBudget").is_none());
    assert_eq!(autoscaled.value("ZSCALER_MCP_STATELESS"), Some("true"));
    let hpa = autoscaled.kind("HorizontalPodAutoscaler").expect("an HPA");
    assert_eq!(hpa["spec"]["scaleTargetRef"]["kind"], "Deployment");
    assert!(
        autoscaled.kind("Deployment").unwrap()["spec"]
            .get("replicas")
            .is_none(),
        "the HPA owns the replica count"
    );

    // Credentials come from the existing Secret, never from values.
    let client_secret = default
        .env()
        .iter()
        .find(|e| e["name"] == "ZSCALER_CLIENT_SECRET")
        .unwrap();
    assert_eq!(
        client_secret["valueFrom"]["secretKeyRef"]["name"],
        "zscaler-oneapi"
    );
    assert!(default.kind("Secret").is_none());

    // Probes on /health; a locked-down pod.
    let container = default.container();
    for probe in ["startupProbe", "livenessProbe", "readinessProbe"] {
        assert_eq!(container[probe]["httpGet"]["path"], "/health", "{probe}");
    }
    let security = &container["securityContext"];
    assert_eq!(security["runAsNonRoot"], true);
    assert_eq!(security["readOnlyRootFilesystem"], true);
    assert_eq!(security["allowPrivilegeEscalation"], false);
    assert_eq!(security["capabilities"]["drop"], json!(["ALL"]));
    assert!(container["resources"]["limits"]["memory"].is_string());
    assert_eq!(container["ports"][0]["containerPort"], 8000);
    assert_eq!(default.value("ZSCALER_MCP_ALLOW_HTTP"), Some("true"));
    let service = default.kind("Service").expect("a Service");
    assert_eq!(service["spec"]["ports"][0]["targetPort"], "http");

    // The Host allowlist: the Service's names, the ingress hosts, the extras.
    let hosts = default.value("ZSCALER_MCP_ALLOWED_HOSTS").unwrap();
    assert!(
        hosts
            .split(',')
            .any(|h| h == "mcp-zscaler-mcp.default.svc.cluster.local"),
        "{hosts}"
    );
    let hosts = ingress.value("ZSCALER_MCP_ALLOWED_HOSTS").unwrap();
    for host in ["mcp.example.com", "*.on.aws", "mcp-zscaler-mcp"] {
        assert!(hosts.split(',').any(|h| h == host), "{host}: {hosts}");
    }
    assert_eq!(
        ingress.kind("Ingress").expect("an Ingress")["spec"]["rules"][0]["host"],
        "mcp.example.com"
    );

    // In-process TLS: certificate files, HTTPS probes, no plain-HTTP permission.
    assert!(every.value("ZSCALER_MCP_TLS_CERTFILE").is_some());
    assert_eq!(every.value("ZSCALER_MCP_ALLOW_HTTP"), None);
    assert_eq!(
        every.container()["livenessProbe"]["httpGet"]["scheme"],
        "HTTPS"
    );
    assert_eq!(every.value("ZSCALER_MCP_WRITE_TOOLS"), Some("zpa_*"));

    // Misconfiguration stops the render with the value to set.
    let error = no_secret.err().expect("no credentials: refused");
    assert!(error.contains("credentials.existingSecret"), "{error}");
    let error = shared_writes
        .err()
        .expect("writes across replicas: refused");
    assert!(
        error.contains("mcp.requestStateKeys.existingSecret"),
        "{error}"
    );
}

#[tokio::test]
async fn chart_environment_starts_a_server_that_accepts_the_service_names() {
    let results = render(&[
        json!({"replicaCount": 1, "mcp": {"demo": true}, "auth": {"mode": "none"},
        "ingress": {"enabled": true, "hosts": ["mcp.example.com"]}}),
    ]);
    let Some(rendered) = results.into_iter().next() else {
        return; // skipped, loudly
    };
    let rendered = rendered.unwrap();
    let mut command = zscaler_mcp();
    command.env_clear().current_dir(std::env::temp_dir());
    for entry in rendered.env() {
        let name = entry["name"].as_str().unwrap();
        let value = entry["value"]
            .as_str()
            .expect("plain values only in demo mode");
        // On loopback and a free port here; everything else as the pod gets it.
        let value = match name {
            "ZSCALER_MCP_HOST" => "127.0.0.1",
            "ZSCALER_MCP_PORT" => "0",
            _ => value,
        };
        command.env(name, value);
    }
    let server = HttpServer::spawn(command);
    let post = |host: &'static str| {
        http()
            .post(server.url("/mcp"))
            .header("host", host)
            .header("content-type", "application/json")
            .header("accept", ACCEPT_BOTH)
            .body(initialize("2025-11-25").to_string())
            .send()
    };
    for host in [
        "mcp-zscaler-mcp.default.svc.cluster.local",
        "mcp-zscaler-mcp:80",
        "mcp.example.com",
    ] {
        assert_eq!(post(host).await.unwrap().status(), 200, "{host}");
    }
    assert_eq!(post("evil.example.net").await.unwrap().status(), 421);
}

// ----- zscaler-mcp config -----

const PLANTED: [(&str, &str); 4] = [
    ("ZSCALER_CLIENT_ID", "planted-client-id-41d7"),
    ("ZSCALER_CLIENT_SECRET", "planted-secret-9c2e"),
    ("ZSCALER_VANITY_DOMAIN", "planted-vanity-77aa"),
    ("ZSCALER_CUSTOMER_ID", "99887766554433"),
];

fn config_snippet(args: &[&str]) -> (Value, String) {
    let out = zscaler_mcp()
        .arg("config")
        .args(args)
        .envs(PLANTED)
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "config {args:?}: {stderr}");
    for (_, planted) in PLANTED {
        assert!(
            !stdout.contains(planted) && !stderr.contains(planted),
            "config {args:?} leaked {planted} from the environment"
        );
    }
    let snippet = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("config {args:?}: stdout is not pure JSON ({e}): {stdout}"));
    (snippet, stderr)
}

#[test]
fn config_prints_each_clients_snippet_with_placeholders_only() {
    let binary = std::fs::canonicalize(env!("CARGO_BIN_EXE_zscaler-mcp")).unwrap();
    for (client, key, file) in [
        ("claude", "mcpServers", "claude_desktop_config.json"),
        ("cursor", "mcpServers", ".cursor/mcp.json"),
        ("vscode", "servers", ".vscode/mcp.json"),
    ] {
        let (snippet, stderr) = config_snippet(&[client]);
        let top: Vec<&String> = snippet.as_object().unwrap().keys().collect();
        assert!(top.contains(&&key.to_owned()), "{client}: {top:?}");
        let server = &snippet[key]["zscaler"];
        let command = Path::new(server["command"].as_str().unwrap());
        assert!(command.is_absolute(), "{client}: {command:?}");
        assert_eq!(std::fs::canonicalize(command).unwrap(), binary, "{client}");
        assert_eq!(server["args"], json!([]), "{client}");
        let env = server["env"].as_object().expect("credentials in env");
        for name in [
            "ZSCALER_CLIENT_ID",
            "ZSCALER_CLIENT_SECRET",
            "ZSCALER_VANITY_DOMAIN",
        ] {
            assert!(env.contains_key(name), "{client}: {name}");
        }
        assert!(
            stderr.contains(file),
            "{client}: where the file lives: {stderr}"
        );
        if client == "vscode" {
            assert_eq!(server["type"], "stdio");
            assert_eq!(
                env["ZSCALER_CLIENT_SECRET"],
                "${input:zscaler-client-secret}"
            );
            let secret_input = snippet["inputs"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["id"] == "zscaler-client-secret")
                .expect("an input for the secret");
            assert_eq!(secret_input["password"], true);
        } else {
            assert!(server.get("type").is_none(), "{client}");
        }
    }
}

#[test]
fn config_demo_snippet_starts_a_working_server() {
    let (snippet, _) = config_snippet(&["claude", "--demo", "--services", "zia,zpa"]);
    let server = &snippet["mcpServers"]["zscaler"];
    assert!(server.get("env").is_none(), "no credentials for the demo");
    let args: Vec<&str> = server["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(args, ["--demo", "--services", "zia,zpa"]);

    // Start it exactly as the client would.
    let mut command = Command::new(server["command"].as_str().unwrap());
    command.args(&args).current_dir(std::env::temp_dir());
    let mut stdio = StdioServer::spawn(command);
    stdio.send(initialize("2025-11-25"));
    assert!(stdio.recv()["result"]["serverInfo"].is_object());
    stdio.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    stdio.send(json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}));
    let tools = stdio.recv();
    let names: Vec<&str> = tools["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.iter().any(|n| n.starts_with("zia_")), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("zpa_")), "{names:?}");
    for other in [
        "zdx_", "zcc_", "zid_", "ztw_", "zeasm_", "zins_", "zms_", "zcell_",
    ] {
        assert!(
            !names.iter().any(|n| n.starts_with(other)),
            "{other}: {names:?}"
        );
    }
}

#[test]
fn config_refuses_unknown_clients_and_services_by_name() {
    let out = zscaler_mcp()
        .args(["config", "claude", "--services", "zpa,nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown service `nope`"));
    assert!(out.stdout.is_empty());
    let out = zscaler_mcp().args(["config", "emacs"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("emacs"));
}
