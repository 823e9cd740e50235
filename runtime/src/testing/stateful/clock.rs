//! Timestamps as Atlas writes them: `2026-12-03T05:40:00Z`.

use crate::manifest::Date;
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds in a day.
const SECONDS_PER_DAY: u64 = 86_400;

/// Now plus `days`, in UTC, to the second.
pub(super) fn timestamp(days: u64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0);
    format_utc(now.saturating_add(days.saturating_mul(SECONDS_PER_DAY)))
}

/// Seconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ` (the date stops at 9999-12-31).
fn format_utc(seconds: u64) -> String {
    let date = Date::from_days(seconds / SECONDS_PER_DAY);
    let time = seconds % SECONDS_PER_DAY;
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}

#[cfg(test)]
mod tests {
    use super::format_utc;

    #[test]
    fn dates_fall_on_the_right_day() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        // 2000-02-29 (a leap day of a century year), 12:34:56.
        assert_eq!(format_utc(951_827_696), "2000-02-29T12:34:56Z");
        assert_eq!(format_utc(1_798_761_599), "2026-12-31T23:59:59Z");
    }
}
