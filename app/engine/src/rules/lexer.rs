//! Rule-language tokens. Byte offsets are relative to the start of the
//! expression text.

use std::fmt;

use super::RuleError;
use crate::diagnostics::Span;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Num(crate::decimal::Decimal),
    Str(String),
    Ident(String),
    True,
    False,
    And,
    Or,
    Not,
    In,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Eof,
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Tok::Num(n) => return write!(f, "number `{n}`"),
            Tok::Str(s) => return write!(f, "text {s:?}"),
            Tok::Ident(s) => return write!(f, "`{s}`"),
            Tok::True => "`true`",
            Tok::False => "`false`",
            Tok::And => "`and`",
            Tok::Or => "`or`",
            Tok::Not => "`not`",
            Tok::In => "`in`",
            Tok::Eq => "`=`",
            Tok::Ne => "`!=`",
            Tok::Lt => "`<`",
            Tok::Le => "`<=`",
            Tok::Gt => "`>`",
            Tok::Ge => "`>=`",
            Tok::Plus => "`+`",
            Tok::Minus => "`-`",
            Tok::Star => "`*`",
            Tok::Slash => "`/`",
            Tok::LParen => "`(`",
            Tok::RParen => "`)`",
            Tok::LBracket => "`[`",
            Tok::RBracket => "`]`",
            Tok::Comma => "`,`",
            Tok::Dot => "`.`",
            Tok::Eof => "the end of the expression",
        };
        f.write_str(s)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Splits an expression into tokens; the last token is always [`Tok::Eof`].
pub fn lex(src: &str) -> Result<Vec<Token>, RuleError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let one = |tok| Token { tok, span: Span::new(start, start + 1) };
        let two = |tok| Token { tok, span: Span::new(start, start + 2) };
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'#' => {
                // comment to end of line
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' => {
                out.push(one(Tok::LParen));
                i += 1;
            }
            b')' => {
                out.push(one(Tok::RParen));
                i += 1;
            }
            b'[' => {
                out.push(one(Tok::LBracket));
                i += 1;
            }
            b']' => {
                out.push(one(Tok::RBracket));
                i += 1;
            }
            b',' => {
                out.push(one(Tok::Comma));
                i += 1;
            }
            b'.' => {
                out.push(one(Tok::Dot));
                i += 1;
            }
            b'+' => {
                out.push(one(Tok::Plus));
                i += 1;
            }
            b'-' => {
                out.push(one(Tok::Minus));
                i += 1;
            }
            b'*' => {
                out.push(one(Tok::Star));
                i += 1;
            }
            b'/' => {
                out.push(one(Tok::Slash));
                i += 1;
            }
            b'=' => {
                if bytes.get(i + 1) == Some(&b'=') {
                    return Err(RuleError::new(Span::new(i, i + 2), "use `=` to compare, not `==`"));
                }
                out.push(one(Tok::Eq));
                i += 1;
            }
            b'!' => {
                if bytes.get(i + 1) == Some(&b'=') {
                    out.push(two(Tok::Ne));
                    i += 2;
                } else {
                    return Err(RuleError::new(Span::new(i, i + 1), "use `not` for negation, not `!`"));
                }
            }
            b'<' => {
                if bytes.get(i + 1) == Some(&b'=') {
                    out.push(two(Tok::Le));
                    i += 2;
                } else if bytes.get(i + 1) == Some(&b'>') {
                    return Err(RuleError::new(Span::new(i, i + 2), "use `!=` for 'not equal', not `<>`"));
                } else {
                    out.push(one(Tok::Lt));
                    i += 1;
                }
            }
            b'>' => {
                if bytes.get(i + 1) == Some(&b'=') {
                    out.push(two(Tok::Ge));
                    i += 2;
                } else {
                    out.push(one(Tok::Gt));
                    i += 1;
                }
            }
            b'&' | b'|' => {
                let word = if c == b'&' { "and" } else { "or" };
                let len = if bytes.get(i + 1) == Some(&c) { 2 } else { 1 };
                return Err(RuleError::new(Span::new(i, i + len), format!("use `{word}` instead of `{}`", &src[i..i + len])));
            }
            b'"' => {
                let (s, end) = lex_string(src, i)?;
                out.push(Token { tok: Tok::Str(s), span: Span::new(start, end) });
                i = end;
            }
            b'\'' => {
                return Err(RuleError::new(Span::new(i, i + 1), "text in rules is written in double quotes: \"...\""));
            }
            b'0'..=b'9' => {
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
                    i += 1;
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                if i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] == b'_') {
                    let mut end = i;
                    while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                        end += 1;
                    }
                    return Err(RuleError::new(
                        Span::new(start, end),
                        format!("`{}` is not a number; write option values in quotes: \"{}\"", &src[start..end], &src[start..end]),
                    ));
                }
                let text = &src[start..i];
                let n = crate::decimal::Decimal::parse(text).map_err(|e| {
                    let why = match e {
                        crate::decimal::ParseError::NotANumber => format!("`{text}` is not a number"),
                        crate::decimal::ParseError::TooManyPlaces => {
                            format!("`{text}` has more than {} places after the point", crate::decimal::PLACES)
                        }
                        crate::decimal::ParseError::TooLarge => format!("`{text}` is too large"),
                    };
                    RuleError::new(Span::new(start, i), why)
                })?;
                out.push(Token { tok: Tok::Num(n), span: Span::new(start, i) });
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &src[start..i];
                let tok = match word {
                    "true" => Tok::True,
                    "false" => Tok::False,
                    "and" => Tok::And,
                    "or" => Tok::Or,
                    "not" => Tok::Not,
                    "in" => Tok::In,
                    "AND" | "OR" | "NOT" | "IN" | "TRUE" | "FALSE" => {
                        return Err(RuleError::new(Span::new(start, i), format!("keywords are lower case: write `{}`", word.to_lowercase())))
                    }
                    _ => Tok::Ident(word.to_string()),
                };
                out.push(Token { tok, span: Span::new(start, i) });
            }
            _ => {
                let ch = src[i..].chars().next().unwrap_or('?');
                return Err(RuleError::new(Span::new(i, i + ch.len_utf8()), format!("unexpected character `{ch}`")));
            }
        }
    }
    out.push(Token { tok: Tok::Eof, span: Span::new(src.len(), src.len()) });
    Ok(out)
}

/// A double-quoted string starting at byte `start`; returns the text and the
/// offset just after the closing quote. Escapes: `\"` and `\\`.
fn lex_string(src: &str, start: usize) -> Result<(String, usize), RuleError> {
    let mut out = String::new();
    let mut chars = src[start + 1..].char_indices();
    while let Some((off, ch)) = chars.next() {
        let at = start + 1 + off;
        match ch {
            '"' => return Ok((out, at + 1)),
            '\\' => match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, other)) => {
                    return Err(RuleError::new(
                        Span::new(at, at + 1 + other.len_utf8()),
                        format!("unknown escape `\\{other}` (only `\\\"` and `\\\\` are allowed)"),
                    ))
                }
                None => break,
            },
            '\n' => break,
            c => out.push(c),
        }
    }
    Err(RuleError::new(Span::new(start, start + 1), "text is not closed: missing `\"`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        match lex(src) {
            Ok(t) => t.into_iter().map(|t| t.tok).collect(),
            Err(e) => panic!("lex error {e:?}"),
        }
    }

    fn err(src: &str) -> (Span, String) {
        match lex(src) {
            Ok(t) => panic!("expected an error, got {t:?}"),
            Err(e) => (e.span, e.message),
        }
    }

    #[test]
    fn operators_and_punctuation() {
        assert_eq!(
            toks("= != < <= > >= + - * / ( ) [ ] , ."),
            vec![
                Tok::Eq,
                Tok::Ne,
                Tok::Lt,
                Tok::Le,
                Tok::Gt,
                Tok::Ge,
                Tok::Plus,
                Tok::Minus,
                Tok::Star,
                Tok::Slash,
                Tok::LParen,
                Tok::RParen,
                Tok::LBracket,
                Tok::RBracket,
                Tok::Comma,
                Tok::Dot,
                Tok::Eof
            ]
        );
    }

    #[test]
    fn keywords_identifiers_and_literals() {
        assert_eq!(
            toks("a_1 and or not in true false 12 3.25 \"x\\\"y\""),
            vec![
                Tok::Ident("a_1".into()),
                Tok::And,
                Tok::Or,
                Tok::Not,
                Tok::In,
                Tok::True,
                Tok::False,
                Tok::Num(crate::decimal::Decimal::from_int(12)),
                Tok::Num(crate::decimal::Decimal::from_parts(325, 2).unwrap()),
                Tok::Str("x\"y".into()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn spans_are_byte_offsets() {
        let t = lex("ab  >= \"ø\"").unwrap_or_default();
        assert_eq!(t[0].span, Span::new(0, 2));
        assert_eq!(t[1].span, Span::new(4, 6));
        assert_eq!(t[2].span, Span::new(7, 11));
        assert_eq!(t[3].span, Span::new(11, 11));
    }

    #[test]
    fn number_followed_by_dot_ident_is_not_a_decimal() {
        assert_eq!(toks("1.x"), vec![Tok::Num(crate::decimal::Decimal::from_int(1)), Tok::Dot, Tok::Ident("x".into()), Tok::Eof]);
    }

    #[test]
    fn comments_run_to_end_of_line() {
        assert_eq!(toks("a # note\n= 1"), vec![Tok::Ident("a".into()), Tok::Eq, Tok::Num(crate::decimal::Decimal::from_int(1)), Tok::Eof]);
    }

    #[test]
    fn helpful_errors_for_other_languages_habits() {
        assert_eq!(err("a == 1"), (Span::new(2, 4), "use `=` to compare, not `==`".into()));
        assert_eq!(err("a && b").1, "use `and` instead of `&&`");
        assert_eq!(err("a || b").1, "use `or` instead of `||`");
        assert_eq!(err("!a").1, "use `not` for negation, not `!`");
        assert_eq!(err("a <> b").1, "use `!=` for 'not equal', not `<>`");
        assert_eq!(err("a = 'x'").1, "text in rules is written in double quotes: \"...\"");
        assert_eq!(err("a AND b").1, "keywords are lower case: write `and`");
    }

    #[test]
    fn bad_strings_and_characters() {
        assert_eq!(err("\"abc"), (Span::new(0, 1), "text is not closed: missing `\"`".into()));
        assert_eq!(err("\"a\\n\"").1, "unknown escape `\\n` (only `\\\"` and `\\\\` are allowed)");
        assert_eq!(err("a ? b"), (Span::new(2, 3), "unexpected character `?`".into()));
        assert_eq!(err("x = ø"), (Span::new(4, 6), "unexpected character `ø`".into()));
    }

    #[test]
    fn unquoted_option_values_get_a_hint() {
        assert_eq!(err("d in [7_14]"), (Span::new(6, 10), "`7_14` is not a number; write option values in quotes: \"7_14\"".into()));
    }
}
