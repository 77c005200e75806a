use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Glue version that runs Spark ETL jobs and is still supported (0.9, 1.0 and 2.0 are past end of support).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum GlueVersion {
    #[serde(rename = "3.0")]
    V3_0,
    #[serde(rename = "4.0")]
    V4_0,
    #[serde(rename = "5.0")]
    V5_0,
    #[serde(rename = "5.1")]
    V5_1,
}

/// How a Glue version ships driver and executor logs to CloudWatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoggingStyle {
    /// Glue 4.0 and earlier: `--enable-continuous-cloudwatch-log` with `--continuous-log-logGroup`.
    ContinuousLogGroup,
    /// Glue 5.x always logs; `--custom-logGroup-prefix` moves `/aws-glue/jobs/{error,output}`.
    CustomPrefix,
}

#[derive(Debug, Clone, Copy)]
pub struct GlueVersionInfo {
    pub version: GlueVersion,
    pub label: &'static str,
    pub spark: &'static str,
    pub python: &'static str,
    /// Java releases that version of Spark runs on, for a local run of the script (Spark 3.5 runs on
    /// 8, 11 and 17, not 21; Glue 5.x itself runs Java 17).
    pub java: &'static str,
    pub logging: LoggingStyle,
}

/// The Glue API's `Timeout` when none is given, for every Glue version (API reference, `Job`:
/// "When the value is left blank, the timeout is defaulted to 2880 minutes").
pub const DEFAULT_TIMEOUT_MINUTES: u32 = 2880;

const GLUE_VERSIONS: &[GlueVersionInfo] = &[
    GlueVersionInfo {
        version: GlueVersion::V3_0,
        label: "3.0",
        spark: "3.1.1",
        python: "3.7",
        java: "8 or 11",
        logging: LoggingStyle::ContinuousLogGroup,
    },
    GlueVersionInfo {
        version: GlueVersion::V4_0,
        label: "4.0",
        spark: "3.3.0",
        python: "3.10",
        java: "8, 11 or 17",
        logging: LoggingStyle::ContinuousLogGroup,
    },
    GlueVersionInfo {
        version: GlueVersion::V5_0,
        label: "5.0",
        spark: "3.5.4",
        python: "3.11",
        java: "8, 11 or 17",
        logging: LoggingStyle::CustomPrefix,
    },
    GlueVersionInfo {
        version: GlueVersion::V5_1,
        label: "5.1",
        spark: "3.5.6",
        python: "3.11",
        java: "8, 11 or 17",
        logging: LoggingStyle::CustomPrefix,
    },
];

impl GlueVersion {
    pub const ALL: &'static [GlueVersion] = &[Self::V3_0, Self::V4_0, Self::V5_0, Self::V5_1];

    pub fn info(self) -> &'static GlueVersionInfo {
        // The table holds exactly one row per variant, in variant order.
        &GLUE_VERSIONS[self as usize]
    }

    pub fn label(self) -> &'static str {
        self.info().label
    }
}

/// A Glue worker type (the API's `WorkerType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum WorkerType {
    Standard,
    #[serde(rename = "G.025X")]
    G025X,
    #[serde(rename = "G.1X")]
    G1X,
    #[serde(rename = "G.2X")]
    G2X,
    #[serde(rename = "G.4X")]
    G4X,
    #[serde(rename = "G.8X")]
    G8X,
    #[serde(rename = "G.12X")]
    G12X,
    #[serde(rename = "G.16X")]
    G16X,
    #[serde(rename = "R.1X")]
    R1X,
    #[serde(rename = "R.2X")]
    R2X,
    #[serde(rename = "R.4X")]
    R4X,
    #[serde(rename = "R.8X")]
    R8X,
}

#[derive(Debug, Clone, Copy)]
pub struct WorkerTypeInfo {
    pub worker_type: WorkerType,
    pub label: &'static str,
    pub dpu: u32,
    /// The oldest Glue version that offers this worker type for Spark ETL; `None`: never for ETL jobs.
    pub min_glue_version: Option<GlueVersion>,
    pub supports_auto_scaling: bool,
    /// Whether a job of this worker type may run in the Flex execution class (Glue API, `Job`,
    /// `ExecutionClass`: "Glue version 3.0 and above ... G.1X or G.2X worker types").
    pub runs_flex: bool,
    /// Why a type is not offered for ETL, for the diagnostic.
    pub note: &'static str,
}

const fn worker(
    worker_type: WorkerType,
    label: &'static str,
    dpu: u32,
    min_glue_version: Option<GlueVersion>,
    note: &'static str,
) -> WorkerTypeInfo {
    WorkerTypeInfo {
        worker_type,
        label,
        dpu,
        min_glue_version,
        supports_auto_scaling: true,
        runs_flex: false,
        note,
    }
}

const WORKER_TYPES: &[WorkerTypeInfo] = &[
    WorkerTypeInfo {
        supports_auto_scaling: false,
        ..worker(
            WorkerType::Standard,
            "Standard",
            1,
            None,
            "a legacy type: AWS documents only the G.* and R.* worker types for Spark jobs on Glue 3.0 and later",
        )
    },
    worker(
        WorkerType::G025X,
        "G.025X",
        0,
        None,
        "for streaming jobs only",
    ),
    WorkerTypeInfo {
        runs_flex: true,
        ..worker(WorkerType::G1X, "G.1X", 1, Some(GlueVersion::V3_0), "")
    },
    WorkerTypeInfo {
        runs_flex: true,
        ..worker(WorkerType::G2X, "G.2X", 2, Some(GlueVersion::V3_0), "")
    },
    worker(WorkerType::G4X, "G.4X", 4, Some(GlueVersion::V3_0), ""),
    worker(WorkerType::G8X, "G.8X", 8, Some(GlueVersion::V3_0), ""),
    worker(WorkerType::G12X, "G.12X", 12, Some(GlueVersion::V4_0), ""),
    worker(WorkerType::G16X, "G.16X", 16, Some(GlueVersion::V4_0), ""),
    worker(WorkerType::R1X, "R.1X", 1, Some(GlueVersion::V4_0), ""),
    worker(WorkerType::R2X, "R.2X", 2, Some(GlueVersion::V4_0), ""),
    worker(WorkerType::R4X, "R.4X", 4, Some(GlueVersion::V4_0), ""),
    worker(WorkerType::R8X, "R.8X", 8, Some(GlueVersion::V4_0), ""),
];

impl WorkerType {
    pub fn info(self) -> &'static WorkerTypeInfo {
        &WORKER_TYPES[self as usize]
    }

    pub fn label(self) -> &'static str {
        self.info().label
    }

    pub fn all() -> impl Iterator<Item = &'static WorkerTypeInfo> {
        WORKER_TYPES.iter()
    }

    /// Whether a Spark ETL job of this Glue version may use this worker type.
    pub fn runs_etl_on(self, version: GlueVersion) -> bool {
        self.info()
            .min_glue_version
            .is_some_and(|min| version >= min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_indexed_by_variant() {
        for v in GlueVersion::ALL {
            assert_eq!(v.info().version, *v);
        }
        for (i, w) in WORKER_TYPES.iter().enumerate() {
            assert_eq!(w.worker_type as usize, i, "{}", w.label);
            let json = serde_json::to_value(w.worker_type).unwrap();
            assert_eq!(json, w.label);
        }
    }

    #[test]
    fn streaming_workers_never_run_etl() {
        assert!(!WorkerType::G025X.runs_etl_on(GlueVersion::V5_1));
        assert!(WorkerType::G1X.runs_etl_on(GlueVersion::V3_0));
        assert!(!WorkerType::G12X.runs_etl_on(GlueVersion::V3_0));
    }
}
