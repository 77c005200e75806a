/// Glue job metrics are published in `Glue`; `AWS/Glue` only holds resource-usage quota metrics.
pub const GLUE_METRIC_NAMESPACE: &str = "Glue";

/// The `Type` dimension of a Glue job metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricType {
    Count,
    Gauge,
}

impl MetricType {
    pub fn dimension_value(self) -> &'static str {
        match self {
            MetricType::Count => "count",
            MetricType::Gauge => "gauge",
        }
    }
}

/// A Glue job metric the stack reads, with the facts that decide its statistic and units.
#[derive(Debug, Clone, Copy)]
pub struct GlueMetric {
    pub name: &'static str,
    pub metric_type: MetricType,
    pub statistic: &'static str,
    pub label: &'static str,
}

impl GlueMetric {
    pub const COMPLETED_TASKS: GlueMetric = GlueMetric {
        name: "glue.driver.aggregate.numCompletedTasks",
        metric_type: MetricType::Count,
        statistic: "Sum",
        label: "Completed tasks",
    };
    pub const FAILED_TASKS: GlueMetric = GlueMetric {
        name: "glue.driver.aggregate.numFailedTasks",
        metric_type: MetricType::Count,
        statistic: "Sum",
        label: "Failed tasks",
    };
    /// A fraction 0..1, although the console calls it a percentage.
    pub const DRIVER_HEAP_USAGE: GlueMetric = GlueMetric {
        name: "glue.driver.jvm.heap.usage",
        metric_type: MetricType::Gauge,
        statistic: "Average",
        label: "Driver JVM heap usage (0-1)",
    };
    pub const ALL_HEAP_USAGE: GlueMetric = GlueMetric {
        name: "glue.ALL.jvm.heap.usage",
        metric_type: MetricType::Gauge,
        statistic: "Average",
        label: "Executors JVM heap usage (0-1)",
    };
    /// A fraction 0..1.
    pub const DRIVER_CPU_LOAD: GlueMetric = GlueMetric {
        name: "glue.driver.system.cpuSystemLoad",
        metric_type: MetricType::Gauge,
        statistic: "Average",
        label: "Driver CPU system load (0-1)",
    };
    pub const S3_READ_BYTES: GlueMetric = GlueMetric {
        name: "glue.ALL.s3.filesystem.read_bytes",
        metric_type: MetricType::Gauge,
        statistic: "Sum",
        label: "S3 bytes read",
    };
    pub const S3_WRITE_BYTES: GlueMetric = GlueMetric {
        name: "glue.ALL.s3.filesystem.write_bytes",
        metric_type: MetricType::Gauge,
        statistic: "Sum",
        label: "S3 bytes written",
    };

    /// A user-named metric from `customMetrics`: its type and statistic from the table of Glue's
    /// documented job metrics; a name the table does not know is read by its family (`aggregate`
    /// metrics are counts, everything else a gauge).
    pub fn custom(name: &str) -> (MetricType, &'static str) {
        let family = job_metric_family(name);
        match JOB_METRICS.iter().find(|row| Some(row.family) == family) {
            Some(row) => (row.metric_type, row.statistic),
            None if name.contains(".aggregate.") => (MetricType::Count, "Sum"),
            None => (MetricType::Gauge, "Average"),
        }
    }
}

/// One of Glue's job metrics ("Monitoring AWS Glue using Amazon CloudWatch metrics"), named by its
/// family: the name after `glue.<driver|ALL|executor id>.`, which decides type and statistic.
#[derive(Debug, Clone, Copy)]
pub struct JobMetricRow {
    pub family: &'static str,
    pub metric_type: MetricType,
    /// What a 5-minute period shows: Glue reports counts and the S3 byte figures as deltas since
    /// its previous 30-second report, so they are summed; levels (heap, CPU) are averaged.
    pub statistic: &'static str,
}

const fn row(
    family: &'static str,
    metric_type: MetricType,
    statistic: &'static str,
) -> JobMetricRow {
    JobMetricRow {
        family,
        metric_type,
        statistic,
    }
}

/// Statistics as data, one row per documented metric family.
pub const JOB_METRICS: &[JobMetricRow] = &[
    row("aggregate.bytesRead", MetricType::Count, "Sum"),
    row("aggregate.elapsedTime", MetricType::Count, "Sum"),
    row("aggregate.numCompletedStages", MetricType::Count, "Sum"),
    row("aggregate.numCompletedTasks", MetricType::Count, "Sum"),
    row("aggregate.numFailedTasks", MetricType::Count, "Sum"),
    row("aggregate.numKilledTasks", MetricType::Count, "Sum"),
    row("aggregate.recordsRead", MetricType::Count, "Sum"),
    row("aggregate.shuffleBytesWritten", MetricType::Count, "Sum"),
    row("aggregate.shuffleLocalBytesRead", MetricType::Count, "Sum"),
    row(
        "BlockManager.disk.diskSpaceUsed_MB",
        MetricType::Gauge,
        "Average",
    ),
    row(
        "ExecutorAllocationManager.executors.numberAllExecutors",
        MetricType::Gauge,
        "Average",
    ),
    row(
        "ExecutorAllocationManager.executors.numberMaxNeededExecutors",
        MetricType::Gauge,
        "Average",
    ),
    row("jvm.heap.usage", MetricType::Gauge, "Average"),
    row("jvm.heap.used", MetricType::Gauge, "Average"),
    // Type `gauge` in the dimensions, but each report is the bytes since the previous one.
    row("s3.filesystem.read_bytes", MetricType::Gauge, "Sum"),
    row("s3.filesystem.write_bytes", MetricType::Gauge, "Sum"),
    row("system.cpuSystemLoad", MetricType::Gauge, "Average"),
];

/// `glue.driver.jvm.heap.usage` -> `jvm.heap.usage`; `glue.3.s3.filesystem.read_bytes` ->
/// `s3.filesystem.read_bytes`.
fn job_metric_family(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("glue.")?;
    let (who, family) = rest.split_once('.')?;
    let known_source = who == "driver"
        || who == "ALL"
        || (!who.is_empty() && who.bytes().all(|b| b.is_ascii_digit()));
    known_source.then_some(family)
}

/// Glue's observability metrics (Glue 4.0+, `--enable-observability-metrics`) by name prefix. They
/// carry an `ObservabilityGroup` dimension besides the job's, so a widget with the job metrics'
/// dimensions would stay empty: validation refuses them in `customMetrics`.
pub const OBSERVABILITY_METRIC_PREFIXES: &[&str] = &[
    "glue.driver.workerUtilization",
    "glue.driver.skewness.",
    "glue.driver.memory.",
    "glue.ALL.memory.",
    "glue.driver.disk.",
    "glue.ALL.disk.",
    "glue.driver.bytesRead",
    "glue.driver.recordsRead",
    "glue.driver.bytesWrittten",
    "glue.driver.bytesWritten",
    "glue.driver.recordsWritten",
    "glue.driver.filesRead",
    "glue.driver.filesWritten",
    "glue.driver.partitionsRead",
    "glue.driver.throughput",
    "glue.succeed.",
    "glue.error.",
];

pub fn is_observability_metric(name: &str) -> bool {
    OBSERVABILITY_METRIC_PREFIXES
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_byte_metrics_are_summed_wherever_they_come_from() {
        for name in [
            "glue.ALL.s3.filesystem.read_bytes",
            "glue.driver.s3.filesystem.write_bytes",
            "glue.7.s3.filesystem.read_bytes",
        ] {
            assert_eq!(
                GlueMetric::custom(name),
                (MetricType::Gauge, "Sum"),
                "{name}"
            );
        }
    }

    #[test]
    fn counts_are_summed_and_levels_averaged() {
        let cases = [
            (
                "glue.driver.aggregate.recordsRead",
                MetricType::Count,
                "Sum",
            ),
            (
                "glue.driver.aggregate.shuffleRemoteBytesRead",
                MetricType::Count,
                "Sum",
            ),
            ("glue.ALL.jvm.heap.used", MetricType::Gauge, "Average"),
            ("glue.12.system.cpuSystemLoad", MetricType::Gauge, "Average"),
        ];
        for (name, metric_type, statistic) in cases {
            assert_eq!(GlueMetric::custom(name), (metric_type, statistic), "{name}");
        }
    }

    #[test]
    fn the_stack_s_own_metrics_agree_with_the_table() {
        for m in [
            GlueMetric::COMPLETED_TASKS,
            GlueMetric::FAILED_TASKS,
            GlueMetric::DRIVER_HEAP_USAGE,
            GlueMetric::ALL_HEAP_USAGE,
            GlueMetric::DRIVER_CPU_LOAD,
            GlueMetric::S3_READ_BYTES,
            GlueMetric::S3_WRITE_BYTES,
        ] {
            assert_eq!(
                GlueMetric::custom(m.name),
                (m.metric_type, m.statistic),
                "{}",
                m.name
            );
        }
    }

    #[test]
    fn observability_metrics_are_told_apart() {
        assert!(is_observability_metric("glue.driver.workerUtilization"));
        assert!(is_observability_metric("glue.error.ALL"));
        assert!(!is_observability_metric("glue.driver.aggregate.bytesRead"));
        assert!(!is_observability_metric("glue.driver.jvm.heap.usage"));
    }
}
