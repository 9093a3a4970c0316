//! What a route handler sees (`Call`) and what it returns (`Reply`), free of hyper types so
//! product modules stay plain functions over data.

use http::Method;
use serde_json::{Value, json};

/// The products the emulator serves; decides error bodies, rate-limit headers and id styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Product {
    Zpa,
    Zia,
    Ztw,
    Zid,
    Zcc,
    Zdx,
    Easm,
    Zins,
    Zms,
    Zcell,
    /// The token endpoint and anything outside a product prefix.
    Gateway,
}

impl Product {
    pub fn from_path(path: &str) -> Product {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        match first {
            "zpa" => Product::Zpa,
            "zia" => Product::Zia,
            "ztw" => Product::Ztw,
            "ziam" => Product::Zid,
            "zcc" => Product::Zcc,
            "zdx" => Product::Zdx,
            "easm" => Product::Easm,
            "zins" => Product::Zins,
            "zms" => Product::Zms,
            "zcell" => Product::Zcell,
            _ => Product::Gateway,
        }
    }
}

/// One API request after routing: path parameters, decoded query and parsed body.
#[derive(Debug)]
pub struct Call {
    pub method: Method,
    pub path: String,
    pub params: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    /// `None` for an empty body. A body that is not JSON is rejected before routing.
    pub body: Option<Value>,
    /// `scheme://host[:port]` the client used, so links we hand out lead back to us.
    pub origin: String,
}

impl Call {
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Query lookup that ignores case, for products whose parameter casing drifts.
    pub fn query_ci(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn query_u64(&self, name: &str) -> Result<Option<u64>, Reply> {
        match self.query(name) {
            None | Some("") => Ok(None),
            Some(raw) => raw.parse().map(Some).map_err(|_| {
                Reply::product_error(
                    Product::from_path(&self.path),
                    400,
                    "INVALID_INPUT_ARGUMENT",
                    &format!("query parameter {name} must be a number, got {raw:?}"),
                )
            }),
        }
    }

    /// The JSON object body, or the product's validation error.
    pub fn body_object(&self) -> Result<&serde_json::Map<String, Value>, Reply> {
        match &self.body {
            Some(Value::Object(map)) => Ok(map),
            _ => Err(Reply::product_error(
                Product::from_path(&self.path),
                400,
                "INVALID_INPUT_ARGUMENT",
                "Request body is invalid.",
            )),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Body {
    Json(Value),
    Empty,
    Text {
        content_type: &'static str,
        text: String,
    },
}

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Body,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json(status: u16, value: Value) -> Reply {
        Reply {
            status,
            body: Body::Json(value),
            headers: Vec::new(),
        }
    }

    pub fn ok(value: Value) -> Reply {
        Reply::json(200, value)
    }

    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            body: Body::Empty,
            headers: Vec::new(),
        }
    }

    pub fn text(status: u16, content_type: &'static str, text: impl Into<String>) -> Reply {
        Reply {
            status,
            body: Body::Text {
                content_type,
                text: text.into(),
            },
            headers: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    /// An error in the shape the given product really uses (oneapi.md §3.1).
    pub fn product_error(product: Product, status: u16, code: &str, message: &str) -> Reply {
        match product {
            Product::Zpa => {
                Reply::json(status, json!({"id": code, "reason": message, "params": []}))
            }
            // EASM, ZCell and the GraphQL gateways: the generic `{code, message}` (inferred;
            // no recorded error bodies).
            Product::Zia
            | Product::Ztw
            | Product::Easm
            | Product::Zins
            | Product::Zms
            | Product::Zcell => Reply::json(status, json!({"code": code, "message": message})),
            Product::Zdx => Reply::json(
                status,
                json!({"code": code, "message": message, "details": []}),
            ),
            Product::Zid => Reply::json(
                status,
                json!({"type": code, "title": message, "status": status, "detail": message}),
            ),
            // ZCC answers most client errors with an empty body and no content type.
            Product::Zcc if status == 400 => Reply::empty(400),
            Product::Zcc if status == 404 => Reply::text(404, "application/json", "404 Not Found"),
            Product::Zcc => Reply::json(
                status,
                json!({"title": code, "errorCode": null, "errorMessage": message}),
            ),
            Product::Gateway => {
                Reply::json(status, json!({"error": code, "error_description": message}))
            }
        }
    }

    pub fn not_found(product: Product, what: &str) -> Reply {
        match product {
            Product::Zpa => Reply::json(
                404,
                json!({"id": "resource.not.found", "reason": "resource.not.found", "params": [what]}),
            ),
            Product::Zcc => Reply::text(404, "application/json", "404 Not Found"),
            _ => Reply::product_error(
                product,
                404,
                "RESOURCE_NOT_FOUND",
                &format!("Resource does not exist: {what}"),
            ),
        }
    }

    /// The gateway's answer to a missing, unknown or expired bearer token (recorded).
    pub fn unauthorized() -> Reply {
        Reply::json(
            401,
            json!({"detail": "unauthorized", "type": "", "title": "", "status": ""}),
        )
    }
}
