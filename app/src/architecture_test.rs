//! The tree's shape, checked: no file imports a file that (through others)
//! imports it back. A cycle between, say, a feature's server functions and
//! its service means neither can be read, tested or moved alone.
//!
//! The graph is read from the source: an edge from a file to every module
//! file a `crate::…`, `super::…` or `self::…` path in it names. A name a
//! folder's `mod.rs` re-exports (`pub use types::Urgency;`) leads to the
//! child it comes from, so a folder's public face is not itself a node
//! in cycles. Declaring a module (`mod x;`) is not an edge, and the
//! `#[cfg(test)]` block at the end of a file is left out (tests may reach
//! anywhere).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path below `src/` as segments; `[]` is the crate root.
type Module = Vec<String>;

fn module_files(src: &Path) -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<Module, PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut next = prefix.to_vec();
                next.push(name);
                walk(&path, &next, out);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                let mut module = prefix.to_vec();
                if stem != "mod" && !(prefix.is_empty() && stem == "lib") {
                    module.push(stem.to_owned());
                }
                out.insert(module, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(src, &[], &mut out);
    out
}

/// The source without the trailing test module.
fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path written as `start::a::b` or `start::a::{b, c::d}` (one level
/// of braces), as segment lists after `start`.
fn paths_after(text: &str, start: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let needle = format!("{start}::");
    let mut from = 0;
    while let Some(found) = text[from..].find(&needle) {
        let at = from + found;
        from = at + needle.len();
        if text[..at].chars().next_back().is_some_and(|c| is_ident_char(c) || c == ':') {
            continue; // `a::crate::` or `my_crate::`
        }
        let mut segments = Vec::new();
        let mut rest = &text[from..];
        loop {
            let ident: String = rest.chars().take_while(|c| is_ident_char(*c)).collect();
            if !ident.is_empty() {
                rest = &rest[ident.len()..];
                segments.push(ident);
                if let Some(after) = rest.strip_prefix("::") {
                    rest = after;
                    continue;
                }
                out.push(segments);
                break;
            }
            if let Some(inner) = rest.strip_prefix('{') {
                let end = inner.find('}').unwrap_or(inner.len());
                for part in inner[..end].split(',') {
                    let mut path = segments.clone();
                    for seg in part.trim().split(" as ").next().unwrap_or("").split("::") {
                        let seg = seg.trim();
                        if !seg.is_empty() && seg != "self" && seg != "*" {
                            path.push(seg.to_owned());
                        }
                    }
                    out.push(path);
                }
            } else {
                out.push(segments);
            }
            break;
        }
    }
    out
}

/// For each folder module, the items its `mod.rs` re-exports from a child
/// (`pub use child::Item;`, `pub use child::{A, B as C};`): item → child.
fn reexports(files: &BTreeMap<Module, PathBuf>) -> BTreeMap<Module, BTreeMap<String, String>> {
    let mut out: BTreeMap<Module, BTreeMap<String, String>> = BTreeMap::new();
    for (module, file) in files {
        if !(file.ends_with("mod.rs") || file.ends_with("lib.rs")) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for statement in without_tests(&text).split(';') {
            let Some(rest) = statement.trim().strip_prefix("pub use ") else { continue };
            let child: String = rest.chars().take_while(|c| is_ident_char(*c)).collect();
            let mut child_module = module.clone();
            child_module.push(child.clone());
            if !files.contains_key(&child_module) {
                continue;
            }
            let items = rest[child.len()..].trim_start_matches("::");
            let items = items.trim().trim_start_matches('{').trim_end_matches('}');
            for item in items.split(',') {
                let name = item.split(" as ").last().unwrap_or("").trim();
                let name = name.rsplit("::").next().unwrap_or("").trim();
                if !name.is_empty() {
                    out.entry(module.clone()).or_default().insert(name.to_owned(), child.clone());
                }
            }
        }
    }
    out
}

/// The module file a path names: the deepest module along it, or the child
/// a folder re-exports the named item from. `None` for paths outside the
/// crate's files (`crate::engine`, the engine crate).
fn resolve(
    files: &BTreeMap<Module, PathBuf>,
    reexports: &BTreeMap<Module, BTreeMap<String, String>>,
    start: Module,
    path: &[String],
) -> Option<Module> {
    let mut module = start;
    let root = module.is_empty();
    for (i, segment) in path.iter().enumerate() {
        let mut next = module.clone();
        next.push(segment.clone());
        if files.contains_key(&next) {
            module = next;
            continue;
        }
        if let Some(child) = reexports.get(&module).and_then(|r| r.get(segment)) {
            module.push(child.clone());
            return Some(module);
        }
        if root && i == 0 {
            return None;
        }
        break;
    }
    Some(module)
}

fn graph(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let files = module_files(src);
    let reexports = reexports(&files);
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, file) in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        // Comments (doc links included) are not imports.
        let code: String = without_tests(&text).lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        let text = code.as_str();
        // `super` of `a/b.rs` is `a`; of `a/b/mod.rs` it is `a` too.
        let parent: Module = module[..module.len().saturating_sub(1)].to_vec();
        let mut targets = BTreeSet::new();
        for path in paths_after(text, "crate") {
            targets.extend(resolve(&files, &reexports, Vec::new(), &path));
        }
        for path in paths_after(text, "super") {
            targets.extend(resolve(&files, &reexports, parent.clone(), &path));
        }
        for path in paths_after(text, "self") {
            targets.extend(resolve(&files, &reexports, module.clone(), &path));
        }
        targets.remove(module);
        edges.insert(module.clone(), targets);
    }
    edges
}

/// The groups of modules that reach each other (Tarjan's algorithm).
fn cycles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct State<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on_stack: BTreeSet<&'a Module>,
        found: Vec<Vec<Module>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(next) = s.edges.get(v) {
            for w in next {
                let Some((w, _)) = s.edges.get_key_value(w) else { continue };
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let lw = s.low[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(lw));
                } else if s.on_stack.contains(w) {
                    let iw = s.index[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(iw));
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.clone());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.found.push(group);
            }
        }
    }
    let mut state = State { edges, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), on_stack: BTreeSet::new(), found: Vec::new() };
    for v in edges.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.found
}

fn show(module: &Module) -> String {
    if module.is_empty() {
        "lib.rs".to_owned()
    } else {
        module.join("/")
    }
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = graph(&src);
    assert!(edges.len() > 50, "the source tree was not found at {}", src.display());
    let found = cycles(&edges);
    let described: Vec<String> = found.iter().map(|g| g.iter().map(show).collect::<Vec<_>>().join(" ⇄ ")).collect();
    assert!(described.is_empty(), "import cycles:\n{}", described.join("\n"));
}

#[test]
fn the_checker_finds_a_cycle_and_ignores_declarations() {
    let dir = std::env::temp_dir().join(format!("svar-arch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("feature")).expect("temp dir");
    std::fs::write(dir.join("lib.rs"), "pub mod feature;\n").expect("write");
    std::fs::write(dir.join("feature/mod.rs"), "pub mod api;\npub mod service;\n").expect("write");
    std::fs::write(dir.join("feature/api.rs"), "use super::service::run;\n").expect("write");
    std::fs::write(dir.join("feature/service.rs"), "use crate::feature::api::{Thing, other};\n").expect("write");
    let found = cycles(&graph(&dir));
    assert_eq!(found.len(), 1, "{found:?}");
    std::fs::write(dir.join("feature/service.rs"), "pub fn run() {}\n").expect("write");
    assert!(cycles(&graph(&dir)).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every `<textarea>` gets its text through `components::textarea_text`
/// (Leptos does not escape a textarea's children on the server).
#[test]
fn every_textarea_escapes_its_text() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut unescaped = Vec::new();
    let mut seen = 0;
    for (module, file) in module_files(&src) {
        // The two files that speak of textareas rather than render one.
        if module == ["architecture_test"] || module == ["components", "textarea"] {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("<textarea") {
            let Some(end) = rest[start..].find("</textarea>") else { break };
            let element = &rest[start..start + end];
            seen += 1;
            if !element.trim_end().ends_with('>') && !element.contains("textarea_text(") {
                unescaped.push(show(&module));
            }
            rest = &rest[start + end..];
        }
    }
    assert!(seen >= 8, "only {seen} textareas found");
    assert!(unescaped.is_empty(), "textareas whose text is not escaped in: {unescaped:?}");
}
