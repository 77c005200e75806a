//! A string that mixes literal text with references to values only known at deploy time (the
//! partition, a key's ARN). Resolve builds these once; each target prints references its own way
//! (CloudFormation `Fn::Sub` with `${AWS::Region}`, Terraform `${data.aws_region.current.name}`), so
//! both describe the same value and neither template decides what it is.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize};

/// A deploy-time value a string can refer to: one of the deployment's pseudo parameters, or an
/// attribute of a resource of the stack. In the template context it is one string
/// (`partition`, `kms_key:DataKey:data:arn`): the context is built on every render, and a string
/// costs a fraction of a nested object to build, read back and drop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    Partition,
    Region,
    AccountId,
    UrlSuffix,
    Resource(ResourceId, Attribute),
}

impl Ref {
    /// The context's spelling of this reference.
    pub fn key(&self) -> String {
        match self {
            Ref::Partition => "partition".to_owned(),
            Ref::Region => "region".to_owned(),
            Ref::AccountId => "account_id".to_owned(),
            Ref::UrlSuffix => "url_suffix".to_owned(),
            Ref::Resource(id, attribute) => {
                format!("{}:{}:{}:{}", id.kind.key(), id.cfn, id.tf, attribute.key())
            }
        }
    }

    /// A reference back from its context spelling.
    pub fn from_key(key: &str) -> Option<Ref> {
        Some(match key {
            "partition" => Ref::Partition,
            "region" => Ref::Region,
            "account_id" => Ref::AccountId,
            "url_suffix" => Ref::UrlSuffix,
            _ => {
                let mut parts = key.split(':');
                let kind = ResourceKind::from_key(parts.next()?)?;
                let cfn = parts.next()?;
                let tf = parts.next()?;
                let attribute = Attribute::from_key(parts.next()?)?;
                if parts.next().is_some() {
                    return None;
                }
                Ref::Resource(ResourceId::new(kind, cfn, tf), attribute)
            }
        })
    }
}

impl Serialize for Ref {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for Ref {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ref::from_key(&key)
            .ok_or_else(|| serde::de::Error::custom(format!("not a reference: {key}")))
    }
}

/// A resource of the stack: its kind and the name each target gives it (CloudFormation's logical
/// id, Terraform's resource name), decided once in `resolve::ids`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceId {
    pub kind: ResourceKind,
    pub cfn: String,
    pub tf: String,
}

/// The kinds of resource a value can refer to, each with how both targets read its attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    S3Bucket,
    KmsKey,
    IamRole,
    SnsTopic,
    GlueJob,
    GlueWorkflow,
}

/// What a reference reads from a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    Arn,
    Name,
}

impl Attribute {
    fn key(self) -> &'static str {
        match self {
            Attribute::Arn => "arn",
            Attribute::Name => "name",
        }
    }

    fn from_key(key: &str) -> Option<Self> {
        [Attribute::Arn, Attribute::Name]
            .into_iter()
            .find(|a| a.key() == key)
    }
}

/// How CloudFormation reads an attribute: what `Ref` returns, or a `Fn::GetAtt` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CfnRead {
    Ref,
    GetAtt(&'static str),
}

impl ResourceKind {
    const ALL: [ResourceKind; 6] = [
        ResourceKind::S3Bucket,
        ResourceKind::KmsKey,
        ResourceKind::IamRole,
        ResourceKind::SnsTopic,
        ResourceKind::GlueJob,
        ResourceKind::GlueWorkflow,
    ];

    fn key(self) -> &'static str {
        match self {
            ResourceKind::S3Bucket => "s3_bucket",
            ResourceKind::KmsKey => "kms_key",
            ResourceKind::IamRole => "iam_role",
            ResourceKind::SnsTopic => "sns_topic",
            ResourceKind::GlueJob => "glue_job",
            ResourceKind::GlueWorkflow => "glue_workflow",
        }
    }

    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The Terraform resource type.
    pub fn tf_type(self) -> &'static str {
        match self {
            ResourceKind::S3Bucket => "aws_s3_bucket",
            ResourceKind::KmsKey => "aws_kms_key",
            ResourceKind::IamRole => "aws_iam_role",
            ResourceKind::SnsTopic => "aws_sns_topic",
            ResourceKind::GlueJob => "aws_glue_job",
            ResourceKind::GlueWorkflow => "aws_glue_workflow",
        }
    }

    /// One row per kind and attribute, from each resource type's "Return values" (CloudFormation)
    /// and "Attribute reference" (Terraform) documentation.
    pub fn read(self, attribute: Attribute) -> (CfnRead, &'static str) {
        use Attribute::{Arn, Name};
        use CfnRead::{GetAtt, Ref};
        match (self, attribute) {
            (ResourceKind::S3Bucket, Arn) => (GetAtt("Arn"), "arn"),
            (ResourceKind::S3Bucket, Name) => (Ref, "id"),
            (ResourceKind::KmsKey, Arn) => (GetAtt("Arn"), "arn"),
            (ResourceKind::KmsKey, Name) => (Ref, "key_id"),
            (ResourceKind::IamRole, Arn) => (GetAtt("Arn"), "arn"),
            (ResourceKind::IamRole, Name) => (Ref, "name"),
            (ResourceKind::SnsTopic, Arn) => (Ref, "arn"),
            (ResourceKind::SnsTopic, Name) => (GetAtt("TopicName"), "name"),
            // `Ref` of a Glue job or workflow returns its name, and CloudFormation documents no
            // `Arn` attribute for either: resolve never refers to their ARN (a policy that needs one
            // spells it out from the name), so that row reads the name.
            (ResourceKind::GlueJob | ResourceKind::GlueWorkflow, Name | Arn) => (Ref, "name"),
        }
    }
}

impl ResourceId {
    pub fn new(kind: ResourceKind, cfn: &str, tf: &str) -> Self {
        ResourceId {
            kind,
            cfn: cfn.to_owned(),
            tf: tf.to_owned(),
        }
    }

    /// A reference to one of this resource's attributes.
    pub fn attr(&self, attribute: Attribute) -> Ref {
        Ref::Resource(self.clone(), attribute)
    }

    /// This resource's ARN, as a value.
    pub fn arn(&self) -> Interp {
        Interp::reference(self.attr(Attribute::Arn))
    }

    /// This resource's name, as a value.
    pub fn name(&self) -> Interp {
        Interp::reference(self.attr(Attribute::Name))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Lit(String),
    Ref(Ref),
}

/// Serialized as `{"interp": [...]}` so the quoting filters can tell it from a plain string, or,
/// when it refers to nothing, as that plain string: both targets print it the same way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Interp {
    pub interp: Vec<Part>,
}

impl Serialize for Interp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.interp.as_slice() {
            [] => serializer.serialize_str(""),
            [Part::Lit(text)] => serializer.serialize_str(text),
            parts => {
                let mut map = serializer.serialize_struct("Interp", 1)?;
                map.serialize_field("interp", parts)?;
                map.end()
            }
        }
    }
}

impl Interp {
    pub fn lit(text: impl Into<String>) -> Self {
        Interp::default().text(text)
    }

    pub fn reference(r: Ref) -> Self {
        Interp::default().then(r)
    }

    /// Appends literal text.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        let text = text.into();
        if text.is_empty() {
            return self;
        }
        match self.interp.last_mut() {
            Some(Part::Lit(prev)) => prev.push_str(&text),
            _ => self.interp.push(Part::Lit(text)),
        }
        self
    }

    /// Appends a reference.
    pub fn then(mut self, r: Ref) -> Self {
        self.interp.push(Part::Ref(r));
        self
    }

    /// `arn:${Partition}:{service}:{region}:{account}:{resource}`, with region and account
    /// present only when `regional`.
    pub fn arn(service: &str, regional: bool, resource: &str) -> Self {
        let head = Interp::lit("arn:")
            .then(Ref::Partition)
            .text(format!(":{service}:"));
        let scoped = if regional {
            head.then(Ref::Region).text(":").then(Ref::AccountId)
        } else {
            head.text(":")
        };
        scoped.text(":").text(resource)
    }

    /// This value followed by every part of `other`.
    pub fn join(self, other: &Interp) -> Self {
        other.interp.iter().fold(self, |out, part| match part {
            Part::Lit(text) => out.text(text.as_str()),
            Part::Ref(r) => out.then(r.clone()),
        })
    }

    /// Whether a literal part holds `*`, IAM's wildcard.
    pub fn has_wildcard(&self) -> bool {
        self.interp
            .iter()
            .any(|p| matches!(p, Part::Lit(text) if text.contains('*')))
    }

    /// Splits text around a marker: each occurrence of `marker` becomes the reference.
    pub fn with_marker(text: &str, marker: &str, r: Ref) -> Self {
        let mut out = Interp::default();
        for (i, piece) in text.split(marker).enumerate() {
            if i > 0 {
                out = out.then(r.clone());
            }
            out = out.text(piece);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_and_regional_arns() {
        assert_eq!(
            Interp::arn("s3", false, "b"),
            Interp {
                interp: vec![
                    Part::Lit("arn:".into()),
                    Part::Ref(Ref::Partition),
                    Part::Lit(":s3:::b".into()),
                ]
            }
        );
        let logs = Interp::arn("logs", true, "log-group:x");
        assert_eq!(logs.interp.len(), 7);
        assert_eq!(logs.interp[6], Part::Lit(":log-group:x".into()));
    }

    #[test]
    fn references_read_back_from_their_context_spelling() {
        let refs = [
            Ref::Partition,
            Ref::Region,
            Ref::AccountId,
            Ref::UrlSuffix,
            super::super::ids::data_key().attr(Attribute::Arn),
            super::super::ids::access_log_bucket().attr(Attribute::Name),
        ];
        for r in refs {
            let json = serde_json::to_value(&r).unwrap_or_default();
            assert!(json.is_string(), "{json}");
            assert_eq!(serde_json::from_value::<Ref>(json).ok(), Some(r));
        }
        assert_eq!(Ref::from_key("kms_key:DataKey"), None);
        assert_eq!(Ref::from_key("bucket:A:b:arn"), None);
    }

    #[test]
    fn marker_splits_into_references() {
        let i = Interp::with_marker("a@b@", "@", Ref::Region);
        assert_eq!(
            i.interp,
            vec![
                Part::Lit("a".into()),
                Part::Ref(Ref::Region),
                Part::Lit("b".into()),
                Part::Ref(Ref::Region),
            ]
        );
    }
}
