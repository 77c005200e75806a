//! The id of every resource a value refers to, in one place: its kind and the name each target
//! gives it. A reference is (resource id, attribute), so a new resource, or a second job's role,
//! is a new id here and never a new case in the printers.

use super::interp::{ResourceId, ResourceKind};

pub fn data_bucket() -> ResourceId {
    ResourceId::new(ResourceKind::S3Bucket, "DataBucket", "data")
}

pub fn access_log_bucket() -> ResourceId {
    ResourceId::new(ResourceKind::S3Bucket, "AccessLogBucket", "access_logs")
}

pub fn data_key() -> ResourceId {
    ResourceId::new(ResourceKind::KmsKey, "DataKey", "data")
}

pub fn job_role() -> ResourceId {
    ResourceId::new(ResourceKind::IamRole, "GlueJobRole", "glue")
}

pub fn alarm_topic() -> ResourceId {
    ResourceId::new(ResourceKind::SnsTopic, "AlarmTopic", "alarms")
}
