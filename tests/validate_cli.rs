//! `sparkgen validate` as a user runs it: the real binary, its exit code, stderr and stdout.

use std::process::{Command, Output};

fn sparkgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sparkgen"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("sparkgen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const THREE: &str = "tests/invalid/three-mistakes.yaml";

#[test]
fn three_mistakes_give_three_diagnostics_at_their_lines_and_exit_1() {
    let out = sparkgen(&["validate", THREE]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let headers: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error[")).collect();
    let expected = [
        "error[bucket-name]: bucket name `My_Bucket` contains `M`: uppercase letters are not allowed",
        "error[unknown-value]: `glueWorkerType` cannot be `G.3X`",
        "error[unknown-key]: unknown key `memoryUtilisation` in `alarmThresholds`",
    ];
    assert_eq!(headers, expected, "{stderr}");
    let places: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .collect();
    let expected = [
        "tests/invalid/three-mistakes.yaml:3:13",
        "tests/invalid/three-mistakes.yaml:7:17",
        "tests/invalid/three-mistakes.yaml:12:3",
    ];
    assert_eq!(places, expected);
    assert!(out.stdout.is_empty(), "diagnostics go to stderr");
}

#[test]
fn json_format_gives_one_object_per_diagnostic_on_stdout() {
    let out = sparkgen(&["validate", "--format", "json", THREE]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let objects: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let found: Vec<_> = objects
        .iter()
        .map(|o| {
            (
                o["file"].as_str().unwrap_or_default(),
                o["line"].as_u64().unwrap_or_default(),
                o["column"].as_u64().unwrap_or_default(),
                o["code"].as_str().unwrap_or_default(),
                o["path"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    let expected = [
        (THREE, 3, 13, "bucket-name", "/bucketName"),
        (THREE, 7, 17, "unknown-value", "/glueWorkerType"),
        (
            THREE,
            12,
            3,
            "unknown-key",
            "/alarmThresholds/memoryUtilisation",
        ),
    ];
    assert_eq!(found, expected);
    assert_eq!(objects[2]["hint"], "did you mean `memoryUtilization`?");
    assert_eq!(objects[0]["severity"], "error");
    assert!(objects[1]["expected"]
        .as_str()
        .is_some_and(|e| e.contains("G.1X")));
}

#[test]
fn valid_specs_pass_with_exit_0() {
    let out = sparkgen(&[
        "validate",
        "examples/seed.yaml",
        "examples/minimal.yaml",
        "examples/production.yaml",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "examples/seed.yaml: valid\nexamples/minimal.yaml: valid\nexamples/production.yaml: valid\n"
    );
}

#[test]
fn every_file_of_a_run_is_reported_and_an_unreadable_one_makes_it_exit_2() {
    let out = sparkgen(&[
        "validate",
        "tests/invalid/unknown-key.yaml",
        "examples/seed.yaml",
        "tests/invalid/no-such-file.yaml",
        "tests/invalid/bucket-name.yaml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    for needle in [
        "--> tests/invalid/unknown-key.yaml:6:1",
        "error[io]: cannot read `tests/invalid/no-such-file.yaml`: no such file",
        "--> tests/invalid/bucket-name.yaml:3:13",
        "examples/seed.yaml: valid",
    ] {
        assert!(stderr.contains(needle), "{needle:?} not in\n{stderr}");
    }
}

#[test]
fn the_schema_command_prints_the_committed_schema() {
    let out = sparkgen(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let committed = std::fs::read_to_string("schema/sparkgen.schema.json").expect("committed");
    assert_eq!(text(&out.stdout), committed);
}
