//! RPT-1: a report's date range and time buckets, in the viewer's time zone.
//!
//! An activity belongs to the local calendar date it shows in that zone — the date a
//! partner manager reads next to it — so midnight and DST edges fall where people expect,
//! including zones whose clocks jump at midnight.

use crate::error::{RuleError, RuleResult};
use crate::ids::Millis;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many points a chart may receive (series × buckets); buckets coarsen to stay under.
pub const MAX_CHART_POINTS: usize = 2_000;
/// A range longer than this is a typing mistake (and would make charts meaningless).
const MAX_YEARS: i16 = 25;
const DAY_MS: Millis = 86_400_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Day,
    Week,
    Month,
}

impl Bucket {
    /// The first day of the bucket holding `d`; weeks start on Monday (ISO 8601).
    pub fn start(self, d: Date) -> Date {
        match self {
            Bucket::Day => d,
            Bucket::Week => d - (d.weekday().to_monday_zero_offset() as i64).days(),
            Bucket::Month => d.first_of_month(),
        }
    }

    fn next(self, d: Date) -> Option<Date> {
        match self {
            Bucket::Day => d.checked_add(1.day()).ok(),
            Bucket::Week => d.checked_add(1.week()).ok(),
            Bucket::Month => d.checked_add(1.month()).ok(),
        }
    }

    fn coarser(self) -> Option<Bucket> {
        match self {
            Bucket::Day => Some(Bucket::Week),
            Bucket::Week => Some(Bucket::Month),
            Bucket::Month => None,
        }
    }
}

/// From `from` to `to`, both whole local days, in `tz`.
#[derive(Clone, Debug)]
pub struct Period {
    pub from: Date,
    pub to: Date,
    pub tz: TimeZone,
    /// A window in UTC sure to hold every instant of the range (offsets are under a day),
    /// so most activities outside it are skipped without a time-zone lookup.
    window: (Millis, Millis),
    /// The zone's offsets inside the window: (from this instant, this offset in ms),
    /// ascending. A quarter has one to three, so a local date is a short search and a
    /// division instead of a time-zone lookup per activity (1,000,000 of them).
    offsets: Vec<(Millis, Millis)>,
    /// The range's days, `from` first, and the number of `from`'s day since the epoch.
    days: Vec<Date>,
    first_day: i64,
}

fn parse_date(field: &str, label: &str, text: &str) -> RuleResult<Date> {
    let text = text.trim();
    let date: Date = text.parse().map_err(|_| {
        RuleError::invalid(
            field,
            format!("{label} must be a date like 2026-03-31 (got '{}')", crate::validate::shorten(text)),
        )
    })?;
    if !(2000..2100).contains(&date.year()) {
        return Err(RuleError::invalid(field, format!("{label} must be between the years 2000 and 2099")));
    }
    Ok(date)
}

fn utc_midnight(d: Date) -> Millis {
    d.to_zoned_datetime(TimeZone::UTC).map(|z| z.timestamp().as_millisecond()).unwrap_or(0)
}

impl Period {
    pub fn new(from: &str, to: &str, tz: TimeZone) -> RuleResult<Period> {
        let from = parse_date("from", "The start date", from)?;
        let to = parse_date("to", "The end date", to)?;
        if to < from {
            return Err(RuleError::invalid("to", "The end date is before the start date"));
        }
        if to.year() - from.year() > MAX_YEARS {
            return Err(RuleError::invalid("to", format!("A report covers at most {MAX_YEARS} years")));
        }
        Ok(Period::of_dates(from, to, tz))
    }

    pub fn of_dates(from: Date, to: Date, tz: TimeZone) -> Period {
        let window = (utc_midnight(from) - 2 * DAY_MS, utc_midnight(to) + 3 * DAY_MS);
        let offset_ms = |o: jiff::tz::Offset| o.seconds() as Millis * 1000;
        let mut offsets = Vec::new();
        if let Ok(start) = Timestamp::from_millisecond(window.0) {
            offsets.push((window.0, offset_ms(tz.to_offset(start))));
            for t in tz.following(start) {
                let at = t.timestamp().as_millisecond();
                if at >= window.1 {
                    break;
                }
                offsets.push((at, offset_ms(t.offset())));
            }
        }
        let mut days = Vec::new();
        let mut d = from;
        while d <= to {
            days.push(d);
            match d.checked_add(1.day()) {
                Ok(n) => d = n,
                Err(_) => break,
            }
        }
        let first_day = utc_midnight(from).div_euclid(DAY_MS);
        Period { from, to, tz, window, offsets, days, first_day }
    }

    /// The local date `at` shows in this period's zone.
    pub fn local_date(&self, at: Millis) -> Option<Date> {
        let ts = Timestamp::from_millisecond(at).ok()?;
        Some(self.tz.to_offset(ts).to_datetime(ts).date())
    }

    /// A UTC window `[start, end)` holding every instant of the range, and a little more.
    pub fn window(&self) -> (Millis, Millis) {
        self.window
    }

    /// The local date of `at` when it falls in the range.
    pub fn contains(&self, at: Millis) -> Option<Date> {
        if at < self.window.0 || at >= self.window.1 {
            return None;
        }
        let i = self.offsets.partition_point(|(from, _)| *from <= at).checked_sub(1)?;
        let day = (at + self.offsets[i].1).div_euclid(DAY_MS) - self.first_day;
        usize::try_from(day).ok().and_then(|d| self.days.get(d)).copied()
    }

    /// `bucket`, or the finest coarser one whose buckets times `series` stay under
    /// `MAX_CHART_POINTS`.
    pub fn fit(&self, bucket: Bucket, series: usize) -> Bucket {
        let mut b = bucket;
        while self.starts(b).len() * series.max(1) > MAX_CHART_POINTS {
            match b.coarser() {
                Some(c) => b = c,
                None => break,
            }
        }
        b
    }

    /// The first day of every bucket the range touches, ascending.
    pub fn starts(&self, bucket: Bucket) -> Vec<Date> {
        let mut out = Vec::new();
        let mut d = bucket.start(self.from);
        while d <= self.to {
            out.push(d);
            match bucket.next(d) {
                Some(n) => d = n,
                None => break,
            }
        }
        out
    }
}

/// Which of `starts` (ascending bucket starts) holds `d`.
pub fn bucket_index(starts: &[Date], d: Date) -> usize {
    starts.partition_point(|s| *s <= d).saturating_sub(1)
}

/// `at` as the local date and time a person reads, e.g. "2026-03-31 14:05".
pub fn local_text(tz: &TimeZone, at: Millis) -> String {
    match Timestamp::from_millisecond(at) {
        Ok(ts) => {
            let dt = tz.to_offset(ts).to_datetime(ts);
            format!("{} {:02}:{:02}", dt.date(), dt.hour(), dt.minute())
        }
        Err(_) => String::new(),
    }
}
