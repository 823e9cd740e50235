//! The `atlas-endpoint` command's logic, as a library (the binary parses arguments; tests and
//! build scripts call these directly): `search` the catalog of the Atlas Administration API v2,
//! `show` one operation, `scaffold` its declaration and models as Rust to paste.

#![warn(missing_docs)]

pub mod fields;
pub mod lookup;
pub mod naming;
pub mod plan;
pub mod scaffold;
pub mod search;
pub mod show;

use std::fmt;

/// What went wrong, as the command prints it.
#[derive(Debug)]
pub struct Error {
    message: String,
    usage: bool,
}

impl Error {
    /// A failure of the request itself (unknown operation, field or version).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            usage: false,
        }
    }

    /// A malformed command line.
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            usage: true,
        }
    }

    /// The process exit code: 2 for a malformed command line, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        if self.usage { 2 } else { 1 }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The command's help.
pub const USAGE: &str = "\
atlas-endpoint: the Atlas Administration API v2 catalog, and code for atlas-endpoint

usage:
  atlas-endpoint search WORDS…
      operations whose method, path, operation id or former id contain every word
  atlas-endpoint show OPERATION [--version V]
      declaration, parameters, body and answer schemas, roles, docs, sunsets, watcher
  atlas-endpoint scaffold OPERATION [--version V] [--fields a,b.c,…]
      Rust to paste: the declaration and models of the chosen properties (default: all)

OPERATION is an operation id (createGroupCluster) or a former id (createCluster).
";

/// Runs the command line `args` (without the program name): the text to print, or the error.
pub fn run(args: &[String]) -> Result<String, Error> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Error::usage(USAGE));
    };
    match command.as_str() {
        "help" | "--help" | "-h" => Ok(USAGE.to_owned()),
        "search" => search::run(rest),
        "show" => {
            let options = Options::parse(rest, false)?;
            show::run(&options.operation, options.version.as_deref())
        }
        "scaffold" => {
            let options = Options::parse(rest, true)?;
            scaffold::run(
                &options.operation,
                options.version.as_deref(),
                options.fields.as_deref(),
            )
        }
        other => Err(Error::usage(format!(
            "unknown command `{other}`\n\n{USAGE}"
        ))),
    }
}

/// The arguments of `show` and `scaffold`.
struct Options {
    operation: String,
    version: Option<String>,
    fields: Option<Vec<String>>,
}

impl Options {
    fn parse(args: &[String], fields_allowed: bool) -> Result<Self, Error> {
        let mut operation = None;
        let mut version = None;
        let mut fields: Option<Vec<String>> = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
                _ => (arg.as_str(), None),
            };
            let mut value = |name: &str| {
                inline
                    .clone()
                    .or_else(|| args.next().cloned())
                    .ok_or_else(|| Error::usage(format!("{name} needs a value")))
            };
            match flag {
                "--version" => version = Some(value("--version")?),
                "--fields" if fields_allowed => {
                    let list = value("--fields")?;
                    fields.get_or_insert_with(Vec::new).extend(
                        list.split(',')
                            .map(str::trim)
                            .filter(|f| !f.is_empty())
                            .map(String::from),
                    );
                }
                _ if flag.starts_with("--") => {
                    return Err(Error::usage(format!("unknown option `{flag}`\n\n{USAGE}")));
                }
                _ if operation.is_none() => operation = Some(arg.clone()),
                _ => {
                    return Err(Error::usage(format!(
                        "one operation at a time: `{arg}` is extra"
                    )));
                }
            }
        }
        let operation =
            operation.ok_or_else(|| Error::usage(format!("name an operation\n\n{USAGE}")))?;
        Ok(Self {
            operation,
            version,
            fields,
        })
    }
}
