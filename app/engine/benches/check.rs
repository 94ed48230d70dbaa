//! Checking time against file size: `cargo bench --bench check`.
//!
//! Generated questionnaires of growing size, each item with a condition on
//! the one before and a rule that reads it, some of them with mistakes (an
//! unknown item in a rule, so "did you mean" hints are searched for), are
//! checked whole (read, compiled, linted, tested). Sizes run past the
//! limits (`MAX_ELEMENTS` items, `MAX_FILE_BYTES`), since a file that is
//! too large must be refused as quickly as a right-sized one is checked.
//! Printed: bytes, items, milliseconds, and microseconds per item, which
//! stays flat when checking time grows linearly.

use std::hint::black_box;
use std::time::Instant;

use svar_engine::{check_files, SourceFile};

fn questionnaire(items: usize, broken_every: usize) -> String {
    let mut s = String::from(
        "[questionnaire]\nid = \"big\"\nversion = 1\nrespondent = \"patient\"\n\
         title = { da = \"Stor\", en = \"Big\" }\ndescription = { da = \"Stor\", en = \"Big\" }\n\
         source = { da = \"Genereret\", en = \"Generated\" }\n\n",
    );
    let per_page = 20;
    for i in 0..items {
        if i % per_page == 0 {
            s.push_str(&format!("[[pages]]\nid = \"p{}\"\ntitle = {{ da = \"Side\", en = \"Page\" }}\n\n", i / per_page));
        }
        s.push_str(&format!(
            "[[pages.items]]\nid = \"q{i}\"\ntype = \"scale\"\nmin = 0\nmax = 10\n\
             min_label = {{ da = \"Lav\", en = \"Low\" }}\nmax_label = {{ da = \"Høj\", en = \"High\" }}\n\
             text = {{ da = \"Spørgsmål {i}\", en = \"Question {i}\" }}\n"
        ));
        if i > 0 {
            s.push_str(&format!("enable_when = 'q{} >= 0'\n", i - 1));
        }
        s.push('\n');
    }
    for i in 0..items {
        let item = if broken_every > 0 && i % broken_every == 0 { format!("qq{i}") } else { format!("q{i}") };
        s.push_str(&format!(
            "[[rules]]\nid = \"r{i}\"\nlevel = \"yellow\"\nwhen = '{item} > 8'\n\
             message = {{ da = \"Højt\", en = \"High\" }}\n\n"
        ));
    }
    s
}

fn main() {
    println!("{:>10} {:>7} {:>12} {:>10} {:>14}", "bytes", "items", "mistakes", "ms", "µs per item");
    for &items in &[100, 500, 1_000, 2_000, 4_000, 8_000, 16_000] {
        for broken_every in [0, 10] {
            let text = questionnaire(items, broken_every);
            let bytes = text.len();
            let file = SourceFile::new("big.toml", text);
            // The best of three runs.
            let mut best = f64::MAX;
            let mut found = 0;
            for _ in 0..3 {
                let start = Instant::now();
                let report = black_box(check_files(black_box(std::slice::from_ref(&file))));
                best = best.min(start.elapsed().as_secs_f64());
                found = report.diagnostics.len();
            }
            println!("{bytes:>10} {items:>7} {found:>12} {:>10.1} {:>14.1}", best * 1e3, best * 1e6 / items as f64);
        }
    }
}
