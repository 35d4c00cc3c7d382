//! Every doc example a user sees compiles as written in a fresh `main.rs` (issue 27): no
//! hidden line (`# …`, which rustdoc compiles but does not show), no use of the crate's
//! test fixtures (`__doc_support`), a visible `fn main`, and no `ignore`d Rust example (it
//! would never be compiled). The doc tests then check the examples compile and run: what
//! they compile is what the page shows.
//!
//! Reads the Rust code blocks of every doc comment (`///`, `//!`) under `src/` and of
//! `README.md` (doc-tested through `lib.rs`). A block is Rust as rustdoc decides: no
//! language, `rust`, or only rustdoc's own attributes (`no_run`, `should_panic`,
//! `compile_fail`, `edition…`, …); `text`, `json`, `toml`, `sh` and other languages are not.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// A fenced code block of a doc comment (or of the README).
struct Block {
    /// Where its opening fence is, `file:line`.
    at: String,
    /// The fence's info string (`rust,no_run`, `text`, empty …).
    info: String,
    /// Its lines as rustdoc sees them, each with its line number.
    lines: Vec<(usize, String)>,
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (```{})", self.at, self.info)
    }
}

/// rustdoc's attributes of a Rust code block: a block whose info string has only these (or
/// nothing) is Rust and doc-tested; `ignore` too, but never compiled.
fn is_rust_attribute(token: &str) -> bool {
    matches!(
        token,
        "rust"
            | "no_run"
            | "should_panic"
            | "compile_fail"
            | "ignore"
            | "test_harness"
            | "standalone_crate"
            | "allow_fail"
    ) || token.starts_with("edition")
        || token.starts_with("ignore-")
        || (token.len() == 5
            && token.starts_with('E')
            && token[1..].bytes().all(|b| b.is_ascii_digit()))
}

fn tokens(info: &str) -> impl Iterator<Item = &str> {
    info.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
}

fn is_rust(info: &str) -> bool {
    tokens(info).all(is_rust_attribute)
}

fn is_ignored(info: &str) -> bool {
    tokens(info).any(|t| t == "ignore" || t.starts_with("ignore-"))
}

/// The text of a doc-comment line (`///` or `//!`, not `////`), without the one space
/// rustdoc strips; `None` for any other line.
fn doc_text(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let rest = t
        .strip_prefix("///")
        .filter(|r| !r.starts_with('/'))
        .or_else(|| t.strip_prefix("//!"))?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// A fence (three or more backticks or tildes) and its info string.
fn fence(text: &str) -> Option<&str> {
    let t = text.trim_start();
    ["```", "~~~"]
        .into_iter()
        .find(|f| t.starts_with(f))
        .map(|f| t.trim_start_matches(f.as_bytes()[0] as char).trim())
}

/// The code blocks of `file`: in its doc comments, or in the whole text for Markdown.
/// Errors name an unterminated block.
fn blocks(file: &Path, root: &Path) -> Result<Vec<Block>, String> {
    let name = file
        .strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string();
    let text = fs::read_to_string(file).map_err(|e| format!("{name}: {e}"))?;
    let markdown = file.extension().is_some_and(|e| e == "md");
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let Some(doc) = (if markdown { Some(line) } else { doc_text(line) }) else {
            // a doc comment ended: a block still open in it is unterminated
            if let Some(b) = open.take() {
                return Err(format!("{b}: the doc comment ends inside the code block"));
            }
            continue;
        };
        match (open.take(), fence(doc)) {
            (None, Some(info)) => {
                open = Some(Block {
                    at: format!("{name}:{n}"),
                    info: info.to_owned(),
                    lines: Vec::new(),
                });
            }
            (Some(b), Some(_)) => out.push(b),
            (Some(mut b), None) => {
                b.lines.push((n, doc.to_owned()));
                open = Some(b);
            }
            (None, None) => {}
        }
    }
    match open {
        Some(b) => Err(format!("{b}: the file ends inside the code block")),
        None => Ok(out),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// What is wrong with the Rust blocks of `files`, one line each, and how many Rust blocks
/// there are.
fn problems(files: &[PathBuf], root: &Path) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut rust = 0;
    for file in files {
        let found = match blocks(file, root) {
            Ok(found) => found,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        for b in found.iter().filter(|b| is_rust(&b.info)) {
            rust += 1;
            let path = b.at.rsplit_once(':').map_or(b.at.as_str(), |(p, _)| p);
            if is_ignored(&b.info) {
                problems.push(format!("{b}: an ignored Rust example is never compiled"));
            }
            for (n, line) in &b.lines {
                let t = line.trim();
                if t == "#" || t.starts_with("# ") {
                    problems.push(format!(
                        "{path}:{n}: a hidden line in the example at {b}: {t}"
                    ));
                }
                if line.contains("__doc_support") {
                    problems.push(format!(
                        "{path}:{n}: the example at {b} uses the test fixtures"
                    ));
                }
            }
            let compiles = !tokens(&b.info).any(|t| t == "compile_fail");
            if compiles && !b.lines.iter().any(|(_, l)| l.contains("fn main(")) {
                problems.push(format!(
                    "{b}: no visible `fn main`: a user cannot paste it into main.rs as it is"
                ));
            }
        }
    }
    (problems, rust)
}

#[test]
fn every_doc_example_is_a_whole_main_rs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.push(root.join("README.md"));
    let (problems, rust) = problems(&files, root);
    // the reader found the examples (a reader that finds none passes everything)
    assert!(
        rust >= 90,
        "only {rust} Rust examples found under src/ and in README.md"
    );
    assert!(
        problems.is_empty(),
        "{} problem(s) in the doc examples:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_reader_finds_what_it_must_refuse() {
    let dir = std::env::temp_dir().join(format!("kwanus-doc-examples-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("a scratch directory");
    let file = dir.join("sample.rs");
    let sample = [
        "//! ```",
        "//! fn main() {}",
        "//! ```",
        "",
        "/// ```rust,no_run",
        "/// # use kwanus_migration::__doc_support::*;",
        "/// fn main() {",
        "///     #[derive(Debug)]",
        "///     struct Shown;",
        "///     ## not hidden: rustdoc shows one `#`",
        "/// }",
        "/// #",
        "/// ```",
        "///",
        "/// ```text",
        "/// # a heading in text, not Rust",
        "/// ```",
        "///",
        "/// ```ignore",
        "/// fn main() {}",
        "/// ```",
        "///",
        "/// ```should_panic",
        "/// panic!();",
        "/// ```",
        "///",
        "/// ```compile_fail",
        "/// let x: u8 = 256;",
        "/// ```",
        "//// ```",
        "fn f() {}",
    ];
    fs::write(&file, sample.join("\n")).expect("the sample written");
    let (found, rust) = problems(std::slice::from_ref(&file), &dir);
    fs::remove_dir_all(&dir).ok();
    assert_eq!(rust, 5, "{found:#?}");
    assert_eq!(
        found,
        [
            "sample.rs:6: a hidden line in the example at sample.rs:5 (```rust,no_run): # use kwanus_migration::__doc_support::*;",
            "sample.rs:6: the example at sample.rs:5 (```rust,no_run) uses the test fixtures",
            "sample.rs:12: a hidden line in the example at sample.rs:5 (```rust,no_run): #",
            "sample.rs:19 (```ignore): an ignored Rust example is never compiled",
            "sample.rs:23 (```should_panic): no visible `fn main`: a user cannot paste it into main.rs as it is",
        ]
    );
}
