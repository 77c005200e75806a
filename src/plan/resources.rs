//! The resources a spec deploys, read back from its rendered CloudFormation template: what is
//! listed is exactly what CloudFormation would create, and a change is compared property by
//! property. Terraform describes the same resources (some split into several, such as a bucket's
//! settings), so one list serves both.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

use crate::resolve::Stack;

/// One resource of the template.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// The CloudFormation type, `AWS::Glue::Job`.
    #[serde(rename = "type")]
    pub kind: String,
    pub logical_id: String,
    /// Its name in the account when the template gives one as text (`BucketName`, `Name`, ...).
    pub name: Option<String>,
    /// The job it exists for, or `None` for what the jobs share.
    pub job: Option<String>,
    #[serde(skip)]
    pub properties: Value,
    #[serde(skip)]
    pub deletion_policy: Option<String>,
}

/// The property that names a resource of each type, where it has one.
const NAME_PROPERTY: &[(&str, &str)] = &[
    ("AWS::S3::Bucket", "BucketName"),
    ("AWS::KMS::Alias", "AliasName"),
    ("AWS::IAM::Role", "RoleName"),
    ("AWS::IAM::ManagedPolicy", "ManagedPolicyName"),
    ("AWS::Logs::LogGroup", "LogGroupName"),
    ("AWS::Glue::SecurityConfiguration", "Name"),
    ("AWS::Glue::Job", "Name"),
    ("AWS::Glue::Workflow", "Name"),
    ("AWS::Glue::Trigger", "Name"),
    ("AWS::CloudWatch::Dashboard", "DashboardName"),
    ("AWS::CloudWatch::Alarm", "AlarmName"),
    ("AWS::SNS::Topic", "TopicName"),
    ("AWS::SNS::Subscription", "Endpoint"),
    ("AWS::Events::Rule", "Name"),
];

/// Every resource of a rendered CloudFormation template, in template order, each with the job it
/// belongs to. Err: the text is not a template (a sparkgen bug).
pub fn resources(cloudformation: &str, stack: &Stack) -> Result<Vec<Resource>, String> {
    let template = crate::spec::source::parse(cloudformation)
        .map_err(|e| format!("the rendered CloudFormation template does not parse: {e:?}"))?
        .value;
    let Some(Value::Object(resources)) = template.get("Resources") else {
        return Err("the rendered CloudFormation template has no Resources".to_owned());
    };
    let owners = owners(stack);
    let mut out = Vec::with_capacity(resources.len());
    for (logical_id, body) in resources {
        let kind = body.get("Type").and_then(Value::as_str).unwrap_or_default();
        let properties = body.get("Properties").cloned().unwrap_or(Value::Null);
        let name = NAME_PROPERTY
            .iter()
            .find(|(t, _)| *t == kind)
            .and_then(|(_, p)| properties.get(*p))
            .and_then(Value::as_str)
            .map(str::to_owned);
        out.push(Resource {
            kind: kind.to_owned(),
            logical_id: logical_id.to_owned(),
            name,
            job: owners.get(logical_id.as_str()).cloned(),
            properties,
            deletion_policy: body
                .get("DeletionPolicy")
                .and_then(Value::as_str)
                .map(str::to_owned),
        });
    }
    Ok(out)
}

/// The job each job-scoped logical id belongs to: the job's own resources, its alarms, rules and
/// log groups, and the trigger that starts it.
fn owners(stack: &Stack) -> IndexMap<String, String> {
    let mut owners = IndexMap::new();
    for plan in &stack.jobs {
        let job = &plan.job.name;
        let mut own = |id: &str| {
            owners.insert(id.to_owned(), job.clone());
        };
        let ids = &plan.ids;
        for id in [
            &ids.role,
            &ids.policy,
            &ids.job,
            &ids.security_configuration,
        ] {
            own(&id.cfn);
        }
        for n in 1..=plan.log_groups.len() {
            own(&format!("{}{n}", ids.log_group.cfn));
        }
        for alarm in &plan.alarms {
            own(&alarm.cfn_id);
        }
        for rule in &plan.rules {
            own(&rule.cfn_id);
        }
        let this = plan.job_ref();
        for trigger in stack.triggers.iter().filter(|t| t.jobs.contains(&this)) {
            own(&trigger.cfn_id);
        }
    }
    owners
}
