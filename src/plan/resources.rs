//! The resources a spec deploys, read back from its rendered CloudFormation template: what is
//! listed is exactly what CloudFormation would create, and a change is compared property by
//! property. Terraform describes the same resources (some split into several, such as a bucket's
//! settings), so one list serves both.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{Map, Value};

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
    /// The resource's text in the template: two resources with the same text are the same.
    #[serde(skip)]
    pub text: String,
}

impl Resource {
    /// The resource's attributes (`Type`, `DeletionPolicy`, `Properties`, ...) parsed, for the
    /// properties a change touches; only `diff` needs them, and only for changed resources.
    pub fn attributes(&self) -> Result<Map<String, Value>, String> {
        let document = crate::spec::source::parse(&self.text).map_err(|d| {
            format!(
                "internal error: resource {} of the rendered template does not parse: {d:?}",
                self.logical_id
            )
        })?;
        match document.value.get(&self.logical_id) {
            Some(Value::Object(attributes)) => Ok(attributes.clone()),
            _ => Err(format!(
                "internal error: resource {} of the rendered template is not a mapping",
                self.logical_id
            )),
        }
    }
}

/// The property that names a resource of each type, where it has one; a nested one as its path
/// (`DatabaseInput.Name`), read at its depth under `Properties`.
const NAME_PROPERTY: &[(&str, &str)] = &[
    ("AWS::Glue::Database", "DatabaseInput.Name"),
    ("AWS::Glue::Table", "TableInput.Name"),
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
/// belongs to. The template is sparkgen's own (`templates/cloudformation/template.yaml`): each
/// resource a key indented two spaces under `Resources:`, its `Type` on the next line, its
/// properties four spaces deeper. Scanning that layout, and parsing only a resource's name, keeps
/// `plan` as quick as `render`; `tests/plan.rs` compares the result with a full YAML parse of
/// every example. Err: the text is not laid out so (a sparkgen bug).
pub fn resources(cloudformation: &str, stack: &Stack) -> Result<Vec<Resource>, String> {
    let owners = owners(stack);
    let mut out = scan(cloudformation)?;
    for resource in &mut out {
        resource.job = owners.get(&resource.logical_id).cloned();
    }
    Ok(out)
}

/// The resources of a template sparkgen rendered, none assigned to a job (`check` reads the
/// template on disk this way, without the stack it came from).
pub fn scan(cloudformation: &str) -> Result<Vec<Resource>, String> {
    let mut out: Vec<Resource> = Vec::new();
    let mut in_resources = false;
    for line in cloudformation.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.starts_with(' ') && !content.is_empty() && !content.starts_with('#') {
            in_resources = content == "Resources:";
            continue;
        }
        if !in_resources {
            continue;
        }
        if let Some(id) = content
            .strip_prefix("  ")
            .and_then(|rest| rest.strip_suffix(':'))
            .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            out.push(Resource {
                kind: String::new(),
                logical_id: id.to_owned(),
                name: None,
                job: None,
                text: String::new(),
            });
        }
        let Some(resource) = out.last_mut() else {
            continue;
        };
        resource.text.push_str(line);
        if let Some(kind) = content.strip_prefix("    Type: ") {
            resource.kind = kind.trim().to_owned();
        } else if let Some(path) = NAME_PROPERTY
            .iter()
            .find(|(t, _)| *t == resource.kind)
            .map(|(_, p)| *p)
        {
            // Properties sit six spaces in; each level of a nested path two more.
            let depth = path.matches('.').count();
            let key = path.rsplit('.').next().unwrap_or(path);
            let found = content
                .strip_prefix(&" ".repeat(6 + 2 * depth))
                .filter(|rest| !rest.starts_with(' '))
                .and_then(|rest| rest.split_once(": "))
                .filter(|(k, _)| *k == key);
            if let (None, Some((_, value))) = (&resource.name, found) {
                resource.name = scalar(value);
            }
        }
    }
    if out.is_empty() || out.iter().any(|r| r.kind.is_empty()) {
        return Err("internal error: the rendered CloudFormation template has no resources, or one without a Type".to_owned());
    }
    Ok(out)
}

/// A one-line YAML scalar as text (plain or quoted, as the template prints it); `None` for a
/// reference or anything else that is not a string.
fn scalar(value: &str) -> Option<String> {
    let document = crate::spec::source::parse(&format!("v: {value}")).ok()?;
    document.value.get("v")?.as_str().map(str::to_owned)
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
