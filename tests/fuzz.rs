//! Fuzzing validation: arbitrary bytes, YAML token soup and mutated examples must never make
//! sparkgen panic, and every spec that validates must also resolve and render to every target.
//!
//! Few cases per property by default (see `config`), so `cargo test` stays fast; a long run:
//! `PROPTEST_CASES=100000 cargo test --release --test fuzz`.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use sparkgen::render::{render_all, Target};
use sparkgen::resolve::resolve;
use sparkgen::validate::validate_text;

const EXAMPLES: &[&str] = &[
    include_str!("../examples/seed.yaml"),
    include_str!("../examples/minimal.yaml"),
    include_str!("../examples/production.yaml"),
    include_str!("../examples/nightly.yaml"),
    include_str!("../examples/pipeline.yaml"),
    include_str!("invalid/three-mistakes.yaml"),
    include_str!("invalid/yaml-alias.yaml"),
];

/// Pieces of YAML and of spec syntax, for token soup and for insertions.
const TOKENS: &[&str] = &[
    "bucketName",
    "glueJobName",
    "schedule",
    "cron(0 2 * * ? *)",
    "cron(0/1 * L * ? *)",
    "rate(15 minutes)",
    "executionClass",
    "flex",
    "maxConcurrentRuns",
    "jobs",
    "after",
    "orders-ingest",
    "orders-enrich",
    "glueJobScript",
    "extraPyFiles",
    "glueVersion",
    "glueWorkerType",
    "tags",
    "defaultArguments",
    "alarmThresholds",
    "corsRules",
    "customMetrics",
    "memoryUtilization",
    ":",
    ": ",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "&a",
    "*a",
    "&b",
    "*b",
    "!!str",
    "!!map",
    "!Ref",
    "'",
    "\"",
    "\\",
    "---",
    "...",
    "|",
    ">",
    "?",
    "%YAML 1.2",
    "<<",
    "~",
    "null",
    "true",
    "yes",
    "0",
    "-1",
    "4.0",
    "\"5.1\"",
    "1e400",
    ".nan",
    "0x1F",
    "G.1X",
    "G.3X",
    "s3://b/k.py",
    "\u{e9}",
    "\u{feff}",
    "\u{0}",
    "${x}",
    "%{y}",
    "\"\"\"",
    "'''",
];

/// Scalars to put where a value was: sound ones, so that mutated specs often still validate and
/// reach the renderers, and hostile ones.
const SCALARS: &[&str] = &[
    "0",
    "1",
    "2",
    "-1",
    "10079",
    "10080",
    "4294967296",
    "1.5",
    "85",
    "100.0",
    "1e3",
    "true",
    "false",
    "null",
    "~",
    "\"\"",
    "\"3.0\"",
    "\"4.0\"",
    "\"5.0\"",
    "\"5.1\"",
    "4.0",
    "G.2X",
    "R.1X",
    "Standard",
    "G.025X",
    "destroy",
    "retain",
    "pause",
    "my-bucket",
    "a.b.c",
    "s3://my-bucket/x.py",
    "jobs/run.py",
    "a@b.example",
    "[]",
    "{}",
    "[GET, HEAD]",
    "\"${x} %{y} \\\" ' \\\\ \\n\"",
    "'it''s'",
    "\"\u{e9}quipe donn\u{e9}es\"",
    "\"a\\u0000b\"",
    "\"line\\nbreak\"",
    "\"}}{{ {% raw %}\"",
    "\"</script>\"",
    "|\n  block\n",
];

/// Lines worth inserting whole: keys whose values reach the templates unchecked.
const LINES: &[&str] = &[
    "defaultArguments:\n  --x: \"${a} %{b} \\\" ' \\\\ \\n \\t\"",
    "defaultArguments: {--extra-py-files: \"s3://b/x.py\", --y: \"\"}",
    "tags: {team: \"a b:c/d=e+f-g@h\", \u{e9}quipe: donn\u{e9}es}",
    "environment: \"prod env\"",
    "customMetrics: [glue.driver.aggregate.bytesRead, glue.ALL.x-y_z]",
    "corsRules: [{allowedOrigins: [\"https://*.example.com\"], allowedMethods: [PUT], maxAge: 0}]",
    "alarmTopicArn: arn:aws:sns:eu-west-1:123456789012:t.x",
    "glueJobScript: ./scripts/my.job.py",
    "extraPyFiles: [jobs/lib, \"s3://b/a b.zip\", ../shared/x.py]",
    "glueVersion: \"3.0\"",
    "glueVersion: \"5.1\"",
    "enableEncryption: true",
    "removalPolicy: destroy",
    "alarmEmail: \"o'neil+alerts@example.com\"",
    "jobs: {j-2: {after: [j-3]}, j-3: {after: [j-2]}}",
    "jobs: {j_2: {after: [j-2]}, j-2: {schedule: rate(1 day), glueJobScript: ./j.py}}",
    "jobs: {x: {after: []}, y: {after: [x, x]}}",
];

fn pick<'a>(items: &[&'a str], index: usize) -> &'a str {
    items[index % items.len()]
}

/// Validates `text`; when it is a valid spec, resolves and renders every target too.
fn exercise(text: &str) -> Result<(), TestCaseError> {
    if let Ok(spec) = validate_text(text) {
        let stack = resolve(&spec, "fuzz.yaml");
        let rendered = render_all(&stack, &Target::ALL);
        prop_assert!(
            rendered.is_ok(),
            "a valid spec failed to render: {rendered:?}\n{text}"
        );
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    InsertToken(usize, usize, usize),
    InsertLine(usize, usize),
    ReplaceValue(usize, usize),
    Indent(usize, bool),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = 0..10_000usize;
    prop_oneof![
        n.clone().prop_map(Mutation::Delete),
        n.clone().prop_map(Mutation::Duplicate),
        (n.clone(), n.clone()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (n.clone(), n.clone(), n.clone()).prop_map(|(l, c, t)| Mutation::InsertToken(l, c, t)),
        (n.clone(), n.clone()).prop_map(|(l, t)| Mutation::InsertLine(l, t)),
        (n.clone(), n.clone()).prop_map(|(l, s)| Mutation::ReplaceValue(l, s)),
        (n, any::<bool>()).prop_map(|(l, deeper)| Mutation::Indent(l, deeper)),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for m in mutations {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let len = lines.len();
        let at = |i: usize| i % len;
        match *m {
            Mutation::Delete(i) => {
                lines.remove(at(i));
            }
            Mutation::Duplicate(i) => {
                let line = lines[at(i)].clone();
                lines.insert(at(i), line);
            }
            Mutation::Swap(i, j) => {
                let (i, j) = (at(i), at(j));
                lines.swap(i, j);
            }
            Mutation::InsertToken(i, column, token) => {
                let line = &mut lines[at(i)];
                let mut cut = column % (line.len() + 1);
                while !line.is_char_boundary(cut) {
                    cut -= 1;
                }
                line.insert_str(cut, pick(TOKENS, token));
            }
            Mutation::InsertLine(i, line) => lines.insert(at(i), pick(LINES, line).to_owned()),
            Mutation::ReplaceValue(i, scalar) => {
                let line = &mut lines[at(i)];
                if let Some(colon) = line.find(": ") {
                    line.truncate(colon + 2);
                    line.push_str(pick(SCALARS, scalar));
                } else if let Some(dash) = line.find("- ") {
                    line.truncate(dash + 2);
                    line.push_str(pick(SCALARS, scalar));
                }
            }
            Mutation::Indent(i, deeper) => {
                let line = &mut lines[at(i)];
                if deeper {
                    line.insert_str(0, "  ");
                } else if let Some(rest) = line.strip_prefix("  ") {
                    *line = rest.to_owned();
                }
            }
        }
    }
    lines.join("\n")
}

/// `cases` per property unless PROPTEST_CASES says otherwise. Rendering is slow in a debug
/// build, so the properties that reach the renderers most get fewer cases by default.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    // Failures are shrunk and printed; a found case becomes a plain test, not a file proptest keeps.
    config.failure_persistence = Some(Box::new(FileFailurePersistence::Off));
    config
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        exercise(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn yaml_token_soup(tokens in proptest::collection::vec(0..TOKENS.len(), 0..120)) {
        let text: String = tokens.into_iter().map(|i| TOKENS[i]).collect();
        exercise(&text)?;
    }

}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn mutated_examples(
        example in 0..EXAMPLES.len(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        exercise(&apply(EXAMPLES[example], &mutations))?;
    }

}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn examples_with_sound_lines_added(
        example in 0..3usize,
        lines in proptest::collection::vec((0..10_000usize, 0..LINES.len()), 1..4),
    ) {
        let mutations: Vec<Mutation> = lines
            .into_iter()
            .map(|(at, line)| Mutation::InsertLine(at, line))
            .collect();
        exercise(&apply(EXAMPLES[example], &mutations))?;
    }
}

#[test]
fn the_mutators_reach_the_renderers() {
    // Guards the fuzzer itself: without valid mutants, the render half would test nothing.
    let valid = (0..200)
        .filter(|i| {
            let mutations = [Mutation::InsertLine(i * 7 + 3, *i)];
            validate_text(&apply(EXAMPLES[i % 3], &mutations)).is_ok()
        })
        .count();
    assert!(valid > 20, "only {valid} of 200 mutants were valid");
}
