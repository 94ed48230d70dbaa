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
//!
//! The same graph keeps the foundations (`domain/`, `ports/`,
//! `components/`, `i18n/`, `auth/`, `pdf/`) below the features: no file in them
//! names a path into a feature's folder. What several features need lives
//! in a foundation; the composition roots beside them (`store.rs`,
//! `state.rs`, `routes.rs`, …) are not features.

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

/// Every path each module file names (outside comments and its trailing
/// test block), as written (`crate::a::b`) and the module file it leads to.
fn imports(src: &Path) -> BTreeMap<Module, Vec<(String, Module)>> {
    let files = module_files(src);
    let reexports = reexports(&files);
    let mut out: BTreeMap<Module, Vec<(String, Module)>> = BTreeMap::new();
    for (module, file) in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        // Comments (doc links included) are not imports.
        let code: String = without_tests(&text).lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        let text = code.as_str();
        // `super` of `a/b.rs` is `a`; of `a/b/mod.rs` it is `a` too.
        let parent: Module = module[..module.len().saturating_sub(1)].to_vec();
        let mut targets = Vec::new();
        for (start, base) in [("crate", Vec::new()), ("super", parent), ("self", module.clone())] {
            for path in paths_after(text, start) {
                if let Some(target) = resolve(&files, &reexports, base.clone(), &path) {
                    targets.push((format!("{start}::{}", path.join("::")), target));
                }
            }
        }
        out.insert(module.clone(), targets);
    }
    out
}

fn graph(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    imports(src)
        .into_iter()
        .map(|(module, targets)| {
            let targets = targets.into_iter().map(|(_, target)| target).filter(|target| *target != module).collect();
            (module, targets)
        })
        .collect()
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

/// The folders every feature builds on; they name no feature.
const FOUNDATIONS: [&str; 6] = ["domain", "ports", "components", "i18n", "auth", "pdf"];
/// One folder per feature.
const FEATURES: [&str; 9] = ["respondent", "responses", "schedule", "worklist", "patients", "staff", "overview", "authoring", "home"];

/// Each file of a foundation folder that names a path into a feature
/// folder, with the paths: "file: path, path".
fn foundation_imports_of_features(src: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (module, targets) in imports(src) {
        if !module.first().is_some_and(|top| FOUNDATIONS.contains(&top.as_str())) {
            continue;
        }
        let mut paths: Vec<String> = targets
            .into_iter()
            .filter(|(_, target)| target.first().is_some_and(|top| FEATURES.contains(&top.as_str())))
            .map(|(path, _)| path)
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            found.push(format!("{}: {}", show(&module), paths.join(", ")));
        }
    }
    found
}

#[test]
fn foundations_never_import_features() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert!(module_files(&src).len() > 50, "the source tree was not found at {}", src.display());
    let found = foundation_imports_of_features(&src);
    assert!(found.is_empty(), "foundations ({}) that name a feature:\n{}", FOUNDATIONS.join(", "), found.join("\n"));
}

#[test]
fn the_checker_finds_a_foundation_naming_a_feature() {
    let dir = std::env::temp_dir().join(format!("svar-arch-foundation-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("staff")).expect("temp dir");
    std::fs::create_dir_all(dir.join("auth")).expect("temp dir");
    std::fs::write(dir.join("lib.rs"), "pub mod auth;\npub mod staff;\n").expect("write");
    std::fs::write(dir.join("staff/mod.rs"), "mod types;\npub use types::Role;\n").expect("write");
    std::fs::write(dir.join("staff/types.rs"), "pub enum Role {}\n").expect("write");
    let auth = "use crate::staff::Role;\n// [`crate::staff::Role`] in a comment is no import\n#[cfg(test)]\nmod tests {\n    use super::super::staff::Role;\n}\n";
    std::fs::write(dir.join("auth/mod.rs"), auth).expect("write");
    assert_eq!(foundation_imports_of_features(&dir), ["auth: crate::staff::Role"]);
    std::fs::write(dir.join("auth/mod.rs"), "pub fn sign_in() {}\n").expect("write");
    assert!(foundation_imports_of_features(&dir).is_empty());
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

/// Every file or folder ARCHITECTURE.md names (a word in backticks ending
/// in `.rs`, `.toml`, `.md` or `/`) exists in the tree, so the map cannot
/// go stale: a name is found when some path in the repository ends with
/// it (`store/db.rs`, `group_commit.rs`, `app/src/ports/`).
#[test]
fn every_path_the_map_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut paths: Vec<String> = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "target" || name == "node_modules" {
                continue;
            }
            let path = entry.path();
            let relative = path.strip_prefix(&root).unwrap_or(&path).to_string_lossy().into_owned();
            if path.is_dir() {
                paths.push(format!("{relative}/"));
                stack.push(path);
            } else {
                paths.push(relative);
            }
        }
    }
    let mut named = 0;
    let mut missing = Vec::new();
    for (i, part) in map.split('`').enumerate() {
        let is_path = i % 2 == 1
            && [".rs", ".toml", ".md", "/"].iter().any(|end| part.ends_with(end))
            && !part.starts_with('/')
            && !part.contains(['<', '{', ' ', '*']);
        if !is_path {
            continue;
        }
        named += 1;
        let found = paths.iter().any(|p| p == part || p.ends_with(&format!("/{part}")));
        if !found {
            missing.push(part.to_owned());
        }
    }
    assert!(named > 40, "only {named} paths found in ARCHITECTURE.md");
    assert!(missing.is_empty(), "ARCHITECTURE.md names paths that do not exist: {missing:?}");
}

/// An error in a log line carries its whole cause chain: a database
/// failure's top message is only "unavailable", the cause is below it. So
/// every `error = …` field of a log line in the app and the server is
/// written through `error_chain` (or the line is `log_failure`'s own).
#[test]
fn every_logged_error_carries_its_chain() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut bare = Vec::new();
    let mut checked = 0;
    for path in rust_sources(&root) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            for field in ["error = %", "error = ?", "error=%"] {
                let mut rest = line;
                while let Some(at) = rest.find(field) {
                    checked += 1;
                    let value = &rest[at + field.len()..];
                    if !(value.starts_with("error_chain(")
                        || value.starts_with("app::error::error_chain(")
                        || value.starts_with("crate::error::error_chain("))
                    {
                        bare.push(format!("{}:{}", path.strip_prefix(&root).unwrap_or(&path).display(), n + 1));
                    }
                    rest = value;
                }
            }
        }
    }
    assert!(checked >= 5, "only {checked} logged errors found");
    assert!(bare.is_empty(), "errors logged without their cause chain (use error_chain or log_failure): {bare:?}");
}

/// Every form post is read through `form_input` (one way to read a form,
/// one answer to a form that cannot be read): no handler takes axum's
/// `Form` or decodes a body with `serde_urlencoded` itself, where a
/// malformed post became an empty form or a bare English 422.
#[test]
fn every_form_is_read_through_form_input() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut elsewhere = Vec::new();
    for path in rust_sources(&root).into_iter().filter(|p| !p.ends_with("form_input.rs")) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            // Writing a form (a test's body) is fine; reading one is not.
            let reads = line.contains("serde_urlencoded::from_") || line.contains("axum::Form") || line.contains("Form(form): Form<");
            if reads && !line.trim_start().starts_with("//") {
                elsewhere.push(format!("{}:{}", path.strip_prefix(&root).unwrap_or(&path).display(), n + 1));
            }
        }
    }
    assert!(elsewhere.is_empty(), "forms read outside form_input: {elsewhere:?}");
}

/// A refused form comes back one way: its page again with the values as
/// typed and the errors beside their fields (`form_response::page_with_echo`).
/// Not a redirect that names the error in the address (which loses what
/// was typed), and not a page that reads one from there.
#[test]
fn form_errors_come_back_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut elsewhere = Vec::new();
    for path in rust_sources(&root) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (n, line) in without_tests(&text).lines().enumerate() {
            let other_way = ["?error=", "&error=", ".get(\"error\")", "=invalid\""].iter().any(|p| line.contains(p));
            if other_way && !line.trim_start().starts_with("//") {
                elsewhere.push(format!("{}:{}", path.strip_prefix(&root).unwrap_or(&path).display(), n + 1));
            }
        }
    }
    assert!(elsewhere.is_empty(), "form errors shown another way than page_with_echo: {elsewhere:?}");
}

/// Every `.rs` file of the app and the server, except this one.
fn rust_sources(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.join("app/src"), root.join("server/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("architecture_test.rs") {
                out.push(path);
            }
        }
    }
    out
}
