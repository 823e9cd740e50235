//! Declared versions that Atlas stops serving, and the version to move each to.

use super::Date;
use crate::endpoint::Endpoint;
use std::fmt::Write as _;

/// A declared version with an announced sunset.
#[derive(Debug, Clone)]
pub struct Sunset {
    /// The declaration pinned to the version.
    pub endpoint: &'static Endpoint,
    /// The day Atlas stops serving the version.
    pub date: Date,
    /// The newest version Atlas serves of the operation, when it is not the declared one
    /// (`None`: the operation itself is going away).
    pub move_to: Option<&'static str>,
}

/// The sunsets on or before `before`, soonest first.
pub(super) fn before(endpoints: &[&'static Endpoint], before: Date) -> Vec<Sunset> {
    let mut sunsets: Vec<Sunset> = endpoints
        .iter()
        .filter_map(|&endpoint| {
            let facts = endpoint.catalogued?;
            // The catalog's dates are checked when it is generated; one that is not a date
            // cannot be compared, and is left out rather than guessed.
            let date: Date = facts.sunset?.parse().ok()?;
            (date <= before).then(|| Sunset {
                endpoint,
                date,
                move_to: (facts.newest_version != endpoint.version).then_some(facts.newest_version),
            })
        })
        .collect();
    sunsets.sort_by_key(|sunset| sunset.date);
    sunsets
}

/// The message of a failed [`Manifest::assert_no_sunsets_within`](super::Manifest::assert_no_sunsets_within).
pub(super) fn report(sunsets: &[Sunset], today: Date, days: u32) -> String {
    let mut text = format!(
        "{} declared Atlas endpoint version(s) stop being served within {days} days of {today}:",
        sunsets.len()
    );
    for sunset in sunsets {
        let endpoint = sunset.endpoint;
        let when = match today.days_until(sunset.date) {
            left if left < 0 => {
                format!("sunset {} ({} days ago)", sunset.date, left.unsigned_abs())
            }
            left => format!("sunset {} (in {left} days)", sunset.date),
        };
        let advice = match sunset.move_to {
            Some(version) => format!("move to version {version}"),
            None => "no newer version: the operation is going away".to_owned(),
        };
        let _ = write!(
            text,
            "\n  {} ({} {}, version {}): {when}; {advice}",
            endpoint.declared_as(),
            endpoint.method,
            endpoint.atlas_path(),
            endpoint.version
        );
    }
    text
}
