//! 2026-07-28 multi round-trip requests (SEP-2322): a tool's questions go back to the client as
//! `inputRequests`, the answers come with the repeated request as `inputResponses`, and what
//! earlier rounds already answered travels in `requestState`, sealed with an HMAC so a client
//! cannot forge or alter it.

use std::collections::BTreeMap;
use std::time::Duration;

use rmcp::model::{
    CreateMessageRequest, CreateMessageRequestParams, CreateMessageResult, ElicitRequest,
    ElicitRequestParams, ElicitResult, ElicitationAction, ElicitationSchema, InputRequest,
    InputRequests, ListRootsRequest, ListRootsResult, RequestStateCodec, SamplingMessage,
    SealOptions,
};
use serde_json::{Map, Value};
use zscaler_catalogue::{Answer, Elicited, Question, Root};

/// How long a client may take to answer before the sealed state expires.
const STATE_TTL: Duration = Duration::from_secs(15 * 60);

/// Seals and opens `requestState` with the shared keys (`ZSCALER_MCP_REQUEST_STATE_KEYS`):
/// the first seals, any opens, so replicas behind one load balancer accept each other's
/// states and keys can rotate. Without configured keys one is drawn at start-up and a state
/// is valid only on the instance that issued it.
pub struct StateSeal {
    codecs: Vec<RequestStateCodec>,
}

impl std::fmt::Debug for StateSeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StateSeal(<key redacted>)")
    }
}

impl StateSeal {
    #[cfg(test)]
    pub fn random() -> StateSeal {
        StateSeal::new(&zscaler_catalogue::confirm::Keys::random())
    }

    pub fn new(keys: &zscaler_catalogue::confirm::Keys) -> StateSeal {
        let codecs = keys
            .derive("zscaler-mcp request state")
            .into_iter()
            .map(|key| RequestStateCodec::try_new(key).expect("derived keys are 32 bytes"))
            .collect();
        StateSeal { codecs }
    }

    /// Seals the answers given so far; `scope` names the request (method and target) the
    /// state belongs to, so it cannot be replayed against another one.
    pub fn seal(&self, scope: &str, answers: &BTreeMap<String, Value>) -> String {
        let payload = serde_json::to_vec(answers).unwrap_or_default();
        self.codecs[0].seal_with(
            &payload,
            &SealOptions::new()
                .associated_data(scope.as_bytes())
                .ttl(STATE_TTL),
        )
    }

    /// The answers sealed in `state`, or why the state cannot be trusted.
    pub fn open(&self, scope: &str, state: &str) -> Result<BTreeMap<String, Value>, String> {
        let mut opened = Err(String::from("no key"));
        for codec in &self.codecs {
            opened = codec
                .open_with(state, scope.as_bytes())
                .map_err(|e| e.to_string());
            if opened.is_ok() {
                break;
            }
        }
        let payload = opened?;
        serde_json::from_slice(&payload).map_err(|e| format!("request state is unreadable: {e}"))
    }
}

/// A question as the request the client is to answer.
pub fn input_request(question: &Question) -> Result<InputRequest, String> {
    Ok(match question {
        Question::Elicit { message, schema } => {
            let requested_schema: ElicitationSchema = serde_json::from_value(schema.clone())
                .map_err(|e| format!("elicitation form is invalid: {e}"))?;
            InputRequest::Elicitation(ElicitRequest::new(
                ElicitRequestParams::FormElicitationParams {
                    meta: None,
                    message: message.clone(),
                    requested_schema,
                },
            ))
        }
        Question::Sample { prompt, max_tokens } => {
            InputRequest::CreateMessage(CreateMessageRequest::new(CreateMessageRequestParams::new(
                vec![SamplingMessage::user_text(prompt.clone())],
                *max_tokens,
            )))
        }
        Question::Roots => InputRequest::ListRoots(ListRootsRequest {
            method: Default::default(),
            extensions: Default::default(),
        }),
    })
}

/// The `inputRequests` map for unanswered questions.
pub fn input_requests(questions: &[(String, Question)]) -> Result<InputRequests, String> {
    questions
        .iter()
        .map(|(key, question)| Ok((key.clone(), input_request(question)?)))
        .collect()
}

/// A user's elicitation answer in the catalogue's terms.
pub fn elicited(result: ElicitResult) -> Elicited {
    match result.action {
        ElicitationAction::Accept => {
            Elicited::Accepted(result.content.unwrap_or(Value::Object(Map::new())))
        }
        ElicitationAction::Decline => Elicited::Declined,
        _ => Elicited::Cancelled,
    }
}

/// The text of a model's answer.
pub fn sampled(result: &CreateMessageResult) -> String {
    result
        .message
        .content
        .first()
        .and_then(|c| c.as_text())
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

pub fn roots(result: ListRootsResult) -> Vec<Root> {
    result
        .roots
        .into_iter()
        .map(|r| Root {
            uri: r.uri,
            name: r.name,
        })
        .collect()
}

/// Reads the client's answer to `question`; the reason names what is wrong with it.
pub fn parse_answer(question: &Question, value: &Value) -> Result<Answer, String> {
    if !value.is_object() {
        return Err("must be an object (the result of the request asked)".into());
    }
    match question {
        Question::Elicit { .. } => serde_json::from_value::<ElicitResult>(value.clone())
            .map(|r| Answer::Elicited(elicited(r)))
            .map_err(|e| format!("is not an elicitation result: {e}")),
        Question::Sample { .. } => serde_json::from_value::<CreateMessageResult>(value.clone())
            .map(|r| Answer::Sampled(sampled(&r)))
            .map_err(|e| format!("is not a sampling result: {e}")),
        Question::Roots => serde_json::from_value::<ListRootsResult>(value.clone())
            .map(|r| Answer::Roots(roots(r)))
            .map_err(|e| format!("is not a roots/list result: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn sealed_state_opens_only_unaltered_and_in_its_own_scope() {
        let seal = StateSeal::random();
        let answers = BTreeMap::from([("step1".to_owned(), json!({"action": "accept"}))]);
        let state = seal.seal("tools/call:a", &answers);
        assert_eq!(seal.open("tools/call:a", &state).unwrap(), answers);
        assert!(seal.open("tools/call:b", &state).is_err());
        assert!(
            seal.open("tools/call:a", &format!("{state}-TAMPERED"))
                .is_err()
        );
        // Another process (another key) cannot open it either.
        assert!(StateSeal::random().open("tools/call:a", &state).is_err());
    }

    #[test]
    fn answers_must_match_the_question_asked() {
        let elicit = Question::Elicit {
            message: "name?".into(),
            schema: json!({"type": "object", "properties": {"name": {"type": "string"}}}),
        };
        assert_eq!(
            parse_answer(
                &elicit,
                &json!({"action": "accept", "content": {"name": "Alice"}})
            )
            .unwrap(),
            Answer::Elicited(Elicited::Accepted(json!({"name": "Alice"})))
        );
        assert!(parse_answer(&elicit, &json!(12345)).is_err());
        assert!(parse_answer(&elicit, &json!({"roots": []})).is_err());
        let sample = Question::Sample {
            prompt: "hi".into(),
            max_tokens: 10,
        };
        let reply = json!({"role": "assistant", "content": {"type": "text", "text": "Paris"}, "model": "m"});
        assert_eq!(
            parse_answer(&sample, &reply).unwrap(),
            Answer::Sampled("Paris".into())
        );
        let roots = json!({"roots": [{"uri": "file:///r", "name": "R"}]});
        assert_eq!(
            parse_answer(&Question::Roots, &roots).unwrap(),
            Answer::Roots(vec![Root {
                uri: "file:///r".into(),
                name: Some("R".into())
            }])
        );
    }

    #[test]
    fn questions_become_the_requests_the_spec_names() {
        let requests = input_requests(&[
            ("a".into(), Question::Roots),
            (
                "b".into(),
                Question::Sample {
                    prompt: "p".into(),
                    max_tokens: 5,
                },
            ),
        ])
        .unwrap();
        let wire = serde_json::to_value(&requests).unwrap();
        assert_eq!(wire["a"]["method"], "roots/list");
        assert_eq!(wire["b"]["method"], "sampling/createMessage");
        assert_eq!(wire["b"]["params"]["maxTokens"], 5);
    }
}
