//! `kwanus`: the operations of `kwanus_migration::interface` from a shell.
//!
//! ```text
//! kwanus <operation> [FILE | -] [--format json|text]
//! ```
//!
//! Reads the operation's input (JSON) from `FILE`, or from standard input when `FILE` is `-`
//! or left out, and prints the answer on standard output: the interface's JSON (`--format
//! json`, the default) or a short summary for a person (`--format text`). Exits 0 when
//! allowed or valid, 1 when refused, 2 on bad input; on 1 and 2 the codes go to standard
//! error. The command holds no logic: every answer is `interface::respond`'s.

use std::io::{Read, Write};
use std::process::ExitCode;

use kwanus_migration::interface::{self, Operation};

const USAGE: &str = "usage: kwanus <operation> [FILE | -] [--format json|text]

Runs one check of kwanus-migration on a JSON input read from FILE (or standard input)
and prints the answer. Exit status: 0 allowed or valid, 1 refused, 2 bad input.

operations:
  check-permissions  a permission change against the ceiling
  diff-grants        the changes between two grants
  diff-contracts     the changes between two contracts, and the bump they need
  check-release      the release rules on a new contract
  validate           the whole validation, offline
  score-health       the health report of monitoring figures
  verify-record      a record under its anchor (head, or seal and key)
  summarize-record   a record's stage, band, next deadline, restriction

options:
  --format json|text  JSON (the default) or a short summary
  -h, --help          this text
  -V, --version       the version";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Text,
}

struct Args {
    operation: String,
    file: Option<String>,
    format: Format,
}

/// What the command line asks for.
enum Command {
    Run(Args),
    Help,
    Version,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut operation = None;
    let mut file = None;
    let mut format = Format::Json;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--format" => Some(args.next().ok_or("--format needs json or text")?),
            a => a.strip_prefix("--format=").map(str::to_owned),
        };
        if let Some(value) = value {
            format = match value.as_str() {
                "json" => Format::Json,
                "text" => Format::Text,
                other => return Err(format!("unknown format {other:?}: json or text")),
            };
        } else if arg.starts_with('-') && arg != "-" {
            return Err(format!("unknown option {arg}"));
        } else if operation.is_none() {
            operation = Some(arg);
        } else if file.is_none() {
            file = Some(arg);
        } else {
            return Err(format!("unexpected argument {arg}"));
        }
    }
    let operation = operation.ok_or("no operation given")?;
    Ok(Command::Run(Args {
        operation,
        file,
        format,
    }))
}

fn read_input(file: Option<&str>) -> Result<String, String> {
    let mut bytes = Vec::new();
    match file {
        None | Some("-") => std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?,
        Some(path) => {
            bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            bytes.len()
        }
    };
    // text that is not UTF-8 is no JSON: the interface says so, with its code
    Ok(String::from_utf8(bytes).unwrap_or_else(|_| "\u{fffd}".to_owned()))
}

fn main() -> ExitCode {
    let command = match parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("kwanus: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let args = match command {
        Command::Help => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Command::Version => {
            println!("kwanus {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Command::Run(args) => args,
    };
    if Operation::from_name(&args.operation).is_none() {
        // the interface's answer, without reading an input first
        let reply = interface::respond(&args.operation, "{}");
        return finish(&reply, args.format);
    }
    let input = match read_input(args.file.as_deref()) {
        Ok(input) => input,
        Err(message) => {
            eprintln!("kwanus: {message}");
            return ExitCode::from(2);
        }
    };
    let reply = interface::respond(&args.operation, &input);
    finish(&reply, args.format)
}

fn finish(reply: &interface::Reply, format: Format) -> ExitCode {
    let out = match format {
        Format::Json => &reply.json,
        Format::Text => &reply.text,
    };
    let mut stdout = std::io::stdout().lock();
    // a closed pipe is not the command's failure to answer
    let _ = writeln!(stdout, "{out}");
    let code = reply.status.exit_code();
    if code != 0 {
        let what = if code == 1 { "refused" } else { "bad input" };
        eprintln!("kwanus: {what}: {}", reply.codes.join(", "));
    }
    ExitCode::from(code)
}
