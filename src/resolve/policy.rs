//! IAM policy documents as data: CloudFormation prints them as YAML, Terraform as
//! `aws_iam_policy_document` blocks, from the same statements.

use super::checkov::Skip;
use super::interp::Interp;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyDocument {
    pub statements: Vec<Statement>,
    /// Checks checkov runs on a policy document as a resource of its own. Only Terraform has one
    /// (`aws_iam_policy_document`); CloudFormation embeds the document in its owner's properties.
    pub checkov_skips: Vec<Skip>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub sid: String,
    pub effect: &'static str,
    /// Empty for identity policies (a role's inline policy).
    pub principals: Vec<Principal>,
    pub actions: Vec<String>,
    pub resources: Vec<Interp>,
    /// Grouped by operator, because CloudFormation nests `Condition: {Operator: {key: values}}`.
    pub conditions: Vec<ConditionGroup>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    /// `AWS` or `Service`.
    pub kind: &'static str,
    pub identifiers: Vec<Interp>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConditionGroup {
    pub test: &'static str,
    pub entries: Vec<ConditionEntry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConditionEntry {
    pub variable: String,
    pub values: Vec<Interp>,
}

impl Statement {
    pub fn allow(sid: &str, actions: &[&str], resources: Vec<Interp>) -> Self {
        Statement {
            sid: sid.to_owned(),
            effect: "Allow",
            principals: Vec::new(),
            actions: actions.iter().map(|a| (*a).to_owned()).collect(),
            resources,
            conditions: Vec::new(),
        }
    }

    pub fn deny(sid: &str, actions: &[&str], resources: Vec<Interp>) -> Self {
        Statement {
            effect: "Deny",
            ..Statement::allow(sid, actions, resources)
        }
    }

    pub fn principal(mut self, kind: &'static str, identifier: Interp) -> Self {
        self.principals.push(Principal {
            kind,
            identifiers: vec![identifier],
        });
        self
    }

    /// One principal element of several identifiers of one kind (every job's role).
    pub fn principals(mut self, kind: &'static str, identifiers: Vec<Interp>) -> Self {
        self.principals.push(Principal { kind, identifiers });
        self
    }

    pub fn condition(mut self, test: &'static str, variable: &str, values: Vec<Interp>) -> Self {
        let entry = ConditionEntry {
            variable: variable.to_owned(),
            values,
        };
        match self.conditions.iter_mut().find(|g| g.test == test) {
            Some(group) => group.entries.push(entry),
            None => self.conditions.push(ConditionGroup {
                test,
                entries: vec![entry],
            }),
        }
        self
    }
}
