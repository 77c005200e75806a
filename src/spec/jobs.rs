//! The spec as a pipeline: its jobs, each with the keys it reads and where they live in the
//! document. Today's flat keys are the pipeline's first and only job, at the root of the document;
//! validation places a job's findings under its pointer and resolve plans each job from it.

use super::Spec;

/// One job of the pipeline: its keys and the JSON pointer of the mapping that holds them.
pub struct JobSpec<'a> {
    pub spec: &'a Spec,
    /// JSON pointer of the job's mapping, `""` for the root.
    pub prefix: String,
}

impl JobSpec<'_> {
    /// The JSON pointer of one of the job's keys: `at("/glueTimeout")`.
    pub fn at(&self, pointer: &str) -> String {
        format!("{}{pointer}", self.prefix)
    }
}

impl Spec {
    /// The pipeline's jobs, in order.
    pub fn jobs(&self) -> Vec<JobSpec<'_>> {
        vec![JobSpec {
            spec: self,
            prefix: String::new(),
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flat_keys_are_the_first_job_at_the_root() {
        let spec: Spec = serde_json::from_value(serde_json::json!({
            "bucketName": "b-1-2",
            "glueJobName": "orders",
            "glueJobScript": "s3://b-1-2/x.py",
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let jobs = spec.jobs();
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].spec.glue_job_name, "orders");
        assert_eq!(jobs[0].at("/glueTimeout"), "/glueTimeout");
    }
}
