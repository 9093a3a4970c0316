//! The catalogue's `ToolContext`, backed by the rmcp peer of the request being served.
//!
//! Questions to the client (elicitation, sampling, roots) go two ways: a session-era request
//! asks the peer right away; a 2026-07-28 request has no peer to ask, so its questions end the
//! call with `ToolError::InputRequired` and the answers arrive with the repeated request
//! ([`Rounds`], sealed by [`crate::mrtr::StateSeal`]).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::future::BoxFuture;
use rmcp::RoleServer;
use rmcp::model::{
    ClientCapabilities, CreateMessageRequestParams, ElicitRequestParams, ElicitationSchema,
    InputResponses, LoggingLevel, LoggingMessageNotificationParam, ProgressNotificationParam,
    ProgressToken, SamplingMessage,
};
use rmcp::service::{ElicitationMode, Peer, RequestContext};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use zscaler_catalogue::{
    Answer, ClientFeature, Elicited, LogLevel, Question, ToolContext, ToolError,
};
use zscaler_oneapi::OneApiClient;

use crate::mrtr::{self, StateSeal};

enum Note {
    Progress(ProgressNotificationParam),
    Log(LoggingMessageNotificationParam),
}

pub fn level(level: LogLevel) -> LoggingLevel {
    match level {
        LogLevel::Debug => LoggingLevel::Debug,
        LogLevel::Info => LoggingLevel::Info,
        LogLevel::Notice => LoggingLevel::Notice,
        LogLevel::Warning => LoggingLevel::Warning,
        LogLevel::Error => LoggingLevel::Error,
        LogLevel::Critical => LoggingLevel::Critical,
        LogLevel::Alert => LoggingLevel::Alert,
        LogLevel::Emergency => LoggingLevel::Emergency,
    }
}

fn severity(level: LoggingLevel) -> u8 {
    match level {
        LoggingLevel::Debug => 0,
        LoggingLevel::Info => 1,
        LoggingLevel::Notice => 2,
        LoggingLevel::Warning => 3,
        LoggingLevel::Error => 4,
        LoggingLevel::Critical => 5,
        LoggingLevel::Alert => 6,
        LoggingLevel::Emergency => 7,
    }
}

/// The answers one round of a 2026-07-28 multi round-trip request brings, and those the tool
/// used, which the next round's `requestState` carries.
pub struct Rounds {
    /// Answers sealed by earlier rounds, then this round's `inputResponses`.
    given: BTreeMap<String, Value>,
    used: Mutex<BTreeMap<String, Value>>,
    resumed: bool,
}

impl Rounds {
    /// Opens `state` (the request's `requestState`) for the request named `scope`; a state that
    /// fails verification is refused, never half-trusted.
    pub fn new(
        seal: &StateSeal,
        scope: &str,
        state: Option<&str>,
        responses: Option<InputResponses>,
    ) -> Result<Rounds, String> {
        let mut given = match state {
            Some(state) => seal.open(scope, state)?,
            None => BTreeMap::new(),
        };
        given.extend(responses.unwrap_or_default());
        Ok(Rounds {
            given,
            used: Mutex::new(BTreeMap::new()),
            resumed: state.is_some(),
        })
    }

    /// The `requestState` for the next round: every answer this round used.
    pub fn next_state(&self, seal: &StateSeal, scope: &str) -> String {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        seal.seal(scope, &used)
    }
}

fn supports(capabilities: Option<&ClientCapabilities>, feature: ClientFeature) -> bool {
    capabilities.is_some_and(|c| match feature {
        ClientFeature::Elicitation => c.elicitation.is_some(),
        ClientFeature::Sampling => c.sampling.is_some(),
        ClientFeature::Roots => c.roots.is_some(),
    })
}

/// The verified caller an HTTP request was authenticated as (`jwt:alice`, `api-key#2`, …);
/// `None` without authentication.
pub fn verified_caller(parts: &http::request::Parts) -> Option<String> {
    parts
        .extensions
        .get::<zscaler_mcp_auth::Principal>()
        .filter(|p| p.is_verified())
        .map(zscaler_mcp_auth::Principal::label)
}

/// The caller of a request: the authenticated principal, else the MCP session (stateless
/// unauthenticated requests share one identity); a stdio server has exactly one caller.
pub(crate) fn caller_of(request: &RequestContext<RoleServer>) -> String {
    let Some(parts) = request.extensions.get::<http::request::Parts>() else {
        return "stdio".to_owned();
    };
    // An authenticated caller is named by who they are, so a confirmation token or an audit
    // record follows the person across sessions and replicas.
    if let Some(caller) = verified_caller(parts) {
        return caller;
    }
    match parts
        .headers
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
    {
        Some(session) => format!("session:{session}"),
        None => "http".to_owned(),
    }
}

/// One tool call's view of the client. Progress and log notifications go through one queue
/// drained by one task, so they arrive in order and before the result ([`Self::finish`]).
pub struct CallContext<'a> {
    client: Option<&'a OneApiClient>,
    peer: Peer<RoleServer>,
    capabilities: Option<ClientCapabilities>,
    /// Set for 2026-07-28 requests: questions are answered through rounds, not the peer.
    rounds: Option<Rounds>,
    /// Numbers the keys of questions asked through `elicit` and `sample`.
    asked: AtomicUsize,
    cancellation: CancellationToken,
    /// Who is calling (confirmation tokens are bound to it).
    caller: String,
    progress_token: Option<ProgressToken>,
    /// The least severe log level the client wants; `None` sends no logs.
    min_log_level: Option<LoggingLevel>,
    notes: mpsc::UnboundedSender<Note>,
    forwarder: JoinHandle<()>,
}

impl<'a> CallContext<'a> {
    pub fn new(
        client: Option<&'a OneApiClient>,
        request: &RequestContext<RoleServer>,
        min_log_level: Option<LoggingLevel>,
    ) -> CallContext<'a> {
        let (notes, mut queue) = mpsc::unbounded_channel::<Note>();
        let peer = request.peer.clone();
        let forwarder = tokio::spawn(async move {
            while let Some(note) = queue.recv().await {
                // A client that went away cannot be told; the call's own result reports that.
                let _ = match note {
                    Note::Progress(p) => peer.notify_progress(p).await,
                    #[allow(deprecated)]
                    Note::Log(l) => peer.notify_logging_message(l).await,
                };
            }
        });
        CallContext {
            client,
            peer: request.peer.clone(),
            capabilities: request.client_capabilities(),
            rounds: None,
            asked: AtomicUsize::new(0),
            cancellation: request.ct.clone(),
            caller: caller_of(request),
            progress_token: request.meta.get_progress_token(),
            min_log_level,
            notes,
            forwarder,
        }
    }

    /// Answers questions through `rounds` (a 2026-07-28 request) instead of the peer.
    pub fn with_rounds(mut self, rounds: Rounds) -> CallContext<'a> {
        self.rounds = Some(rounds);
        self
    }

    pub fn rounds(&self) -> Option<&Rounds> {
        self.rounds.as_ref()
    }

    /// Asks the peer one question (session-era requests).
    async fn ask_peer(&self, question: Question) -> Result<Answer, ToolError> {
        if !self.supports(question.feature()) {
            return Err(ToolError::MissingCapability(question.feature()));
        }
        let failed = |what: &str, e: rmcp::service::ServiceError| {
            ToolError::Client(format!("{what} failed: {e}"))
        };
        Ok(match question {
            Question::Elicit { message, schema } => {
                let requested_schema: ElicitationSchema = serde_json::from_value(schema)
                    .map_err(|e| ToolError::Client(format!("elicitation form is invalid: {e}")))?;
                let params = ElicitRequestParams::FormElicitationParams {
                    meta: None,
                    message,
                    requested_schema,
                };
                let answer = self
                    .peer
                    .create_elicitation(params)
                    .await
                    .map_err(|e| failed("elicitation", e))?;
                Answer::Elicited(mrtr::elicited(answer))
            }
            Question::Sample { prompt, max_tokens } => {
                let params = CreateMessageRequestParams::new(
                    vec![SamplingMessage::user_text(prompt)],
                    max_tokens,
                );
                let answer = self
                    .peer
                    .create_message(params)
                    .await
                    .map_err(|e| failed("sampling", e))?;
                Answer::Sampled(mrtr::sampled(&answer))
            }
            Question::Roots => {
                let answer = self
                    .peer
                    .list_roots()
                    .await
                    .map_err(|e| failed("roots/list", e))?;
                Answer::Roots(mrtr::roots(answer))
            }
        })
    }

    /// Answers questions from this round's answers; what is unanswered ends the call.
    fn ask_rounds(
        &self,
        rounds: &Rounds,
        questions: Vec<(String, Question)>,
    ) -> Result<BTreeMap<String, Answer>, ToolError> {
        let mut answers = BTreeMap::new();
        let mut missing = Vec::new();
        for (key, question) in questions {
            // A server must not rely on a capability the request did not declare.
            if !self.supports(question.feature()) {
                return Err(ToolError::MissingCapability(question.feature()));
            }
            match rounds.given.get(&key) {
                Some(value) => {
                    let answer = mrtr::parse_answer(&question, value).map_err(|reason| {
                        ToolError::InvalidAnswer {
                            key: key.clone(),
                            reason,
                        }
                    })?;
                    rounds
                        .used
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(key.clone(), value.clone());
                    answers.insert(key, answer);
                }
                None => missing.push((key, question)),
            }
        }
        if missing.is_empty() {
            Ok(answers)
        } else {
            Err(ToolError::InputRequired(missing))
        }
    }

    /// Asks one question under a key of its own kind (`elicitation_1`, `sampling_2`, …).
    async fn ask_one(&self, question: Question) -> Result<Answer, ToolError> {
        let n = self.asked.fetch_add(1, Ordering::Relaxed) + 1;
        let key = format!("{}_{n}", question.feature().key());
        let mut answers = self.ask(vec![(key.clone(), question)]).await?;
        answers
            .remove(&key)
            .ok_or_else(|| ToolError::Client("the client gave no answer".into()))
    }

    /// Waits until every queued notification has been handed to the transport. (Dropping the
    /// context instead ends the forwarding task without waiting for it.)
    pub async fn finish(self) {
        drop(self.notes);
        let _ = self.forwarder.await;
    }
}

impl ToolContext for CallContext<'_> {
    fn client(&self) -> Result<&OneApiClient, ToolError> {
        self.client.ok_or(ToolError::NotConfigured)
    }

    fn cancellation(&self) -> &CancellationToken {
        &self.cancellation
    }

    fn progress(&self, progress: f64, total: Option<f64>, message: Option<String>) {
        let Some(token) = &self.progress_token else {
            return;
        };
        let mut note = ProgressNotificationParam::new(token.clone(), progress);
        if let Some(total) = total {
            note = note.with_total(total);
        }
        if let Some(message) = message {
            note = note.with_message(message);
        }
        let _ = self.notes.send(Note::Progress(note));
    }

    fn log(&self, log_level: LogLevel, logger: &'static str, data: Value) {
        let log_level = level(log_level);
        match self.min_log_level {
            Some(min) if severity(log_level) >= severity(min) => {
                let note =
                    LoggingMessageNotificationParam::new(log_level, data).with_logger(logger);
                let _ = self.notes.send(Note::Log(note));
            }
            _ => {}
        }
    }

    fn elicit(&self, message: String, schema: Value) -> BoxFuture<'_, Result<Elicited, ToolError>> {
        Box::pin(async move {
            match self.ask_one(Question::Elicit { message, schema }).await? {
                Answer::Elicited(elicited) => Ok(elicited),
                _ => Err(ToolError::Client(
                    "the client answered another question".into(),
                )),
            }
        })
    }

    fn sample(&self, prompt: String, max_tokens: u32) -> BoxFuture<'_, Result<String, ToolError>> {
        Box::pin(async move {
            match self
                .ask_one(Question::Sample { prompt, max_tokens })
                .await?
            {
                Answer::Sampled(text) => Ok(text),
                _ => Err(ToolError::Client(
                    "the client answered another question".into(),
                )),
            }
        })
    }

    fn caller(&self) -> String {
        self.caller.clone()
    }

    fn supports(&self, feature: ClientFeature) -> bool {
        if self.rounds.is_none() && feature == ClientFeature::Elicitation {
            return self
                .peer
                .supported_elicitation_modes()
                .contains(&ElicitationMode::Form);
        }
        supports(self.capabilities.as_ref(), feature)
    }

    fn ask(
        &self,
        questions: Vec<(String, Question)>,
    ) -> BoxFuture<'_, Result<BTreeMap<String, Answer>, ToolError>> {
        Box::pin(async move {
            if let Some(rounds) = &self.rounds {
                return self.ask_rounds(rounds, questions);
            }
            let mut answers = BTreeMap::new();
            for (key, question) in questions {
                answers.insert(key, self.ask_peer(question).await?);
            }
            Ok(answers)
        })
    }

    fn resumed(&self) -> bool {
        self.rounds.as_ref().is_some_and(|r| r.resumed)
    }
}
