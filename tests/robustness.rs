//! No input makes `sparkgen validate` panic or hang: each hostile or broken input gets a clear
//! error, fast, from the real binary. Exit 1: the file was read but is no valid spec (empty,
//! too large, not UTF-8, not a mapping, too deep, aliases). Exit 2: it could not be read at all
//! (missing, a directory). Never 101 (a panic).

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

struct Run {
    code: Option<i32>,
    stderr: String,
    took: Duration,
}

fn validate(path: &Path) -> Run {
    let started = Instant::now();
    let out: Output = Command::new(env!("CARGO_BIN_EXE_sparkgen"))
        .arg("validate")
        .arg(path)
        .env("NO_COLOR", "1")
        .output()
        .expect("sparkgen runs");
    Run {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: started.elapsed(),
    }
}

fn file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn assert_rejected(run: &Run, code: i32, needle: &str) {
    assert_eq!(run.code, Some(code), "{}", run.stderr);
    assert!(
        run.stderr.contains(needle),
        "{needle:?} not in\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// "Billion laughs": ten aliases of ten aliases, nine levels deep, would expand to 10^9 nodes.
fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text
}

#[test]
fn empty_and_comment_only_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in [("empty.yaml", ""), ("comment.yaml", "# nothing\n")] {
        let run = validate(&file(&dir, name, text.as_bytes()));
        assert_rejected(&run, 1, "error[empty]: the spec is empty");
    }
}

#[test]
fn a_directory_and_a_missing_file_are_io_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = validate(dir.path());
    assert_rejected(&run, 2, "is a directory, not a spec file");
    let run = validate(&dir.path().join("missing.yaml"));
    assert_rejected(&run, 2, "no such file");
}

#[test]
fn bytes_that_are_not_utf8() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = validate(&file(&dir, "latin1.yaml", b"bucketName: caf\xe9\n"));
    assert_rejected(
        &run,
        1,
        "is not UTF-8 text: byte 0xE9 at offset 15 (line 1, column 16)",
    );
    let run = validate(&file(&dir, "utf16.yaml", b"\xff\xfeb\x00:\x00"));
    assert_rejected(&run, 1, "the file looks like UTF-16; save it as UTF-8");
}

#[test]
fn a_top_level_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = validate(&file(&dir, "list.yaml", b"- bucketName: b\n"));
    assert_rejected(
        &run,
        1,
        "the spec must be a mapping of settings, not a list",
    );
}

#[test]
fn a_100_mib_file_is_refused_by_its_size_without_being_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.yaml");
    // Sparse: the test costs no disk, and sparkgen must not read it to find out.
    let huge = std::fs::File::create(&path).expect("create");
    huge.set_len(100 * 1024 * 1024).expect("set_len");
    let run = validate(&path);
    assert_rejected(
        &run,
        1,
        "is 104857600 bytes; a spec is small, so sparkgen reads at most 1 MiB",
    );
    assert!(run.took < Duration::from_secs(1), "{:?}", run.took);
}

#[test]
fn nesting_10000_deep() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lists = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let maps = format!("a: {}1{}\n", "{a: ".repeat(10_000), "}".repeat(10_000));
    for (name, text) in [("lists.yaml", lists), ("maps.yaml", maps)] {
        let run = validate(&file(&dir, name, text.as_bytes()));
        assert_rejected(
            &run,
            1,
            "the spec nests mappings and lists more than 64 levels deep",
        );
        assert!(run.took < Duration::from_secs(1), "{name}: {:?}", run.took);
    }
}

#[test]
fn an_alias_bomb_is_rejected_fast_without_expanding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = validate(&file(&dir, "bomb.yaml", alias_bomb().as_bytes()));
    assert_rejected(
        &run,
        1,
        "YAML aliases (`*name`) are not supported in a spec",
    );
    assert!(run.took < Duration::from_secs(1), "{:?}", run.took);
}

#[test]
fn a_file_of_one_mebibyte_of_list_items_stays_fast() {
    // Linear work only: a quadratic check over a list this long would take minutes.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from(
        "bucketName: my-bucket\nglueJobName: j\nglueJobScript: s3://my-bucket/j.py\ncustomMetrics:\n",
    );
    while text.len() < 1024 * 1024 - 16 {
        text.push_str("  - m.x\n");
    }
    let run = validate(&file(&dir, "long.yaml", text.as_bytes()));
    assert_rejected(&run, 1, "error[duplicate-metric]");
    assert!(
        run.stderr.contains("stopped after 50 problems"),
        "{}",
        run.stderr
    );
    // A debug build on a loaded 2-core CI machine takes a few seconds; quadratic work over these
    // 131,000 items would take minutes, so the bound still tells the two apart.
    assert!(run.took < Duration::from_secs(20), "{:?}", run.took);
}
