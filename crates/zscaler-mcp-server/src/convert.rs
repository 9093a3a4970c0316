//! Catalogue rows and outputs in rmcp's wire types.

use std::sync::Arc;

use rmcp::model::{
    AudioContent, CallToolResult, ContentBlock, ResourceContents, Tool, ToolAnnotations,
};
use zscaler_catalogue::{Content, ToolDef, ToolOutput, schema};

/// A row as `tools/list` shows it. Kept lean, since clients load the whole list into the
/// model's context: annotations carry only hints that differ from the spec's defaults
/// (readOnly false, destructive true, idempotent false, openWorld true), the title appears
/// once (top level), and no outputSchema is advertised (records are verbatim, so it would only
/// say "object"; the `zscaler://tools/{name}` resource gives it).
pub fn tool(def: &ToolDef) -> Tool {
    let notes = schema::annotations(def);
    let mut annotations = ToolAnnotations::default();
    if notes.read_only {
        annotations = annotations.read_only(true);
    } else {
        if !notes.destructive {
            annotations = annotations.destructive(false);
        }
        if notes.idempotent {
            annotations = annotations.idempotent(true);
        }
    }
    if !notes.open_world {
        annotations = annotations.open_world(false);
    }
    Tool::new(
        def.name,
        def.description,
        Arc::new(schema::input_schema(def)),
    )
    .with_title(def.title)
    .with_annotations(annotations)
}

pub fn content(block: Content) -> ContentBlock {
    match block {
        Content::Text(text) => ContentBlock::text(text),
        Content::Image {
            data_base64,
            mime_type,
        } => ContentBlock::image(data_base64, mime_type),
        Content::Audio {
            data_base64,
            mime_type,
        } => ContentBlock::Audio(AudioContent::new(data_base64, mime_type)),
        Content::Resource {
            uri,
            mime_type,
            text,
        } => ContentBlock::resource(ResourceContents::text(text, uri).with_mime_type(mime_type)),
    }
}

pub fn output(out: ToolOutput) -> CallToolResult {
    let blocks = out.content.into_iter().map(content).collect();
    let mut result = if out.is_error {
        CallToolResult::error(blocks)
    } else {
        CallToolResult::success(blocks)
    };
    result.structured_content = out.structured;
    result
}
