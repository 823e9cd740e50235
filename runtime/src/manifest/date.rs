//! Calendar dates (UTC), for sunsets: parsed from the catalog's `YYYY-MM-DD`, compared, and
//! moved by whole days.

#![allow(
    clippy::arithmetic_side_effects,
    reason = "calendar arithmetic on years 1970..=9999, which every value here is clamped to"
)]

use std::fmt;
use std::str::FromStr;
use std::time::SystemTime;

/// A day of the proleptic Gregorian calendar, from 1970-01-01 to 9999-12-31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: u32,
}

/// Days from 1970-01-01 to 9999-12-31.
const LAST_DAY: u32 = 2_932_896;
const SECONDS_PER_DAY: u64 = 86_400;

impl Date {
    /// Today in UTC (1970-01-01 if the system clock is set before it).
    pub fn today() -> Self {
        let seconds = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        Self::from_days(seconds / SECONDS_PER_DAY)
    }

    /// The date of `year`-`month`-`day`, or `None` when there is no such day in 1970..=9999.
    pub fn from_ymd(year: u16, month: u8, day: u8) -> Option<Self> {
        let fits = (1970..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        fits.then(|| Self {
            days: days_from_civil(year, month, day),
        })
    }

    /// The date `days` later (9999-12-31 at the latest).
    #[must_use]
    pub fn plus_days(self, days: u32) -> Self {
        Self::from_days(u64::from(self.days) + u64::from(days))
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Self) -> i64 {
        i64::from(later.days) - i64::from(self.days)
    }

    /// (year, month, day).
    pub fn ymd(self) -> (u16, u8, u8) {
        civil_from_days(self.days)
    }

    /// The date `days` after 1970-01-01 (9999-12-31 at the latest).
    pub(crate) fn from_days(days: u64) -> Self {
        Self {
            days: u32::try_from(days.min(u64::from(LAST_DAY))).unwrap_or(LAST_DAY),
        }
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(String);

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "not a date in YYYY-MM-DD form between 1970-01-01 and 9999-12-31: {:?}",
            self.0
        )
    }
}

impl std::error::Error for DateError {}

impl FromStr for Date {
    type Err = DateError;

    /// Reads `YYYY-MM-DD` exactly.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || DateError(text.to_owned());
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(error());
        }
        let number = |range: std::ops::Range<usize>| {
            let part = &text[range];
            part.bytes()
                .all(|byte| byte.is_ascii_digit())
                .then(|| part.parse::<u16>().ok())
                .flatten()
        };
        let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10))
        else {
            return Err(error());
        };
        let month = u8::try_from(month).map_err(|_| error())?;
        let day = u8::try_from(day).map_err(|_| error())?;
        Self::from_ymd(year, month, day).ok_or_else(error)
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.ymd();
        write!(out, "{year:04}-{month:02}-{day:02}")
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a valid date, counting in 400-year cycles that start on March 1st
/// (so the leap day ends its year).
fn days_from_civil(year: u16, month: u8, day: u8) -> u32 {
    let year = u32::from(year) - u32::from(month <= 2);
    let (cycle, year_of_cycle) = (year / 400, year % 400);
    let month_from_march = (u32::from(month) + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + u32::from(day) - 1;
    let day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
    // 719_468 days from 0000-03-01 to 1970-01-01.
    cycle * 146_097 + day_of_cycle - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: u32) -> (u16, u8, u8) {
    let days = days + 719_468;
    let (cycle, day_of_cycle) = (days / 146_097, days % 146_097);
    let year_of_cycle =
        (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36_524 - day_of_cycle / 146_096) / 365;
    let day_of_year =
        day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = (month_from_march + 2) % 12 + 1;
    let year = cycle * 400 + year_of_cycle + u32::from(month <= 2);
    (
        u16::try_from(year).unwrap_or(9999),
        u8::try_from(month).unwrap_or(12),
        u8::try_from(day).unwrap_or(31),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_day_round_trips_and_follows_the_previous() {
        let mut previous: Option<(u16, u8, u8)> = None;
        for days in 0..=LAST_DAY {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
            assert!(
                day >= 1 && day <= days_in_month(year, month),
                "{year}-{month}-{day}"
            );
            if let Some(before) = previous {
                assert!((year, month, day) > before);
            }
            previous = Some((year, month, day));
        }
        assert_eq!(previous, Some((9999, 12, 31)));
    }

    #[test]
    fn parses_exactly_the_calendar() {
        assert_eq!("1970-01-01".parse::<Date>().unwrap().days, 0);
        assert_eq!(
            "2027-07-01".parse::<Date>().unwrap().to_string(),
            "2027-07-01"
        );
        assert!("2024-02-29".parse::<Date>().is_ok());
        for bad in [
            "2023-02-29",
            "2100-02-29",
            "1969-12-31",
            "2027-13-01",
            "2027-00-10",
            "2027-04-31",
            "2027-7-01",
            "2027/07/01",
            "+027-07-01",
            "2027-07-01 ",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad:?}");
        }
        let date: Date = "2026-12-03".parse().unwrap();
        assert_eq!(date.plus_days(29).to_string(), "2027-01-01");
        assert_eq!(date.days_until(date.plus_days(90)), 90);
        assert_eq!(date.plus_days(u32::MAX).to_string(), "9999-12-31");
    }
}
