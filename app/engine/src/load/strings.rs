//! Maps positions inside a TOML string value back to the file.
//!
//! Rule expressions are TOML strings; an error at byte *k* of the expression
//! must be reported at the right line and column of the file. For literal
//! strings (`'...'`, `'''...'''`) the expression text is the file text, so
//! the mapping is an offset; this is why rules are best written in single
//! quotes. Basic strings (`"..."`, `"""..."""`) may contain escapes (`\"`,
//! `\u00e6`, line-ending backslashes), so each decoded byte gets its file
//! offset.

/// Where the decoded text of a string value lies in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StrOrigin {
    /// Decoded byte `k` is file byte `start + k`.
    Offset(usize),
    /// Decoded byte `k` is file byte `map[k]`; one extra entry for the end.
    Map(Vec<usize>),
}

impl StrOrigin {
    /// File offset of a byte offset in the decoded text.
    pub fn file_offset(&self, k: usize) -> usize {
        match self {
            StrOrigin::Offset(start) => start + k,
            StrOrigin::Map(map) => map.get(k).or(map.last()).copied().unwrap_or(0),
        }
    }

    /// Works out the origin of the string value whose raw text (quotes
    /// included) starts at `start` in the file. `decoded` is the value TOML
    /// produced; if our decoding disagrees, the start of the content is used.
    pub fn new(raw: &str, start: usize, decoded: &str) -> StrOrigin {
        let skip_newline = |s: &str| {
            if s.starts_with("\r\n") {
                2
            } else if s.starts_with('\n') {
                1
            } else {
                0
            }
        };
        if let Some(rest) = raw.strip_prefix("'''") {
            return StrOrigin::Offset(start + 3 + skip_newline(rest));
        }
        if raw.starts_with('\'') {
            return StrOrigin::Offset(start + 1);
        }
        let (content_start, multi) = match raw.strip_prefix("\"\"\"") {
            Some(rest) => (3 + skip_newline(rest), true),
            None => (1, false),
        };
        let close = if multi { 3 } else { 1 };
        let Some(body) = raw.get(content_start..raw.len().saturating_sub(close)) else {
            return StrOrigin::Offset(start + content_start);
        };
        let base = start + content_start;
        match decode_map(body, base, multi) {
            Some(map) if map.len() == decoded.len() + 1 => StrOrigin::Map(map),
            _ => StrOrigin::Offset(base),
        }
    }
}

/// File offset of every decoded byte of a basic string body.
fn decode_map(body: &str, base: usize, multi: bool) -> Option<Vec<usize>> {
    let mut map = Vec::with_capacity(body.len() + 1);
    let b = body.as_bytes();
    let mut i = 0;
    let push_char = |map: &mut Vec<usize>, c: char, at: usize| {
        for _ in 0..c.len_utf8() {
            map.push(at);
        }
    };
    while i < b.len() {
        if b[i] != b'\\' {
            let c = body[i..].chars().next()?;
            for k in 0..c.len_utf8() {
                map.push(base + i + k);
            }
            i += c.len_utf8();
            continue;
        }
        let at = base + i;
        let esc = *b.get(i + 1)?;
        match esc {
            b'b' | b't' | b'n' | b'f' | b'r' | b'"' | b'\\' | b'e' => {
                map.push(at);
                i += 2;
            }
            b'x' | b'u' | b'U' => {
                let n = match esc {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = body.get(i + 2..i + 2 + n)?;
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                push_char(&mut map, c, at);
                i += 2 + n;
            }
            b' ' | b'\t' | b'\r' | b'\n' if multi => {
                // Line-ending backslash: skip whitespace and newlines.
                i += 1;
                while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
            }
            _ => return None,
        }
    }
    map.push(base + b.len());
    Some(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decoded byte k → the raw char at the file offset.
    fn check(raw: &str, decoded: &str) {
        let o = StrOrigin::new(raw, 0, decoded);
        for (k, c) in decoded.char_indices() {
            let at = o.file_offset(k);
            let raw_c = raw[at..].chars().next().unwrap_or(' ');
            if raw_c != '\\' {
                assert_eq!(raw_c, c, "{raw:?} byte {k}");
            }
        }
    }

    #[test]
    fn literal_strings_are_offsets() {
        assert_eq!(StrOrigin::new("'a = 1'", 10, "a = 1"), StrOrigin::Offset(11));
        assert_eq!(StrOrigin::new("'''\na = 1'''", 10, "a = 1"), StrOrigin::Offset(14));
        assert_eq!(StrOrigin::new("'''a'''", 0, "a"), StrOrigin::Offset(3));
    }

    #[test]
    fn basic_strings_map_through_escapes() {
        check(r#""x = \"a\" and y""#, r#"x = "a" and y"#);
        check(r#""\u00e6 = zz""#, "æ = zz");
        check("\"\"\"\nab \\\n   cd\"\"\"", "ab cd");
        let o = StrOrigin::new(r#""a\"b""#, 0, "a\"b");
        assert_eq!(o.file_offset(2), 4);
        assert_eq!(o.file_offset(3), 5);
    }

    #[test]
    fn disagreement_falls_back_to_the_content_start() {
        assert_eq!(StrOrigin::new("\"abc\"", 5, "something else"), StrOrigin::Offset(6));
    }
}
