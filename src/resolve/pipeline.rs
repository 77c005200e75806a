//! The job's data flow, read by the PySpark script: where it reads, what it writes, on which runtime,
//! and the small data set its generated test feeds to `transform`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};

use crate::catalog::{DataFormat, OptionKind};
use crate::spec::{Spec, SINK_PATH_ARGUMENT, SOURCE_PATH_ARGUMENT};

#[derive(Debug, Clone, Serialize)]
pub struct Pipeline {
    pub glue_version: &'static str,
    pub spark_version: &'static str,
    pub python_version: &'static str,
    /// The PySpark release to run and test the script with locally: Glue's own Spark version.
    pub pyspark_version: &'static str,
    /// Java releases that Spark runs on.
    pub java_versions: &'static str,
    pub source_path: String,
    pub source: S3Location,
    pub source_format: &'static str,
    /// Spark reader options (sparkgen's defaults under the spec's).
    pub reader_options: BTreeMap<String, String>,
    /// The same settings under Glue's DynamicFrame names, typed as Glue takes them.
    pub glue_format_options: BTreeMap<String, Value>,
    pub sink_path: String,
    pub sink: S3Location,
    pub sink_format: &'static str,
    /// Writer options the sink format needs to read back (a CSV header).
    pub writer_options: BTreeMap<String, String>,
    pub partition_keys: Vec<String>,
    pub write_mode: &'static str,
    /// `getResolvedOptions` names (job argument keys without `--`) of the two paths.
    pub source_path_option: &'static str,
    pub sink_path_option: &'static str,
    pub sample: Sample,
    /// The catalog table the job registers the sink as (`catalog`).
    pub catalog: Option<super::data_catalog::SinkTable>,
}

/// An S3 URI split into bucket and key prefix, for IAM statements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct S3Location {
    pub bucket: String,
    pub key: String,
}

impl S3Location {
    fn parse(uri: &str) -> Self {
        let rest = uri.strip_prefix("s3://").unwrap_or(uri);
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        S3Location {
            bucket: bucket.to_owned(),
            key: key.to_owned(),
        }
    }
}

/// A few rows the generated test (and the local CI run) feed to the job, and what `transform`
/// must make of them. Decided here, apart from the template's `transform`, so the test checks it.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    pub columns: Vec<String>,
    /// A Spark DDL schema of `columns`: `` `id` BIGINT, `name` STRING ``.
    pub schema: String,
    pub rows: Vec<Vec<Value>>,
    pub expected: Vec<Vec<Value>>,
}

pub(super) fn pipeline(spec: &Spec) -> Pipeline {
    let runtime = spec.glue_version.info();
    let source_path = spec.source_path();
    let sink_path = spec.sink_path();
    let (reader_options, glue_format_options) =
        reader_options(spec.source.format, &spec.source.options);
    Pipeline {
        glue_version: runtime.label,
        spark_version: runtime.spark,
        python_version: runtime.python,
        pyspark_version: runtime.spark,
        java_versions: runtime.java,
        source: S3Location::parse(&source_path),
        source_path,
        source_format: spec.source.format.label(),
        reader_options,
        glue_format_options,
        sink: S3Location::parse(&sink_path),
        sink_path,
        sink_format: spec.sink.format.label(),
        writer_options: spec
            .sink
            .format
            .info()
            .writer_options
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        partition_keys: spec.sink.partition_keys.clone(),
        write_mode: spec.sink.write_mode.as_str(),
        source_path_option: option_name(SOURCE_PATH_ARGUMENT),
        sink_path_option: option_name(SINK_PATH_ARGUMENT),
        sample: sample(&spec.sink.partition_keys),
        catalog: super::data_catalog::sink_table(spec),
    }
}

fn option_name(argument: &'static str) -> &'static str {
    argument.trim_start_matches('-')
}

type Options = (BTreeMap<String, String>, BTreeMap<String, Value>);

/// Spark's options with sparkgen's defaults under the spec's, and their Glue equivalents. The
/// rules have checked that every option is known for the format and its value fits its kind.
fn reader_options(format: DataFormat, given: &BTreeMap<String, String>) -> Options {
    let mut spark: BTreeMap<String, String> = format
        .info()
        .reader_options
        .iter()
        .filter_map(|o| o.default.map(|d| (o.name.to_owned(), d.to_owned())))
        .collect();
    spark.extend(given.iter().map(|(k, v)| (k.clone(), v.clone())));
    let mut glue = BTreeMap::new();
    for (name, value) in &spark {
        let Some(option) = format.reader_option(name) else {
            continue;
        };
        if let Some(glue_name) = option.glue_name {
            let typed = match option.kind {
                OptionKind::Bool => Value::Bool(value == "true"),
                OptionKind::Char => Value::String(value.clone()),
            };
            glue.insert(glue_name.to_owned(), typed);
        }
    }
    (spark, glue)
}

/// Three rows: one with spaces around a name, one clean, one blank name. `transform` keeps every
/// row, trims strings and turns blank ones into nulls. Partition key columns get values `a`/`b`, so
/// a partitioned write makes two folders per key.
fn sample(partition_keys: &[String]) -> Sample {
    let mut columns = vec!["id".to_owned(), "name".to_owned()];
    let mut types = vec!["BIGINT", "STRING"];
    for key in partition_keys {
        if !columns.iter().any(|c| c.eq_ignore_ascii_case(key)) {
            columns.push(key.clone());
            types.push("STRING");
        }
    }
    let names = ["  Ada Lovelace ", "Grace Hopper", "   "];
    let trimmed = [json!("Ada Lovelace"), json!("Grace Hopper"), Value::Null];
    let groups = ["a", "b", "a"];
    let extra = columns.len() - 2;
    let row = |i: usize, name: Value| {
        let mut row = vec![json!(i as u64 + 1), name];
        row.extend((0..extra).map(|_| json!(groups[i])));
        row
    };
    Sample {
        schema: columns
            .iter()
            .zip(&types)
            .map(|(c, t)| format!("`{c}` {t}"))
            .collect::<Vec<_>>()
            .join(", "),
        rows: (0..3).map(|i| row(i, json!(names[i]))).collect(),
        expected: (0..3).map(|i| row(i, trimmed[i].clone())).collect(),
        columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_reads_a_header_in_both_vocabularies() {
        let given = BTreeMap::from([
            ("sep".to_owned(), ";".to_owned()),
            ("inferSchema".to_owned(), "true".to_owned()),
        ]);
        let (spark, glue) = reader_options(DataFormat::Csv, &given);
        assert_eq!(
            serde_json::to_value(spark).unwrap(),
            json!({"header": "true", "inferSchema": "true", "sep": ";"})
        );
        assert_eq!(
            serde_json::to_value(glue).unwrap(),
            json!({"separator": ";", "withHeader": true})
        );
        let off = BTreeMap::from([("header".to_owned(), "false".to_owned())]);
        let (_, glue) = reader_options(DataFormat::Csv, &off);
        assert_eq!(
            serde_json::to_value(glue).unwrap(),
            json!({"withHeader": false})
        );
        let (spark, glue) = reader_options(DataFormat::Json, &BTreeMap::new());
        assert!(spark.is_empty() && glue.is_empty());
    }

    #[test]
    fn sample_carries_the_partition_columns() {
        let s = sample(&["order_date".to_owned(), "name".to_owned()]);
        assert_eq!(s.columns, ["id", "name", "order_date"]);
        assert_eq!(s.schema, "`id` BIGINT, `name` STRING, `order_date` STRING");
        assert_eq!(s.rows[0], [json!(1), json!("  Ada Lovelace "), json!("a")]);
        assert_eq!(s.expected[2], [json!(3), Value::Null, json!("a")]);
        assert_eq!(s.rows.len(), s.expected.len());
    }

    #[test]
    fn locations_split_bucket_and_key() {
        assert_eq!(
            S3Location::parse("s3://b/raw/x/"),
            S3Location {
                bucket: "b".into(),
                key: "raw/x/".into()
            }
        );
    }
}
