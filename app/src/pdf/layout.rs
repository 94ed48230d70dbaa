//! Lays a [`Document`] out on A4 pages: words wrapped to the text width
//! as the font measures them, pages broken where the text runs out of
//! room, a footer with "page n of N" on every page. Pure, so the tests
//! see exactly where each line lands.

use super::fonts::Measure;
use super::{Block, Document, Weight};
use crate::i18n::t;

/// A4 in points (1/72 inch).
pub const PAGE_WIDTH: f32 = 595.276;
pub const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm on every side.
pub const MARGIN: f32 = 56.693;
/// The footer's baseline, 12 mm above the paper's edge.
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 34.0;
/// Text stops this far above the footer.
const BOTTOM: f32 = PAGE_HEIGHT - MARGIN;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// An answer is set in a little, under its question.
const ANSWER_INDENT: f32 = 12.0;

/// One line of text where it is drawn: `x` from the left edge, `baseline`
/// from the top edge, in points.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub x: f32,
    pub baseline: f32,
    pub size: f32,
    pub weight: Weight,
    pub text: String,
}

/// The pages, each a list of its lines.
pub type Placed = Vec<Vec<Line>>;

/// One run of text of a block, with its look.
struct Run<'a> {
    text: &'a str,
    weight: Weight,
    size: f32,
    indent: f32,
    space_before: f32,
}

fn runs(block: &Block) -> Vec<Run<'_>> {
    let run = |text, weight, size, indent, space_before| Run { text, weight, size, indent, space_before };
    match block {
        Block::Title(text) => vec![run(text, Weight::Bold, 18.0, 0.0, 0.0)],
        Block::Heading(text) => vec![run(text, Weight::Bold, 13.0, 0.0, 16.0)],
        Block::Text(text) => vec![run(text, Weight::Regular, 10.5, 0.0, 7.0)],
        Block::Answer { question, answer } => {
            vec![run(question, Weight::Bold, 10.5, 0.0, 9.0), run(answer, Weight::Regular, 10.5, ANSWER_INDENT, 2.0)]
        }
    }
}

/// The height a block needs on one page: its first run, and the first
/// line of its second.
fn keep_height(runs: &[Run<'_>], wrapped: &[Vec<String>]) -> f32 {
    let mut keep = 0.0;
    for (i, (run, lines)) in runs.iter().zip(wrapped).enumerate() {
        let count = if i == 0 { lines.len() } else { lines.len().min(1) } as f32;
        keep += run.space_before + count * line_height(run.size);
    }
    keep
}

fn line_height(size: f32) -> f32 {
    size * 1.35
}

/// Lays the document out; at least one page, each with its footer.
pub fn layout(doc: &Document) -> Placed {
    let measure = Measure::get();
    let mut pages: Placed = vec![Vec::new()];
    let mut y = MARGIN;
    let wrapped_blocks: Vec<Vec<Vec<String>>> = doc
        .blocks
        .iter()
        .map(|block| runs(block).iter().map(|r| wrap(&measure, r.weight, r.size, TEXT_WIDTH - r.indent, r.text)).collect())
        .collect();
    for (index, block) in doc.blocks.iter().enumerate() {
        let own = runs(block);
        let wrapped = &wrapped_blocks[index];
        // Kept together: all of a block's first run and the first line of
        // its second (a question with the start of its answer); a heading
        // with what follows it, never alone at a page's foot.
        let mut keep = keep_height(&own, wrapped);
        if let (Block::Heading(_), Some(next)) = (block, doc.blocks.get(index + 1)) {
            keep += keep_height(&runs(next), &wrapped_blocks[index + 1]);
        }
        let page_is_empty = pages.last().is_none_or(Vec::is_empty);
        if y + keep > BOTTOM && !page_is_empty {
            pages.push(Vec::new());
            y = MARGIN;
        }
        for (run, lines) in own.iter().zip(wrapped) {
            if !pages.last().is_none_or(Vec::is_empty) {
                y += run.space_before;
            }
            for text in lines {
                let height = line_height(run.size);
                if y + height > BOTTOM && !pages.last().is_none_or(Vec::is_empty) {
                    pages.push(Vec::new());
                    y = MARGIN;
                }
                // The baseline sits at the font size below the line's top.
                let line = Line { x: MARGIN + run.indent, baseline: y + run.size, size: run.size, weight: run.weight, text: text.clone() };
                if let Some(page) = pages.last_mut() {
                    page.push(line);
                }
                y += height;
            }
        }
    }
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        let number = t::pdf::PAGE_OF.fill(doc.language, &[("page", &(n + 1)), ("pages", &total)]);
        let text = if doc.footer.is_empty() { number } else { format!("{} · {number}", doc.footer) };
        page.push(Line { x: MARGIN, baseline: FOOTER_BASELINE, size: 8.5, weight: Weight::Regular, text: clean(&text) });
    }
    pages
}

/// Text as it can be printed: tabs as spaces, no other control characters.
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Breaks `text` into lines no wider than `width`: at spaces, its own line
/// breaks kept, a word too long for a line broken between letters. Empty
/// text is one empty line (the block still takes its place).
fn wrap(measure: &Measure, weight: Weight, size: f32, width: f32, text: &str) -> Vec<String> {
    let fits = |s: &str| measure.width(weight, size, s) <= width;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let paragraph = clean(paragraph);
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if fits(word) {
                line = word.to_owned();
                continue;
            }
            // A word wider than the line (a long address, a pasted link).
            for c in word.chars() {
                let mut longer = line.clone();
                longer.push(c);
                if !line.is_empty() && !fits(&longer) {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    fn doc(blocks: Vec<Block>) -> Document {
        Document { title: "Kopi".into(), language: Locale::Da, blocks, footer: "Demo ØNH".into() }
    }

    fn texts(page: &[Line]) -> Vec<&str> {
        page.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn lines_are_wrapped_to_the_text_width_at_spaces_and_keep_their_breaks() {
        let m = Measure::get();
        let long = "Hvor mange dage har dit barn haft ørepine i den seneste måned, også om natten? ".repeat(4);
        let lines = wrap(&m, Weight::Regular, 10.5, TEXT_WIDTH, &long);
        assert!(lines.len() >= 3, "{lines:?}");
        for line in &lines {
            assert!(m.width(Weight::Regular, 10.5, line) <= TEXT_WIDTH, "{line}");
        }
        // Nothing lost, nothing added but the breaks.
        assert_eq!(lines.join(" ").split_whitespace().collect::<Vec<_>>(), long.split_whitespace().collect::<Vec<_>>());
        assert_eq!(wrap(&m, Weight::Regular, 10.5, TEXT_WIDTH, "første\nanden"), vec!["første", "anden"]);
        assert_eq!(wrap(&m, Weight::Regular, 10.5, TEXT_WIDTH, ""), vec![""]);
        assert_eq!(wrap(&m, Weight::Regular, 10.5, TEXT_WIDTH, "a\u{7}b\tc"), vec!["ab c"]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_between_letters() {
        let m = Measure::get();
        let word = "ø".repeat(200);
        let lines = wrap(&m, Weight::Regular, 10.5, 100.0, &word);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| m.width(Weight::Regular, 10.5, l) <= 100.0));
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn pages_break_when_full_and_each_has_its_numbered_footer() {
        let blocks = (1..=60).map(|n| Block::Answer { question: format!("Spørgsmål {n}"), answer: format!("Svar {n}") }).collect();
        let pages = layout(&doc(blocks));
        assert!(pages.len() >= 2, "{} pages", pages.len());
        let total = pages.len();
        for (n, page) in pages.iter().enumerate() {
            let footer = page.last().map(|l| l.text.clone()).unwrap_or_default();
            assert_eq!(footer, format!("Demo ØNH · Side {} af {total}", n + 1));
            for line in &page[..page.len() - 1] {
                assert!(line.baseline <= BOTTOM && line.baseline > MARGIN, "{line:?}");
            }
        }
        // Every question and answer is there once, in order.
        let all: Vec<&str> = pages.iter().flat_map(|p| texts(&p[..p.len() - 1])).collect();
        let expected: Vec<String> = (1..=60).flat_map(|n| [format!("Spørgsmål {n}"), format!("Svar {n}")]).collect();
        assert_eq!(all, expected);
    }

    #[test]
    fn a_question_is_never_left_at_a_page_foot_without_its_answer() {
        let blocks: Vec<Block> = (1..=60).map(|n| Block::Answer { question: format!("Spørgsmål {n}"), answer: format!("Svar {n}") }).collect();
        for page in layout(&doc(blocks)) {
            let body = &page[..page.len() - 1];
            let last = body.last().map(|l| l.text.as_str()).unwrap_or_default();
            assert!(last.starts_with("Svar"), "the page ends with {last:?}");
        }
    }

    #[test]
    fn a_heading_is_never_left_at_a_page_foot_without_what_follows_it() {
        for filler in 30..48 {
            let mut blocks: Vec<Block> = (1..=filler).map(|n| Block::Text(format!("Linje {n}"))).collect();
            blocks.push(Block::Heading("Væske fra øret".into()));
            blocks.push(Block::Answer { question: "Ørepine?".into(), answer: "Nej".into() });
            for page in layout(&doc(blocks)) {
                let body = &page[..page.len() - 1];
                assert_ne!(body.last().map(|l| l.text.as_str()), Some("Væske fra øret"), "{filler} lines before the heading");
            }
        }
    }

    #[test]
    fn an_empty_document_is_one_page_with_its_footer() {
        let pages = layout(&Document { footer: String::new(), language: Locale::En, ..doc(vec![]) });
        assert_eq!(pages.len(), 1);
        assert_eq!(texts(&pages[0]), vec!["Page 1 of 1"]);
    }

    #[test]
    fn answers_are_set_in_under_their_question() {
        let pages = layout(&doc(vec![Block::Title("Kopi af dine svar".into()), Block::Answer { question: "Feber?".into(), answer: "Nej".into() }]));
        let page = &pages[0];
        assert_eq!(page[0].weight, Weight::Bold);
        assert!(page[0].size > page[1].size);
        assert_eq!(page[1].x, MARGIN);
        assert_eq!(page[2].x, MARGIN + ANSWER_INDENT);
        assert!(page[2].baseline > page[1].baseline && page[1].baseline > page[0].baseline);
    }
}
