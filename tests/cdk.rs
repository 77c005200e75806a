//! Migrating from the CDK app (docs/migrating-from-cdk.md): the seed's configuration, pasted as
//! the TypeScript object literal a CDK app passes to its construct, is a valid spec, and the same
//! spec as examples/seed.yaml.

use std::path::{Path, PathBuf};

use sparkgen::generate::{load_spec, render_specs};
use sparkgen::render::Target;

const LITERAL: &str = "tests/fixtures/cdk/seed-props.sparkgen.yaml";
const SEED: &str = "examples/seed.yaml";

#[test]
fn the_seed_cdk_object_literal_validates() {
    let loaded = load_spec(Path::new(LITERAL));
    let reports = loaded.reports();
    assert!(
        reports.is_empty(),
        "{LITERAL} is invalid:\n{}",
        sparkgen::diagnostic::render_human(&reports, false)
    );
}

#[test]
fn the_seed_cdk_object_literal_renders_what_the_seed_spec_renders() {
    let render = |spec: &str| {
        render_specs(&[PathBuf::from(spec)], &Target::ALL, None, &[], None)
            .unwrap_or_else(|_| panic!("{spec} renders"))
            .files
    };
    let literal = render(LITERAL);
    let seed = render(SEED);
    assert_eq!(literal.len(), seed.len());
    for (from_literal, from_seed) in literal.iter().zip(&seed) {
        assert_eq!(from_literal.path, from_seed.path);
        // The generated-file header names the spec it came from; nothing else may differ.
        assert_eq!(
            from_literal.contents.replace(LITERAL, SEED),
            from_seed.contents,
            "{}",
            from_literal.path
        );
    }
}
