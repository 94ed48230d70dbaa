//! The one HTML escape: for a textarea's content on the server and for
//! every value a mail's HTML part writes (names, clinic names, links).

/// `&`, `<`, `>`, `"` and `'` as character references: safe as text
/// content and inside a quoted attribute value alike.
pub fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_special_characters_become_references() {
        assert_eq!(escape_html("& < > \" '"), "&amp; &lt; &gt; &quot; &#39;");
        assert_eq!(escape_html("</textarea><b id=\"x\">&amp;"), "&lt;/textarea&gt;&lt;b id=&quot;x&quot;&gt;&amp;amp;");
        assert_eq!(escape_html("Øre & næse"), "Øre &amp; næse");
        assert_eq!(escape_html("plain"), "plain");
    }
}
