//! Catalogue rows and outputs in rmcp's wire types.

use std::sync::Arc;

use rmcp::model::{
    AudioContent, CallToolResult, ContentBlock, ResourceContents, Tool, ToolAnnotations,
};
use zscaler_catalogue::{Content, ToolDef, ToolOutput, schema};

pub fn tool(def: &ToolDef) -> Tool {
    let notes = schema::annotations(def);
    let mut annotations = ToolAnnotations::with_title(def.title)
        .read_only(notes.read_only)
        .idempotent(notes.idempotent)
        .open_world(notes.open_world);
    if !notes.read_only {
        annotations = annotations.destructive(notes.destructive);
    }
    let mut tool = Tool::new(
        def.name,
        def.description,
        Arc::new(schema::input_schema(def)),
    )
    .with_title(def.title)
    .with_annotations(annotations);
    if let Some(output) = schema::output_schema(def) {
        tool = tool.with_raw_output_schema(Arc::new(output));
    }
    tool
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
