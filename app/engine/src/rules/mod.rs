//! The rule language: used for `enable_when` conditions, score expressions
//! and flag rules. See the module documentation of [`crate`] for the
//! syntax and the semantics of missing data.
//!
//! Pipeline: [`lexer`] → [`parser`] → [`ast`] (with a canonical printer) →
//! [`types`] (type check + compile to resolved indices) → [`eval`].

pub mod ast;
pub mod eval;
pub mod lexer;
pub mod parser;
pub mod types;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Span;

pub use ast::Expr;
pub use parser::parse;

/// A syntax or type error inside one expression; `span` is a byte range in
/// the expression text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct RuleError {
    pub span: Span,
    pub message: String,
}

impl RuleError {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Self { span, message: message.into() }
    }
}
