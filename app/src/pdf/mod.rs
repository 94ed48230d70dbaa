//! Documents Svar prints: a respondent's copy of their answers (and, with
//! the paper channel, letters). A feature describes *what* a document says
//! as a [`Document`] of plain blocks; this module lays it out on A4 pages
//! ([`layout`]) and writes the PDF ([`write`]) with krilla, the fonts
//! embedded as subsets (DejaVu Sans covers Danish; `app/fonts/LICENSE`), so
//! the text can be searched, copied and read aloud as typed.

mod fonts;
mod layout;
mod write;

use crate::i18n::Locale;

pub use layout::{layout, Line, Placed};
pub use write::{render, PdfError};

/// What a document says, in reading order. Pages break where the text
/// runs out of room; a question is never left at a page's foot without
/// the start of its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The PDF's title (shown by readers in their title bar).
    pub title: String,
    /// The language of the text, for screen readers and hyphenation.
    pub language: Locale,
    pub blocks: Vec<Block>,
    /// Printed at the foot of every page, before "page 1 of 2".
    pub footer: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// The document's heading, large and bold.
    Title(String),
    /// A section's heading (a questionnaire page's title).
    Heading(String),
    /// A paragraph; line breaks in it are kept.
    Text(String),
    /// A question and its answer: the question bold, the answer below it.
    Answer { question: String, answer: String },
}

/// The two faces a document is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}
