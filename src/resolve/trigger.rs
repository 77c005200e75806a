//! What starts each job. A job with a `schedule` gets a scheduled Glue trigger, created active
//! (`StartOnCreation`): AWS creates a scheduled trigger deactivated unless told otherwise, and a
//! deployed schedule that never fires is the failure this avoids.
//!
//! When any job has `after`, the first job and every job with `after` run in one Glue workflow:
//! a workflow run starts at its start trigger and its conditional triggers fire as its jobs
//! complete, so a job starts when the jobs it follows succeed in the same run. The workflow is
//! started by the first job's schedule (a scheduled trigger of the workflow) or, without one, on
//! demand (`aws glue start-workflow-run`). A job outside the workflow keeps its own schedule.

use serde::Serialize;

use super::ids;
use super::interp::{Interp, ResourceId};
use super::Names;
use crate::catalog::schedule::glue_cron;
use crate::spec::JobSpec;

#[derive(Debug, Clone, Serialize)]
pub struct Trigger {
    pub cfn_id: String,
    pub tf_id: String,
    pub name: String,
    pub description: String,
    /// `SCHEDULED`, `CONDITIONAL` or `ON_DEMAND`.
    pub kind: &'static str,
    /// The Glue cron expression of a scheduled trigger, a `rate(...)` already turned into one.
    pub schedule: Option<String>,
    /// Active as soon as it is deployed; Glue refuses it for an on-demand trigger.
    pub start_on_creation: bool,
    /// The workflow the trigger belongs to.
    pub workflow: Option<Interp>,
    /// A conditional trigger fires when every one of these jobs' runs has SUCCEEDED.
    pub after: Vec<Interp>,
    /// The jobs it starts.
    pub jobs: Vec<Interp>,
}

/// The Glue workflow of a pipeline whose jobs wait for each other.
#[derive(Debug, Clone, Serialize)]
pub struct Workflow {
    pub id: ResourceId,
    pub name: String,
    pub description: String,
    /// The fewest concurrent runs any of its jobs allows: a second workflow run beyond that would
    /// fail at that job.
    pub max_concurrent_runs: u32,
}

/// One job as the triggers see it.
pub(super) struct Planned<'a> {
    pub job: &'a JobSpec<'a>,
    pub names: &'a Names,
}

/// The workflow (when a job has `after`) and every trigger of the pipeline.
pub(super) fn plan(jobs: &[Planned<'_>]) -> (Option<Workflow>, Vec<Trigger>) {
    let Some(first) = jobs.first() else {
        return (None, Vec::new());
    };
    let chained: Vec<&Planned> = jobs
        .iter()
        .filter(|p| p.job.after_names().next().is_some())
        .collect();
    let workflow = (!chained.is_empty()).then(|| {
        let in_workflow = std::iter::once(first).chain(chained.iter().copied());
        Workflow {
            id: ids::workflow(),
            name: first.names.workflow.clone(),
            description: format!(
                "Runs pipeline {}: {} first, then each job when the jobs it follows succeed",
                first.names.job, first.names.job
            ),
            max_concurrent_runs: in_workflow
                .map(|p| p.job.spec.max_concurrent_runs)
                .min()
                .unwrap_or(1),
        }
    });
    let workflow_name = workflow.as_ref().map(|w| w.id.name());
    let job_ref = |name: &str| {
        jobs.iter()
            .find(|p| p.names.job == name)
            .map(|p| p.names.ids.job().name())
    };
    let mut triggers = Vec::new();
    for planned in jobs {
        let (job, names) = (planned.job, planned.names);
        let this = names.ids.job().name();
        let upstream: Vec<&str> = dedup(job.after_names());
        if !upstream.is_empty() {
            triggers.push(Trigger {
                cfn_id: names.ids.cfn("JobAfterUpstream"),
                tf_id: names.ids.tf("after_upstream"),
                name: names.after_trigger.clone(),
                description: format!(
                    "Starts Glue job {} when {} succeeded in the same run of workflow {}",
                    names.job,
                    upstream.join(" and "),
                    first.names.workflow
                ),
                kind: "CONDITIONAL",
                schedule: None,
                start_on_creation: true,
                workflow: workflow_name.clone(),
                after: upstream.iter().filter_map(|n| job_ref(n)).collect(),
                jobs: vec![this],
            });
            continue;
        }
        let cron = job.spec.schedule.as_deref().and_then(|s| glue_cron(s).ok());
        let starts_workflow = job.is_first() && workflow.is_some();
        match cron {
            Some(cron) => triggers.push(Trigger {
                cfn_id: names.ids.cfn("JobSchedule"),
                tf_id: names.ids.tf("schedule"),
                name: names.schedule_trigger.clone(),
                description: if starts_workflow {
                    format!("Starts workflow {} on {cron} (UTC)", first.names.workflow)
                } else {
                    format!("Starts Glue job {} on {cron} (UTC)", names.job)
                },
                kind: "SCHEDULED",
                schedule: Some(cron),
                start_on_creation: true,
                workflow: if starts_workflow {
                    workflow_name.clone()
                } else {
                    None
                },
                after: Vec::new(),
                jobs: vec![this],
            }),
            None if starts_workflow => triggers.push(Trigger {
                cfn_id: names.ids.cfn("WorkflowStart"),
                tf_id: names.ids.tf("workflow_start"),
                name: names.start_trigger.clone(),
                description: format!(
                    "Starts Glue job {} when workflow {} is started (aws glue start-workflow-run)",
                    names.job, first.names.workflow
                ),
                kind: "ON_DEMAND",
                schedule: None,
                start_on_creation: false,
                workflow: workflow_name.clone(),
                after: Vec::new(),
                jobs: vec![this],
            }),
            None => {}
        }
    }
    (workflow, triggers)
}

fn dedup<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for name in names {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}
