//! The spec as a pipeline: its jobs, each with the keys it reads and where they live in the
//! document. The top-level keys are the first job, at the root of the document; each entry of
//! `jobs:` is a further job whose keys left out take the first job's values. Validation places a
//! job's findings under its pointer and resolve plans each job from it.

use std::borrow::Cow;

use super::source::push_token;
use super::{JobKeys, Spec};

/// One job of the pipeline: the spec it reads (the first job's values under its own), and where
/// its keys are in the document.
pub struct JobSpec<'a> {
    pub spec: Cow<'a, Spec>,
    /// JSON pointer of the job's mapping: `""` for the first job, `/jobs/<name>` for the others.
    pub prefix: String,
    /// The job's own keys under `jobs:`; `None` for the first job.
    pub keys: Option<&'a JobKeys>,
    /// Position in the pipeline, the first job 0.
    pub index: usize,
}

impl JobSpec<'_> {
    /// The JSON pointer of one of the job's keys, `at("/glueTimeout")`: under the job's mapping
    /// when the job sets the key, at the top level when it inherits the first job's value (the
    /// line a finding about that value belongs on).
    pub fn at(&self, pointer: &str) -> String {
        let inherited = self.keys.is_some_and(|keys| {
            let key = pointer.trim_start_matches('/').split('/').next();
            key.is_some_and(|key| super::JOB_LEVEL_KEYS.contains(&key) && !keys.sets(key))
        });
        if inherited {
            pointer.to_owned()
        } else {
            format!("{}{pointer}", self.prefix)
        }
    }

    /// The JSON pointer of the job's own mapping (or its name key), `""` for the first job.
    pub fn pointer(&self) -> &str {
        &self.prefix
    }

    pub fn name(&self) -> &str {
        &self.spec.glue_job_name
    }

    /// The names of the jobs this one starts after; none for the first job.
    pub fn after_names(&self) -> impl Iterator<Item = &str> {
        self.keys
            .into_iter()
            .flat_map(|keys| keys.after.iter().map(String::as_str))
    }

    /// The jobs this one starts after, with the pointer of each name, for a finding about one.
    pub fn after(&self) -> Vec<(&str, String)> {
        self.after_names()
            .enumerate()
            .map(|(i, name)| (name, format!("{}/after/{i}", self.prefix)))
            .collect()
    }

    pub fn is_first(&self) -> bool {
        self.index == 0
    }
}

impl Spec {
    /// The pipeline's jobs, in order: the first job (the top-level keys), then `jobs:` as written.
    pub fn jobs(&self) -> Vec<JobSpec<'_>> {
        let first = JobSpec {
            spec: Cow::Borrowed(self),
            prefix: String::new(),
            keys: None,
            index: 0,
        };
        // The first job's values without its `jobs:`, cloned once rather than once per job.
        let base = (!self.jobs.is_empty()).then(|| Spec {
            jobs: Default::default(),
            ..self.clone()
        });
        let more = self.jobs.iter().enumerate().map(|(i, (name, keys))| {
            let mut prefix = "/jobs".to_owned();
            push_token(&mut prefix, name);
            JobSpec {
                spec: Cow::Owned(keys.over(base.as_ref().unwrap_or(self), name)),
                prefix,
                keys: Some(keys),
                index: i + 1,
            }
        });
        std::iter::once(first).chain(more).collect()
    }

    /// Whether the spec holds more than one job.
    pub fn is_pipeline(&self) -> bool {
        !self.jobs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(extra: serde_json::Value) -> Spec {
        let mut value = serde_json::json!({
            "bucketName": "b-1-2",
            "glueJobName": "orders",
            "glueJobScript": "s3://b-1-2/x.py",
            "glueNumberOfWorkers": 8,
            "schedule": "cron(0 2 * * ? *)",
        });
        if let (Some(base), serde_json::Value::Object(more)) = (value.as_object_mut(), extra) {
            base.extend(more);
        }
        serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_flat_keys_are_the_first_job_at_the_root() {
        let spec = spec(serde_json::json!({}));
        let jobs = spec.jobs();
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].name(), "orders");
        assert_eq!(jobs[0].at("/glueTimeout"), "/glueTimeout");
        assert!(jobs[0].after().is_empty());
    }

    #[test]
    fn a_job_inherits_what_it_leaves_out_but_never_the_schedule() {
        let spec = spec(serde_json::json!({
            "jobs": {
                "b/x": { "after": ["orders"], "glueTimeout": 30 },
                "a": { "glueNumberOfWorkers": 2 },
            }
        }));
        let jobs = spec.jobs();
        let names: Vec<&str> = jobs.iter().map(|j| j.name()).collect();
        assert_eq!(names, ["orders", "b/x", "a"], "the spec's order");
        let enrich = &jobs[1];
        assert_eq!(enrich.spec.glue_number_of_workers, 8, "inherited");
        assert_eq!(enrich.spec.glue_timeout, Some(30), "its own");
        assert_eq!(enrich.spec.schedule, None, "never inherited");
        assert!(enrich.spec.jobs.is_empty());
        assert_eq!(enrich.at("/glueTimeout"), "/jobs/b~1x/glueTimeout");
        assert_eq!(enrich.at("/glueNumberOfWorkers"), "/glueNumberOfWorkers");
        assert_eq!(
            enrich.after(),
            [("orders", "/jobs/b~1x/after/0".to_owned())]
        );
        assert_eq!(jobs[2].spec.glue_number_of_workers, 2);
    }
}
