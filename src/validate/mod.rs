//! Validation: parse with spans, check the shape against the JSON Schema, check the meaning.
//! Every problem is reported at once, each pointing at the line and column it is about.

mod cdk;
mod lookup;
pub mod rules;
mod schema;
mod sound;
pub mod suggest;

use crate::diagnostic::{self, Code, Diagnostic};
use crate::spec::source::{self, Document, MAX_PROBLEMS};
use crate::spec::Spec;

/// Validates spec text; on success the typed spec, otherwise every diagnostic with its span, in
/// file order (at most [`MAX_PROBLEMS`], then one saying the rest were left out).
///
/// Layers: YAML (syntax, duplicate keys, ...), then the JSON Schema (unknown keys, types, enums,
/// ranges), then the semantic rules. A shape problem does not hide the rules' findings about
/// the keys it leaves intact; see [`sound::rules_on_sound_part`].
pub fn validate_text(text: &str) -> Result<Spec, Vec<Diagnostic>> {
    validate_document(text).map_err(|mut problems| {
        cdk::add_hints(text, &mut problems);
        problems
    })
}

fn validate_document(text: &str) -> Result<Spec, Vec<Diagnostic>> {
    let document = source::parse(text)?;
    let shape = schema::check(&document, text);
    let mut problems = if shape.is_empty() {
        match deserialize(&document) {
            Ok(spec) => {
                let problems = rules::check(&spec);
                if problems.is_empty() {
                    return Ok(spec);
                }
                problems
            }
            Err(d) => vec![d],
        }
    } else {
        let mut problems = shape;
        problems.extend(sound::rules_on_sound_part(&document, &problems));
        problems
    };
    for d in &mut problems {
        d.span = d.span.or_else(|| place_rule_finding(&document, d));
    }
    document.fill_spans(&mut problems);
    diagnostic::sort(&mut problems);
    problems.dedup();
    cap(&mut problems);
    Err(problems)
}

/// Where a rule's finding belongs when its path alone would mislead: on the key, for a finding
/// about a key; on a key the rule read, for a finding about a key the spec leaves to its default
/// (`enableAutoScaling` is on by default, so a Standard worker is underlined instead).
fn place_rule_finding(document: &Document, d: &Diagnostic) -> Option<source::Span> {
    // A finding about a job of `jobs:` as a whole (its name, nothing starts it) is on its name.
    let job = job_of(&d.path);
    if rules::about_key(d.code) || job.is_some_and(|prefix| prefix == d.path) {
        return document.key_span(&d.path);
    }
    if document.value_span(&d.path).is_some() {
        return None;
    }
    // A key the rule read: the job's own first, then the first job's it inherits.
    rules::reads(d.code)
        .iter()
        .flat_map(|key| {
            let own = job.map(|prefix| format!("{prefix}/{key}"));
            own.into_iter().chain([format!("/{key}")])
        })
        .find(|path| document.value_span(path).is_some())
        .map(|path| document.locate(&path))
}

/// `/jobs/<name>` when the path is in a job of `jobs:`.
fn job_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/jobs/")?;
    let end = rest.find('/').map_or(path.len(), |i| "/jobs/".len() + i);
    Some(&path[..end])
}

/// Turns the document into the typed spec. The schema check has passed by then, so this fails
/// only on what the schema cannot say; the error still names its place.
// The error path is cold, and one `Diagnostic` is what the caller collects.
#[allow(clippy::result_large_err)]
fn deserialize(document: &Document) -> Result<Spec, Diagnostic> {
    serde_path_to_error::deserialize(&document.value).map_err(|e| {
        let path = pointer_of(e.path());
        let d = Diagnostic::error(Code::Shape, &path, e.inner().to_string());
        d.at(document.locate(&path))
    })
}

/// Gives a diagnostic the span of the value its path names.
pub fn locate(d: &mut Diagnostic, document: &Document) {
    if d.span.is_none() {
        d.span = Some(document.locate(&d.path));
    }
}

fn cap(problems: &mut Vec<Diagnostic>) {
    if problems.len() > MAX_PROBLEMS {
        let left_out = problems.len() - MAX_PROBLEMS;
        problems.truncate(MAX_PROBLEMS);
        let message = format!("stopped after {MAX_PROBLEMS} problems ({left_out} more not shown)");
        problems.push(Diagnostic::error(Code::TooManyProblems, "", message));
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                source::push_token(&mut out, key);
            }
            Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUIRED: &str = "bucketName: my-spark-processing-bucket\nglueJobName: job\n\
                            glueJobScript: s3://my-spark-processing-bucket/job.py\n";

    fn problems(extra: &str) -> Vec<Diagnostic> {
        match validate_text(&format!("{REQUIRED}{extra}")) {
            Ok(_) => panic!("expected {extra:?} to be invalid"),
            Err(problems) => problems,
        }
    }

    /// The only problem, with its line and column.
    fn only(extra: &str) -> (Diagnostic, (usize, usize)) {
        let mut all = problems(extra);
        assert_eq!(all.len(), 1, "{all:#?}");
        let d = all.remove(0);
        let place = d.span.map(|s| (s.line, s.column)).unwrap_or_default();
        (d, place)
    }

    #[test]
    fn a_misspelt_key_is_underlined_and_the_right_one_suggested() {
        let (d, place) = only("glueTimout: 10\n");
        assert_eq!(
            (d.code.as_str(), d.path.as_str(), place),
            ("unknown-key", "/glueTimout", (4, 1))
        );
        assert_eq!(d.span.map(|s| s.end - s.start), Some("glueTimout".len()));
        assert_eq!(d.message, "unknown key `glueTimout`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `glueTimeout`?"));
    }

    #[test]
    fn an_unknown_worker_type_lists_the_valid_ones() {
        let (d, place) = only("glueWorkerType: G.3X\n");
        assert_eq!((d.code.as_str(), place), ("unknown-value", (4, 17)));
        assert_eq!(d.message, "`glueWorkerType` cannot be `G.3X`");
        let expected = "one of Standard, G.025X, G.1X, G.2X, G.4X, G.8X, G.12X, G.16X, \
                        R.1X, R.2X, R.4X, R.8X";
        assert_eq!(d.expected.as_deref(), Some(expected));
        let (near, _) = only("glueWorkerType: g.2x\n");
        assert_eq!(near.hint.as_deref(), Some("did you mean `G.2X`?"));
    }

    #[test]
    fn a_bucket_name_says_which_s3_rule_it_breaks() {
        let text = REQUIRED.replace("my-spark-processing-bucket\n", "My_Bucket\n");
        let all = validate_text(&text).err().unwrap_or_default();
        assert_eq!(all.len(), 1, "{all:#?}");
        let d = &all[0];
        assert_eq!(d.code.as_str(), "bucket-name");
        assert_eq!(
            d.message,
            "bucket name `My_Bucket` contains `M`: uppercase letters are not allowed"
        );
        assert_eq!(d.span.map(|s| (s.line, s.column)), Some((1, 13)));
        assert_eq!(d.hint.as_deref(), Some("try `my-bucket`"));
    }

    #[test]
    fn an_unquoted_glue_version_gets_a_hint_to_quote_it() {
        let (d, place) = only("glueVersion: 4.0\n");
        assert_eq!((d.code.as_str(), place), ("type", (4, 14)));
        assert_eq!(d.message, "`glueVersion` must be a string, not a number");
        let hint = "quote it: `glueVersion: \"4.0\"`; unquoted, YAML reads 4.0 as a number";
        assert_eq!(d.hint.as_deref(), Some(hint));
        let (five, _) = only("glueVersion: 5\n");
        assert_eq!(
            five.hint.as_deref(),
            Some("did you mean `glueVersion: \"5.0\"`?")
        );
    }

    #[test]
    fn types_ranges_and_missing_keys_say_what_was_expected() {
        let (d, _) = only("glueNumberOfWorkers: \"10\"\n");
        assert_eq!(
            d.message,
            "`glueNumberOfWorkers` must be a whole number, not a string"
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("remove the quotes: `glueNumberOfWorkers: 10`")
        );
        let (d, _) = only("glueTimeout: 10080\n");
        assert_eq!(
            d.message,
            "`glueTimeout` is 10080, above the maximum of 10079"
        );
        assert_eq!(d.expected.as_deref(), Some("from 1 to 10079"));
        let (d, _) = only("enableMetrics: yes\n");
        let hint =
            "write `enableMetrics: true`; YAML 1.2 reads only `true` and `false` as booleans";
        assert_eq!(d.hint.as_deref(), Some(hint));
        let (d, place) = only("corsRules:\n  - allowedOrigins: [a]\n");
        assert_eq!(
            (d.code.as_str(), d.path.as_str(), place),
            ("missing-key", "/corsRules/0/allowedMethods", (5, 5))
        );
        assert_eq!(
            d.message,
            "`corsRules[0]` lacks the required key `allowedMethods`"
        );
        let huge = only("maxRetries: 99999999999\n").0;
        assert_eq!(
            huge.code, "range",
            "a number over u32 is a range error, not a serde one"
        );
    }

    #[test]
    fn a_missing_required_key_points_at_the_start_of_the_spec() {
        let all = validate_text("bucketName: my-bucket\nglueJobName: job\n")
            .err()
            .unwrap_or_default();
        let found: Vec<_> = all
            .iter()
            .map(|d| (d.code.as_str(), d.path.as_str(), d.span.map(|s| s.line)))
            .collect();
        assert_eq!(found, [("missing-key", "/glueJobScript", Some(1))]);
        let expected = "the key `glueJobScript`, e.g. \
                        `glueJobScript: \"s3://my-spark-processing-bucket/scripts/processor.py\"`";
        assert_eq!(all[0].expected.as_deref(), Some(expected));
    }

    #[test]
    fn shape_problems_do_not_hide_rule_findings_about_other_keys() {
        let text = REQUIRED.replace("my-spark-processing-bucket\n", "My_Bucket\n");
        let all = validate_text(&format!("{text}glueTimout: 10\ntags: {{\"aws:x\": y}}\n"))
            .err()
            .unwrap_or_default();
        let found: Vec<_> = all
            .iter()
            .map(|d| (d.code.as_str(), d.span.map(|s| s.line)))
            .collect();
        assert_eq!(
            found,
            [
                ("bucket-name", Some(1)),
                ("unknown-key", Some(4)),
                ("tag-key", Some(5))
            ]
        );
    }

    #[test]
    fn a_rule_reading_a_broken_key_stays_quiet() {
        // R.1X needs Glue 4.0; with the version broken, its default must not judge the worker.
        let (d, _) = only("glueVersion: 3\nglueWorkerType: R.1X\n");
        assert_eq!(d.path, "/glueVersion");
        // With the version sound, the rule speaks.
        let (d, _) = only("glueVersion: \"3.0\"\nglueWorkerType: R.1X\n");
        assert_eq!(d.code.as_str(), "worker-type");
    }

    #[test]
    fn rule_findings_about_keys_underline_the_key() {
        let (d, place) = only("defaultArguments:\n  --conf: x\n");
        assert_eq!((d.code.as_str(), place), ("reserved-argument", (5, 3)));
    }

    #[test]
    fn at_most_fifty_problems_then_a_note() {
        let keys: String = (0..80).map(|i| format!("unknown{i}: 1\n")).collect();
        let all = problems(&keys);
        assert_eq!(all.len(), MAX_PROBLEMS + 1);
        assert_eq!(
            all[MAX_PROBLEMS].message,
            "stopped after 50 problems (30 more not shown)"
        );
    }

    #[test]
    fn diagnostics_come_in_file_order_every_time() {
        let extra =
            "tags: {\"aws:x\": y}\nglueTimout: 1\nmaxRetries: 50\nalarmThresholds: {foo: 1}\n";
        let first = problems(extra);
        let lines: Vec<_> = first
            .iter()
            .filter_map(|d| d.span.map(|s| s.line))
            .collect();
        assert_eq!(lines, [4, 5, 6, 7]);
        assert_eq!(problems(extra), first);
    }
}
