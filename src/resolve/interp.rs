//! A string that mixes literal text with references to values only known at deploy time (the
//! partition, a key's ARN). Resolve builds these once; each target prints references its own way
//! (CloudFormation `Fn::Sub` with `${AWS::Region}`, Terraform `${data.aws_region.current.name}`), so
//! both describe the same value and neither template decides what it is.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize};

/// A deploy-time value a string can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ref {
    Partition,
    Region,
    AccountId,
    UrlSuffix,
    KeyArn,
    RoleArn,
    TopicArn,
    AccessLogBucketName,
    /// The buckets' ARNs by reference, for their own policies: rule engines (cdk-nag's S10)
    /// recognise a TLS-only policy by the bucket it names.
    DataBucketArn,
    AccessLogBucketArn,
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
            Part::Ref(r) => out.then(*r),
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
                out = out.then(r);
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
