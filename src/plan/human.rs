//! `plan` for people: the jobs and what starts them, what a run and a month can cost, every
//! resource grouped by job, and for two specs what a deploy adds, updates, replaces and deletes.

use std::fmt::Write as _;

use super::diff::{Change, Changes, Diff};
use super::{Cost, Estimate, JobCost, Plan, Resource};

pub fn plan(plan: &Plan) -> String {
    let mut out = String::with_capacity(4096);
    let _ = writeln!(out, "Plan of {}", plan.spec);
    let _ = writeln!(out);
    let _ = writeln!(out, "Jobs");
    for job in &plan.jobs {
        job_lines(&mut out, job);
    }
    if let Some(workflow) = &plan.workflow {
        let _ = writeln!(
            out,
            "  (jobs that follow others run in Glue workflow {workflow})"
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Pipeline total");
    let _ = writeln!(
        out,
        "  one run of every job: {}",
        estimate(&plan.total.per_run)
    );
    if plan.jobs.iter().any(|j| j.per_month.is_some()) {
        let _ = writeln!(
            out,
            "  a month of scheduled runs: {}",
            estimate(&plan.total.per_month)
        );
    } else {
        let _ = writeln!(out, "  a month: no job is scheduled");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Resources ({}, as CloudFormation deploys them)",
        plan.resources.len()
    );
    let mut groups: Vec<Option<&str>> = vec![None];
    groups.extend(plan.jobs.iter().map(|j| Some(j.name.as_str())));
    for group in groups {
        let members: Vec<&Resource> = plan
            .resources
            .iter()
            .filter(|r| r.job.as_deref() == group)
            .collect();
        if members.is_empty() {
            continue;
        }
        match group {
            None => {
                let _ = writeln!(out, "  shared");
            }
            Some(job) => {
                let _ = writeln!(out, "  job {job}");
            }
        }
        let width = members.iter().map(|r| r.kind.len()).max().unwrap_or(0);
        let id_width = members
            .iter()
            .map(|r| r.logical_id.len())
            .max()
            .unwrap_or(0);
        for r in members {
            let line = format!(
                "    {:width$}  {:id_width$}  {}",
                r.kind,
                r.logical_id,
                r.name.as_deref().unwrap_or("")
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Prices: {} {} (standard) and {} (Flex) per DPU-hour in {}, from {}.",
        plan.prices.currency,
        plan.prices.standard_per_dpu_hour,
        plan.prices.flex_per_dpu_hour,
        plan.prices.region,
        plan.prices.source
    );
    let _ = writeln!(out, "This is {}.", plan.scope);
    out
}

fn job_lines(out: &mut String, job: &JobCost) {
    let class = if job.execution_class == "FLEX" {
        "Flex"
    } else {
        "standard"
    };
    let _ = writeln!(
        out,
        "  {}: {} x {} workers = {} DPU, {class} at {} per DPU-hour, timeout {} min, {} {}",
        job.name,
        job.worker_type,
        job.workers,
        job.dpu,
        job.price_per_dpu_hour,
        job.timeout_minutes,
        job.max_retries,
        if job.max_retries == 1 {
            "retry"
        } else {
            "retries"
        }
    );
    let _ = writeln!(out, "    started by: {}", job.started_by);
    let _ = writeln!(out, "    per run: {}", estimate(&job.per_run));
    match (&job.per_month, job.runs_per_month) {
        (Some(month), Some(runs)) => {
            let _ = writeln!(out, "    per month ({runs} runs): {}", estimate(month));
        }
        _ => {
            let _ = writeln!(out, "    per month: not scheduled, priced per run only");
        }
    }
    if let Some(other) = &job.per_run_other_class {
        let name = if other.execution_class == "FLEX" {
            "Flex"
        } else {
            "standard"
        };
        let _ = writeln!(
            out,
            "    as {name} (at {} per DPU-hour): worst case USD {:.2} per run",
            other.price_per_dpu_hour, other.worst_case_usd
        );
    }
}

fn estimate(e: &Estimate) -> String {
    let expected = match &e.expected {
        Some(c) => format!("expected {}", cost(c)),
        None => "expected not estimated (set expectedRunMinutes)".to_owned(),
    };
    format!("{expected}; worst case {}", cost(&e.worst_case))
}

fn cost(c: &Cost) -> String {
    format!("{:.2} DPU-hours, USD {:.2}", c.dpu_hours, c.usd)
}

pub fn diff(diff: &Diff) -> String {
    let mut out = String::with_capacity(2048);
    let _ = writeln!(out, "Plan of {} -> {}", diff.old, diff.new);
    let _ = writeln!(out);
    for warning in &diff.warnings {
        let _ = writeln!(out, "WARNING: {warning}");
    }
    if !diff.warnings.is_empty() {
        let _ = writeln!(out);
    }
    for change in &diff.replaced {
        change_line(&mut out, "-/+ replace", change);
    }
    for change in &diff.updated {
        change_line(&mut out, "  ~ update ", change);
    }
    for r in &diff.added {
        resource_line(&mut out, "  + add    ", r);
    }
    for r in &diff.deleted {
        resource_line(&mut out, "  - delete ", r);
    }
    let _ = writeln!(
        out,
        "{} to add, {} to update in place, {} to replace, {} to delete.",
        diff.added.len(),
        diff.updated.len(),
        diff.replaced.len(),
        diff.deleted.len()
    );
    let _ = writeln!(
        out,
        "Worst case per month: USD {:.2} -> USD {:.2} ({:+.2}); one run of every job: USD {:.2} -> USD {:.2} ({:+.2}).",
        diff.cost.old.per_month.worst_case.usd,
        diff.cost.new.per_month.worst_case.usd,
        diff.cost.per_month_worst_case_usd,
        diff.cost.old.per_run.worst_case.usd,
        diff.cost.new.per_run.worst_case.usd,
        diff.cost.per_run_worst_case_usd
    );
    out
}

fn change_line(out: &mut String, verb: &str, c: &Change) {
    let names = match (&c.old_name, &c.new_name) {
        (Some(old), Some(new)) if old != new => format!(" {old} -> {new}"),
        (_, Some(new)) => format!(" {new}"),
        _ => String::new(),
    };
    let why = if c.replaced_by.is_empty() {
        format!("changes {}", c.properties.join(", "))
    } else {
        format!("{} cannot change in place", c.replaced_by.join(", "))
    };
    let _ = writeln!(out, "{verb} {} {}{names} ({why})", c.kind, c.logical_id);
}

fn resource_line(out: &mut String, verb: &str, r: &Resource) {
    let name = r
        .name
        .as_deref()
        .map(|n| format!(" {n}"))
        .unwrap_or_default();
    let _ = writeln!(out, "{verb} {} {}{name}", r.kind, r.logical_id);
}

/// What deploying a changed template replaces or deletes, for `check`; empty when it does
/// neither.
pub fn risky(changes: &Changes, template: &str) -> String {
    if changes.replaced.is_empty() && changes.deleted.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "deploying {template} as rendered now replaces or deletes resources:"
    );
    for change in &changes.replaced {
        change_line(&mut out, "-/+ replace", change);
    }
    for r in &changes.deleted {
        resource_line(&mut out, "  - delete ", r);
    }
    for warning in &changes.warnings {
        let _ = writeln!(out, "WARNING: {warning}");
    }
    out
}
