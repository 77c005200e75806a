//! What deploying a new spec over an old one does to each resource, from the two plans' rendered
//! CloudFormation templates: added, deleted, updated in place, or replaced. A resource is replaced
//! when a property changes that CloudFormation cannot update in place ("Update requires:
//! Replacement" in each resource type's reference), or when its type changes. A changed logical id
//! is a deletion and an addition: that is what CloudFormation does with it.

use serde::Serialize;

use super::{Plan, Resource, Total};

/// The properties of each type that a change replaces the resource for.
const REPLACED_BY: &[(&str, &[&str])] = &[
    ("AWS::S3::Bucket", &["BucketName"]),
    ("AWS::S3::BucketPolicy", &["Bucket"]),
    ("AWS::KMS::Alias", &["AliasName"]),
    ("AWS::IAM::Role", &["RoleName", "Path"]),
    ("AWS::IAM::ManagedPolicy", &["ManagedPolicyName", "Path"]),
    ("AWS::Logs::LogGroup", &["LogGroupName"]),
    (
        "AWS::Glue::SecurityConfiguration",
        &["Name", "EncryptionConfiguration"],
    ),
    ("AWS::Glue::Job", &["Name"]),
    ("AWS::Glue::Workflow", &["Name"]),
    ("AWS::Glue::Trigger", &["Name", "Type", "WorkflowName"]),
    ("AWS::CloudWatch::Dashboard", &["DashboardName"]),
    ("AWS::CloudWatch::Alarm", &["AlarmName"]),
    ("AWS::SNS::Topic", &["TopicName", "FifoTopic"]),
    (
        "AWS::SNS::Subscription",
        &["Endpoint", "Protocol", "TopicArn"],
    ),
    ("AWS::Events::Rule", &["Name", "EventBusName"]),
];

/// The change from one plan to another. `--format json` prints this; field names are stable.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    pub old: String,
    pub new: String,
    pub added: Vec<Resource>,
    pub deleted: Vec<Resource>,
    pub updated: Vec<Change>,
    pub replaced: Vec<Change>,
    /// What a reviewer must not miss: data that a replacement or deletion leaves behind or loses.
    pub warnings: Vec<String>,
    pub cost: CostChange,
}

/// A resource that exists in both plans and differs.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    #[serde(rename = "type")]
    pub kind: String,
    pub logical_id: String,
    pub old_name: Option<String>,
    pub new_name: Option<String>,
    /// The top-level properties that differ, in the template's order.
    pub properties: Vec<String>,
    /// Those of them that replace the resource.
    pub replaced_by: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CostChange {
    pub old: Total,
    pub new: Total,
    /// New minus old, per month, worst case (USD).
    pub per_month_worst_case_usd: f64,
    /// New minus old, one run of every job, worst case (USD).
    pub per_run_worst_case_usd: f64,
}

/// The change from `old` to `new`. Err: a changed resource's text does not parse (a sparkgen bug).
pub fn diff(old: &Plan, new: &Plan) -> Result<Diff, String> {
    let changes = changes(&old.resources, &new.resources)?;
    Ok(Diff {
        old: old.spec.clone(),
        new: new.spec.clone(),
        added: changes.added,
        deleted: changes.deleted,
        updated: changes.updated,
        replaced: changes.replaced,
        warnings: changes.warnings,
        cost: CostChange {
            old: old.total,
            new: new.total,
            per_month_worst_case_usd: super::cents(
                new.total.per_month.worst_case.usd - old.total.per_month.worst_case.usd,
            ),
            per_run_worst_case_usd: super::cents(
                new.total.per_run.worst_case.usd - old.total.per_run.worst_case.usd,
            ),
        },
    })
}

/// What happens to each resource when a stack of `old` is updated to `new`.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub added: Vec<Resource>,
    pub deleted: Vec<Resource>,
    pub updated: Vec<Change>,
    pub replaced: Vec<Change>,
    pub warnings: Vec<String>,
}

/// The changes between two resource lists (of two plans, or of a template on disk and its
/// render). Err: a changed resource's text does not parse (a sparkgen bug).
pub fn changes(old: &[Resource], new: &[Resource]) -> Result<Changes, String> {
    let find = |list: &'_ [Resource], id: &str| -> Option<Resource> {
        list.iter().find(|r| r.logical_id == id).cloned()
    };
    let mut changes = Changes {
        added: new
            .iter()
            .filter(|r| find(old, &r.logical_id).is_none())
            .cloned()
            .collect(),
        deleted: old
            .iter()
            .filter(|r| find(new, &r.logical_id).is_none())
            .cloned()
            .collect(),
        ..Changes::default()
    };
    let mut policies = Vec::new();
    for before in old {
        let after = find(new, &before.logical_id);
        if after.as_ref().is_some_and(|a| a.text == before.text) {
            continue;
        }
        let attributes = before.attributes()?;
        policies.push((before.logical_id.clone(), deletion_policy(&attributes)));
        let Some(after) = after else {
            continue;
        };
        let Some(change) = change(before, &attributes, &after, &after.attributes()?) else {
            continue;
        };
        if change.replaced_by.is_empty() {
            changes.updated.push(change);
        } else {
            changes.replaced.push(change);
        }
    }
    changes.warnings = warnings(&changes.replaced, &changes.deleted, &policies);
    Ok(changes)
}

type Attributes = serde_json::Map<String, serde_json::Value>;

fn deletion_policy(attributes: &Attributes) -> Option<String> {
    attributes
        .get("DeletionPolicy")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

fn change(
    before: &Resource,
    old_attributes: &Attributes,
    after: &Resource,
    new_attributes: &Attributes,
) -> Option<Change> {
    let empty = serde_json::Map::new();
    let properties_of = |a: &'_ Attributes| -> Attributes {
        a.get("Properties")
            .and_then(serde_json::Value::as_object)
            .cloned()
            .unwrap_or_else(|| empty.clone())
    };
    let (old, new) = (properties_of(old_attributes), properties_of(new_attributes));
    let mut properties: Vec<String> = Vec::new();
    for key in old
        .keys()
        .chain(new.keys().filter(|k| !old.contains_key(*k)))
    {
        if old.get(key) != new.get(key) {
            properties.push(key.clone());
        }
    }
    let type_changed = before.kind != after.kind;
    let policy_changed = deletion_policy(old_attributes) != deletion_policy(new_attributes);
    let others_changed = old_attributes
        .iter()
        .chain(new_attributes.iter())
        .any(|(k, _)| k != "Properties" && old_attributes.get(k) != new_attributes.get(k));
    if properties.is_empty() && !type_changed && !others_changed {
        return None;
    }
    let replacing = REPLACED_BY
        .iter()
        .find(|(kind, _)| *kind == after.kind)
        .map(|(_, props)| *props)
        .unwrap_or_default();
    let mut replaced_by: Vec<String> = properties
        .iter()
        .filter(|p| replacing.contains(&p.as_str()))
        .cloned()
        .collect();
    if type_changed {
        replaced_by.insert(0, "Type".to_owned());
    }
    if policy_changed {
        properties.push("DeletionPolicy".to_owned());
    } else if properties.is_empty() {
        // Metadata (a checkov skip's reason) or DependsOn: no property changes in the account.
        properties.push("Metadata".to_owned());
    }
    Some(Change {
        kind: after.kind.clone(),
        logical_id: after.logical_id.clone(),
        old_name: before.name.clone(),
        new_name: after.name.clone(),
        properties,
        replaced_by,
    })
}

fn warnings(
    replaced: &[Change],
    deleted: &[Resource],
    policies: &[(String, Option<String>)],
) -> Vec<String> {
    let mut out = Vec::new();
    let policy = |id: &str| {
        policies
            .iter()
            .find(|(logical_id, _)| logical_id == id)
            .and_then(|(_, policy)| policy.clone())
    };
    let fate = |id: &str| match policy(id).as_deref() {
        Some("Retain") | Some("RetainExceptOnCreate") => {
            "the old bucket and every object in it stay in the account, no longer managed by the \
             stack (DeletionPolicy Retain)"
        }
        _ => {
            "CloudFormation then deletes the old bucket, which fails while it holds objects \
             (removalPolicy: destroy)"
        }
    };
    for change in replaced.iter().filter(|c| c.kind == "AWS::S3::Bucket") {
        out.push(format!(
            "bucket {} ({}) is REPLACED by a new, empty bucket {}: nothing copies the data; {}",
            change.old_name.as_deref().unwrap_or("?"),
            change.logical_id,
            change.new_name.as_deref().unwrap_or("?"),
            fate(&change.logical_id)
        ));
    }
    for bucket in deleted.iter().filter(|r| r.kind == "AWS::S3::Bucket") {
        out.push(format!(
            "bucket {} ({}) is removed from the stack: {}",
            bucket.name.as_deref().unwrap_or("?"),
            bucket.logical_id,
            fate(&bucket.logical_id)
        ));
    }
    for key in replaced
        .iter()
        .filter(|c| c.kind == "AWS::KMS::Key")
        .map(|c| c.logical_id.clone())
        .chain(
            deleted
                .iter()
                .filter(|r| r.kind == "AWS::KMS::Key")
                .map(|r| r.logical_id.clone()),
        )
    {
        out.push(format!(
            "KMS key {key} is replaced or removed: data encrypted with it can only be read while \
             the old key exists; it is scheduled for deletion unless retained"
        ));
    }
    if !replaced.is_empty() {
        out.push(
            "resources that refer to a replaced resource (its policy, its alarms, a job reading \
             its name) are updated with the new one in the same deploy"
                .to_owned(),
        );
    }
    out
}
