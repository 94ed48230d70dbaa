//! Turns the interface's texts (`locales/<language>.toml`) into Rust: one
//! constant per text (`t::worklist::NO_ENTRIES`) and one table per
//! language. A text the code names but a file lacks is a build error, and
//! so is a file with a key the others do not have, so nothing reaches a
//! screen untranslated and no file drifts.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("locales");
    println!("cargo:rerun-if-changed=locales");
    let mut languages: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("app/locales") {
        let path = entry.expect("app/locales").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let code = path.file_stem().and_then(|s| s.to_str()).expect("a language code").to_owned();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("app/{}: {e}", path.display()));
        let mut texts = BTreeMap::new();
        for (section, keys) in table {
            let toml::Value::Table(keys) = keys else { panic!("app/{}: `{section}` must be a [section] of texts", path.display()) };
            for (key, value) in keys {
                let toml::Value::String(value) = value else { panic!("app/{}: {section}.{key} must be a string", path.display()) };
                texts.insert(format!("{section}.{key}"), value);
            }
        }
        languages.insert(code, texts);
    }
    let reference = languages.get("da").expect("app/locales/da.toml: Danish is the reference language");
    for (code, texts) in &languages {
        let missing: Vec<&String> = reference.keys().filter(|k| !texts.contains_key(*k)).collect();
        let extra: Vec<&String> = texts.keys().filter(|k| !reference.contains_key(*k)).collect();
        assert!(missing.is_empty(), "app/locales/{code}.toml lacks {missing:?} (in da.toml)");
        assert!(extra.is_empty(), "app/locales/{code}.toml has {extra:?}, which da.toml does not");
    }

    let mut out = String::new();
    writeln!(out, "/// Every text, by feature: `t::worklist::NO_ENTRIES`.").unwrap();
    writeln!(out, "pub mod t {{").unwrap();
    let mut section = String::new();
    for (index, key) in reference.keys().enumerate() {
        let (sec, name) = key.split_once('.').expect("section.key");
        if sec != section {
            if !section.is_empty() {
                writeln!(out, "    }}").unwrap();
            }
            writeln!(out, "    pub mod {sec} {{\n        use super::super::Text;").unwrap();
            section = sec.to_owned();
        }
        writeln!(out, "        /// {:?}", reference[key]).unwrap();
        writeln!(out, "        pub const {}: Text = Text({index});", name.to_uppercase()).unwrap();
    }
    if !section.is_empty() {
        writeln!(out, "    }}").unwrap();
    }
    writeln!(out, "}}").unwrap();
    writeln!(out, "const COUNT: usize = {};", reference.len()).unwrap();
    writeln!(out, "static LANGUAGES: [(&str, [&str; COUNT]); {}] = [", languages.len()).unwrap();
    for (code, texts) in &languages {
        writeln!(out, "    ({code:?}, [").unwrap();
        for key in reference.keys() {
            writeln!(out, "        {:?},", texts[key]).unwrap();
        }
        writeln!(out, "    ]),").unwrap();
    }
    writeln!(out, "];").unwrap();
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("texts.rs");
    std::fs::write(dest, out).expect("write texts.rs");
}
