//! What starts a job. A job with a `schedule` gets a scheduled Glue trigger, created active
//! (`StartOnCreation`): AWS creates a scheduled trigger deactivated unless told otherwise, and a
//! deployed schedule that never fires is the failure this avoids.

use serde::Serialize;

use super::Names;
use crate::catalog::schedule::glue_cron;
use crate::spec::Spec;

#[derive(Debug, Clone, Serialize)]
pub struct Trigger {
    pub cfn_id: String,
    pub tf_id: String,
    pub name: String,
    pub description: String,
    /// `SCHEDULED` (the only kind a one-job spec has).
    pub kind: &'static str,
    /// The Glue cron expression, a `rate(...)` already turned into one.
    pub schedule: String,
    /// Active as soon as it is deployed.
    pub start_on_creation: bool,
    /// The job it starts.
    pub job_name: String,
}

/// The scheduled trigger of a job with a `schedule` (validated: it has a Glue cron).
pub(super) fn scheduled(spec: &Spec, names: &Names) -> Option<Trigger> {
    let cron = glue_cron(spec.schedule.as_deref()?).ok()?;
    Some(Trigger {
        cfn_id: "JobSchedule".to_owned(),
        tf_id: "schedule".to_owned(),
        name: names.schedule_trigger.clone(),
        description: format!("Starts Glue job {} on {cron} (UTC)", names.job),
        kind: "SCHEDULED",
        schedule: cron,
        start_on_creation: true,
        job_name: names.job.clone(),
    })
}
