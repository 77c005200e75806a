//! AWS facts as data. AWS adds Glue versions, worker types and metrics over time: each is one row here,
//! and every rule and template reads these tables instead of scattering version checks.
//! Sources: AWS Glue versions (docs.aws.amazon.com/glue/latest/dg/release-notes.html), the Glue API
//! reference's `Job` structure (worker types, timeout), "Monitoring AWS Glue using Amazon CloudWatch
//! metrics" (monitoring-awsglue-with-cloudwatch-metrics.html) and the continuous-logging pages.

mod formats;
mod glue;
mod metrics;
pub mod schedule;

pub use formats::{DataFormat, FormatInfo, OptionKind, ReaderOption};
pub use glue::{
    GlueVersion, GlueVersionInfo, LoggingStyle, WorkerType, WorkerTypeInfo, DEFAULT_TIMEOUT_MINUTES,
};
pub use metrics::{
    is_observability_metric, GlueMetric, JobMetricRow, MetricType, GLUE_METRIC_NAMESPACE,
    JOB_METRICS,
};

/// CloudWatch Logs accepts only these retention periods (PutRetentionPolicy).
pub const LOG_RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];
