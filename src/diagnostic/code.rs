//! Every diagnostic code, one row each: its stable kebab-case text and the validation layer that
//! reports it. The README's table of codes lists the same rows in the same order (a test in
//! `tests/cli/docs.rs` keeps them equal), so a code cannot be added, renamed or dropped silently.

use std::fmt;

/// Which stage of validation reports a code, as the README's table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Reading,
    Yaml,
    Shape,
    ShapeAndMeaning,
    Meaning,
    /// The local files a spec names (the team's script, `extraPyFiles`), read by `render` and
    /// `check`, not by `validate`.
    Files,
    Any,
}

impl Layer {
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Reading => "reading",
            Layer::Yaml => "YAML",
            Layer::Shape => "shape",
            Layer::ShapeAndMeaning => "shape, meaning",
            Layer::Meaning => "meaning",
            Layer::Files => "files",
            Layer::Any => "any",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $text:literal, $layer:ident;)*) => {
        /// A diagnostic's stable code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the README table's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as users see it (`unknown-key`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            pub fn layer(self) -> Layer {
                match self {
                    $(Code::$variant => Layer::$layer,)*
                }
            }
        }
    };
}

codes! {
    Io = "io", Reading;
    FileTooLarge = "file-too-large", Reading;
    Encoding = "encoding", Reading;
    Empty = "empty", Yaml;
    YamlSyntax = "yaml-syntax", Yaml;
    DuplicateKey = "duplicate-key", Yaml;
    KeyType = "key-type", Yaml;
    YamlAlias = "yaml-alias", Yaml;
    YamlTag = "yaml-tag", Yaml;
    YamlNumber = "yaml-number", Yaml;
    YamlDepth = "yaml-depth", Yaml;
    YamlMultiDocument = "yaml-multi-document", Yaml;
    UnknownKey = "unknown-key", Shape;
    MissingKey = "missing-key", Shape;
    Type = "type", Shape;
    UnknownValue = "unknown-value", Shape;
    Range = "range", ShapeAndMeaning;
    Shape = "shape", Shape;
    BucketName = "bucket-name", Meaning;
    JobName = "job-name", Meaning;
    ScriptLocation = "script-location", Meaning;
    WorkerType = "worker-type", Meaning;
    AutoScaling = "auto-scaling", Meaning;
    ExecutionClass = "execution-class", Meaning;
    LogRetention = "log-retention", Meaning;
    PercentAsFraction = "percent-as-fraction", Meaning;
    ProcessingTime = "processing-time", Meaning;
    Schedule = "schedule", Meaning;
    DuplicateJob = "duplicate-job", Meaning;
    UnknownJob = "unknown-job", Meaning;
    ScheduleAndAfter = "schedule-and-after", Meaning;
    JobCycle = "job-cycle", Meaning;
    UnstartedJob = "unstarted-job", Meaning;
    DuplicateScript = "duplicate-script", Meaning;
    EnvironmentName = "environment-name", Meaning;
    ReservedArgument = "reserved-argument", Meaning;
    PythonModule = "python-module", Meaning;
    ExtraPyFile = "extra-py-file", Meaning;
    ArgumentName = "argument-name", Meaning;
    ArgumentsSize = "arguments-size", Meaning;
    MetricName = "metric-name", Meaning;
    DuplicateMetric = "duplicate-metric", Meaning;
    Email = "email", Meaning;
    TopicArn = "topic-arn", Meaning;
    AlertTarget = "alert-target", Meaning;
    TagKey = "tag-key", Meaning;
    Tag = "tag", Meaning;
    CloudformationDynamicReference = "cloudformation-dynamic-reference", Meaning;
    TagCount = "tag-count", Meaning;
    Cors = "cors", Meaning;
    DataPath = "data-path", Meaning;
    ReaderOption = "reader-option", Meaning;
    ReaderOptionValue = "reader-option-value", Meaning;
    PartitionKey = "partition-key", Meaning;
    WriteMode = "write-mode", Meaning;
    ExistingBucket = "existing-bucket", Meaning;
    KmsKeyArn = "kms-key-arn", Meaning;
    CatalogName = "catalog-name", Meaning;
    DuplicateTable = "duplicate-table", Meaning;
    LocalFile = "local-file", Files;
    TeamScript = "team-script", Files;
    TooManyProblems = "too-many-problems", Any;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Tests and callers may compare a code with its text: `d.code == "io"`.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                text.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{text} is not kebab-case"
            );
        }
    }
}
