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
    /// Milliseconds.
    pub const ELAPSED_TIME: GlueMetric = GlueMetric {
        name: "glue.driver.aggregate.elapsedTime",
        metric_type: MetricType::Count,
        statistic: "Maximum",
        label: "Elapsed time (ms)",
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

    /// A user-named metric from `customMetrics`. Glue's aggregate and driver metrics are counts or
    /// gauges by their name: `*.aggregate.*` are counts summed per period, everything else a gauge.
    pub fn custom(name: &str) -> (MetricType, &'static str) {
        if name.contains(".aggregate.") {
            (MetricType::Count, "Sum")
        } else {
            (MetricType::Gauge, "Average")
        }
    }
}
