//! The corpus of invalid specs under tests/invalid/, one mistake class each: every file is
//! rejected, and its full human-readable report (no colour) is an insta snapshot.

use std::path::{Path, PathBuf};

use sparkgen::diagnostic::render_human;
use sparkgen::generate::load_spec;

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new("tests/invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/invalid")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_invalid_spec_is_rejected_with_its_full_report() {
    let files = corpus();
    assert!(files.len() >= 25, "the corpus shrank: {files:?}");
    for path in files {
        let loaded = load_spec(&path);
        let report = loaded
            .reports()
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{} was accepted", path.display()));
        assert!(
            report
                .diagnostics
                .iter()
                .all(|d| d.span.is_some() || d.code == "empty"),
            "{}: every diagnostic but `empty` has a place",
            path.display()
        );
        let text = render_human(&[report], false);
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        insta::assert_snapshot!(stem.to_owned(), text);
    }
}

#[test]
fn every_invalid_spec_starts_with_the_schema_line() {
    for path in corpus() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            "# yaml-language-server: $schema=../../schema/sparkgen.schema.json",
            "{}",
            path.display()
        );
    }
}
