//! Glue schedules: the expressions a Glue scheduled trigger accepts, as AWS Glue's "Time-based
//! schedules for jobs and crawlers" page describes them. Glue reads only `cron(...)`: six fields
//! (Minutes Hours Day-of-month Month Day-of-week Year), UTC; `?` in one of the two day fields and
//! a value in the other; `L` and `W` in Day-of-month, `L` in Day-of-week (the page lists no `#`);
//! no rate faster than one run per 5 minutes. A `rate(...)` that a cron says exactly is accepted
//! and rendered as that cron; any other rate is refused with the nearest cron as a hint.

/// Why a text is not a Glue schedule, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub message: String,
    pub hint: Option<String>,
}

impl Finding {
    fn new(message: String) -> Self {
        Finding {
            message,
            hint: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// What a schedule must be, for a finding's "expected".
pub const EXPECTED: &str =
    "a Glue cron expression, `cron(Minutes Hours Day-of-month Month Day-of-week Year)` in UTC, \
     or a rate a cron says exactly (`rate(1 day)`, `rate(6 hours)`, `rate(15 minutes)`)";

/// Glue's smallest interval between two runs, in minutes.
const MIN_INTERVAL_MINUTES: u32 = 5;

/// The Glue cron expression a `schedule` stands for, or the finding that says why it has none.
pub fn glue_cron(schedule: &str) -> Result<String, Finding> {
    let text = schedule.trim();
    if let Some(inner) = strip_call(text, "rate") {
        return rate_as_cron(inner, schedule);
    }
    let Some(inner) = strip_call(text, "cron") else {
        return Err(
            problem(format!("`{schedule}` is not a Glue schedule expression"))
                .hint("write `cron(0 2 * * ? *)` for 02:00 UTC every day"),
        );
    };
    let fields: Vec<&str> = inner.split_whitespace().collect();
    if fields.len() != 6 {
        return Err(problem(format!("`{schedule}` has {} fields; a Glue cron has six", fields.len()),
        )
        .hint(if fields.len() == 5 {
            "Glue's cron adds a Year field and uses `?` in one day field: `cron(0 2 * * ? *)`, not `0 2 * * *`"
        } else {
            "Minutes Hours Day-of-month Month Day-of-week Year, e.g. `cron(0 2 * * ? *)`"
        }));
    }
    for (field, value) in FIELDS.iter().zip(&fields) {
        if let Err(why) = field.check(value) {
            return Err(problem(format!(
                "`{schedule}`: {} field `{value}` {why}",
                field.name
            )));
        }
    }
    let (day_of_month, day_of_week) = (fields[2], fields[4]);
    match (day_of_month == "?", day_of_week == "?") {
        (true, true) => {
            return Err(problem(format!("`{schedule}` has `?` in both day fields; one of them needs a value"),
            )
            .hint("`cron(0 2 * * ? *)` runs every day, `cron(0 2 ? * MON-FRI *)` on weekdays"))
        }
        (false, false) => {
            return Err(problem(format!(
                    "`{schedule}` sets both Day-of-month (`{day_of_month}`) and Day-of-week \
                     (`{day_of_week}`); Glue needs `?` in one of them"
                ),
            )
            .hint(format!(
                "`cron({} {} {day_of_month} {} ? {})` for those days of the month, or `cron({} {} ? {} {day_of_week} {})` for those days of the week",
                fields[0], fields[1], fields[3], fields[5], fields[0], fields[1], fields[3], fields[5]
            )))
        }
        _ => {}
    }
    if let Some(gap) = smallest_gap(fields[0]) {
        if gap < MIN_INTERVAL_MINUTES {
            return Err(problem(format!(
                "`{schedule}` runs {gap} minute(s) apart; Glue schedules at most one run per \
                     {MIN_INTERVAL_MINUTES} minutes"
            ))
            .hint("use an increment of 5 minutes or more in the Minutes field, e.g. `0/15`"));
        }
    }
    Ok(format!("cron({})", fields.join(" ")))
}

fn problem(message: String) -> Finding {
    Finding::new(message)
}

/// `name(inner)` -> `inner`.
fn strip_call<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.strip_prefix(name)?
        .strip_prefix('(')?
        .strip_suffix(')')
}

/// `rate(N unit)` as the Glue cron that runs at exactly that rate, when there is one.
fn rate_as_cron(inner: &str, schedule: &str) -> Result<String, Finding> {
    let mut parts = inner.split_whitespace();
    let (Some(value), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(problem(format!(
            "`{schedule}` is not `rate(<number> <unit>)`"
        )));
    };
    let Ok(n) = value.parse::<u32>() else {
        return Err(problem(format!(
            "`{schedule}`: `{value}` is not a whole number"
        )));
    };
    let singular = unit.trim_end_matches('s');
    let cron = match singular {
        "minute" if n >= MIN_INTERVAL_MINUTES && 60 % n == 0 => format!("cron(0/{n} * * * ? *)"),
        "hour" if n == 1 => "cron(0 * * * ? *)".to_owned(),
        "hour" if n > 0 && 24 % n == 0 => format!("cron(0 0/{n} * * ? *)"),
        "day" if n == 1 => "cron(0 0 * * ? *)".to_owned(),
        "minute" | "hour" | "day" => {
            let hint = match singular {
                "minute" if n < MIN_INTERVAL_MINUTES => {
                    format!("Glue schedules at most one run per {MIN_INTERVAL_MINUTES} minutes")
                }
                "minute" => "a cron's Minutes increment restarts every hour: use a divisor of 60 (5, 10, 15, 20, 30) or a list of minutes".to_owned(),
                "hour" => "a cron's Hours increment restarts every day: use a divisor of 24 (1, 2, 3, 4, 6, 8, 12) or a list of hours".to_owned(),
                _ => "a cron can run on given days of the month or week, e.g. every Monday: `cron(0 2 ? * MON *)`".to_owned(),
            };
            return Err(problem(format!(
                "`{schedule}` has no exact Glue cron: Glue schedules with cron only"
            ))
            .hint(hint));
        }
        _ => {
            return Err(
                problem(format!("`{schedule}`: `{unit}` is not a rate unit"))
                    .hint("minutes, hours or days"),
            )
        }
    };
    Ok(cron)
}

/// One field of a Glue cron: its values and the wildcards the Glue page lists for it.
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
    question: bool,
    last: bool,
    weekday: bool,
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: [Field; 6] = [
    Field {
        name: "Minutes",
        min: 0,
        max: 59,
        names: &[],
        question: false,
        last: false,
        weekday: false,
    },
    Field {
        name: "Hours",
        min: 0,
        max: 23,
        names: &[],
        question: false,
        last: false,
        weekday: false,
    },
    Field {
        name: "Day-of-month",
        min: 1,
        max: 31,
        names: &[],
        question: true,
        last: true,
        weekday: true,
    },
    Field {
        name: "Month",
        min: 1,
        max: 12,
        names: MONTHS,
        question: false,
        last: false,
        weekday: false,
    },
    Field {
        name: "Day-of-week",
        min: 1,
        max: 7,
        names: DAYS,
        question: true,
        last: true,
        weekday: false,
    },
    Field {
        name: "Year",
        min: 1970,
        max: 2199,
        names: &[],
        question: false,
        last: false,
        weekday: false,
    },
];

impl Field {
    fn check(&self, value: &str) -> Result<(), String> {
        if value == "*" {
            return Ok(());
        }
        if value == "?" {
            return if self.question {
                Ok(())
            } else {
                Err("cannot be `?` (only the two day fields take it)".to_owned())
            };
        }
        if value.contains('#') {
            return Err("uses `#`, which Glue's cron does not list".to_owned());
        }
        for item in value.split(',') {
            self.item(item)?;
        }
        Ok(())
    }

    fn item(&self, item: &str) -> Result<(), String> {
        if self.last && item == "L" {
            return Ok(());
        }
        if let Some(day) = item.strip_suffix('W') {
            if !self.weekday {
                return Err("cannot use `W` (only Day-of-month takes it)".to_owned());
            }
            return self.value(day).map(|_| ());
        }
        if let Some(day) = item.strip_suffix('L') {
            if self.last && self.names == DAYS {
                // `5L`: the last Thursday of the month.
                return self.value(day).map(|_| ());
            }
        }
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, Some(step)),
            None => (item, None),
        };
        if let Some(step) = step {
            match step.parse::<u32>() {
                Ok(s) if s >= 1 && s <= self.max => {}
                _ => {
                    return Err(format!(
                        "has an increment `/{step}` that is not 1 to {}",
                        self.max
                    ))
                }
            }
        }
        if range == "*" {
            return Ok(());
        }
        match range.split_once('-') {
            Some((from, to)) => {
                self.value(from)?;
                self.value(to)?;
                Ok(())
            }
            None => self.value(range).map(|_| ()),
        }
    }

    fn value(&self, text: &str) -> Result<u32, String> {
        let upper = text.to_ascii_uppercase();
        if let Some(i) = self.names.iter().position(|n| *n == upper) {
            return Ok(self.min + i as u32);
        }
        match text.parse::<u32>() {
            Ok(v) if (self.min..=self.max).contains(&v) => Ok(v),
            _ => {
                let names = match self.names.first().zip(self.names.last()) {
                    Some((first, last)) => format!(" or {first}-{last}"),
                    None => String::new(),
                };
                Err(format!(
                    "has `{text}`, not {}-{}{names}",
                    self.min, self.max
                ))
            }
        }
    }
}

/// The smallest gap, in minutes, between two runs the Minutes field allows within an hour
/// (wrapping into the next hour); `None` when it allows one minute per hour.
fn smallest_gap(minutes: &str) -> Option<u32> {
    let set = FIELDS[0].set(minutes)?;
    let on: Vec<u32> = (0..60u32).filter(|m| set & (1 << m) != 0).collect();
    if on.len() < 2 {
        return None;
    }
    let wrap = on[0] + 60 - on[on.len() - 1];
    on.windows(2).map(|w| w[1] - w[0]).chain([wrap]).min()
}

/// The window `runs_per_month` counts in: four whole years from 2027-01-01 UTC (a Friday), one of
/// them a leap year, so months of every length and weekdays in every position weigh as they do
/// over time.
const WINDOW_FIRST_YEAR: u32 = 2027;
const WINDOW_YEARS: u32 = 4;
/// 2027-01-01 is a Friday; Glue's Day-of-week counts SUN as 1, so Friday is 6.
const WINDOW_FIRST_WEEKDAY: u32 = 6;

/// How many times a month, on average, a Glue cron (as `glue_cron` returns it) starts a run:
/// every run in the four years from 2027 counted, then divided by 48. A Year field that names
/// none of those years counts no run. `None` for a text that is not a valid Glue cron.
pub fn runs_per_month(cron: &str) -> Option<f64> {
    let inner = strip_call(cron.trim(), "cron")?;
    let fields: Vec<&str> = inner.split_whitespace().collect();
    let [minutes, hours, day_of_month, months, day_of_week, years] = fields[..] else {
        return None;
    };
    let per_day = u64::from(FIELDS[0].set(minutes)?.count_ones())
        * u64::from(FIELDS[1].set(hours)?.count_ones());
    let months = FIELDS[3].set(months)?;
    let years = FIELDS[5].year_set(years)?;
    let days = DaySelector::new(day_of_month, day_of_week)?;
    let mut weekday = WINDOW_FIRST_WEEKDAY;
    let mut runs: u64 = 0;
    for year in WINDOW_FIRST_YEAR..WINDOW_FIRST_YEAR + WINDOW_YEARS {
        for month in 1..=12u32 {
            let length = days_in_month(year, month);
            let counted = years.contains(&year) && months & (1 << month) != 0;
            for day in 1..=length {
                if counted && days.matches(day, weekday, length) {
                    runs += per_day;
                }
                weekday = weekday % 7 + 1;
            }
        }
    }
    Some(runs as f64 / f64::from(WINDOW_YEARS * 12))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Which days of a month a cron's two day fields select (one of them is `?`).
enum DaySelector {
    /// Day-of-month: the days set (bit n = day n), the last day (`L`), nearest weekdays (`15W`).
    OfMonth {
        days: u64,
        last: bool,
        nearest_weekday: Vec<u32>,
    },
    /// Day-of-week: the weekdays set (bit n, SUN = 1), and the last given weekday of the month
    /// (`5L`, or `L` alone: Saturday, the last day of the week).
    OfWeek { weekdays: u64, last_of: Vec<u32> },
}

impl DaySelector {
    fn new(day_of_month: &str, day_of_week: &str) -> Option<Self> {
        if day_of_month != "?" {
            let mut days = 0;
            let mut last = false;
            let mut nearest_weekday = Vec::new();
            for item in day_of_month.split(',') {
                if item == "L" {
                    last = true;
                } else if let Some(day) = item.strip_suffix('W') {
                    nearest_weekday.push(FIELDS[2].value(day).ok()?);
                } else {
                    days |= FIELDS[2].set(item)?;
                }
            }
            return Some(DaySelector::OfMonth {
                days,
                last,
                nearest_weekday,
            });
        }
        let mut weekdays = 0;
        let mut last_of = Vec::new();
        for item in day_of_week.split(',') {
            if item == "L" {
                weekdays |= 1 << 7;
            } else if let Some(day) = item.strip_suffix('L') {
                last_of.push(FIELDS[4].value(day).ok()?);
            } else {
                weekdays |= FIELDS[4].set(item)?;
            }
        }
        Some(DaySelector::OfWeek { weekdays, last_of })
    }

    /// Whether `day` (1-based, of a month of `length` days, falling on `weekday`, SUN = 1) is
    /// selected.
    fn matches(&self, day: u32, weekday: u32, length: u32) -> bool {
        match self {
            DaySelector::OfMonth {
                days,
                last,
                nearest_weekday,
            } => {
                days & (1 << day) != 0
                    || (*last && day == length)
                    || nearest_weekday
                        .iter()
                        .any(|&n| nearest_weekday_of(n, day, weekday, length))
            }
            DaySelector::OfWeek { weekdays, last_of } => {
                weekdays & (1 << weekday) != 0 || (last_of.contains(&weekday) && day + 7 > length)
            }
        }
    }
}

/// Whether `day` is the weekday nearest to day `n` of its month (`nW`): `n` itself on Monday to
/// Friday; the Friday before a Saturday `n`, the Monday after a Sunday `n`, never leaving the month.
fn nearest_weekday_of(n: u32, day: u32, weekday: u32, length: u32) -> bool {
    // A day past the month's end (`31W` in a 30-day month) stands for its last day.
    let n = n.min(length);
    // The weekday of day n, from this day's (SUN = 1 .. SAT = 7).
    let of_n = (weekday as i64 - 1 + (n as i64 - day as i64)).rem_euclid(7) as u32 + 1;
    let target = match of_n {
        7 if n == 1 => n + 2,
        7 => n - 1,
        1 if n == length => n - 2,
        1 => n + 1,
        _ => n,
    };
    day == target
}

impl Field {
    /// Each item of a field (`*`, `5`, `1-5`, `MON-FRI`, `0/15`) as (first, last, step); `None`
    /// for an item that is not one.
    fn ranges(&self, value: &str) -> Option<Vec<(u32, u32, u32)>> {
        value
            .split(',')
            .map(|item| {
                let (range, step) = match item.split_once('/') {
                    Some((range, step)) => (range, step.parse::<u32>().ok()?.max(1)),
                    None => (item, 1),
                };
                let (from, to) = if range == "*" {
                    (self.min, self.max)
                } else if let Some((a, b)) = range.split_once('-') {
                    (self.value(a).ok()?, self.value(b).ok()?)
                } else {
                    let start = self.value(range).ok()?;
                    (start, if item.contains('/') { self.max } else { start })
                };
                Some((from, to, step))
            })
            .collect()
    }

    /// The values one field selects, bit n for value n (`*`, lists, ranges, increments, names).
    fn set(&self, value: &str) -> Option<u64> {
        let mut set = 0u64;
        for (from, to, step) in self.ranges(value)? {
            for v in (from..=to).step_by(step as usize) {
                set |= 1 << v;
            }
        }
        Some(set)
    }

    /// The Year field's values within the counting window.
    fn year_set(&self, value: &str) -> Option<Vec<u32>> {
        let window = WINDOW_FIRST_YEAR..WINDOW_FIRST_YEAR + WINDOW_YEARS;
        let mut years = Vec::new();
        for (from, to, step) in self.ranges(value)? {
            years.extend(
                (from..=to)
                    .step_by(step as usize)
                    .filter(|y| window.contains(y)),
            );
        }
        Some(years)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cron(text: &str) -> Result<String, String> {
        glue_cron(text).map_err(|d| format!("{} | {}", d.message, d.hint.unwrap_or_default()))
    }

    fn monthly(cron_text: &str) -> f64 {
        runs_per_month(cron_text).unwrap_or_else(|| panic!("{cron_text} counts"))
    }

    #[test]
    fn runs_per_month_are_counted_from_the_calendar() {
        // 1,461 days in 2027-2030.
        assert!((monthly("cron(0 2 * * ? *)") - 1461.0 / 48.0).abs() < 1e-9);
        // Weekdays only: 1,043 of those days, about 22 a month.
        let weekdays = monthly("cron(0 18 ? * MON-FRI *)");
        assert!((weekdays - 1043.0 / 48.0).abs() < 1e-9, "{weekdays}");
        assert_eq!(weekdays.round(), 22.0);
        assert_eq!(monthly("cron(0 8 1 * ? *)"), 1.0);
        assert_eq!(monthly("cron(0 0 L * ? *)"), 1.0);
        assert_eq!(monthly("cron(0 0 15W * ? *)"), 1.0);
        assert_eq!(monthly("cron(30 4 ? * 6L *)"), 1.0, "the last Friday");
        assert_eq!(monthly("cron(0/15 * * * ? *)"), 4.0 * 24.0 * 1461.0 / 48.0);
        assert_eq!(monthly("cron(0 0 ? JAN,JUL 6L 2027-2030)"), 8.0 / 48.0);
        assert_eq!(monthly("cron(0 0 1 1 ? 2026)"), 0.0, "outside the window");
        assert_eq!(monthly("cron(0 2 29 2 ? *)"), 1.0 / 48.0, "one leap day");
        assert_eq!(monthly("cron(0 2 31 * ? *)"), 7.0 * 4.0 / 48.0);
        assert_eq!(
            runs_per_month("rate(1 day)"),
            None,
            "a cron, as glue_cron returns"
        );
    }

    #[test]
    fn the_nearest_weekday_stays_in_the_month() {
        // 2027-05-01 is a Saturday: 1W is Monday the 3rd, not Friday April 30th.
        let may = |day: u32| (day + 5) % 7 + 1; // the weekday of May `day`, 2027 (SUN = 1)
        assert_eq!(may(1), 7);
        assert!(nearest_weekday_of(1, 3, may(3), 31));
        assert!(!nearest_weekday_of(1, 1, may(1), 31));
        // 2027-10-31 is a Sunday: 31W is Friday the 29th.
        let october = |day: u32| (day + 4) % 7 + 1;
        assert_eq!(october(31), 1);
        assert!(nearest_weekday_of(31, 29, october(29), 31));
    }

    #[test]
    fn the_glue_pages_examples_are_accepted() {
        for example in [
            "cron(0 10 * * ? *)",
            "cron(15 12 * * ? *)",
            "cron(0 18 ? * MON-FRI *)",
            "cron(0 8 1 * ? *)",
            "cron(0/15 * * * ? *)",
            "cron(0/10 * ? * MON-FRI *)",
            "cron(0/5 8-17 ? * MON-FRI *)",
            "cron(0 0 L * ? *)",
            "cron(0 0 15W * ? *)",
            "cron(0 0 ? JAN,JUL 6L 2027-2030)",
        ] {
            assert_eq!(cron(example).as_deref(), Ok(example), "{example}");
        }
    }

    #[test]
    fn what_glue_refuses_is_refused_with_a_reason() {
        let cases = [
            ("cron(0 2 * * * *)", "both Day-of-month"),
            ("cron(0 2 ? * ? *)", "`?` in both day fields"),
            ("cron(0 2 * * ?)", "5 fields"),
            ("0 2 * * ? *", "not a Glue schedule expression"),
            ("cron(60 2 * * ? *)", "Minutes field `60` has `60`"),
            ("cron(0 2 * 13 ? *)", "Month field"),
            ("cron(0 2 ? * MON#1 *)", "`#`"),
            ("cron(* * * * ? *)", "1 minute(s) apart"),
            ("cron(0/2 * * * ? *)", "2 minute(s) apart"),
            ("cron(0,58 * * * ? *)", "2 minute(s) apart"),
            ("cron(0 ? * * ? *)", "Hours field `?`"),
            ("cron(0 2 1W-5 * ? *)", "Day-of-month"),
        ];
        for (text, why) in cases {
            let got = cron(text).expect_err(text);
            assert!(got.contains(why), "{text}: {got}");
        }
    }

    #[test]
    fn rates_become_the_cron_that_says_the_same() {
        assert_eq!(cron("rate(1 day)").as_deref(), Ok("cron(0 0 * * ? *)"));
        assert_eq!(cron("rate(6 hours)").as_deref(), Ok("cron(0 0/6 * * ? *)"));
        assert_eq!(cron("rate(1 hour)").as_deref(), Ok("cron(0 * * * ? *)"));
        assert_eq!(
            cron("rate(15 minutes)").as_deref(),
            Ok("cron(0/15 * * * ? *)")
        );
        for (text, why) in [
            ("rate(7 minutes)", "divisor of 60"),
            ("rate(1 minute)", "one run per 5 minutes"),
            ("rate(5 hours)", "divisor of 24"),
            ("rate(2 days)", "given days"),
            ("rate(1 week)", "not a rate unit"),
            ("rate(x hours)", "not a whole number"),
        ] {
            let got = cron(text).expect_err(text);
            assert!(got.contains(why), "{text}: {got}");
        }
    }
}
