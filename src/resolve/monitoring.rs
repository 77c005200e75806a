//! The dashboard, the alarms and where they send notifications. Units are converted here: the spec
//! speaks in percent and seconds, Glue's metrics in fractions and milliseconds.

use serde::Serialize;
use serde_json::{json, Value};

use super::checkov::{self, Skip};
use super::iam::topic_policy;
use super::ids;
use super::interp::{Interp, Ref};
use super::policy::PolicyDocument;
use super::Names;
use crate::catalog::{GlueMetric, MetricType, GLUE_METRIC_NAMESPACE};
use crate::spec::Spec;

/// Glue publishes job metrics every 30 s; alarms and widgets aggregate over 5 minutes.
const PERIOD_SECONDS: u32 = 300;

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub name: String,
    /// The dashboard body as JSON text, with the region as a reference.
    pub body: Interp,
    pub url: Interp,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alarm {
    /// Distinguishes the alarm inside the stack: `FailedTasks` / `failed_tasks`.
    pub cfn_id: String,
    pub tf_id: String,
    pub name: String,
    pub description: String,
    pub namespace: &'static str,
    pub metric_name: &'static str,
    pub dimensions: Vec<Dimension>,
    pub statistic: &'static str,
    pub period_seconds: u32,
    pub evaluation_periods: u32,
    pub datapoints_to_alarm: u32,
    /// In the metric's own unit, printed as the shortest exact decimal.
    pub threshold: String,
    pub comparison_operator: &'static str,
    pub treat_missing_data: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub name: &'static str,
    pub value: String,
}

/// Where alarms and Glue's run events go. There is always a topic: `alarmTopicArn`, or one the stack
/// creates (subscribed to `alarmEmail` when given), so every alarm and event rule has a target a
/// team can subscribe to later.
#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    /// Whether the stack creates the topic, or uses `alarmTopicArn`.
    pub create: bool,
    pub name: String,
    pub arn: Interp,
    pub email: Option<String>,
    pub kms: bool,
    /// Printed by `render::policies`, not read by templates.
    #[serde(skip)]
    pub policy: Option<PolicyDocument>,
    pub checkov_skips: Vec<Skip>,
}

/// An EventBridge rule on Glue's events for this job, with the topic as its target.
#[derive(Debug, Clone, Serialize)]
pub struct EventRule {
    /// Distinguishes the rule inside the stack: `JobFailureRule` / `job_failure`.
    pub cfn_id: String,
    pub tf_id: String,
    pub name: String,
    pub description: String,
    /// The event pattern as compact JSON. CloudFormation prints it as is: JSON is a YAML flow
    /// mapping, so the property is a mapping (CDK's `CfnInclude` rejects a pattern string), and
    /// the only user text in it, the job name, is validated to `[A-Za-z0-9_-]`.
    pub event_pattern: String,
}

/// Glue's event for a run that is still running `NotifyDelayAfter` minutes after it started.
pub const RUN_STATUS_DETAIL_TYPE: &str = "Glue Job Run Status";
/// Glue's event for a run that changed state.
pub const STATE_CHANGE_DETAIL_TYPE: &str = "Glue Job State Change";

/// The topic every job's alarms and rules notify: the given one, or one the stack creates.
pub(super) fn topic(spec: &Spec, names: &Names, encrypted: bool) -> Topic {
    match &spec.alarm_topic_arn {
        Some(arn) => Topic {
            create: false,
            name: arn.rsplit(':').next().unwrap_or(arn).to_owned(),
            arn: Interp::lit(arn),
            email: None,
            kms: false,
            policy: None,
            checkov_skips: Vec::new(),
        },
        None => {
            let arn = ids::alarm_topic().arn();
            Topic {
                create: true,
                name: names.topic.clone(),
                policy: Some(topic_policy(&arn)),
                arn,
                email: spec.alarm_email.clone(),
                kms: encrypted,
                checkov_skips: checkov::topic(spec),
            }
        }
    }
}

/// The EventBridge rules that route one job's Glue events to the topic.
pub(super) fn event_rules(spec: &Spec, names: &Names) -> Vec<EventRule> {
    let job = names.job.as_str();
    // `numFailedTasks` is never emitted when a script dies before Spark runs a task, so failed and
    // timed-out runs reach the topic through their state-change events.
    let failure = EventRule {
        cfn_id: names.ids.cfn("JobFailureRule"),
        tf_id: names.ids.tf("job_failure"),
        name: names.failure_rule.clone(),
        description: format!("Glue job {job} failed or timed out"),
        event_pattern: json!({
            "source": ["aws.glue"],
            "detail-type": [STATE_CHANGE_DETAIL_TYPE],
            "detail": { "jobName": [job], "state": ["FAILED", "TIMEOUT"] },
        })
        .to_string(),
    };
    // Glue emits this once per run that is still running `NotifyDelayAfter` minutes after it
    // started (the job's delay notification, set from `processingTime`).
    let delay = EventRule {
        cfn_id: names.ids.cfn("JobDelayRule"),
        tf_id: names.ids.tf("job_delay"),
        name: names.delay_rule.clone(),
        description: format!(
            "A run of Glue job {job} is still running after {} minutes",
            notify_delay_after_minutes(spec.alarm_thresholds.processing_time)
        ),
        event_pattern: json!({
            "source": ["aws.glue"],
            "detail-type": [RUN_STATUS_DETAIL_TYPE],
            "detail": { "jobName": [job] },
        })
        .to_string(),
    };
    vec![failure, delay]
}

/// `processingTime` (seconds) as the job's `NotifyDelayAfter` (whole minutes, at least 1), rounded
/// up so the notification never comes before the time the spec allows a run.
pub fn notify_delay_after_minutes(processing_time_seconds: u32) -> u32 {
    processing_time_seconds.div_ceil(60).max(1)
}

fn job_dimensions(job: &str, metric_type: MetricType) -> Vec<Dimension> {
    vec![
        Dimension {
            name: "JobName",
            value: job.to_owned(),
        },
        Dimension {
            name: "JobRunId",
            value: "ALL".to_owned(),
        },
        Dimension {
            name: "Type",
            value: metric_type.dimension_value().to_owned(),
        },
    ]
}

pub(super) fn alarms(spec: &Spec, names: &Names) -> Vec<Alarm> {
    let t = &spec.alarm_thresholds;
    let alarm = |cfn_id: &str,
                 tf_id: &str,
                 suffix: &str,
                 description: String,
                 metric: GlueMetric,
                 evaluation_periods: u32,
                 threshold: String| Alarm {
        cfn_id: names.ids.cfn(cfn_id),
        tf_id: names.ids.tf(tf_id),
        name: format!("{}-{suffix}", names.job),
        description,
        namespace: GLUE_METRIC_NAMESPACE,
        metric_name: metric.name,
        dimensions: job_dimensions(&names.job, metric.metric_type),
        statistic: metric.statistic,
        period_seconds: PERIOD_SECONDS,
        evaluation_periods,
        datapoints_to_alarm: evaluation_periods,
        threshold,
        comparison_operator: "GreaterThanThreshold",
        // No run, no data: silence is not an alarm. Failed runs reach the topic through the failure rule.
        treat_missing_data: "notBreaching",
    };
    vec![
        alarm(
            "FailedTasksAlarm",
            "failed_tasks",
            "failed-tasks",
            format!(
                "More than {} failed Spark tasks in 5 minutes in Glue job {}",
                t.failed_tasks, names.job
            ),
            GlueMetric::FAILED_TASKS,
            1,
            t.failed_tasks.to_string(),
        ),
        alarm(
            "HeapUsageAlarm",
            "heap_usage",
            "jvm-heap-usage",
            format!(
                "Driver JVM heap above {} percent for 10 minutes in Glue job {}",
                decimal(t.memory_utilization),
                names.job
            ),
            GlueMetric::DRIVER_HEAP_USAGE,
            2,
            percent_as_fraction(t.memory_utilization),
        ),
    ]
}

/// The shortest decimal that reads back as `value`, without a trailing `.0`.
fn decimal(value: f64) -> String {
    let text = format!("{value}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

/// 85 percent -> "0.85", by moving the decimal point of the written number (no binary rounding:
/// 33.3 / 100 would print as 0.33299999999999996).
fn percent_as_fraction(percent: f64) -> String {
    let text = decimal(percent);
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let digits = format!("{:0>3}{frac}", int);
    let split = digits.len() - 2 - frac.len();
    let (whole, fraction) = digits.split_at(split);
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    match (whole.is_empty(), fraction.is_empty()) {
        (_, true) => if whole.is_empty() { "0" } else { whole }.to_owned(),
        (true, false) => format!("0.{fraction}"),
        (false, false) => format!("{whole}.{fraction}"),
    }
}

/// Marks the region inside the dashboard JSON; job and metric names are validated to
/// `[A-Za-z0-9_.-]`, so the marker cannot occur in them.
const REGION_MARKER: &str = "@@REGION@@";

/// One dashboard for the pipeline (named after the first job). One job: its widgets two to a row,
/// as a one-job spec always had them. Several jobs: a row per job, its widgets side by side and
/// titled with the job's name.
pub(super) fn dashboard(first: &Names, jobs: &[(&Spec, &Names)]) -> Dashboard {
    let several = jobs.len() > 1;
    let mut placed: Vec<Widget> = Vec::new();
    for (row, (spec, names)) in jobs.iter().enumerate() {
        let widgets = job_widgets(spec, names);
        let width = if several {
            24 / widgets.len().max(1)
        } else {
            12
        };
        for (i, mut w) in widgets.into_iter().enumerate() {
            if several {
                w.properties.title = format!("{}: {}", names.job, w.properties.title);
                w.width = width;
                w.x = i * width;
                w.y = row * 6;
            } else {
                w.x = (i % 2) * 12;
                w.y = (i / 2) * 6;
            }
            placed.push(w);
        }
    }
    // The body is JSON text: typed structs serialize straight to it, in their fields' order.
    let body = serde_json::to_string(&Body { widgets: placed }).unwrap_or_default();
    Dashboard {
        name: first.dashboard.clone(),
        body: Interp::with_marker(&body, REGION_MARKER, Ref::Region),
        url: Interp::lit("https://")
            .then(Ref::Region)
            .text(".console.aws.amazon.com/cloudwatch/home?region=")
            .then(Ref::Region)
            .text(format!("#dashboards:name={}", first.dashboard)),
    }
}

/// The dashboard body, as CloudWatch reads it (`DashboardBody`).
#[derive(Serialize)]
struct Body {
    widgets: Vec<Widget>,
}

#[derive(Serialize)]
struct Widget {
    #[serde(rename = "type")]
    kind: &'static str,
    width: usize,
    height: usize,
    properties: WidgetProperties,
    x: usize,
    y: usize,
}

#[derive(Serialize)]
struct WidgetProperties {
    title: String,
    view: &'static str,
    stacked: bool,
    region: &'static str,
    period: u32,
    metrics: Vec<MetricLine>,
    #[serde(rename = "yAxis", skip_serializing_if = "Option::is_none")]
    y_axis: Option<Value>,
}

/// `[namespace, metric, "JobName", job, "JobRunId", "ALL", "Type", type, {stat, label}]`.
#[derive(Serialize)]
struct MetricLine(
    &'static str,
    String,
    &'static str,
    String,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    LineOptions,
);

#[derive(Serialize)]
struct LineOptions {
    stat: String,
    label: String,
}

fn job_widgets(spec: &Spec, names: &Names) -> Vec<Widget> {
    let job = names.job.as_str();
    let line = |m: GlueMetric| metric_line(job, m.name, m.metric_type, m.statistic, m.label);
    let mut widgets = vec![
        widget(
            "Completed and failed tasks",
            vec![
                line(GlueMetric::COMPLETED_TASKS),
                line(GlueMetric::FAILED_TASKS),
            ],
            None,
        ),
        widget(
            "JVM heap usage and CPU load (fraction 0-1)",
            vec![
                line(GlueMetric::DRIVER_HEAP_USAGE),
                line(GlueMetric::ALL_HEAP_USAGE),
                line(GlueMetric::DRIVER_CPU_LOAD),
            ],
            Some(json!({ "left": { "min": 0, "max": 1 } })),
        ),
        widget(
            "S3 bytes read and written",
            vec![
                line(GlueMetric::S3_READ_BYTES),
                line(GlueMetric::S3_WRITE_BYTES),
            ],
            None,
        ),
    ];
    if !spec.custom_metrics.is_empty() {
        let lines = spec
            .custom_metrics
            .iter()
            .map(|name| {
                let (metric_type, statistic) = GlueMetric::custom(name);
                metric_line(job, name, metric_type, statistic, name)
            })
            .collect();
        widgets.push(widget("Custom metrics", lines, None));
    }
    widgets
}

fn metric_line(
    job: &str,
    name: &str,
    metric_type: MetricType,
    statistic: &str,
    label: &str,
) -> MetricLine {
    MetricLine(
        GLUE_METRIC_NAMESPACE,
        name.to_owned(),
        "JobName",
        job.to_owned(),
        "JobRunId",
        "ALL",
        "Type",
        metric_type.dimension_value(),
        LineOptions {
            stat: statistic.to_owned(),
            label: label.to_owned(),
        },
    )
}

fn widget(title: &str, metrics: Vec<MetricLine>, y_axis: Option<Value>) -> Widget {
    Widget {
        kind: "metric",
        width: 12,
        height: 6,
        properties: WidgetProperties {
            title: title.to_owned(),
            view: "timeSeries",
            stacked: false,
            region: REGION_MARKER,
            period: PERIOD_SECONDS,
            metrics,
            y_axis,
        },
        x: 0,
        y: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_becomes_exact_fraction() {
        assert_eq!(percent_as_fraction(85.0), "0.85");
        assert_eq!(percent_as_fraction(33.3), "0.333");
        assert_eq!(percent_as_fraction(100.0), "1");
        assert_eq!(percent_as_fraction(0.0), "0");
        assert_eq!(percent_as_fraction(5.0), "0.05");
        assert_eq!(percent_as_fraction(0.5), "0.005");
        assert_eq!(percent_as_fraction(99.99), "0.9999");
    }
}
