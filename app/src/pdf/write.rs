//! Writes laid-out pages as a PDF with krilla: each face embedded once,
//! as a subset with its Unicode map (so `pdftotext` and screen readers get
//! the text as typed), the title and language in the document's metadata.

use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document as PdfDocument;

use super::fonts;
use super::layout::{layout, PAGE_HEIGHT, PAGE_WIDTH};
use super::Document;
use super::Weight;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("a built-in font could not be read")]
    Font,
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// The document as PDF bytes. CPU work of a few milliseconds per page:
/// call it off the async runtime (`spawn_blocking`).
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let font = |weight| Font::new(fonts::bytes(weight).into(), 0).ok_or(PdfError::Font);
    let (regular, bold) = (font(Weight::Regular)?, font(Weight::Bold)?);
    let mut pdf = PdfDocument::new();
    pdf.set_metadata(Metadata::new().title(doc.title.clone()).language(doc.language.as_str().to_owned()));
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| PdfError::Write("page size".into()))?;
    for lines in layout(doc) {
        let mut page = pdf.start_page_with(settings.clone());
        let mut surface = page.surface();
        for line in lines.iter().filter(|l| !l.text.is_empty()) {
            let face = match line.weight {
                Weight::Regular => regular.clone(),
                Weight::Bold => bold.clone(),
            };
            surface.draw_text(Point::from_xy(line.x, line.baseline), face, line.size, &line.text, false, TextDirection::Auto);
        }
        surface.finish();
        page.finish();
    }
    pdf.finish().map_err(|err| PdfError::Write(format!("{err:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use crate::pdf::Block;

    #[test]
    fn a_document_becomes_a_pdf_with_its_fonts_embedded_once() {
        let doc = Document {
            title: "Kopi af dine svar".into(),
            language: Locale::Da,
            blocks: vec![Block::Title("Kopi af dine svar".into()), Block::Answer { question: "Ørepine?".into(), answer: "Nej, aldrig".into() }],
            footer: "Demo ØNH".into(),
        };
        let bytes = render(&doc).expect("a PDF");
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        // Both faces, each as a subset (a six-letter tag before its name)
        // embedded as TrueType; the PDF's own checks are `pdffonts` in the
        // API tests.
        assert_eq!(text.matches("/FontFile2").count(), 2, "each face embedded once");
        assert!(text.contains("+DejaVuSans"), "subset fonts");
    }
}
