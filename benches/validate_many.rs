//! Benchmark for the validate budget (README, "Performance"): `sparkgen validate` over 1,000 specs in one
//! process, under 0.5 s on the 2-core reference machine. Writes 1,000 distinct valid specs to a
//! temporary directory, runs the binary over all of them several times and prints the figures.
//!
//! `cargo bench --bench validate_many` (the release binary; the budget is about it).

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const SPECS: usize = 1_000;
const RUNS: usize = 9;
const BUDGET: Duration = Duration::from_millis(500);

/// A valid spec, different for every `i`, from the minimal to the production shape.
fn spec(i: usize) -> String {
    let version = ["3.0", "4.0", "5.0", "5.1"][i % 4];
    let worker = ["G.1X", "G.2X", "G.4X", "G.8X"][i % 4];
    let mut text = format!(
        "# yaml-language-server: $schema=../schema/sparkgen.schema.json\n\
         bucketName: bench-bucket-{i:04}\n\
         glueJobName: bench-job-{i}\n\
         glueJobScript: s3://bench-bucket-{i:04}/jobs/job_{i}.py\n\
         glueVersion: \"{version}\"\n\
         glueWorkerType: {worker}\n\
         glueNumberOfWorkers: {}\n\
         glueTimeout: {}\n\
         enableEncryption: {}\n\
         enableMetrics: {}\n\
         alarmThresholds:\n  failedTasks: {}\n  memoryUtilization: {}\n  processingTime: {}\n\
         tags:\n  team: team-{}\n  index: \"{i}\"\n",
        2 + i % 200,
        60 + i,
        i % 2 == 0,
        i % 3 == 0,
        i % 10,
        50 + i % 50,
        600 + i,
        i % 7,
    );
    if i % 3 == 0 {
        text.push_str(&format!(
            "environment: production\nmaxRetries: {}\nlogRetentionDays: 365\n\
             alarmEmail: oncall-{i}@example.com\n\
             customMetrics:\n  - glue.driver.aggregate.recordsRead\n  - glue.ALL.jvm.heap.used\n\
             defaultArguments:\n  --source_prefix: raw/{i}/\n  --enable-glue-datacatalog: \"true\"\n\
             lifecycleRules:\n  transitionToInfrequentAccessDays: {}\n\
             corsRules:\n  - allowedOrigins: [\"https://app{i}.example.com\"]\n    allowedMethods: [GET, HEAD]\n",
            i % 11,
            30 + i % 60,
        ));
    }
    text
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let paths: Vec<PathBuf> = (0..SPECS)
        .map(|i| {
            let path = dir.path().join(format!("spec-{i:04}.yaml"));
            std::fs::write(&path, spec(i)).expect("write a spec");
            path
        })
        .collect();
    let bytes: usize = (0..SPECS).map(|i| spec(i).len()).sum();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_sparkgen"))
            .arg("validate")
            .args(&paths)
            .output()
            .expect("sparkgen runs");
        times.push(started.elapsed());
        assert!(
            out.status.success(),
            "the generated specs must be valid:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[RUNS / 2];
    println!(
        "validate_many: {SPECS} specs ({} KiB) in one process: median {:.1} ms, min {:.1} ms, \
         max {:.1} ms over {RUNS} runs; budget {} ms: {}",
        bytes / 1024,
        ms(median),
        ms(times[0]),
        ms(times[RUNS - 1]),
        BUDGET.as_millis(),
        if median < BUDGET { "within" } else { "OVER" }
    );
}
