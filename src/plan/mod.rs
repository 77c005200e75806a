//! `sparkgen plan`: what a spec deploys and what its runs can cost, without AWS credentials. The
//! plan reads the resolved stack (jobs, triggers) and the rendered CloudFormation template (every
//! resource, exactly as it would deploy); `diff` compares two plans.
//!
//! The cost is an estimate of Glue compute only: DPU-hours (workers x DPU per worker x hours) at
//! the price of the job's execution class. A run's worst case is every attempt (the first and
//! each of `maxRetries`) running until `glueTimeout`; the expected run is `expectedRunMinutes`,
//! when the spec gives it. A month is the schedule's runs per month (`runs_per_month`).

pub mod diff;
pub mod human;
pub mod prices;
pub mod resources;

use serde::Serialize;

use crate::catalog::schedule::runs_per_month;
use crate::render::{self, Target};
use crate::resolve::Stack;
use crate::spec::Spec;

pub use prices::Prices;
pub use resources::Resource;

/// What the plan says the estimate leaves out; printed with every estimate.
pub const SCOPE: &str = "an estimate of AWS Glue compute only (DPU-hours x the price per \
     DPU-hour); S3 storage and requests, KMS, CloudWatch, SNS and data transfer are not included";

/// The plan of one spec. Field names are stable: `--format json` prints this.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub spec: String,
    pub scope: &'static str,
    pub prices: Prices,
    pub jobs: Vec<JobCost>,
    /// The Glue workflow that chains jobs, when one does.
    pub workflow: Option<String>,
    pub triggers: Vec<TriggerPlan>,
    /// Every job's cost added up: one run of each, and a month of the scheduled ones.
    pub total: Total,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobCost {
    pub name: String,
    pub worker_type: &'static str,
    pub workers: u32,
    pub dpu_per_worker: u32,
    /// Workers x DPU per worker: what a run is billed for each hour.
    pub dpu: u32,
    /// `STANDARD` or `FLEX`.
    pub execution_class: &'static str,
    pub price_per_dpu_hour: f64,
    pub timeout_minutes: u32,
    pub max_retries: u32,
    pub expected_run_minutes: Option<u32>,
    /// What starts the job, in words: its schedule, the jobs it follows, or nothing (on demand).
    pub started_by: String,
    /// Scheduled runs in an average month; `None` when nothing schedules the job.
    pub runs_per_month: Option<f64>,
    pub per_run: Estimate,
    /// `None` when nothing schedules the job.
    pub per_month: Option<Estimate>,
    /// The same run at the other execution class's price, when the job may run in it (Flex:
    /// G.1X and G.2X only).
    pub per_run_other_class: Option<OtherClass>,
}

/// The expected and the worst-case cost of one run, or of a month of runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    /// `None` without `expectedRunMinutes`.
    pub expected: Option<Cost>,
    pub worst_case: Cost,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cost {
    pub dpu_hours: f64,
    pub usd: f64,
}

/// A run's worst case at the other execution class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OtherClass {
    pub execution_class: &'static str,
    pub price_per_dpu_hour: f64,
    pub worst_case_usd: f64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerPlan {
    pub name: String,
    /// `SCHEDULED`, `CONDITIONAL` or `ON_DEMAND`.
    pub kind: &'static str,
    pub schedule: Option<String>,
    /// The jobs whose success it waits for.
    pub after: Vec<String>,
    pub starts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Total {
    pub per_run: Estimate,
    /// The scheduled jobs' months; jobs started on demand add nothing.
    pub per_month: Estimate,
}

/// The plan of a valid spec and its resolved stack. Err: an internal error (the template did
/// not render or parse).
pub fn plan(spec: &Spec, stack: &Stack, prices: &Prices) -> Result<Plan, String> {
    let cloudformation = render::render(stack, Target::Cloudformation)
        .map_err(|e| format!("internal error while rendering CloudFormation: {e}"))?;
    let template = cloudformation
        .first()
        .map(|f| f.contents.as_str())
        .unwrap_or_default();
    let resources = resources::resources(template, stack)?;
    let triggers = triggers(stack);
    let job_specs = spec.jobs();
    let jobs: Vec<JobCost> = stack
        .jobs
        .iter()
        .zip(&job_specs)
        .map(|(plan, job_spec)| job_cost(plan, &job_spec.spec, stack, &triggers, prices))
        .collect();
    let total = Total {
        per_run: sum(jobs.iter().map(|j| Some(j.per_run))),
        per_month: sum(jobs.iter().map(|j| j.per_month)),
    };
    Ok(Plan {
        spec: stack.source_name.clone(),
        scope: SCOPE,
        prices: prices.clone(),
        jobs,
        workflow: stack.workflow.as_ref().map(|w| w.name.clone()),
        triggers,
        total,
        resources,
    })
}

fn triggers(stack: &Stack) -> Vec<TriggerPlan> {
    let job_name = |reference: &crate::resolve::Interp| {
        stack
            .jobs
            .iter()
            .find(|j| j.job_ref() == *reference)
            .map(|j| j.job.name.clone())
    };
    stack
        .triggers
        .iter()
        .map(|t| TriggerPlan {
            name: t.name.clone(),
            kind: t.kind,
            schedule: t.schedule.clone(),
            after: t.after.iter().filter_map(job_name).collect(),
            starts: t.jobs.iter().filter_map(job_name).collect(),
        })
        .collect()
}

fn job_cost(
    plan: &crate::resolve::JobPlan,
    spec: &Spec,
    stack: &Stack,
    triggers: &[TriggerPlan],
    prices: &Prices,
) -> JobCost {
    let job = &plan.job;
    let worker = spec.glue_worker_type.info();
    let dpu = worker.dpu * job.number_of_workers;
    let price = prices.per_dpu_hour(job.execution_class);
    let worst_minutes = f64::from(job.timeout_minutes * (1 + job.max_retries));
    let expected_minutes = spec.expected_run_minutes.map(f64::from);
    let estimate = |runs: f64| Estimate {
        expected: expected_minutes.map(|m| cost(dpu, m * runs, price)),
        worst_case: cost(dpu, worst_minutes * runs, price),
    };
    let (started_by, runs) = started_by(&job.name, stack, triggers);
    let per_run = estimate(1.0);
    let other = match job.execution_class {
        "FLEX" => Some("STANDARD"),
        _ if worker.runs_flex => Some("FLEX"),
        _ => None,
    };
    JobCost {
        name: job.name.clone(),
        worker_type: job.worker_type,
        workers: job.number_of_workers,
        dpu_per_worker: worker.dpu,
        dpu,
        execution_class: job.execution_class,
        price_per_dpu_hour: price,
        timeout_minutes: job.timeout_minutes,
        max_retries: job.max_retries,
        expected_run_minutes: spec.expected_run_minutes,
        started_by,
        runs_per_month: runs.map(cents),
        per_month: runs.map(estimate),
        per_run,
        per_run_other_class: other.map(|class| {
            let price = prices.per_dpu_hour(class);
            OtherClass {
                execution_class: class,
                price_per_dpu_hour: price,
                worst_case_usd: cost(dpu, worst_minutes, price).usd,
            }
        }),
    }
}

/// What starts a job, and how many times a month: its own schedule; the workflow's start, for a
/// job that follows others (each workflow run runs it once when its upstream jobs succeed, so
/// the month assumes they do); or nothing.
fn started_by(job: &str, stack: &Stack, triggers: &[TriggerPlan]) -> (String, Option<f64>) {
    let Some(trigger) = triggers.iter().find(|t| t.starts.iter().any(|s| s == job)) else {
        return (
            "nothing in the stack: on demand (aws glue start-job-run)".to_owned(),
            None,
        );
    };
    let workflow_start = || {
        stack
            .triggers
            .iter()
            .zip(triggers)
            .find(|(t, _)| t.workflow.is_some() && t.kind != "CONDITIONAL")
            .map(|(_, plan)| plan)
    };
    match trigger.kind {
        "SCHEDULED" => {
            let schedule = trigger.schedule.clone().unwrap_or_default();
            let runs = runs_per_month(&schedule);
            (format!("schedule {schedule} (UTC)"), runs)
        }
        "CONDITIONAL" => {
            let runs = workflow_start()
                .and_then(|t| t.schedule.as_deref())
                .and_then(runs_per_month);
            (
                format!(
                    "{} succeeding (workflow trigger {})",
                    trigger.after.join(" and "),
                    trigger.name
                ),
                runs,
            )
        }
        _ => (
            format!(
                "the workflow's on-demand start (aws glue start-workflow-run {})",
                stack
                    .workflow
                    .as_ref()
                    .map(|w| w.name.as_str())
                    .unwrap_or_default()
            ),
            None,
        ),
    }
}

fn cost(dpu: u32, minutes: f64, price: f64) -> Cost {
    let dpu_hours = f64::from(dpu) * minutes / 60.0;
    Cost {
        dpu_hours: cents(dpu_hours),
        usd: cents(dpu_hours * price),
    }
}

/// Rounded to two decimals: cents, and DPU-hours to the same precision.
fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The sum of several estimates; the expected part only when every one has it.
fn sum(estimates: impl Iterator<Item = Option<Estimate>>) -> Estimate {
    let zero = Cost {
        dpu_hours: 0.0,
        usd: 0.0,
    };
    let add = |a: Cost, b: Cost| Cost {
        dpu_hours: cents(a.dpu_hours + b.dpu_hours),
        usd: cents(a.usd + b.usd),
    };
    let mut total = Estimate {
        expected: Some(zero),
        worst_case: zero,
    };
    for estimate in estimates.flatten() {
        total.worst_case = add(total.worst_case, estimate.worst_case);
        total.expected = total
            .expected
            .zip(estimate.expected)
            .map(|(a, b)| add(a, b));
    }
    total
}
