//! The job's data flow, read by the PySpark script: where it reads, what it writes, on which runtime.

use serde::Serialize;

use crate::spec::Spec;

#[derive(Debug, Clone, Serialize)]
pub struct Pipeline {
    pub glue_version: &'static str,
    pub spark_version: &'static str,
    pub python_version: &'static str,
    pub source_path: String,
    pub source_format: &'static str,
    pub sink_path: String,
    pub sink_format: &'static str,
    pub partition_keys: Vec<String>,
    pub write_mode: &'static str,
}

pub(super) fn pipeline(spec: &Spec) -> Pipeline {
    let runtime = spec.glue_version.info();
    Pipeline {
        glue_version: runtime.label,
        spark_version: runtime.spark,
        python_version: runtime.python,
        source_path: format!("s3://{}/raw/", spec.bucket_name),
        source_format: "json",
        sink_path: format!("s3://{}/processed/", spec.bucket_name),
        sink_format: "parquet",
        partition_keys: Vec::new(),
        write_mode: "append",
    }
}
