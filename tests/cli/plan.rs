//! `sparkgen plan` as a user runs it: one spec in three formats, two specs, a spec against its
//! committed self (`--base`), and what it refuses.

use std::fs;
use std::process::Command;

use super::{sparkgen, with_seed};

#[test]
fn the_plan_of_each_example_in_each_format() {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["seed", "pipeline"] {
        let spec = format!("examples/{name}.yaml");
        for format in ["human", "json", "mermaid"] {
            let r = sparkgen(here, &["plan", &spec, "--format", format]);
            assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{name} {format}");
            insta::assert_snapshot!(format!("plan-{name}-{format}"), r.stdout);
        }
    }
}

#[test]
fn a_renamed_bucket_is_named_as_replaced() {
    let dir = with_seed();
    let renamed = fs::read_to_string(dir.path().join("spec.yaml"))
        .expect("spec")
        .replace(
            "bucketName: my-spark-processing-bucket",
            "bucketName: my-renamed-bucket",
        );
    fs::write(dir.path().join("new.yaml"), renamed).expect("write");
    let r = sparkgen(dir.path(), &["plan", "spec.yaml", "new.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "-/+ replace AWS::S3::Bucket DataBucket my-spark-processing-bucket -> my-renamed-bucket (BucketName cannot change in place)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("WARNING: bucket my-spark-processing-bucket (DataBucket) is REPLACED"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("plan-renamed-bucket-human", r.stdout);
    let json = sparkgen(
        dir.path(),
        &["plan", "spec.yaml", "new.yaml", "--format", "json"],
    );
    assert_eq!(json.code, 0);
    let diff: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let replaced: Vec<&str> = diff["replaced"]
        .as_array()
        .expect("replaced")
        .iter()
        .filter_map(|c| c["logicalId"].as_str())
        .collect();
    assert!(replaced.contains(&"DataBucket"), "{replaced:?}");
    assert_eq!(diff["replaced"][0]["replacedBy"][0], "BucketName");
    insta::assert_snapshot!("plan-renamed-bucket-json", json.stdout);
}

#[test]
fn a_cost_change_alone_is_an_update_with_its_price() {
    let dir = with_seed();
    let bigger = fs::read_to_string(dir.path().join("spec.yaml"))
        .expect("spec")
        .replace("glueNumberOfWorkers: 10", "glueNumberOfWorkers: 20");
    fs::write(dir.path().join("new.yaml"), bigger).expect("write");
    let r = sparkgen(dir.path(), &["plan", "spec.yaml", "new.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "  ~ update  AWS::Glue::Job GlueJob spark-processing-job (changes NumberOfWorkers)"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("0 to replace"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("one run of every job: USD 211.20 -> USD 422.40 (+211.20)"),
        "{}",
        r.stdout
    );
}

#[test]
fn base_compares_the_spec_with_its_committed_self() {
    let dir = with_seed();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "spec.yaml"]);
    git(&["commit", "-q", "-m", "seed"]);
    let edited = fs::read_to_string(dir.path().join("spec.yaml"))
        .expect("spec")
        .replace(
            "glueJobName: spark-processing-job",
            "glueJobName: spark-renamed-job",
        );
    fs::write(dir.path().join("spec.yaml"), edited).expect("write");
    let r = sparkgen(dir.path(), &["plan", "spec.yaml", "--base", "HEAD"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Plan of HEAD:spec.yaml -> spec.yaml\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "-/+ replace AWS::Glue::Job GlueJob spark-processing-job -> spark-renamed-job (Name cannot change in place)"
        ),
        "{}",
        r.stdout
    );
    let missing = sparkgen(dir.path(), &["plan", "spec.yaml", "--base", "no-such-rev"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .starts_with("error: --base no-such-rev: git cannot show spec.yaml"),
        "{}",
        missing.stderr
    );
}

#[test]
fn what_plan_refuses() {
    let dir = with_seed();
    let r = sparkgen(dir.path(), &["plan", "spec.yaml", "--region", "eu-west-9"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no Glue prices for region `eu-west-9`"),
        "{}",
        r.stderr
    );
    let given = sparkgen(
        dir.path(),
        &[
            "plan",
            "spec.yaml",
            "--region",
            "eu-west-9",
            "--price-per-dpu-hour",
            "0.5",
            "--flex-price-per-dpu-hour",
            "0.3",
            "--format",
            "json",
        ],
    );
    assert_eq!(given.code, 0, "{}", given.stderr);
    assert!(
        given.stdout.contains("\"usd\": 240.0"),
        "480 DPU-hours at 0.50"
    );
    let negative = sparkgen(
        dir.path(),
        &["plan", "spec.yaml", "--price-per-dpu-hour", "-1"],
    );
    assert_eq!(negative.code, 2);
    fs::write(dir.path().join("bad.yaml"), "bucketName: x\n").expect("write");
    let invalid = sparkgen(dir.path(), &["plan", "bad.yaml"]);
    assert_eq!(invalid.code, 1);
    assert!(invalid.stderr.contains("bad.yaml:1:"), "{}", invalid.stderr);
    assert_eq!(invalid.stdout, "");
}

#[test]
fn check_names_what_a_stale_template_would_replace() {
    let dir = with_seed();
    let r = sparkgen(dir.path(), &["render", "spec.yaml", "--out", "o"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let renamed = fs::read_to_string(dir.path().join("spec.yaml"))
        .expect("spec")
        .replace(
            "glueJobName: spark-processing-job",
            "glueJobName: spark-renamed-job",
        );
    fs::write(dir.path().join("spec.yaml"), renamed).expect("write");
    let r = sparkgen(dir.path(), &["check", "spec.yaml", "--out", "o"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "deploying o/cloudformation/template.yaml as rendered now replaces or deletes resources:\n\
             -/+ replace AWS::KMS::Alias DataKeyAlias alias/spark-processing-job -> alias/spark-renamed-job (AliasName cannot change in place)\n"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "-/+ replace AWS::Glue::Job GlueJob spark-processing-job -> spark-renamed-job (Name cannot change in place)\n"
        ),
        "{}",
        r.stderr
    );
    // A change that replaces nothing adds no summary.
    let dir = with_seed();
    assert_eq!(
        sparkgen(dir.path(), &["render", "spec.yaml", "--out", "o"]).code,
        0
    );
    let bigger = fs::read_to_string(dir.path().join("spec.yaml"))
        .expect("spec")
        .replace("glueNumberOfWorkers: 10", "glueNumberOfWorkers: 12");
    fs::write(dir.path().join("spec.yaml"), bigger).expect("write");
    let r = sparkgen(dir.path(), &["check", "spec.yaml", "--out", "o"]);
    assert_eq!(r.code, 1);
    assert!(!r.stderr.contains("replaces or deletes"), "{}", r.stderr);
}
