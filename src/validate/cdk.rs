//! Values a team pastes from its CDK app into a spec: CDK's constants (`WorkerType.G_1X`,
//! `RemovalPolicy.RETAIN`, `RetentionDays.ONE_MONTH`), `Duration.hours(2)`, and TypeScript's own
//! syntax (a `//` comment, a trailing comma, a `cond ? a : b`). Each already fails validation (a
//! type, an unknown value, a YAML syntax error); this module only adds, to that diagnostic, a hint
//! that names the value the spec takes. docs/migrating-from-cdk.md lists the same rows.
//!
//! The CDK names and numbers are aws-cdk-lib's (`aws-glue` `WorkerType`, `core` `RemovalPolicy`
//! and `Duration`, `aws-logs` `RetentionDays`), as pinned in scripts/cdk-nag/package-lock.json.

use crate::catalog::{WorkerType, LOG_RETENTION_DAYS};
use crate::diagnostic::{Code, Diagnostic, Span};

/// One kind of pasted value: what it looks like, and the hint for it (`None`: not this kind).
struct Row {
    /// What the row recognises, for docs and tests.
    #[cfg_attr(not(test), allow(dead_code))]
    pasted: &'static str,
    answer: fn(&Pasted) -> Option<String>,
}

/// The one table. Order matters: the first row that answers wins, so TypeScript syntax around a
/// value (a comment after it, a ternary) is named before the constant inside it.
const ROWS: &[Row] = &[
    Row {
        pasted: "// a comment",
        answer: slash_comment,
    },
    Row {
        pasted: "cond ? a : b",
        answer: ternary,
    },
    Row {
        pasted: "WorkerType.G_1X",
        answer: worker_type,
    },
    Row {
        pasted: "RemovalPolicy.RETAIN",
        answer: removal_policy,
    },
    Row {
        pasted: "RetentionDays.ONE_MONTH",
        answer: retention_days,
    },
    Row {
        pasted: "Duration.hours(2)",
        answer: duration,
    },
    Row {
        pasted: "a trailing ,",
        answer: trailing_comma,
    },
];

/// aws-cdk-lib's `RetentionDays`, name and days.
const RETENTION_DAYS: &[(&str, u32)] = &[
    ("ONE_DAY", 1),
    ("THREE_DAYS", 3),
    ("FIVE_DAYS", 5),
    ("ONE_WEEK", 7),
    ("TWO_WEEKS", 14),
    ("ONE_MONTH", 30),
    ("TWO_MONTHS", 60),
    ("THREE_MONTHS", 90),
    ("FOUR_MONTHS", 120),
    ("FIVE_MONTHS", 150),
    ("SIX_MONTHS", 180),
    ("ONE_YEAR", 365),
    ("THIRTEEN_MONTHS", 400),
    ("EIGHTEEN_MONTHS", 545),
    ("TWO_YEARS", 731),
    ("THREE_YEARS", 1096),
    ("FIVE_YEARS", 1827),
    ("SIX_YEARS", 2192),
    ("SEVEN_YEARS", 2557),
    ("EIGHT_YEARS", 2922),
    ("NINE_YEARS", 3288),
    ("TEN_YEARS", 3653),
    ("INFINITE", 9999),
];

/// The units of aws-cdk-lib's `Duration` factories, in milliseconds.
const DURATION_UNITS: &[(&str, u64)] = &[
    ("millis", 1),
    ("seconds", 1_000),
    ("minutes", 60_000),
    ("hours", 3_600_000),
    ("days", 86_400_000),
];

/// Every spec key that holds a duration, by its name, with its unit (name, milliseconds): the
/// units README "The spec" gives each key.
const KEY_UNITS: &[(&str, &str, u64)] = &[
    ("glueTimeout", "minutes", 60_000),
    ("processingTime", "seconds", 1_000),
    ("maxAge", "seconds", 1_000),
    ("logRetentionDays", "days", 86_400_000),
    ("transitionToInfrequentAccessDays", "days", 86_400_000),
    ("noncurrentVersionExpirationDays", "days", 86_400_000),
    ("abortIncompleteMultipartUploadDays", "days", 86_400_000),
];

/// A diagnostic's offending text and the key it belongs to.
struct Pasted<'a> {
    /// The text under the diagnostic's span, without surrounding quotes.
    text: &'a str,
    /// The key the value belongs to (the last segment of its path), `""` for the document.
    key: &'a str,
}

/// Adds the CDK hint to each diagnostic whose text is a pasted CDK value. A YAML syntax error
/// caused by a `//` comment line is moved onto that line, where the mistake is.
pub fn add_hints(text: &str, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut() {
        if d.code == Code::YamlSyntax {
            syntax_hint(text, d);
            continue;
        }
        let Some(span) = d.span else { continue };
        let Some(raw) = text.get(span.start..span.end) else {
            continue;
        };
        let pasted = Pasted {
            text: unquote(raw.trim()),
            key: d.path.rsplit('/').next().unwrap_or(""),
        };
        if let Some(hint) = ROWS.iter().find_map(|row| (row.answer)(&pasted)) {
            d.hint = Some(hint);
        }
    }
}

fn unquote(text: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            return inner;
        }
    }
    text
}

/// A YAML syntax error: a `//` line at or above it (YAML reads it as text running into the next
/// key), a ternary on its line, or a comma right where the parser stopped.
fn syntax_hint(text: &str, d: &mut Diagnostic) {
    let Some(span) = d.span else { return };
    let lines: Vec<(usize, &str)> = line_starts(text).take(span.line).collect();
    // The `//` lines right above the error (blank lines between allowed), or the error's own
    // line: YAML read them as one plain scalar, and failed where it ended.
    let is_comment = |line: &str| line.trim_start().starts_with("//");
    let comment_line = lines
        .iter()
        .enumerate()
        .rev()
        .take_while(|(i, (_, line))| {
            *i + 1 == lines.len() || line.trim().is_empty() || is_comment(line)
        })
        .filter(|(_, (_, line))| is_comment(line))
        .last();
    if let Some((index, &(start, line))) = comment_line {
        let indent = line.len() - line.trim_start().len();
        let comment = line.trim();
        d.span = Some(Span {
            start: start + indent,
            end: start + indent + comment.len(),
            line: index + 1,
            column: line[..indent].chars().count() + 1,
        });
        d.hint = Some(format!(
            "`//` starts a comment in TypeScript, not in YAML: write `# {}`",
            comment.trim_start_matches('/').trim()
        ));
        return;
    }
    let Some(&(start, line)) = lines.last() else {
        return;
    };
    let (key, value) = line.split_once(':').unwrap_or(("", line));
    let pasted = Pasted {
        text: value.trim(),
        key: key.trim(),
    };
    if let Some(hint) = ternary(&pasted) {
        // On the whole conditional, not on the `:` where YAML gave up.
        let offset = line.len() - value.trim_start().len();
        d.span = Some(Span {
            start: start + offset,
            end: start + offset + pasted.text.len(),
            line: span.line,
            column: line[..offset].chars().count() + 1,
        });
        d.hint = Some(hint);
    } else if text
        .get(span.start..)
        .is_some_and(|rest| rest.starts_with(','))
    {
        d.hint = Some(
            "drop the `,`: a YAML entry ends with its line (commas separate entries only \
             inside `{...}` and `[...]`)"
                .into(),
        );
    }
}

/// (byte offset, text) of each line.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line.trim_end_matches(['\n', '\r'])))
    })
}

/// `10 // ten workers`: the value and a TypeScript comment after it.
fn slash_comment(p: &Pasted) -> Option<String> {
    let at = if p.text.starts_with("//") {
        0
    } else {
        p.text.find(" //")? + 1
    };
    let before = p.text[..at].trim_end();
    let comment = p.text[at..].trim_start_matches('/').trim();
    let line = if before.is_empty() || p.key.is_empty() {
        format!("# {comment}")
    } else {
        format!("{}: {before}  # {comment}", p.key)
    };
    Some(format!(
        "`//` starts a comment in TypeScript, not in YAML: write `{line}`"
    ))
}

/// `isProd ? 10 : 2`: a spec is one value per key; what differs by environment goes under
/// `environments:`.
fn ternary(p: &Pasted) -> Option<String> {
    let (condition, branches) = p.text.split_once(" ? ")?;
    let (first, second) = branches.split_once(" : ")?;
    let (first, second) = (first.trim(), second.trim().trim_end_matches(','));
    let key = if p.key.is_empty() { "key" } else { p.key };
    Some(format!(
        "`{} ? ... : ...` is a TypeScript conditional; a spec holds one value per key: write one \
         (`{key}: {first}`) and override it where an environment differs, under `environments:` \
         (e.g. `environments: {{dev: {{{key}: {second}}}}}`)",
        condition.trim()
    ))
}

/// `WorkerType.G_1X` -> `G.1X`.
fn worker_type(p: &Pasted) -> Option<String> {
    let name = constant(p.text, "WorkerType")?;
    let value = name.replacen('_', ".", 1);
    let known = WorkerType::all().any(|w| w.label == value);
    Some(if known {
        format!(
            "`WorkerType.{name}` is CDK's name for it; the spec writes the value: `{}: {value}`",
            key_or(p, "glueWorkerType")
        )
    } else {
        format!("`WorkerType.{name}` is CDK's name; the spec writes the value, e.g. `G.1X`")
    })
}

/// `RemovalPolicy.RETAIN` -> `retain`.
fn removal_policy(p: &Pasted) -> Option<String> {
    let name = constant(p.text, "RemovalPolicy")?;
    let key = key_or(p, "removalPolicy");
    Some(match name {
        "RETAIN" | "RETAIN_ON_UPDATE_OR_DELETE" => {
            format!("`RemovalPolicy.{name}` is written `{key}: retain`")
        }
        "DESTROY" => format!("`RemovalPolicy.DESTROY` is written `{key}: destroy`"),
        _ => format!(
            "`RemovalPolicy.{name}` has no counterpart (an S3 bucket has no snapshot): \
             `{key}: retain` or `{key}: destroy`"
        ),
    })
}

/// `RetentionDays.ONE_MONTH` -> `30`.
fn retention_days(p: &Pasted) -> Option<String> {
    let name = constant(p.text, "RetentionDays")?;
    let key = key_or(p, "logRetentionDays");
    let Some(&(_, days)) = RETENTION_DAYS.iter().find(|(n, _)| *n == name) else {
        return Some(format!(
            "`RetentionDays.{name}` is not one of CDK's; the spec writes days, e.g. `{key}: 30`"
        ));
    };
    Some(if LOG_RETENTION_DAYS.contains(&days) {
        format!("`RetentionDays.{name}` is {days} days: `{key}: {days}`")
    } else {
        let longest = LOG_RETENTION_DAYS.last().copied().unwrap_or(days);
        format!(
            "`RetentionDays.{name}` (logs never expire) has no counterpart: the spec's logs \
             expire; the longest retention is `{key}: {longest}` (`TEN_YEARS`)"
        )
    })
}

/// `Duration.hours(2)` -> the number in the key's unit.
fn duration(p: &Pasted) -> Option<String> {
    let call = p.text.trim_end_matches(',');
    let at = call.find("Duration.")?;
    let (unit, amount) = call[at + "Duration.".len()..].split_once('(')?;
    let amount = amount.strip_suffix(')')?.trim();
    let &(_, unit_ms) = DURATION_UNITS.iter().find(|(u, _)| *u == unit)?;
    let pasted = &call[at..];
    let Some(&(_, key_unit, key_ms)) = KEY_UNITS.iter().find(|(k, _, _)| *k == p.key) else {
        return Some(format!(
            "`{pasted}` is a CDK Duration; `{}` is not a duration: see its expected value",
            p.key
        ));
    };
    let total = amount
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit_ms));
    Some(match total {
        Some(ms) if ms % key_ms == 0 => format!(
            "`{pasted}` is {} {key_unit}, and `{}` is in {key_unit}: `{}: {}`",
            ms / key_ms,
            p.key,
            p.key,
            ms / key_ms
        ),
        _ => format!(
            "`{}` is a whole number of {key_unit}; `{pasted}` is not one: convert it",
            p.key
        ),
    })
}

/// `10,`: a TypeScript property's comma.
fn trailing_comma(p: &Pasted) -> Option<String> {
    let value = p.text.strip_suffix(',')?.trim_end();
    let line = if p.key.is_empty() {
        format!("`{value}`")
    } else {
        format!("`{}: {value}`", p.key)
    };
    Some(format!(
        "drop the trailing `,`: a YAML entry ends with its line ({line})"
    ))
}

/// `NAME` of `WorkerType.NAME`, `glue.WorkerType.NAME` or `WorkerType.NAME,`.
fn constant<'a>(text: &'a str, class: &str) -> Option<&'a str> {
    let text = text.trim_end_matches(',').trim_end();
    let rest = if let Some(rest) = text.strip_prefix(class) {
        rest
    } else {
        let at = text.find(&format!(".{class}."))?;
        &text[at + 1 + class.len()..]
    };
    let name = rest.strip_prefix('.')?;
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    is_name.then_some(name)
}

/// The key the value is under, or the spec's key for this CDK class when the path names none.
fn key_or<'a>(p: &Pasted<'a>, default: &'a str) -> &'a str {
    if p.key.is_empty() || p.key.chars().all(|c| c.is_ascii_digit()) {
        default
    } else {
        p.key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(key: &str, text: &str) -> Option<String> {
        let pasted = Pasted { text, key };
        ROWS.iter().find_map(|row| (row.answer)(&pasted))
    }

    #[test]
    fn every_row_answers_its_own_example() {
        for row in ROWS {
            assert!(hint("glueTimeout", row.pasted).is_some(), "{}", row.pasted);
        }
    }

    #[test]
    fn durations_are_converted_to_each_keys_unit() {
        let h = |key, text| hint(key, text).unwrap_or_default();
        assert!(h("glueTimeout", "Duration.hours(2)").ends_with("`glueTimeout: 120`"));
        assert!(h("processingTime", "cdk.Duration.hours(1)").ends_with("`processingTime: 3600`"));
        assert!(h("transitionToInfrequentAccessDays", "Duration.days(30)")
            .ends_with("`transitionToInfrequentAccessDays: 30`"));
        assert!(h("glueTimeout", "Duration.seconds(90)").contains("not one"));
        assert!(h("glueTimeout", "Duration.days(99999999999999999)").contains("not one"));
    }

    #[test]
    fn every_cdk_retention_but_infinite_is_one_cloudwatch_offers() {
        for &(name, days) in RETENTION_DAYS {
            assert_eq!(
                LOG_RETENTION_DAYS.contains(&days),
                name != "INFINITE",
                "{name}"
            );
        }
    }

    #[test]
    fn worker_types_map_to_the_catalogs_labels() {
        let h = hint("glueWorkerType", "glue.WorkerType.G_025X").unwrap_or_default();
        assert!(h.ends_with("`glueWorkerType: G.025X`"), "{h}");
    }

    #[test]
    fn plain_values_get_no_hint() {
        for text in ["10", "s3://bucket/key.py", "G.3X", "retain", "a?b:c"] {
            assert_eq!(hint("glueTimeout", text), None, "{text}");
        }
    }
}
