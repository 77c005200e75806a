//! The file formats the job reads and writes, and the reader options sparkgen understands.
//!
//! The job reads its source twice over, in two vocabularies: on a laptop through Spark's
//! `DataFrameReader` (`header`, `sep`, ...), in Glue through a DynamicFrame (`withHeader`,
//! `separator`, ...), which job bookmarks need. A spec names Spark's options; this table says what
//! each one is called in Glue, so both entry points read the same files the same way. An option
//! missing here is rejected rather than honoured by one reader only.
//! Sources: Spark's data source option pages (CSV, JSON, Parquet); AWS Glue "Data format options
//! for inputs and outputs" (CSV, JSON, Parquet configuration references).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A file format of the job's source or sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DataFormat {
    /// Comma-separated values.
    Csv,
    /// JSON Lines: one JSON object per line (or per file with `multiLine`).
    Json,
    /// Apache Parquet.
    Parquet,
}

/// What values a reader option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// `"true"` or `"false"`; Glue takes a boolean.
    Bool,
    /// Exactly one character.
    Char,
}

/// A Spark reader option, and how Glue's DynamicFrame reader says the same.
#[derive(Debug, Clone, Copy)]
pub struct ReaderOption {
    /// Spark's name, as the spec writes it.
    pub name: &'static str,
    /// Glue's `format_options` name; `None` when a DynamicFrame does it unasked.
    pub glue_name: Option<&'static str>,
    pub kind: OptionKind,
    /// Other names for the same setting that users write (Spark's aliases), answered with a
    /// did-you-mean; Glue's name is one too.
    pub aliases: &'static [&'static str],
    /// sparkgen's default when the spec does not set it (differs from Spark's own).
    pub default: Option<&'static str>,
    pub description: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct FormatInfo {
    pub format: DataFormat,
    /// The name Spark's `format()` and Glue's `format=` take.
    pub label: &'static str,
    pub reader_options: &'static [ReaderOption],
    /// Options the sink writer always sets, so the written files read back as they were written.
    pub writer_options: &'static [(&'static str, &'static str)],
    /// How a Data Catalog table of files in this format reads them (Athena and Glue use these
    /// Hive classes; the classification is the one Glue's crawlers and catalog sink write).
    pub table: TableFormat,
}

/// A Data Catalog table's storage settings for one format.
#[derive(Debug, Clone, Copy)]
pub struct TableFormat {
    pub classification: &'static str,
    pub input_format: &'static str,
    pub output_format: &'static str,
    pub serde: &'static str,
    pub serde_parameters: &'static [(&'static str, &'static str)],
    /// Table parameters besides the classification.
    pub parameters: &'static [(&'static str, &'static str)],
}

const TEXT_INPUT: &str = "org.apache.hadoop.mapred.TextInputFormat";
const TEXT_OUTPUT: &str = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

const fn option(
    name: &'static str,
    glue_name: Option<&'static str>,
    kind: OptionKind,
    description: &'static str,
) -> ReaderOption {
    ReaderOption {
        name,
        glue_name,
        kind,
        aliases: &[],
        default: None,
        description,
    }
}

const CSV_OPTIONS: &[ReaderOption] = &[
    ReaderOption {
        // A CSV data set without a header row has no column names to partition by.
        default: Some("true"),
        ..option(
            "header",
            Some("withHeader"),
            OptionKind::Bool,
            "the first line names the columns",
        )
    },
    option(
        "inferSchema",
        None,
        OptionKind::Bool,
        "infer column types locally (a DynamicFrame always does)",
    ),
    option(
        "multiLine",
        Some("multiLine"),
        OptionKind::Bool,
        "a quoted value may span lines",
    ),
    ReaderOption {
        // Spark's CSV reader takes `delimiter` for `sep`.
        aliases: &["delimiter"],
        ..option(
            "sep",
            Some("separator"),
            OptionKind::Char,
            "the field separator",
        )
    },
    option(
        "quote",
        Some("quoteChar"),
        OptionKind::Char,
        "the quote character",
    ),
    option(
        "escape",
        Some("escaper"),
        OptionKind::Char,
        "the escape character",
    ),
];

const JSON_OPTIONS: &[ReaderOption] = &[option(
    "multiLine",
    Some("multiLine"),
    OptionKind::Bool,
    "one JSON document per file instead of one per line",
)];

const PARQUET_OPTIONS: &[ReaderOption] = &[option(
    "mergeSchema",
    None,
    OptionKind::Bool,
    "merge the schemas of all files locally (a DynamicFrame always does)",
)];

const FORMATS: &[FormatInfo] = &[
    FormatInfo {
        format: DataFormat::Csv,
        label: "csv",
        reader_options: CSV_OPTIONS,
        writer_options: &[("header", "true")],
        table: TableFormat {
            classification: "csv",
            input_format: TEXT_INPUT,
            output_format: TEXT_OUTPUT,
            serde: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
            serde_parameters: &[("field.delim", ",")],
            // The files start with a header line (writer_options).
            parameters: &[("skip.header.line.count", "1")],
        },
    },
    FormatInfo {
        format: DataFormat::Json,
        label: "json",
        reader_options: JSON_OPTIONS,
        writer_options: &[],
        table: TableFormat {
            classification: "json",
            input_format: TEXT_INPUT,
            output_format: TEXT_OUTPUT,
            serde: "org.openx.data.jsonserde.JsonSerDe",
            serde_parameters: &[],
            parameters: &[],
        },
    },
    FormatInfo {
        format: DataFormat::Parquet,
        label: "parquet",
        reader_options: PARQUET_OPTIONS,
        writer_options: &[],
        table: TableFormat {
            classification: "parquet",
            input_format: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            output_format: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            serde: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
            serde_parameters: &[],
            parameters: &[],
        },
    },
];

impl DataFormat {
    pub fn info(self) -> &'static FormatInfo {
        // One row per variant, in variant order.
        &FORMATS[self as usize]
    }

    pub fn label(self) -> &'static str {
        self.info().label
    }

    pub fn reader_option(self, name: &str) -> Option<&'static ReaderOption> {
        self.info().reader_options.iter().find(|o| o.name == name)
    }

    /// The reader option `name` is another name for (an alias, or Glue's name), if any.
    pub fn reader_option_aliased(self, name: &str) -> Option<&'static ReaderOption> {
        self.info()
            .reader_options
            .iter()
            .find(|o| o.aliases.contains(&name) || o.glue_name == Some(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_variant() {
        for f in FORMATS {
            assert_eq!(f.format.info().label, f.label);
            assert_eq!(serde_json::to_value(f.format).unwrap(), f.label);
        }
    }

    #[test]
    fn csv_reads_a_header_by_default() {
        let header = DataFormat::Csv.reader_option("header").unwrap();
        assert_eq!(header.default, Some("true"));
        assert_eq!(header.glue_name, Some("withHeader"));
        assert!(DataFormat::Json.reader_option("header").is_none());
    }
}
