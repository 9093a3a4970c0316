//! Workflow prompts, tenant resources and their completions, through the binary on the demo
//! tenant: every prompt renders with its arguments, completions come from the tenant's own
//! records, typed arguments are checked, and prompts and resources follow the tool filters.

mod common;

use common::{HttpServer, Session};
use serde_json::{Value, json};

/// The values `completion/complete` offers for a prompt argument or template variable.
async fn complete(session: &mut Session, reference: Value, name: &str, typed: &str) -> Vec<String> {
    let answer = session
        .request(
            "completion/complete",
            json!({"ref": reference, "argument": {"name": name, "value": typed}}),
        )
        .await;
    answer["result"]["completion"]["values"]
        .as_array()
        .unwrap_or_else(|| panic!("no completion values: {answer}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// The `field` of every record a list tool returns, through tools/call.
async fn listed(session: &mut Session, tool: &str, field: &str) -> Vec<String> {
    let answer = session
        .request(
            "tools/call",
            json!({"name": tool, "arguments": {"all": true}}),
        )
        .await;
    answer["result"]["structuredContent"]["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{tool}: {answer}"))
        .iter()
        .filter_map(|r| r[field].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn every_prompt_renders_with_arguments_completed_from_the_tenant() {
    // Prompts that create things are offered only with their write tools.
    let server = HttpServer::start(&["--enable-write-tools", "--write-tools", "*"]);
    let mut session = Session::open(&server).await;
    let list = session.request("prompts/list", json!({})).await;
    let prompts = list["result"]["prompts"].as_array().unwrap().clone();
    assert!(prompts.len() >= 30, "{} prompts: {list}", prompts.len());

    let mut completed_from_tenant = 0;
    for prompt in &prompts {
        let name = prompt["name"].as_str().unwrap();
        let reference = json!({"type": "ref/prompt", "name": name});
        let mut arguments = serde_json::Map::new();
        for argument in prompt["arguments"].as_array().cloned().unwrap_or_default() {
            let arg = argument["name"].as_str().unwrap();
            let offered = complete(&mut session, reference.clone(), arg, "").await;
            let value = match offered.first() {
                Some(first) => {
                    completed_from_tenant += 1;
                    first.clone()
                }
                None => format!("example {arg}"),
            };
            arguments.insert(arg.to_owned(), json!(value));
        }
        let got = session
            .request("prompts/get", json!({"name": name, "arguments": arguments}))
            .await;
        let text = got["result"]["messages"][0]["content"]["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: {got}"));
        for (arg, value) in &arguments {
            assert!(
                text.contains(value.as_str().unwrap()),
                "{name}: `{arg}` = {value} not in:\n{text}"
            );
        }
    }
    assert!(completed_from_tenant >= 20, "{completed_from_tenant}");

    // Completions are the tenant's own records, filtered by what was typed.
    let segments = listed(&mut session, "zpa_list_application_segments", "name").await;
    let reference = json!({"type": "ref/prompt", "name": "zpa_review_application_segment"});
    let all = complete(&mut session, reference.clone(), "segment", "").await;
    assert_eq!(all, segments.iter().take(100).cloned().collect::<Vec<_>>());
    let first = &segments[0];
    let typed = &first[..3.min(first.len())];
    let narrowed = complete(&mut session, reference, "segment", typed).await;
    assert!(narrowed.contains(first), "{narrowed:?}");
    assert!(
        narrowed
            .iter()
            .all(|v| v.to_lowercase().contains(&typed.to_lowercase())),
        "{narrowed:?}"
    );
    let emails = listed(&mut session, "zia_list_users", "email").await;
    let reference = json!({"type": "ref/prompt", "name": "zia_review_user_policy"});
    assert_eq!(
        complete(&mut session, reference.clone(), "user", "").await[0],
        emails[0]
    );
    assert_eq!(
        complete(&mut session, reference, "traffic", "u").await,
        vec!["uploads".to_owned()]
    );
}

#[tokio::test]
async fn typed_prompt_arguments_are_checked_by_name() {
    let server = HttpServer::start(&["--enable-write-tools", "--write-tools", "zpa_*"]);
    let mut session = Session::open(&server).await;
    let (_, answer) = session
        .post(
            json!({"jsonrpc": "2.0", "id": 7, "method": "prompts/get", "params": {
            "name": "zpa_plan_connector_rollout",
            "arguments": {"site": "Frankfurt", "connectors": "900"}}}),
        )
        .await;
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("`connectors`"), "{message}");
    assert!(message.contains("from 1 to 50"), "{message}");

    let (_, answer) = session
        .post(
            json!({"jsonrpc": "2.0", "id": 8, "method": "prompts/get", "params": {
            "name": "zia_review_user_policy",
            "arguments": {"user": "a@b.c", "traffic": "email"}}}),
        )
        .await;
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("web, non_web, uploads"),
        "{answer}"
    );

    // A canonical spelling is rendered whatever the case typed.
    let ok = session
        .request(
            "prompts/get",
            json!({"name": "zia_review_user_policy",
            "arguments": {"user": "a@b.c", "traffic": "UPLOADS"}}),
        )
        .await;
    assert!(
        ok.to_string().contains("Traffic to explain: uploads."),
        "{ok}"
    );
}

#[tokio::test]
async fn tenant_resources_summarise_records_and_templates_read_one_by_name() {
    let server = HttpServer::start(&[]);
    let mut session = Session::open(&server).await;
    let list = session.request("resources/list", json!({})).await;
    let uris: Vec<String> = list["result"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap().to_owned())
        .collect();
    for uri in [
        "zscaler://catalogue",
        "zscaler://toolsets",
        "zscaler://zpa/app-segments",
        "zscaler://zia/locations",
    ] {
        assert!(uris.contains(&uri.to_owned()), "{uri} in {uris:?}");
    }
    for uri in uris
        .iter()
        .filter(|u| u.starts_with("zscaler://zpa/") || u.starts_with("zscaler://zia/"))
    {
        let read = session.request("resources/read", json!({"uri": uri})).await;
        let doc: Value =
            serde_json::from_str(read["result"]["contents"][0]["text"].as_str().unwrap()).unwrap();
        assert!(doc["count"].as_u64().unwrap() >= 1, "{uri}: {doc}");
        assert_eq!(doc["count"], json!(doc["items"].as_array().unwrap().len()));
    }

    // One segment by name, the name completed from the tenant; spaces are percent-encoded.
    let templates = session.request("resources/templates/list", json!({})).await;
    assert!(
        templates
            .to_string()
            .contains("zscaler://zpa/app-segments/{name}"),
        "{templates}"
    );
    let reference = json!({"type": "ref/resource", "uri": "zscaler://zpa/app-segments/{name}"});
    let names = complete(&mut session, reference, "name", "").await;
    let name = &names[0];
    let encoded = name.replace('%', "%25").replace(' ', "%20");
    let read = session
        .request(
            "resources/read",
            json!({"uri": format!("zscaler://zpa/app-segments/{encoded}")}),
        )
        .await;
    let record: Value =
        serde_json::from_str(read["result"]["contents"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(record["name"], json!(name));
    assert!(
        record.get("serverGroups").is_some() || record.as_object().unwrap().len() > 7,
        "the whole record: {record}"
    );

    let (_, missing) = session
        .post(
            json!({"jsonrpc": "2.0", "id": 9, "method": "resources/read",
            "params": {"uri": "zscaler://zpa/app-segments/no-such-segment"}}),
        )
        .await;
    assert_eq!(missing["error"]["code"], -32002, "{missing}");

    // Toolsets, browsable.
    let read = session
        .request(
            "resources/read",
            json!({"uri": "zscaler://toolsets/zpa_app_segments"}),
        )
        .await;
    let doc: Value =
        serde_json::from_str(read["result"]["contents"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(doc["service"], "zpa");
    assert!(
        doc["tools"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "zpa_list_application_segments"),
        "{doc}"
    );
}

#[tokio::test]
async fn prompts_and_resources_follow_the_service_filter() {
    let server = HttpServer::start(&["--services", "zia"]);
    let mut session = Session::open(&server).await;
    let prompts = session.request("prompts/list", json!({})).await.to_string();
    assert!(prompts.contains("zia_investigate_url"), "{prompts}");
    assert!(!prompts.contains("\"zpa_"), "{prompts}");
    // It needs ZPA tools too.
    assert!(!prompts.contains("zscaler_investigate_access"), "{prompts}");
    // Prompts that write are offered only when their write tools are.
    assert!(!prompts.contains("zia_block_urls"), "{prompts}");
    let resources = session
        .request("resources/list", json!({}))
        .await
        .to_string();
    assert!(resources.contains("zscaler://zia/locations"), "{resources}");
    assert!(!resources.contains("zscaler://zpa/"), "{resources}");
    let (_, answer) = session
        .post(json!({"jsonrpc": "2.0", "id": 5, "method": "prompts/get",
            "params": {"name": "zpa_review_connector_health"}}))
        .await;
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
}
