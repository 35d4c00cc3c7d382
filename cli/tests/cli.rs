//! The `kwanus` binary: the conformance corpus through it (the same answers as the Rust
//! runner, `tests/conformance.rs`), each exit code, and the README's shell example.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const BIN: &str = env!("CARGO_BIN_EXE_kwanus");

fn kwanus(args: &[&str], stdin: &str) -> Res<Output> {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let written = child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(stdin.as_bytes());
    // a command that answers without reading its input closes the pipe
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(child.wait_with_output()?)
}

fn corpus() -> Res<Vec<(PathBuf, Value)>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance");
    let mut cases = Vec::new();
    for dir in std::fs::read_dir(root)? {
        let dir = dir?.path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir)? {
            let path = file?.path();
            if path.extension().and_then(|e| e.to_str()) == Some("json") {
                cases.push((
                    path.clone(),
                    serde_json::from_str(&std::fs::read_to_string(&path)?)?,
                ));
            }
        }
    }
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(cases)
}

#[test]
fn every_case_of_the_corpus_through_the_binary() -> Res<()> {
    let cases = corpus()?;
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for (path, case) in &cases {
        let name = path.display();
        let input = match (case.get("input"), case.get("input_text")) {
            (Some(v), None) => serde_json::to_string(v)?,
            (None, Some(Value::String(t))) => t.clone(),
            _ => return Err(format!("{name}: `input` or `input_text`").into()),
        };
        let op = case["operation"].as_str().ok_or("no operation")?;
        let out = kwanus(&[op, "-"], &input)?;
        let stdout: Value = serde_json::from_slice(&out.stdout)?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let want_exit = match case["status"].as_str() {
            Some("accepted") => 0,
            Some("refused") => 1,
            _ => 2,
        };
        if out.status.code() != Some(want_exit) {
            failures.push(format!(
                "{name}: exit {:?}, expected {want_exit}",
                out.status.code()
            ));
        }
        match (case.get("expected"), case.get("expected_error")) {
            (Some(expected), None) if *expected != stdout => {
                failures.push(format!("{name}: got {stdout}, want {expected}"));
            }
            (None, Some(code)) => {
                if stdout["error"]["code"] != *code {
                    failures.push(format!("{name}: got {stdout}, want code {code}"));
                }
                let code = code.as_str().unwrap_or_default();
                if !stderr.contains(code) {
                    failures.push(format!(
                        "{name}: the code {code} is not on stderr: {stderr}"
                    ));
                }
            }
            _ => {}
        }
        if want_exit == 0 && !stderr.is_empty() {
            failures.push(format!("{name}: stderr on success: {stderr}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

const REFUSED: &str = r#"{"current": ["read:orders/eu/*"], "proposed": ["read:orders/eu/*", "write:orders/eu/*"],
 "ceiling": ["read:orders/*", "write:orders/eu/*"], "kind": "permission_expansion"}"#;

#[test]
fn exit_0_when_allowed() -> Res<()> {
    let out = kwanus(
        &["check-permissions"],
        r#"{"current": ["read:a/*"], "proposed": ["read:a/b/*"], "ceiling": ["read:a/*"], "kind": "api_version"}"#,
    )?;
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout)?,
        "{\"ok\":{\"allowed\":true,\"violations\":[]}}\n"
    );
    assert!(out.stderr.is_empty());
    Ok(())
}

#[test]
fn exit_1_when_refused_with_the_codes_on_stderr() -> Res<()> {
    let out = kwanus(&["check-permissions", "--format", "text"], REFUSED)?;
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout)?;
    assert!(
        stdout.starts_with(
            "refused: 1 violation\n  [permission.expansion_without_sco] write:orders/eu/*"
        ),
        "{stdout}"
    );
    assert_eq!(
        String::from_utf8(out.stderr)?,
        "kwanus: refused: permission.expansion_without_sco\n"
    );
    Ok(())
}

#[test]
fn exit_2_on_bad_input_with_the_code_on_stderr() -> Res<()> {
    for (args, input, code) in [
        (&["check-permissions"][..], "{", "interface.malformed_json"),
        (&["check-permissions"][..], "{}", "interface.invalid_input"),
        (
            &["score-health"][..],
            r#"{"inputs": {"stability": 200}}"#,
            "health.out_of_range",
        ),
        (&["teleport"][..], "{}", "interface.unknown_operation"),
    ] {
        let out = kwanus(args, input)?;
        assert_eq!(out.status.code(), Some(2), "{args:?} {input}");
        let stdout: Value = serde_json::from_slice(&out.stdout)?;
        assert_eq!(stdout["error"]["code"], code);
        assert_eq!(
            String::from_utf8(out.stderr)?,
            format!("kwanus: bad input: {code}\n")
        );
    }
    // text that is not UTF-8 is malformed JSON, not a crash
    let mut child = Command::new(BIN)
        .arg("diff-grants")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(b"{\"old\": [\"\xff\"]}")?;
    let out = child.wait_with_output()?;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)?.contains("interface.malformed_json"));
    Ok(())
}

#[test]
fn exit_2_on_a_bad_command_line() -> Res<()> {
    for args in [
        &[][..],
        &["validate", "--format", "yaml"][..],
        &["validate", "a", "b"][..],
        &["validate", "--nope"][..],
    ] {
        let out = kwanus(args, "{}")?;
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8(out.stderr)?.contains("usage: kwanus"),
            "{args:?}"
        );
    }
    let out = kwanus(&["validate", "/nonexistent/input.json"], "")?;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)?.starts_with("kwanus: cannot read /nonexistent/input.json")
    );
    let out = kwanus(&["--help"], "")?;
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)?.contains("check-permissions"));
    Ok(())
}

#[test]
fn input_from_a_file_argument() -> Res<()> {
    let dir = std::env::temp_dir().join(format!("kwanus-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("grant.json");
    std::fs::write(&file, REFUSED)?;
    let out = kwanus(&["check-permissions", file.to_str().ok_or("path")?], "")?;
    assert_eq!(out.status.code(), Some(1));
    let stdout: Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(stdout["ok"]["allowed"], false);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// The shell example of `cli/README.md` (the block after "## Example"), run as written
/// with the built `kwanus` first on the `PATH`.
#[test]
fn the_readme_example_runs() -> Res<()> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))?;
    let example = readme
        .split("## Example")
        .nth(1)
        .and_then(|rest| rest.split("```sh\n").nth(1))
        .and_then(|block| block.split("```").next())
        .ok_or("no sh block after ## Example in cli/README.md")?;
    assert!(
        example.lines().count() <= 6,
        "the example is five lines or so"
    );
    let dir = std::env::temp_dir().join(format!("kwanus-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let bin_dir = Path::new(BIN).parent().ok_or("bin dir")?;
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))?;
    let out = Command::new("sh")
        .arg("-c")
        .arg(example)
        .current_dir(&dir)
        .env("PATH", path)
        .output()?;
    std::fs::remove_dir_all(&dir)?;
    let stdout = String::from_utf8(out.stdout)?;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("refused: 1 violation"), "{stdout}");
    assert!(stdout.contains("exit 1"), "{stdout}");
    Ok(())
}
