//! IAM policy documents printed straight from the resolved statements: CloudFormation as YAML
//! mappings, Terraform as `aws_iam_policy_document` data sources. These were Tera macros; a macro
//! call costs Tera a frame, a string buffer and a dotted lookup per line, and the six documents
//! of a stack made up half of a render. Printing them here, from typed data, keeps the layout
//! decisions where they were (the statements, decided in `resolve::iam`) and the quoting in
//! `quote`; the templates place the text with `{{ policies.<name> }}`.

use std::convert::Infallible;

use serde::Serialize;

use super::quote::{
    push_cfn_value, push_flow_list, push_hcl_string, push_tf_value, push_yaml_string,
};
use super::RenderError;
use crate::resolve::policy::Statement;
use crate::resolve::{Interp, PolicyDocument, Stack};

/// Every policy document of a stack, printed for one target. Names are the Terraform data
/// sources' names, used by both targets' templates.
#[derive(Debug, Serialize)]
pub struct Policies {
    pub data_bucket: String,
    pub access_logs: String,
    pub data_key: Option<String>,
    pub alarm_topic: Option<String>,
    /// Each job's role documents, in the order of the stack's jobs.
    pub jobs: Vec<JobPolicies>,
}

/// One job's role documents.
#[derive(Debug, Serialize)]
pub struct JobPolicies {
    pub glue_trust: String,
    pub glue_access: String,
}

impl Policies {
    /// Each document as a block mapping indented by eight spaces: where `PolicyDocument:`,
    /// `KeyPolicy:` and `AssumeRolePolicyDocument:` put it.
    pub fn cloudformation(stack: &Stack) -> Policies {
        let print = |document: &PolicyDocument| cloudformation(document, "        ");
        Policies {
            data_bucket: print(&stack.bucket.policy),
            access_logs: print(&stack.access_log_bucket.policy),
            data_key: stack.key.as_ref().map(|k| print(&k.policy)),
            alarm_topic: topic_policy(stack).map(print),
            jobs: stack
                .jobs
                .iter()
                .map(|j| JobPolicies {
                    glue_trust: print(&j.role.trust_policy),
                    glue_access: print(&j.role.job_policy.document),
                })
                .collect(),
        }
    }

    pub fn terraform(stack: &Stack) -> Result<Policies, RenderError> {
        Ok(Policies {
            data_bucket: terraform(&stack.bucket.policy_document, &stack.bucket.policy)?,
            access_logs: terraform("access_logs", &stack.access_log_bucket.policy)?,
            data_key: match &stack.key {
                Some(k) => Some(terraform("data_key", &k.policy)?),
                None => None,
            },
            alarm_topic: match topic_policy(stack) {
                Some(document) => Some(terraform("alarm_topic", document)?),
                None => None,
            },
            jobs: stack
                .jobs
                .iter()
                .map(|j| {
                    Ok(JobPolicies {
                        glue_trust: terraform(&j.ids.trust_document.tf, &j.role.trust_policy)?,
                        glue_access: terraform(
                            &j.ids.access_document.tf,
                            &j.role.job_policy.document,
                        )?,
                    })
                })
                .collect::<Result<_, RenderError>>()?,
        })
    }
}

/// The topic's policy exists only when sparkgen creates the topic.
fn topic_policy(stack: &Stack) -> Option<&PolicyDocument> {
    stack.topic.policy.as_ref()
}

/// A YAML block mapping, every line starting with `pad`, no line break at the end.
pub fn cloudformation(document: &PolicyDocument, pad: &str) -> String {
    let mut out = String::with_capacity(256 * (document.statements.len() + 1));
    // Starts a line and writes `text` on it; the caller writes any value after it.
    let line = |out: &mut String, text: &str| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(pad);
        out.push_str(text);
    };
    line(&mut out, "Version: \"2012-10-17\"");
    line(&mut out, "Statement:");
    for s in &document.statements {
        line(&mut out, "  - Sid: ");
        push_yaml_string(&mut out, &s.sid);
        line(&mut out, "    Effect: ");
        out.push_str(s.effect);
        if !s.principals.is_empty() {
            line(&mut out, "    Principal:");
            for p in &s.principals {
                line(&mut out, "      ");
                out.push_str(p.kind);
                out.push_str(": ");
                yaml_interps(&mut out, &p.identifiers);
            }
        }
        line(&mut out, "    Action: ");
        yaml_strings(&mut out, &s.actions);
        if !s.resources.is_empty() {
            line(&mut out, "    Resource: ");
            yaml_interps(&mut out, &s.resources);
        }
        if !s.conditions.is_empty() {
            line(&mut out, "    Condition:");
            for group in &s.conditions {
                line(&mut out, "      ");
                out.push_str(group.test);
                out.push(':');
                for entry in &group.entries {
                    line(&mut out, "        ");
                    push_yaml_string(&mut out, &entry.variable);
                    out.push_str(": ");
                    // One value as a scalar: IAM reads it as a list of one, and rule engines
                    // (cdk-nag's TLS-only checks) look for `"aws:SecureTransport": "false"`.
                    match entry.values.as_slice() {
                        [one] => push_cfn_value(&mut out, one),
                        many => yaml_interps(&mut out, many),
                    }
                }
            }
        }
    }
    out
}

/// A `data "aws_iam_policy_document"` block, unaligned (`hcl_format::align_into` lines up the `=`
/// of the whole file afterwards), no line break at the end.
pub fn terraform(name: &str, document: &PolicyDocument) -> Result<String, RenderError> {
    let mut out = String::with_capacity(320 * (document.statements.len() + 1));
    out.push_str("data \"aws_iam_policy_document\" \"");
    out.push_str(name);
    out.push_str("\" {");
    let skips = document.checkov_skips.iter();
    push_checkov_comments(&mut out, skips.map(|s| (s.id, s.reason.as_str())))?;
    for s in &document.statements {
        terraform_statement(&mut out, s);
    }
    out.push_str("\n}");
    Ok(out)
}

fn terraform_statement(out: &mut String, s: &Statement) {
    out.push_str("\n  statement {\n    sid = ");
    push_hcl_string(out, &s.sid);
    out.push_str("\n    effect = ");
    push_hcl_string(out, s.effect);
    out.push_str("\n    actions = ");
    hcl_strings(out, &s.actions);
    if !s.resources.is_empty() {
        out.push_str("\n    resources = ");
        hcl_interps(out, &s.resources);
    }
    for p in &s.principals {
        out.push_str("\n\n    principals {\n      type = ");
        push_hcl_string(out, p.kind);
        out.push_str("\n      identifiers = ");
        hcl_interps(out, &p.identifiers);
        out.push_str("\n    }");
    }
    for group in &s.conditions {
        for entry in &group.entries {
            out.push_str("\n\n    condition {\n      test = ");
            push_hcl_string(out, group.test);
            out.push_str("\n      variable = ");
            push_hcl_string(out, &entry.variable);
            out.push_str("\n      values = ");
            hcl_interps(out, &entry.values);
            out.push_str("\n    }");
        }
    }
    out.push_str("\n  }");
}

/// `#checkov:skip=ID:reason` lines, each after a line break, indented for a block's body. A
/// reason is plain text on one line: a line break would end the comment and start code.
pub fn checkov_comments<'a>(
    skips: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<String, RenderError> {
    let mut out = String::new();
    push_checkov_comments(&mut out, skips)?;
    Ok(out)
}

fn push_checkov_comments<'a>(
    out: &mut String,
    skips: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), RenderError> {
    for (id, reason) in skips {
        if reason
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
        {
            return Err(RenderError(format!(
                "checkov skip {id}: reason {reason:?} would break out of its line comment"
            )));
        }
        out.push_str("\n  #checkov:skip=");
        out.push_str(id);
        out.push(':');
        out.push_str(reason);
    }
    Ok(())
}

fn yaml_strings(out: &mut String, items: &[String]) {
    push_list(out, items, |out, s| push_yaml_string(out, s));
}

fn yaml_interps(out: &mut String, items: &[Interp]) {
    push_list(out, items, push_cfn_value);
}

fn hcl_strings(out: &mut String, items: &[String]) {
    push_list(out, items, |out, s| push_hcl_string(out, s));
}

fn hcl_interps(out: &mut String, items: &[Interp]) {
    push_list(out, items, push_tf_value);
}

/// A flow list whose items cannot fail to print.
fn push_list<T>(out: &mut String, items: &[T], push: impl Fn(&mut String, &T)) {
    let Ok(()) = push_flow_list::<_, Infallible>(out, items, |out, item| {
        push(out, item);
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skip_reason_cannot_end_its_comment_line() {
        let printed = checkov_comments([("CKV_AWS_1", "why not")]).map_err(|e| e.0);
        assert_eq!(
            printed,
            Ok("\n  #checkov:skip=CKV_AWS_1:why not".to_owned())
        );
        for reason in ["a\nresource \"x\" {", "a\rb", "a\u{2028}b"] {
            let err = checkov_comments([("CKV_AWS_1", reason)])
                .map(|_| ())
                .map_err(|e| e.0);
            assert!(
                matches!(&err, Err(m) if m.contains("line comment")),
                "{reason:?}: {err:?}"
            );
        }
    }
}
