//! The shape of a catalogue row.

use futures_util::future::BoxFuture;
use zscaler_oneapi::Paging;

use crate::args::Args;
use crate::context::{ToolContext, ToolOutput};
use crate::error::ToolError;

/// The Zscaler service a tool talks to; the first word of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    Zpa,
    Zia,
    Zdx,
    Zcc,
    Zid,
    Ztw,
    Easm,
    Zins,
    Zms,
    Zcell,
    /// Tools about the server itself (toolset discovery, diagnostics).
    Zscaler,
    /// The conformance-suite fixtures (only in builds with the `conformance` feature).
    Test,
}

impl Service {
    pub const ALL: [Service; 12] = [
        Service::Zpa,
        Service::Zia,
        Service::Zdx,
        Service::Zcc,
        Service::Zid,
        Service::Ztw,
        Service::Easm,
        Service::Zins,
        Service::Zms,
        Service::Zcell,
        Service::Zscaler,
        Service::Test,
    ];

    /// The name prefix and the key used by `--services`.
    pub fn key(self) -> &'static str {
        match self {
            Service::Zpa => "zpa",
            Service::Zia => "zia",
            Service::Zdx => "zdx",
            Service::Zcc => "zcc",
            Service::Zid => "zid",
            Service::Ztw => "ztw",
            Service::Easm => "zeasm",
            Service::Zins => "zins",
            Service::Zms => "zms",
            Service::Zcell => "zcell",
            Service::Zscaler => "zscaler",
            Service::Test => "test",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Service::Zpa => "Zscaler Private Access",
            Service::Zia => "Zscaler Internet Access",
            Service::Zdx => "Zscaler Digital Experience",
            Service::Zcc => "Zscaler Client Connector",
            Service::Zid => "ZIdentity",
            Service::Ztw => "Zscaler Cloud & Branch Connector",
            Service::Easm => "External Attack Surface Management",
            Service::Zins => "Z-Insights analytics",
            Service::Zms => "Zscaler Microsegmentation",
            Service::Zcell => "Zscaler Cellular",
            Service::Zscaler => "this server",
            Service::Test => "conformance fixtures",
        }
    }

    pub fn from_key(key: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What a tool does to the tenant; drives annotations and write gating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn is_write(self) -> bool {
        self != Action::Read
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// The JSON type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    String,
    Integer,
    Number,
    Boolean,
    /// A list of strings.
    StringList,
    /// Any JSON object (a request body passed through).
    Object,
    /// A string restricted to these values.
    Enum(&'static [&'static str]),
    /// A raw JSON Schema fragment, for shapes the simple types cannot say.
    Schema(&'static str),
}

/// Where an argument goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// Replaces `{name}` in the path.
    Path,
    /// A query parameter named `wire` (or the parameter's name).
    Query,
    /// A field of the JSON body named `wire` (or the parameter's name).
    Body,
    /// Read by the engine or a composite handler; never sent as is.
    Local,
}

#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub ty: ParamType,
    pub required: bool,
    pub location: Location,
    /// The name on the wire when it differs from `name` (e.g. `search`, `pagesize`).
    pub wire: Option<&'static str>,
    pub description: &'static str,
}

impl Param {
    pub const fn new(name: &'static str, ty: ParamType, description: &'static str) -> Param {
        Param {
            name,
            ty,
            required: false,
            location: Location::Local,
            wire: None,
            description,
        }
    }

    pub const fn path(name: &'static str, description: &'static str) -> Param {
        Param::new(name, ParamType::String, description)
            .at(Location::Path)
            .required()
    }

    pub const fn query(name: &'static str, description: &'static str) -> Param {
        Param::new(name, ParamType::String, description).at(Location::Query)
    }

    /// A field of the JSON body (create and update tools); name its wire form with `wire`.
    pub const fn body(name: &'static str, ty: ParamType, description: &'static str) -> Param {
        Param::new(name, ty, description).at(Location::Body)
    }

    pub const fn at(mut self, location: Location) -> Param {
        self.location = location;
        self
    }

    pub const fn required(mut self) -> Param {
        self.required = true;
        self
    }

    pub const fn wire(mut self, wire: &'static str) -> Param {
        self.wire = Some(wire);
        self
    }

    pub fn wire_name(&self) -> &'static str {
        self.wire.unwrap_or(self.name)
    }
}

/// Further body fields as the API names them, for what the named parameters do not cover.
/// Named parameters win over a field of the same wire name.
pub const FIELDS: Param = Param::new(
    "fields",
    ParamType::Object,
    "Other API fields (camelCase), sent as given.",
)
.at(Location::Body)
.wire("*");

/// What a composite handler is given.
pub struct CompositeCall<'a> {
    pub def: &'static ToolDef,
    pub args: &'a Args,
    pub ctx: &'a dyn ToolContext,
    /// The engine running the call (and the catalogue it serves), for tools that run others.
    pub engine: &'a crate::engine::Engine,
}

pub type Composite = for<'a> fn(CompositeCall<'a>) -> BoxFuture<'a, Result<ToolOutput, ToolError>>;

/// Runs on a call's validated arguments before anything is sent: checks that span several
/// arguments, and arguments derived from others (ZDX's `since` hours become `from`/`to`).
/// It must give the same result for the same arguments when the row is an update or delete,
/// since confirmations are bound to the arguments as prepared.
pub type Prepare = fn(&mut Args) -> Result<(), ToolError>;

/// How a row runs.
#[derive(Clone, Copy)]
pub enum Op {
    /// One OneAPI request (or one list walk) built from the row.
    Http {
        method: Method,
        /// `{name}` segments come from path parameters; `{customerId}` from the ZPA customer id.
        path: &'static str,
        /// Set for list endpoints: the engine adds `page`/`page_size` and walks pages.
        paging: Option<Paging>,
    },
    /// A hand-written handler, for tools that are more than one request.
    Composite(Composite),
    /// One GraphQL operation (Z-Insights, ZMS), declared as data; see [`crate::graphql`].
    Graphql(&'static crate::graphql::Operation),
}

impl std::fmt::Debug for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Op::Http {
                method,
                path,
                paging,
            } => write!(f, "{method:?} {path} paging={paging:?}"),
            Op::Composite(_) => f.write_str("composite"),
            Op::Graphql(op) => write!(f, "graphql {} {}", op.endpoint, op.name),
        }
    }
}

/// The shape of a tool's structured result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// `{items: [...], count, ...}` from a list walk.
    List,
    /// One JSON object.
    Object,
    /// No structured content (text or media only).
    Content,
}

/// How an update or delete finds the record it acts on, before it acts.
///
/// Updates read the record, overlay the arguments and send the whole result back (ZIA's PUT
/// replaces the object, so a partial body would erase every field left out); the same read
/// names the record and gives the field-level diff in the confirmation. Deletes read it to
/// name it in the confirmation and to refuse early when it does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Current {
    /// `GET` on the row's own path.
    SamePath,
    /// `GET` on this path template (same `{param}` rules as the row's path).
    Path(&'static str),
    /// Nothing to read: the body is sent as built (incremental updates, bulk deletes).
    None,
}

/// One tool, as data.
#[derive(Debug, Clone, Copy)]
pub struct ToolDef {
    /// `{service}_{verb}_{resource}`, snake_case, at most 48 characters.
    pub name: &'static str,
    pub title: &'static str,
    pub service: Service,
    /// The group `--toolsets` selects by.
    pub toolset: &'static str,
    pub action: Action,
    pub description: &'static str,
    pub params: &'static [Param],
    pub op: Op,
    pub output: Output,
    /// True when the result depends only on the arguments (safe to repeat).
    pub idempotent: bool,
    /// Top-level JSON Schema keywords merged into the derived input schema (e.g. `$defs`).
    pub schema_extra: Option<&'static str>,
    /// Set on tools whose content is authored outside the tenant (sandbox reports, scan
    /// output): the text block is labelled as untrusted, with this note.
    pub untrusted: Option<&'static str>,
    /// What an update or delete reads first (ignored for reads and creates).
    pub current: Current,
    /// Fields an update's read-modify-write leaves out of the body it sends: set once at
    /// create, and refused when sent again (ZIA answers a static IP PUT that repeats its
    /// `ipAddress` with 409 DUPLICATE_ITEM).
    pub immutable: &'static [&'static str],
    /// Cross-argument checks and derived arguments, run before the request is built.
    pub prepare: Option<Prepare>,
    /// A `[now - days, now]` window the engine fills from the [`DAYS`] argument (ZCell).
    pub window: Option<Window>,
}

/// Where a row's time window goes on the wire (ZCell puts it in the query, the body or the
/// path, under names that vary by endpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub location: Location,
    /// Wire names of the start and end (`{name}` segments for [`Location::Path`]).
    pub start: &'static str,
    pub end: &'static str,
}

/// The look-back of a [`Window`], in days.
pub const DAYS: Param = Param::new("days", ParamType::Integer, "");

impl ToolDef {
    /// A row with the defaults its action implies: `GET`/`POST`/`PUT`/`DELETE` on `path`,
    /// one object out, idempotent unless it creates, updates and deletes reading the record
    /// at `path` first. Refine it with the builder methods below.
    pub const fn new(
        name: &'static str,
        service: Service,
        toolset: &'static str,
        action: Action,
        path: &'static str,
    ) -> ToolDef {
        let method = match action {
            Action::Read => Method::Get,
            Action::Create => Method::Post,
            Action::Update => Method::Put,
            Action::Delete => Method::Delete,
        };
        ToolDef {
            name,
            title: "",
            service,
            toolset,
            action,
            description: "",
            params: &[],
            op: Op::Http {
                method,
                path,
                paging: None,
            },
            output: Output::Object,
            idempotent: !matches!(action, Action::Create),
            schema_extra: None,
            untrusted: None,
            current: match action {
                Action::Update | Action::Delete => Current::SamePath,
                Action::Read | Action::Create => Current::None,
            },
            immutable: &[],
            prepare: None,
            window: None,
        }
    }

    pub const fn title(mut self, title: &'static str) -> ToolDef {
        self.title = title;
        self
    }

    pub const fn describe(mut self, description: &'static str) -> ToolDef {
        self.description = description;
        self
    }

    pub const fn params(mut self, params: &'static [Param]) -> ToolDef {
        self.params = params;
        self
    }

    /// Overrides the HTTP method the action implies (e.g. a delete that is a `POST`).
    pub const fn method(mut self, method: Method) -> ToolDef {
        if let Op::Http { path, paging, .. } = self.op {
            self.op = Op::Http {
                method,
                path,
                paging,
            };
        }
        self
    }

    /// A list the API pages in `paging` style; the engine pages and walks it.
    pub const fn paged(mut self, paging: Paging) -> ToolDef {
        if let Op::Http { method, path, .. } = self.op {
            self.op = Op::Http {
                method,
                path,
                paging: Some(paging),
            };
        }
        self.output = Output::List;
        self
    }

    /// A list the API returns whole (a bare array); the engine pages it locally.
    pub const fn list(mut self) -> ToolDef {
        self.output = Output::List;
        self
    }

    /// Text or media out, no structured content.
    pub const fn content(mut self) -> ToolDef {
        self.output = Output::Content;
        self
    }

    pub const fn untrusted(mut self, note: &'static str) -> ToolDef {
        self.untrusted = Some(note);
        self
    }

    pub const fn current(mut self, current: Current) -> ToolDef {
        self.current = current;
        self
    }

    /// Fields an update must not send back (see [`ToolDef::immutable`]).
    pub const fn immutable(mut self, fields: &'static [&'static str]) -> ToolDef {
        self.immutable = fields;
        self
    }

    /// Checks and derives arguments before anything is sent (see [`Prepare`]).
    pub const fn prepare(mut self, prepare: Prepare) -> ToolDef {
        self.prepare = Some(prepare);
        self
    }

    pub const fn not_idempotent(mut self) -> ToolDef {
        self.idempotent = false;
        self
    }

    pub const fn schema_extra(mut self, extra: &'static str) -> ToolDef {
        self.schema_extra = Some(extra);
        self
    }

    /// A GraphQL operation instead of a REST request; list tools when it declares items.
    pub const fn graphql(mut self, op: &'static crate::graphql::Operation) -> ToolDef {
        self.op = Op::Graphql(op);
        if op.items.is_some() {
            self.output = Output::List;
        }
        self
    }

    /// A `[now - days, now]` window (epoch seconds), filled from the `days` argument.
    pub const fn window(
        mut self,
        location: Location,
        start: &'static str,
        end: &'static str,
    ) -> ToolDef {
        self.window = Some(Window {
            location,
            start,
            end,
        });
        self
    }

    /// A hand-written handler instead of one request.
    pub const fn composite(mut self, handler: Composite) -> ToolDef {
        self.op = Op::Composite(handler);
        self
    }

    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// True for list tools (paged by the API or locally).
    pub fn is_list(&self) -> bool {
        self.output == Output::List
    }
}
