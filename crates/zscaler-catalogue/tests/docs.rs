//! `docs/tools.md` is generated from the tables; this fails when it is out of date.

use std::path::PathBuf;

#[test]
fn tools_md_matches_the_catalogue() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/tools.md");
    let want = zscaler_catalogue::docs::markdown(&zscaler_catalogue::builtin_tools());
    if std::env::var_os("ZSCALER_MCP_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).expect("write docs/tools.md");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/tools.md is out of date: run ZSCALER_MCP_UPDATE_DOCS=1 cargo test -p zscaler-catalogue --test docs"
    );
}
