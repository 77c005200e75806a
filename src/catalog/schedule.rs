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
    let mut set = [false; 60];
    for item in minutes.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, step.parse::<usize>().unwrap_or(1).max(1)),
            None => (item, 1),
        };
        let (from, to) = if range == "*" {
            (0, 59)
        } else if let Some((a, b)) = range.split_once('-') {
            (a.parse().unwrap_or(0), b.parse().unwrap_or(59))
        } else {
            let start = range.parse().unwrap_or(0);
            (start, if item.contains('/') { 59 } else { start })
        };
        let mut m: usize = from;
        while m <= to.min(59) {
            set[m] = true;
            m += step;
        }
    }
    let on: Vec<u32> = (0..60u32).filter(|m| set[*m as usize]).collect();
    if on.len() < 2 {
        return None;
    }
    let wrap = on[0] + 60 - on[on.len() - 1];
    on.windows(2).map(|w| w[1] - w[0]).chain([wrap]).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cron(text: &str) -> Result<String, String> {
        glue_cron(text).map_err(|d| format!("{} | {}", d.message, d.hint.unwrap_or_default()))
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
