//! A demo tenant on loopback and a tool context that plays an agent's client: it accepts
//! every confirmation and keeps what it was asked, so tests can read it back.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::future::BoxFuture;
use serde_json::{Map, Value};
use tokio_util::sync::CancellationToken;
use zscaler_catalogue::{
    ClientFeature, Elicited, LogLevel, Registry, ToolContext, ToolError, ToolOutput, builtin_tools,
    confirm::{Confirmations, DEFAULT_TTL, Keys},
    engine::{Engine, Settings, WriteGate},
};
use zscaler_emulator::{EmulatorConfig, RunningEmulator};
use zscaler_oneapi::{ClientConfig, Credentials, OneApiClient, RateLimits};

pub struct Harness {
    pub registry: Registry,
    /// Every write tool allowed, so the tables can be exercised end to end.
    pub engine: Engine,
    pub client: OneApiClient,
    /// Kept alive for the tenant; tests may also read its request log.
    #[allow(dead_code)]
    pub emulator: RunningEmulator,
    cancel: CancellationToken,
    /// Every elicitation message shown, in order.
    pub asked: Mutex<Vec<String>>,
    /// Whether this client declares elicitation (else confirmations come as tokens).
    pub elicits: AtomicBool,
    /// What the user answers to a confirmation.
    pub agrees: AtomicBool,
    /// Tools that returned a successful result at least once.
    pub exercised: Mutex<BTreeSet<&'static str>>,
}

impl Harness {
    pub async fn demo() -> Harness {
        let mut config = EmulatorConfig::demo(1);
        config.listen = "127.0.0.1:0".parse().unwrap();
        let emulator = zscaler_emulator::spawn(config)
            .await
            .expect("emulator starts");
        let mut client_config = ClientConfig::new(
            emulator.token_url().parse().unwrap(),
            emulator.base_url().parse().unwrap(),
            Credentials::secret(
                zscaler_emulator::DEMO_CLIENT_ID,
                zscaler_emulator::DEMO_CLIENT_SECRET,
            ),
        );
        client_config.customer_id = Some(zscaler_emulator::DEMO_CUSTOMER_ID.to_owned());
        client_config.zcell_customer_id = Some(zscaler_emulator::DEMO_ZCELL_CUSTOMER_ID.to_owned());
        // ZIA documents one DELETE a minute; the demo tenant has no such limit, and the walk
        // deletes dozens of records.
        client_config.rate_limits = RateLimits::disabled();
        Harness {
            registry: Registry::new(builtin_tools()).expect("builtin tables are valid"),
            engine: Engine::new(
                Settings {
                    writes: WriteGate::new(true, &["*".to_owned()]).unwrap(),
                    ..Settings::default()
                },
                Confirmations::new(Keys::random(), DEFAULT_TTL),
            ),
            elicits: AtomicBool::new(true),
            agrees: AtomicBool::new(true),
            client: OneApiClient::new(client_config).expect("client"),
            emulator,
            cancel: CancellationToken::new(),
            asked: Mutex::new(Vec::new()),
            exercised: Mutex::new(BTreeSet::new()),
        }
    }

    /// Runs `tool` with `args` (a JSON object) and returns the raw output or the error.
    pub async fn run(&self, tool: &str, args: Value) -> Result<ToolOutput, ToolError> {
        let def = self
            .registry
            .get(tool)
            .unwrap_or_else(|| panic!("no tool `{tool}` in the catalogue"));
        let args: Map<String, Value> = match args {
            Value::Object(map) => map,
            other => panic!("arguments must be an object, got {other}"),
        };
        let output = self.engine.call(def, Some(args), self).await?;
        if !output.is_error {
            self.exercised.lock().unwrap().insert(def.name);
        }
        Ok(output)
    }

    /// Runs `tool` through another engine (other settings), with this harness as the client.
    pub async fn run_with(
        &self,
        engine: &Engine,
        tool: &str,
        args: Value,
    ) -> Result<ToolOutput, ToolError> {
        let def = self
            .registry
            .get(tool)
            .unwrap_or_else(|| panic!("no tool `{tool}` in the catalogue"));
        engine.call(def, args.as_object().cloned(), self).await
    }

    /// Runs `tool` and returns its structured result; panics (naming the tool) on failure.
    pub async fn call(&self, tool: &str, args: Value) -> Value {
        match self.run(tool, args.clone()).await {
            Ok(out) if !out.is_error => out
                .structured
                .unwrap_or_else(|| panic!("{tool}: no structured content")),
            Ok(out) => panic!("{tool} {args}: error result {:?}", out.content),
            Err(e) => panic!("{tool} {args}: {e}"),
        }
    }

    /// Runs `tool` expecting it to fail; returns the error text.
    pub async fn fails(&self, tool: &str, args: Value) -> String {
        match self.run(tool, args.clone()).await {
            Ok(out) if out.is_error => format!("{:?}", out.content),
            Ok(out) => panic!(
                "{tool} {args}: expected a failure, got {:?}",
                out.structured
            ),
            Err(e) => e.to_string(),
        }
    }

    /// The items of a list tool's result.
    pub async fn items(&self, tool: &str, args: Value) -> Vec<Value> {
        let out = self.call(tool, args).await;
        out["items"]
            .as_array()
            .unwrap_or_else(|| panic!("{tool}: no items in {out}"))
            .clone()
    }

    /// The `id` of the first item a list tool returns, as a string.
    pub async fn first_id(&self, tool: &str, args: Value) -> String {
        let items = self.items(tool, args).await;
        let first = items
            .first()
            .unwrap_or_else(|| panic!("{tool}: the demo tenant has no items"));
        id_of(first)
    }
}

/// A record's `id` as a string, whether the API sends it as a number or a string.
pub fn id_of(record: &Value) -> String {
    match &record["id"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("record has no id: {other} in {record}"),
    }
}

impl ToolContext for Harness {
    fn client(&self) -> Result<&OneApiClient, ToolError> {
        Ok(&self.client)
    }

    fn cancellation(&self) -> &CancellationToken {
        &self.cancel
    }

    fn progress(&self, _progress: f64, _total: Option<f64>, _message: Option<String>) {}

    fn log(&self, _level: LogLevel, _logger: &'static str, _data: Value) {}

    fn elicit(&self, message: String, schema: Value) -> BoxFuture<'_, Result<Elicited, ToolError>> {
        self.asked.lock().unwrap().push(message);
        let agrees = self.agrees.load(Ordering::SeqCst);
        // Answer with the first allowed value of every field, booleans as the user decides.
        let mut answer = Map::new();
        if let Some(props) = schema["properties"].as_object() {
            for (key, field) in props {
                let value = match &field["enum"] {
                    Value::Array(values) if !values.is_empty() => values[0].clone(),
                    _ => match field["type"].as_str() {
                        Some("boolean") => Value::Bool(agrees),
                        _ => Value::String(String::new()),
                    },
                };
                answer.insert(key.clone(), value);
            }
        }
        Box::pin(async move { Ok(Elicited::Accepted(Value::Object(answer))) })
    }

    fn sample(
        &self,
        _prompt: String,
        _max_tokens: u32,
    ) -> BoxFuture<'_, Result<String, ToolError>> {
        Box::pin(async { Err(ToolError::MissingCapability(ClientFeature::Sampling)) })
    }

    fn supports(&self, feature: ClientFeature) -> bool {
        feature == ClientFeature::Elicitation && self.elicits.load(Ordering::SeqCst)
    }

    fn caller(&self) -> String {
        "harness".to_owned()
    }
}
