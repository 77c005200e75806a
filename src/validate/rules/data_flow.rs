//! Rules about the job's data flow (`source`, `sink`): S3 URIs, reader options both readers
//! understand, partition keys Spark can write, and combinations that would lose data.

use super::{bucket_name_problem, error, escape_pointer, JobScope};
use crate::catalog::{DataFormat, OptionKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::spec::{JobBookmarks, WriteMode, SINK_PATH_ARGUMENT, SOURCE_PATH_ARGUMENT};

pub fn check(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    let mut paths_ok = true;
    for (path, pointer) in [
        (&spec.source.path, &job.at("/source/path")),
        (&spec.sink.path, &job.at("/sink/path")),
    ] {
        if let Some(path) = path {
            if let Some(d) = s3_prefix_problem(path, pointer) {
                out.push(d);
                paths_ok = false;
            }
        }
    }
    if paths_ok {
        overlap(job, out);
    }
    reader_options(job, out);
    partition_keys(job, out);
    write_mode(job, out);
    path_arguments(job, out);
}

/// Characters Spark reads as a glob, and IAM as a wildcard, in a path.
const GLOB_CHARS: &[char] = &['*', '?', '[', ']', '{', '}'];

fn s3_prefix_problem(path: &str, pointer: &str) -> Option<Diagnostic> {
    let expected = "an `s3://bucket/prefix/` URI";
    let problem =
        |message: String| Some(error(Code::DataPath, pointer, message).expected(expected));
    let Some(rest) = path.strip_prefix("s3://") else {
        if let Some((scheme, rest)) = path.split_once("://") {
            let d = error(
                Code::DataPath,
                pointer,
                format!("`{path}` is an `{scheme}://` URI; Glue and the job's role speak `s3://`"),
            )
            .expected(expected);
            return Some(if matches!(scheme, "s3a" | "s3n") {
                d.hint(format!("write `s3://{rest}`"))
            } else {
                d
            });
        }
        return Some(
            error(
                Code::DataPath,
                pointer,
                format!("`{path}` is not an S3 URI"),
            )
            .expected(expected)
            .hint("name the bucket too, e.g. `s3://{bucketName}/raw/`"),
        );
    };
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    if let Some(why) = bucket_name_problem(bucket) {
        return problem(format!(
            "`{path}` does not name an S3 bucket: `{bucket}` {why}"
        ));
    }
    if key.is_empty() {
        return problem(format!(
            "`{path}` is a whole bucket; the job reads and writes below a prefix"
        ));
    }
    if let Some(c) = key
        .chars()
        .find(|c| GLOB_CHARS.contains(c) || c.is_whitespace() || c.is_control())
    {
        return problem(format!(
            "`{}` in `{path}` would be read as a pattern or break the job's arguments",
            c.escape_default()
        ));
    }
    let segments: Vec<&str> = key.trim_end_matches('/').split('/').collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return problem(format!(
            "`{path}` has an empty, `.` or `..` folder, which S3 does not resolve"
        ));
    }
    None
}

/// `bucket/prefix/`, for comparing paths folder by folder.
fn folder(uri: &str) -> String {
    let rest = uri.strip_prefix("s3://").unwrap_or(uri);
    format!("{}/", rest.trim_end_matches('/'))
}

fn overlap(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    let (source, sink) = (spec.source_path(), spec.sink_path());
    let (a, b) = (folder(&source), folder(&sink));
    if a.starts_with(&b) || b.starts_with(&a) {
        // Point at the path the user wrote; a defaulted one has no line.
        let pointer = if spec.sink.path.is_some() {
            &job.at("/sink/path")
        } else {
            &job.at("/source/path")
        };
        out.push(
            error(
                Code::DataPath,
                pointer,
                format!("the sink `{sink}` and the source `{source}` overlap"),
            )
            .expected("a sink outside the source, so a run never reads what a run wrote")
            .hint("use separate prefixes, e.g. `raw/` and `processed/`"),
        );
    }
}

fn reader_options(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    let format = spec.source.format;
    let known = format.info().reader_options;
    for (name, value) in &spec.source.options {
        let pointer = job.at(&format!("/source/options/{}", escape_pointer(name)));
        let Some(option) = format.reader_option(name) else {
            let names: Vec<&str> = known.iter().map(|o| o.name).collect();
            let mut d = error(
                Code::ReaderOption,
                &pointer,
                format!(
                    "`{name}` is not a {} reader option sparkgen can pass to both Spark and Glue",
                    format.label()
                ),
            )
            .expected(if names.is_empty() {
                format!("no options for {}", format.label())
            } else {
                format!("one of {}", names.join(", "))
            });
            if let Some(option) = format.reader_option_aliased(name) {
                d = d.hint(format!(
                    "`{name}` is another name for `{}`; write `{}`",
                    option.name, option.name
                ));
            } else if let Some(close) = closest(name, &names) {
                d = d.hint(format!("did you mean `{close}`?"));
            } else if let Some(other) = other_format(name, format) {
                d = d.hint(format!(
                    "`{name}` is a {} option; is `source.format` right?",
                    other.label()
                ));
            }
            out.push(d);
            continue;
        };
        let ok = match option.kind {
            OptionKind::Bool => matches!(value.as_str(), "true" | "false"),
            OptionKind::Char => value.chars().count() == 1,
        };
        if !ok {
            let expected = match option.kind {
                OptionKind::Bool => "\"true\" or \"false\"",
                OptionKind::Char => "exactly one character",
            };
            out.push(
                error(
                    Code::ReaderOptionValue,
                    &pointer,
                    format!(
                        "`{value}` is not a value of `{name}` ({})",
                        option.description
                    ),
                )
                .expected(expected),
            );
        }
    }
}

fn closest<'a>(name: &str, names: &[&'a str]) -> Option<&'a str> {
    names
        .iter()
        .map(|n| {
            (
                strsim::levenshtein(&name.to_ascii_lowercase(), &n.to_ascii_lowercase()),
                *n,
            )
        })
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, n)| n)
}

fn other_format(name: &str, format: DataFormat) -> Option<DataFormat> {
    [DataFormat::Csv, DataFormat::Json, DataFormat::Parquet]
        .into_iter()
        .find(|f| *f != format && f.reader_option(name).is_some())
}

/// A column name Spark writes as a `key=value/` folder and reads back as the same column.
fn is_column_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 128
}

fn partition_keys(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    let mut seen = std::collections::HashSet::new();
    for (i, key) in spec.sink.partition_keys.iter().enumerate() {
        let pointer = job.at(&format!("/sink/partitionKeys/{i}"));
        if !is_column_identifier(key) {
            out.push(
                error(
                    Code::PartitionKey,
                    &pointer,
                    format!("partition key `{key}` is not a plain column name"),
                )
                .expected("a letter or `_`, then letters, digits and `_` (at most 128)"),
            );
        } else if !seen.insert(key.to_ascii_lowercase()) {
            // Spark compares column names case-insensitively.
            out.push(error(
                Code::PartitionKey,
                &pointer,
                format!("partition key `{key}` is listed twice"),
            ));
        }
    }
}

fn write_mode(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    let mode = spec.sink.write_mode;
    if mode == WriteMode::Append || spec.job_bookmarks == JobBookmarks::Disable {
        return;
    }
    let consequence = match mode {
        WriteMode::Overwrite => "replaces all earlier output with the newest files alone",
        WriteMode::Error => "fails on every run after the first",
        WriteMode::Ignore => "writes nothing after the first run, while the bookmark moves on",
        WriteMode::Append => unreachable!(),
    };
    out.push(
        error(
            Code::WriteMode,
            &job.at("/sink/writeMode"),
            format!(
                "with job bookmarks a run reads only new files, so `{}` {consequence}",
                mode.as_str()
            ),
        )
        .expected("`append` while `jobBookmarks` is `enable` or `pause`")
        .hint("use `writeMode: append`, or set `jobBookmarks: disable` to reprocess everything"),
    );
}

fn path_arguments(job: &JobScope, out: &mut Vec<Diagnostic>) {
    let spec = &*job.spec;
    for (argument, key) in [
        (SOURCE_PATH_ARGUMENT, "source.path"),
        (SINK_PATH_ARGUMENT, "sink.path"),
    ] {
        if spec.default_arguments.contains_key(argument) {
            out.push(
                error(
                    Code::ReservedArgument,
                    &format!("/defaultArguments/{}", escape_pointer(argument)),
                    format!("`{argument}` is set by sparkgen from `{key}`"),
                )
                .hint(format!("set `{key}` instead, so the role may reach it too")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Spec;

    /// A spec typed without running the rules, so each test sees only this module's findings.
    fn spec(extra: &str) -> Spec {
        let text = format!(
            "bucketName: my-spark-processing-bucket\nglueJobName: job\n\
             glueJobScript: s3://my-spark-processing-bucket/scripts/job.py\n{extra}"
        );
        let document = crate::spec::source::parse(&text).unwrap_or_else(|e| panic!("{e:?}"));
        serde_json::from_value(document.value).unwrap_or_else(|e| panic!("{extra}: {e}"))
    }

    fn found(extra: &str) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let spec = spec(extra);
        check(&spec.jobs()[0], &mut out);
        out.into_iter().map(|d| (d.code.as_str(), d.path)).collect()
    }

    #[test]
    fn defaults_and_a_full_data_flow_are_sound() {
        assert_eq!(found(""), []);
        assert_eq!(
            found(
                "source: {path: 's3://other-bucket/in/orders/', format: csv, \
                 options: {header: 'true', sep: ';', inferSchema: 'false'}}\n\
                 sink: {path: 's3://my-spark-processing-bucket/curated/', format: json, \
                 partitionKeys: [order_date, _region2], writeMode: append}\n"
            ),
            []
        );
        assert_eq!(
            found("jobBookmarks: disable\nsink: {writeMode: overwrite}\n"),
            []
        );
    }

    #[test]
    fn paths_must_be_s3_prefixes() {
        for path in [
            "raw/",
            "s3a://my-bucket/raw/",
            "https://my-bucket/raw/",
            "s3://My_Bucket/raw/",
            "s3://my-bucket",
            "s3://my-bucket/",
            "s3://my-bucket/raw/*.json",
            "s3://my-bucket/raw folder/",
            "s3://my-bucket/raw//x/",
            "s3://my-bucket/raw/../x/",
        ] {
            assert_eq!(
                found(&format!("source: {{path: '{path}'}}\n")),
                [("data-path", "/source/path".to_owned())],
                "{path}"
            );
        }
        assert_eq!(
            found("sink: {path: 's3://my-bucket'}\n"),
            [("data-path", "/sink/path".to_owned())]
        );
        let mut out = Vec::new();
        let spec = spec("source: {path: 's3a://b-1/raw/'}\n");
        check(&spec.jobs()[0], &mut out);
        assert_eq!(out[0].hint.as_deref(), Some("write `s3://b-1/raw/`"));
    }

    #[test]
    fn sink_and_source_must_not_overlap() {
        let overlap = [("data-path", "/sink/path".to_owned())];
        assert_eq!(
            found("sink: {path: 's3://my-spark-processing-bucket/raw/'}\n"),
            overlap
        );
        assert_eq!(
            found("sink: {path: 's3://my-spark-processing-bucket/raw/out/'}\n"),
            overlap
        );
        assert_eq!(
            found("sink: {path: 's3://my-spark-processing-bucket/raw'}\n"),
            overlap
        );
        assert_eq!(
            found("source: {path: 's3://my-spark-processing-bucket/processed/x/'}\n"),
            [("data-path", "/source/path".to_owned())]
        );
        // A shared name prefix is not a shared folder.
        assert_eq!(
            found("sink: {path: 's3://my-spark-processing-bucket/raw-out/'}\n"),
            []
        );
    }

    #[test]
    fn reader_options_are_checked_against_the_format() {
        assert_eq!(
            found("source: {format: csv, options: {headers: 'true'}}\n"),
            [("reader-option", "/source/options/headers".to_owned())]
        );
        assert_eq!(
            found("source: {format: csv, options: {header: 'yes'}}\n"),
            [("reader-option-value", "/source/options/header".to_owned())]
        );
        assert_eq!(
            found("source: {format: csv, options: {sep: '::'}}\n"),
            [("reader-option-value", "/source/options/sep".to_owned())]
        );
        assert_eq!(
            found("source: {format: json, options: {header: 'true'}}\n"),
            [("reader-option", "/source/options/header".to_owned())]
        );
        let mut out = Vec::new();
        let csv = spec("source: {format: csv, options: {Header: 'true'}}\n");
        check(&csv.jobs()[0], &mut out);
        assert_eq!(out[0].hint.as_deref(), Some("did you mean `header`?"));
        out.clear();
        let parquet = spec("source: {format: parquet, options: {sep: ';'}}\n");
        check(&parquet.jobs()[0], &mut out);
        assert_eq!(
            out[0].hint.as_deref(),
            Some("`sep` is a csv option; is `source.format` right?")
        );
    }

    #[test]
    fn partition_keys_are_distinct_column_names() {
        assert_eq!(
            found("sink: {partitionKeys: [order-date, '1st', 'a b', '']}\n"),
            [
                ("partition-key", "/sink/partitionKeys/0".to_owned()),
                ("partition-key", "/sink/partitionKeys/1".to_owned()),
                ("partition-key", "/sink/partitionKeys/2".to_owned()),
                ("partition-key", "/sink/partitionKeys/3".to_owned()),
            ]
        );
        assert_eq!(
            found("sink: {partitionKeys: [region, Region]}\n"),
            [("partition-key", "/sink/partitionKeys/1".to_owned())]
        );
    }

    #[test]
    fn bookmarks_need_append() {
        for mode in ["overwrite", "error", "ignore"] {
            assert_eq!(
                found(&format!("sink: {{writeMode: {mode}}}\n")),
                [("write-mode", "/sink/writeMode".to_owned())]
            );
            assert_eq!(
                found(&format!(
                    "jobBookmarks: pause\nsink: {{writeMode: {mode}}}\n"
                )),
                [("write-mode", "/sink/writeMode".to_owned())]
            );
        }
    }

    #[test]
    fn path_arguments_belong_to_sparkgen() {
        assert_eq!(
            found("defaultArguments: {--source_path: 's3://x/y/', --sink_path: z}\n"),
            [
                (
                    "reserved-argument",
                    "/defaultArguments/--source_path".to_owned()
                ),
                (
                    "reserved-argument",
                    "/defaultArguments/--sink_path".to_owned()
                ),
            ]
        );
    }
}
