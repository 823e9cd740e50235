//! `search WORDS…`: the operations whose method, path, id or former id contain every word.

use crate::Error;
use atlas_endpoint_catalog::{OPERATIONS, Operation};
use std::fmt::Write;

/// The operations matching every word (case-insensitively) against method, path, operation id
/// and former id, in the catalog's order.
pub fn matches(words: &[String]) -> Vec<&'static Operation> {
    let words: Vec<String> = words.iter().map(|word| word.to_lowercase()).collect();
    OPERATIONS
        .iter()
        .filter(|op| {
            let haystack = format!(
                "{} {} {} {}",
                op.method,
                op.path,
                op.operation_id,
                op.former_id.unwrap_or("")
            )
            .to_lowercase();
            words.iter().all(|word| haystack.contains(word.as_str()))
        })
        .collect()
}

/// One line per operation: method, path, id (former id), served versions, and markers for a
/// deprecated operation or one Atlas no longer serves.
pub fn line(op: &Operation) -> String {
    let mut line = format!("{:<6} {}  {}", op.method, op.path, op.operation_id);
    if let Some(former) = op.former_id {
        let _ = write!(line, " ({former})");
    }
    let versions: Vec<&str> = op.versions.iter().map(|v| v.version).collect();
    if versions.is_empty() {
        line.push_str("  [no longer served]");
    } else {
        let _ = write!(line, "  [{}]", versions.join(", "));
    }
    if op.deprecated {
        line.push_str("  DEPRECATED");
    }
    line
}

/// The output of `search`: a line per match, or an error saying nothing matched.
pub fn run(words: &[String]) -> Result<String, Error> {
    if words.is_empty() {
        return Err(Error::usage(
            "search needs at least one word: `search cluster create`",
        ));
    }
    let found = matches(words);
    if found.is_empty() {
        return Err(Error::new(format!(
            "no operation matches all of: {} (words match the method, the path, the operation id and the former id; try fewer words)",
            words.join(" ")
        )));
    }
    let mut out = String::new();
    for op in &found {
        out.push_str(&line(op));
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} operation{}; `show OPERATION` for details, `scaffold OPERATION` for code",
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    );
    Ok(out)
}
