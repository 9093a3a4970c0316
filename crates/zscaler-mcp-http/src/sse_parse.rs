//! Just enough of the SSE wire format to read rmcp's replies: events split on blank lines,
//! `data:` lines joined with newlines.

use bytes::BytesMut;

/// Accumulates body chunks and yields each complete event's data.
#[derive(Default)]
pub struct SseReader {
    buffer: BytesMut,
}

impl SseReader {
    pub fn push(&mut self, chunk: &[u8]) {
        self.buffer.extend_from_slice(chunk);
    }

    /// The next complete event's `data` (empty for events without data), if one is buffered.
    pub fn next_event(&mut self) -> Option<String> {
        let text = std::str::from_utf8(&self.buffer).ok()?;
        let (end, sep) = [("\r\n\r\n", 4), ("\n\n", 2), ("\r\r", 2)]
            .iter()
            .filter_map(|(pat, len)| text.find(pat).map(|i| (i, *len)))
            .min_by_key(|(i, _)| *i)?;
        let event = text[..end].to_owned();
        let _ = self.buffer.split_to(end + sep);
        let mut data = Vec::new();
        for line in event.lines() {
            if let Some(rest) = line.strip_prefix("data:") {
                data.push(rest.strip_prefix(' ').unwrap_or(rest));
            }
        }
        Some(data.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::SseReader;

    #[test]
    fn splits_events_across_chunks() {
        let mut reader = SseReader::default();
        reader.push(b"id: 0\nretry: 3000\ndata: \n\nevent: message\ndata: {\"a\":");
        assert_eq!(reader.next_event().as_deref(), Some(""));
        assert_eq!(reader.next_event(), None);
        reader.push(b"1}\n\n");
        assert_eq!(reader.next_event().as_deref(), Some("{\"a\":1}"));
        reader.push(b"data: x\r\ndata: y\r\n\r\n");
        assert_eq!(reader.next_event().as_deref(), Some("x\ny"));
    }
}
