//! The manifest as a table: one row per declaration, then the roles.

use super::{Manifest, newer_version};
use std::fmt;

/// The column headings.
const HEADINGS: [&str; 6] = [
    "METHOD",
    "PATH",
    "VERSION",
    "SUNSET",
    "DECLARED AS",
    "NOTES",
];

impl fmt::Display for Manifest {
    /// A fixed-width table of the endpoints (method, Atlas path, version, sunset, where
    /// declared, and notes: deprecated, newer version, unchecked), a blank line, then
    /// [`Roles`](super::Roles).
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: Vec<[String; 6]> = self
            .endpoints
            .iter()
            .map(|endpoint| {
                let facts = endpoint.catalogued;
                let mut notes = Vec::new();
                if endpoint.deprecation.is_some() {
                    notes.push("deprecated".to_owned());
                }
                if let Some(newest) = newer_version(endpoint) {
                    notes.push(format!("newest {newest}"));
                }
                if facts.is_none() {
                    notes.push("unchecked".to_owned());
                }
                [
                    endpoint.method.to_string(),
                    endpoint.atlas_path(),
                    endpoint.version.to_owned(),
                    facts
                        .and_then(|facts| facts.sunset)
                        .unwrap_or("-")
                        .to_owned(),
                    endpoint.declared_as(),
                    notes.join(", "),
                ]
            })
            .collect();
        let mut widths = HEADINGS.map(str::len);
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.len());
            }
        }
        let headings = HEADINGS.map(str::to_owned);
        for row in std::iter::once(&headings).chain(&rows) {
            let mut line = String::new();
            for (column, (cell, width)) in row.iter().zip(widths).enumerate() {
                if column > 0 {
                    line.push_str("  ");
                }
                line.push_str(&format!("{cell:<width$}"));
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        writeln!(out)?;
        write!(out, "{}", self.roles())
    }
}
