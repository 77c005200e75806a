//! The job graph, checked before anything renders: every name in `after` is a job, no job waits
//! for itself through others, a job is started by a schedule or by `after` but not both, and a job
//! others wait for runs inside the pipeline's workflow, where its success can be seen.

use std::collections::{BTreeMap, BTreeSet};

use super::{error, JobScope};
use crate::diagnostic::{Code, Diagnostic};
use crate::validate::suggest::closest;

pub fn check(jobs: &[JobScope], out: &mut Vec<Diagnostic>) {
    let Some(first) = jobs.first() else {
        return;
    };
    let names: Vec<&str> = jobs.iter().map(JobScope::name).collect();
    for job in &jobs[1..] {
        if job.name() == first.name() {
            out.push(
                error(
                    Code::DuplicateJob,
                    job.pointer(),
                    format!("job `{}` is also the first job's `glueJobName`", job.name()),
                )
                .hint("every job of a pipeline needs its own name: Glue job names are unique in an account and region"),
            );
        }
    }
    for job in jobs {
        for (name, pointer) in job.after() {
            if !names.contains(&name) {
                let d = error(
                    Code::UnknownJob,
                    &pointer,
                    format!("`after` names `{name}`, which is not a job of this spec"),
                )
                .expected(format!("one of {}", names.join(", ")));
                out.push(match closest(name, names.iter().copied()) {
                    Some(near) => d.hint(format!("did you mean `{near}`?")),
                    None => d,
                });
            }
        }
        if job
            .keys
            .is_some_and(|k| k.schedule.is_some() && !k.after.is_empty())
        {
            out.push(
                error(
                    Code::ScheduleAndAfter,
                    &job.at("/schedule"),
                    format!("job `{}` has both a `schedule` and `after`", job.name()),
                )
                .hint("keep one: `after` starts it when those jobs succeed, `schedule` at fixed times"),
            );
        }
    }
    cycles(jobs, out);
    unstarted(jobs, out);
    shared_uploads(jobs, out);
}

/// Two jobs whose starter scripts sparkgen would upload to the same object of the data bucket: the
/// second upload would replace the first job's script with its own.
fn shared_uploads(jobs: &[JobScope], out: &mut Vec<Diagnostic>) {
    let mut owners: BTreeMap<&str, &str> = BTreeMap::new();
    for job in jobs {
        let location = job.spec.glue_job_script.as_str();
        let in_data_bucket = location
            .strip_prefix("s3://")
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(bucket, _)| bucket == job.spec.files_bucket());
        if !in_data_bucket {
            continue;
        }
        match owners.get(location) {
            // Two jobs of one name are reported as such.
            Some(owner) if *owner == job.name() => {}
            Some(owner) => out.push(
                error(
                    Code::DuplicateScript,
                    &job.at("/glueJobScript"),
                    format!(
                        "jobs `{owner}` and `{}` would both upload their script to `{location}`",
                        job.name()
                    ),
                )
                .hint(format!(
                    "give `jobs.{}` its own `glueJobScript`, or keep shared code outside the data bucket",
                    job.name()
                )),
            ),
            None => {
                owners.insert(location, job.name());
            }
        }
    }
}

/// Each cycle once, reported at the `after` of its first job in the spec's order.
fn cycles(jobs: &[JobScope], out: &mut Vec<Diagnostic>) {
    let after: BTreeMap<&str, Vec<&str>> = jobs
        .iter()
        .map(|j| (j.name(), j.after_names().collect()))
        .collect();
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for job in jobs {
        if reported.contains(job.name()) {
            continue;
        }
        if let Some(cycle) = cycle_through(job.name(), &after) {
            reported.extend(cycle.iter().copied());
            let mut path = cycle.clone();
            path.push(job.name());
            let text = path
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" after ");
            out.push(
                error(
                    Code::JobCycle,
                    &format!("{}/after", job.pointer()),
                    format!(
                        "jobs wait for each other in a cycle: {text}, so none of them ever starts"
                    ),
                )
                .hint("remove one name from an `after` of the cycle"),
            );
        }
    }
}

/// The jobs of a cycle that starts and ends at `start`, in `after` order, if there is one.
fn cycle_through<'a>(
    start: &'a str,
    after: &BTreeMap<&'a str, Vec<&'a str>>,
) -> Option<Vec<&'a str>> {
    // Depth-first from `start` along `after`, keeping the path, until `start` comes round again.
    let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    while let Some((node, next)) = stack.last().copied() {
        let successors = after.get(node).map(Vec::as_slice).unwrap_or_default();
        match successors.get(next) {
            None => {
                stack.pop();
            }
            Some(&successor) => {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                if successor == start {
                    return Some(stack.iter().map(|(n, _)| *n).collect());
                }
                if seen.insert(successor) {
                    stack.push((successor, 0));
                }
            }
        }
    }
    None
}

/// A job others wait for must run in the workflow, started by the first job's trigger or by its
/// own `after`: a workflow run is the graph from its start trigger, so the runs of a job started
/// on its own (its schedule, or by hand) are not part of it and never satisfy its triggers.
fn unstarted(jobs: &[JobScope], out: &mut Vec<Diagnostic>) {
    let Some(first) = jobs.first() else {
        return;
    };
    let awaited: BTreeSet<&str> = jobs.iter().flat_map(JobScope::after_names).collect();
    for job in &jobs[1..] {
        let Some(keys) = job.keys else { continue };
        if !awaited.contains(job.name()) || !keys.after.is_empty() || job.name() == first.name() {
            continue;
        }
        let hint = format!(
            "start it in the workflow with `after: [{}]`, or make it the first job",
            first.name()
        );
        let d = if keys.schedule.is_some() {
            error(
                Code::UnstartedJob,
                &job.at("/schedule"),
                format!(
                    "other jobs wait for `{}`, but its own `schedule` starts it outside the pipeline's workflow, where their `after` never sees it succeed",
                    job.name()
                ),
            )
        } else {
            error(
                Code::UnstartedJob,
                job.pointer(),
                format!(
                    "other jobs wait for `{}`, but nothing starts it in the pipeline's workflow",
                    job.name()
                ),
            )
        };
        out.push(d.hint(hint));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_is_found_with_its_jobs_in_order() {
        let after: BTreeMap<&str, Vec<&str>> = [
            ("a", vec!["x", "b"]),
            ("b", vec!["c"]),
            ("c", vec!["a"]),
            ("x", vec![]),
        ]
        .into_iter()
        .collect();
        assert_eq!(cycle_through("a", &after), Some(vec!["a", "b", "c"]));
        assert_eq!(cycle_through("x", &after), None);
        let itself: BTreeMap<&str, Vec<&str>> = [("a", vec!["a"])].into_iter().collect();
        assert_eq!(cycle_through("a", &itself), Some(vec!["a"]));
    }
}
