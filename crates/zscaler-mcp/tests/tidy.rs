//! Workspace rules from ARCHITECTURE.md that a machine can check.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["crates", "bench", "fuzz/fuzz_targets"] {
        rust_files(&workspace().join(dir), &mut files);
    }
    files
}

/// `[dependencies]` section only (dev-dependencies may use sibling crates).
fn runtime_dependencies(crate_dir: &str) -> String {
    let manifest = std::fs::read_to_string(workspace().join(crate_dir).join("Cargo.toml")).unwrap();
    let start = manifest
        .find("[dependencies]")
        .map_or(manifest.len(), |i| i + "[dependencies]".len());
    let rest = &manifest[start..];
    rest[..rest.find("\n[").unwrap_or(rest.len())].to_owned()
}

#[test]
fn every_module_says_what_it_is_for() {
    let missing: Vec<_> = sources()
        .into_iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "tests"))
        .filter(|f| {
            !std::fs::read_to_string(f)
                .unwrap()
                .trim_start()
                .starts_with("//!")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a //! doc line: {missing:#?}"
    );
}

#[test]
fn no_stubs_in_product_code() {
    let stubs: Vec<_> = sources()
        .into_iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.contains(concat!("todo", "!(")) || text.contains(concat!("unimplemented", "!("))
        })
        .collect();
    assert!(stubs.is_empty(), "stubs left: {stubs:#?}");
}

#[test]
fn the_emulator_depends_on_no_workspace_crate() {
    let deps = runtime_dependencies("crates/zscaler-emulator");
    assert!(
        !deps.contains("zscaler-"),
        "zscaler-emulator must stand alone:\n{deps}"
    );
}

#[test]
fn the_client_never_depends_on_the_emulator_at_runtime() {
    let deps = runtime_dependencies("crates/zscaler-oneapi");
    assert!(
        !deps.contains("zscaler-emulator"),
        "the emulator is a dev-dependency only:\n{deps}"
    );
}

#[test]
fn anyhow_stays_in_binaries() {
    for lib in [
        "crates/zscaler-oneapi",
        "crates/zscaler-emulator",
        "crates/zscaler-catalogue",
        "crates/zscaler-mcp-server",
        "crates/zscaler-mcp-http",
        "crates/zscaler-mcp-guard",
        "crates/zscaler-mcp-auth",
        "crates/zscaler-mcp-secrets",
    ] {
        assert!(
            !runtime_dependencies(lib).contains("anyhow"),
            "{lib} must use its own error enum"
        );
    }
}

#[test]
fn transports_never_call_the_oneapi_client() {
    let deps = runtime_dependencies("crates/zscaler-mcp-http");
    assert!(
        !deps.contains("zscaler-oneapi"),
        "zscaler-mcp-http must reach Zscaler only through the MCP server:\n{deps}"
    );
}

/// The network defences are composed in one place, `zscaler_mcp_guard::protect`, in one
/// documented order; a layer applied elsewhere would run out of that order.
#[test]
fn security_layers_are_composed_in_one_place() {
    let mut offenders = Vec::new();
    for file in sources() {
        let path = file.to_string_lossy().into_owned();
        let exempt = path.contains("/tests/")
            || path.ends_with("zscaler-mcp-guard/src/lib.rs")
            || path.contains("zscaler-mcp-auth/src/");
        let text = std::fs::read_to_string(&file).unwrap();
        if !exempt && text.contains("AuthLayer::new(") {
            offenders.push(path);
        }
    }
    assert!(
        offenders.is_empty(),
        "AuthLayer applied outside zscaler_mcp_guard::protect: {offenders:?}"
    );
}

#[test]
fn tools_never_see_the_protocol_library() {
    let deps = runtime_dependencies("crates/zscaler-catalogue");
    assert!(
        !deps.contains("rmcp"),
        "zscaler-catalogue must not depend on rmcp:\n{deps}"
    );
}

#[test]
fn rmcp_is_pinned_to_an_exact_version() {
    let manifest = std::fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|l| l.starts_with("rmcp = "))
        .expect("rmcp is a workspace dependency");
    assert!(line.contains("version = \"="), "pin rmcp exactly: {line}");
}

#[test]
fn conformance_fixtures_are_never_in_a_default_build() {
    for krate in ["crates/zscaler-mcp", "crates/zscaler-mcp-server"] {
        let manifest = std::fs::read_to_string(workspace().join(krate).join("Cargo.toml")).unwrap();
        let default = manifest
            .lines()
            .find(|l| l.trim_start().starts_with("default ="))
            .unwrap_or("");
        assert!(
            !default.contains("conformance"),
            "{krate}: `conformance` must not be a default feature"
        );
    }
}

/// The server reads its secret with Secrets Manager (and STS/SSO for credentials); the
/// control-plane crates belong to `zscaler-mcp-deploy` and must never reach the server binary.
#[test]
fn the_server_binary_holds_no_aws_control_plane_crate() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "zscaler-mcp",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .current_dir(workspace())
        .output()
        .expect("run cargo tree");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    let sdks: std::collections::BTreeSet<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| name.starts_with("aws-sdk-"))
        .collect();
    let allowed = [
        "aws-sdk-secretsmanager",
        "aws-sdk-sso",
        "aws-sdk-ssooidc",
        "aws-sdk-sts",
    ];
    assert!(
        sdks.contains("aws-sdk-secretsmanager"),
        "the tree lost Secrets Manager: {sdks:?}"
    );
    let extra: Vec<_> = sdks.iter().filter(|s| !allowed.contains(s)).collect();
    assert!(
        extra.is_empty(),
        "the server binary depends on {extra:?}: keep them in zscaler-mcp-deploy"
    );
    for dir in std::fs::read_dir(workspace().join("crates")).unwrap() {
        let name = dir.unwrap().file_name().to_string_lossy().into_owned();
        if [
            "zscaler-mcp-secrets",
            "zscaler-mcp-deploy",
            "zscaler-aws-fake",
        ]
        .contains(&name.as_str())
        {
            continue;
        }
        let deps = runtime_dependencies(&format!("crates/{name}"));
        assert!(
            !deps.contains("aws-"),
            "crates/{name} depends on an AWS crate: only zscaler-mcp-secrets (server) and zscaler-mcp-deploy may"
        );
    }
}
