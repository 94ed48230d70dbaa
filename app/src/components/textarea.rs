//! The text inside every `<textarea>`. Leptos's server renderer writes a
//! textarea's children without escaping them (it treats the element like
//! `<script>`), so a free-text answer, a rule, a mail text or a source file
//! holding `</textarea><b>…` came back as live markup: stored HTML
//! injection on pages shared by both parents and by staff. Every textarea's
//! content goes through [`textarea_text`]; `architecture_test` fails on one
//! that does not.

/// The content for a `<textarea>`: escaped when rendered on the server (the
/// browser decodes it back to exactly `value`), as it is in the browser,
/// where the text is set on the element, not parsed.
pub fn textarea_text(value: impl Into<String>) -> String {
    let value = value.into();
    if cfg!(feature = "ssr") {
        escape_text(&value)
    } else {
        value
    }
}

/// `&`, `<` and `>` as character references: what text content needs.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(escape_text("</textarea><b id=\"x\">&amp;"), "&lt;/textarea&gt;&lt;b id=\"x\"&gt;&amp;amp;");
        assert_eq!(escape_text("Øre & næse"), "Øre &amp; næse");
    }
}
