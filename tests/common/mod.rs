//! Helpers shared by the integration tests: render an example in process and read the outputs back
//! with independent parsers (serde_yaml for CloudFormation, hcl-rs for Terraform).

#![allow(dead_code)]

pub mod normalize;

use std::path::{Path, PathBuf};

use serde_json::Value;
use sparkgen::render::{render_all, RenderedFile, Target};
use sparkgen::resolve::resolve;
use sparkgen::spec::Spec;
use sparkgen::validate::validate_environments;

/// Every example tree: an example's name, or `name@env` for each environment of one with
/// `environments` (each is its own deployment, so every test runs on each).
pub const EXAMPLES: &[&str] = &[
    "seed",
    "minimal",
    "production",
    "nightly",
    "pipeline",
    "lake",
    "environments@dev",
    "environments@prod",
    "team-code",
];

/// `environments@prod` -> (`environments`, Some(`prod`)).
pub fn split_env(name: &str) -> (&str, Option<&str>) {
    match name.split_once('@') {
        Some((file, env)) => (file, Some(env)),
        None => (name, None),
    }
}

pub fn example_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{}.yaml", split_env(name).0))
}

/// The spec `name` stands for (`name@env`: that environment's), validated from `text`, and the
/// source name its files' headers give, as `sparkgen render --env` does.
pub fn spec_of(name: &str, text: &str) -> (Spec, String) {
    let (file, env) = split_env(name);
    let validated = match validate_environments(text) {
        Ok(validated) => validated,
        Err(d) => panic!("{name} is invalid: {d:?}"),
    };
    match env {
        None => (validated.spec, format!("examples/{file}.yaml")),
        Some(env) => {
            let spec = validated
                .environments
                .into_iter()
                .find(|(n, _)| n == env)
                .map(|(_, s)| s)
                .unwrap_or_else(|| panic!("{file} has no environment {env}"));
            (spec, format!("examples/{file}.yaml (environment {env})"))
        }
    }
}

/// The files `target` renders for `name` from `text`.
pub fn render_text(name: &str, text: &str, target: Target) -> Vec<RenderedFile> {
    let (spec, source) = spec_of(name, text);
    let stack = resolve(&spec, &source);
    render_all(&stack, &[target]).expect("render")
}

pub fn render_example(name: &str, target: Target) -> Vec<RenderedFile> {
    let text = std::fs::read_to_string(example_path(name)).expect("example");
    render_text(name, &text, target)
}

pub fn file<'a>(files: &'a [RenderedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| {
            panic!(
                "no {path} in {:?}",
                files.iter().map(|f| &f.path).collect::<Vec<_>>()
            )
        })
        .contents
}

/// The CloudFormation template of an example, parsed.
pub fn cloudformation(name: &str) -> Value {
    let files = render_example(name, Target::Cloudformation);
    parse_yaml(file(&files, "cloudformation/template.yaml"))
}

pub fn parse_yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("CloudFormation output is YAML")
}

/// main.tf of an example, parsed into JSON form (`resource.TYPE.NAME.attr`).
pub fn terraform(name: &str) -> Value {
    let files = render_example(name, Target::Terraform);
    parse_hcl(file(&files, "terraform/main.tf"))
}

pub fn parse_hcl(text: &str) -> Value {
    hcl::from_str(text).expect("Terraform output is HCL")
}

pub fn cfn_resource<'a>(template: &'a Value, id: &str) -> &'a Value {
    &template["Resources"][id]
}

pub fn tf_resource<'a>(main: &'a Value, kind: &str, name: &str) -> &'a Value {
    &main["resource"][kind][name]
}
