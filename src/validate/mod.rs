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

/// A valid spec, and the spec each of its environments produces, in the spec's order.
#[derive(Debug, Clone)]
pub struct Validated {
    pub spec: Spec,
    pub environments: Vec<(String, Spec)>,
}

/// Validates spec text; on success the typed spec, otherwise every diagnostic with its span, in
/// file order (at most [`MAX_PROBLEMS`], then one saying the rest were left out). A spec with
/// `environments` is valid only when every environment is (see [`validate_environments`]).
pub fn validate_text(text: &str) -> Result<Spec, Vec<Diagnostic>> {
    validate_environments(text).map(|v| v.spec)
}

/// Validates spec text and every environment it declares: the spec as written first, then, when
/// it is valid, each environment as the whole spec it produces (`Document::environment`). A
/// problem found only in an environment says which, and sits where the text that caused it is:
/// on the override when the environment sets the key, on the base line otherwise.
pub fn validate_environments(text: &str) -> Result<Validated, Vec<Diagnostic>> {
    validate_with(text, &[]).map_err(|p| p.in_file)
}

/// One `--set KEY.PATH=VALUE` from the command line: the argument as typed (the source its
/// diagnostics point into) and the one-member document it stands for.
#[derive(Debug, Clone)]
pub struct Set {
    pub text: String,
    document: Document,
}

impl Set {
    /// `glueNumberOfWorkers=20`, `alarmThresholds.failedTasks=3`, `tags.team=data`: a path of
    /// keys joined by `.` (a key holding `.` cannot be set so), `=`, and a YAML value. Err: the
    /// argument is not of that form (a usage error).
    pub fn parse(arg: &str) -> Result<Set, String> {
        let Some((path, value)) = arg.split_once('=') else {
            return Err(format!(
                "--set {arg}: expected KEY.PATH=VALUE, e.g. glueNumberOfWorkers=20"
            ));
        };
        let tokens: Vec<String> = path.split('.').map(str::to_owned).collect();
        if tokens.iter().any(|t| t.is_empty()) {
            return Err(format!(
                "--set {arg}: `{path}` is not a path of keys joined by `.`"
            ));
        }
        let parsed = source::parse(&format!("v: {value}\n"))
            .map_err(|_| format!("--set {arg}: `{value}` is not a YAML value"))?;
        let value_json = parsed.value.get("v").cloned().unwrap_or_default();
        let key = source::Span {
            start: 0,
            end: path.len(),
            line: 1,
            column: 1,
        };
        let value_span = source::Span {
            start: path.len() + 1,
            end: arg.len(),
            line: 1,
            column: path.chars().count() + 2,
        };
        let document = Document::single(&tokens, value_json, key, value_span)
            .ok_or_else(|| format!("--set {arg}: no key"))?;
        Ok(Set {
            text: arg.to_owned(),
            document,
        })
    }
}

/// Why a spec (with its `--set` values) is invalid: the problems in its file, and those whose
/// place is a `--set` value, by the index of that `--set`.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    pub in_file: Vec<Diagnostic>,
    pub in_sets: Vec<(usize, Vec<Diagnostic>)>,
}

/// [`validate_environments`] with `--set` values applied last, over the spec and over every
/// environment, so a value set on the command line wins. A problem about a key a `--set` gave is
/// reported at that `--set`.
pub fn validate_with(text: &str, sets: &[Set]) -> Result<Validated, Problems> {
    validate_all(text, sets).map_err(|mut problems| {
        cdk::add_hints(text, &mut problems.in_file);
        for (i, found) in &mut problems.in_sets {
            if let Some(set) = sets.get(*i) {
                cdk::add_hints(&set.text, found);
            }
        }
        problems
    })
}

fn validate_all(text: &str, sets: &[Set]) -> Result<Validated, Problems> {
    let document = source::parse(text).map_err(|in_file| Problems {
        in_file,
        ..Problems::default()
    })?;
    let apply = |doc: &mut Document| {
        for set in sets {
            doc.merge_over(&set.document);
        }
    };
    let mut base = document.clone();
    apply(&mut base);
    let spec = validate_document(&base, text).map_err(|found| split(found, sets, None, &base))?;
    let mut environments = Vec::with_capacity(spec.environments.len());
    let mut problems = Problems::default();
    for name in spec.environments.keys() {
        let Some(mut merged) = base.environment(name) else {
            continue; // the schema requires a mapping; checked above
        };
        let mut nested = String::from("/environments");
        source::push_token(&mut nested, name);
        nested.push_str("/environments");
        if base.has(&nested) {
            let d = Diagnostic::error(
                Code::UnknownKey,
                &nested,
                format!("environment `{name}` declares environments of its own"),
            )
            .expected("the keys of the spec, except `environments`");
            problems.in_file.push(d.at(base.locate(&nested)));
            continue;
        }
        apply(&mut merged);
        if !merged
            .value
            .get("environment")
            .is_some_and(|v| v.is_string())
        {
            if let Some(map) = merged.value.as_object_mut() {
                map.insert("environment".to_owned(), name.clone().into());
            }
        }
        match validate_document(&merged, text) {
            Ok(env_spec) => environments.push((name.clone(), env_spec)),
            Err(found) => {
                let found = split(found, sets, Some(name), &base);
                problems.in_file.extend(found.in_file);
                problems.in_sets.extend(found.in_sets);
            }
        }
    }
    if problems.in_file.is_empty() && problems.in_sets.is_empty() {
        return Ok(Validated { spec, environments });
    }
    diagnostic::sort(&mut problems.in_file);
    problems.in_file.dedup();
    cap(&mut problems.in_file);
    Err(problems)
}

/// Sorts diagnostics by where their place is: the `--set` that gave the key (the last one, as it
/// wins), or the file. In an environment, the message names it.
fn split(found: Vec<Diagnostic>, sets: &[Set], env: Option<&str>, base: &Document) -> Problems {
    let mut problems = Problems::default();
    for d in found {
        let origin = sets.iter().rposition(|set| set.document.has(&d.path));
        let d = match env {
            Some(name) if origin.is_none() => in_environment(d, name, base),
            Some(name) => Diagnostic {
                message: format!("in environment `{name}`: {}", d.message),
                ..d
            },
            None => d,
        };
        match origin {
            Some(i) => match problems.in_sets.iter_mut().find(|(j, _)| *j == i) {
                Some((_, list)) => list.push(d),
                None => problems.in_sets.push((i, vec![d])),
            },
            None => problems.in_file.push(d),
        }
    }
    problems
}

/// A diagnostic of an environment's merged spec, told apart from the base's: the message names
/// the environment, and the path is the override's when the environment sets that key.
fn in_environment(mut d: Diagnostic, name: &str, document: &Document) -> Diagnostic {
    d.message = format!("in environment `{name}`: {}", d.message);
    let mut own = String::from("/environments");
    source::push_token(&mut own, name);
    own.push_str(&d.path);
    if document.has(&own) {
        d.path = own;
    }
    d
}

/// Validates one parsed spec (the text's, or an environment's merge of it).
fn validate_document(document: &Document, text: &str) -> Result<Spec, Vec<Diagnostic>> {
    let shape = schema::check(document, text);
    let mut problems = if shape.is_empty() {
        match deserialize(document) {
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
        problems.extend(sound::rules_on_sound_part(document, &problems));
        problems
    };
    for d in &mut problems {
        d.span = d.span.or_else(|| place_rule_finding(document, d));
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
