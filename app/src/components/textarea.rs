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
        super::escape_html(&value)
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text_on_the_server() {
        if cfg!(feature = "ssr") {
            assert_eq!(textarea_text("</textarea><b>&amp;"), "&lt;/textarea&gt;&lt;b&gt;&amp;amp;");
        }
    }
}
