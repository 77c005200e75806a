//! `sparkgen plan`'s arithmetic, read back from its JSON: DPU-hours and USD per run and per month,
//! for each execution class, schedule, retry count and expected duration.

mod common;

use serde_json::Value;
use sparkgen::plan::{self, Prices};
use sparkgen::resolve::resolve;
use sparkgen::validate::validate_text;

/// The plan of `text` at the default region's prices, as its JSON document.
fn plan_json(text: &str) -> Value {
    plan_of(&validate_text(text).unwrap_or_else(|d| panic!("invalid: {d:?}")))
}

fn plan_of(spec: &sparkgen::spec::Spec) -> Value {
    let spec = spec.clone();
    let stack = resolve(&spec, "spec.yaml");
    let prices = Prices::for_region("us-east-1", None, None).expect("a row");
    let plan = plan::plan(&spec, &stack, &prices).expect("plan");
    serde_json::to_value(&plan).expect("json")
}

fn seed() -> String {
    std::fs::read_to_string(common::example_path("seed")).expect("seed")
}

fn f(v: &Value, pointer: &str) -> f64 {
    v.pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("{pointer} is not a number in {v:#}"))
}

const ONE_JOB: &str = "bucketName: plan-test-bucket\nglueJobName: plan-job\nglueJobScript: s3://plan-test-bucket/scripts/job.py\n";

#[test]
fn the_seeds_worst_case_is_480_dpu_hours_and_211_dollars_20() {
    let plan = plan_json(&seed());
    let job = &plan["jobs"][0];
    assert_eq!(job["workerType"], "G.1X");
    assert_eq!(
        (job["workers"].as_u64(), job["dpu"].as_u64()),
        (Some(10), Some(10))
    );
    assert_eq!(job["timeoutMinutes"], 2880);
    assert_eq!(f(&plan, "/prices/standardPerDpuHour"), 0.44);
    assert_eq!(f(job, "/perRun/worstCase/dpuHours"), 480.0);
    assert_eq!(f(job, "/perRun/worstCase/usd"), 211.2);
    assert_eq!(f(&plan, "/total/perRun/worstCase/usd"), 211.2);
    // Nothing schedules the seed: no month, and nothing expected without expectedRunMinutes.
    assert!(job["perMonth"].is_null() && job["runsPerMonth"].is_null());
    assert!(job["perRun"]["expected"].is_null());
    // The same worst case as Flex, which G.1X may run in: 480 x 0.29.
    assert_eq!(job["perRunOtherClass"]["executionClass"], "FLEX");
    assert_eq!(f(job, "/perRunOtherClass/worstCaseUsd"), 139.2);
    assert!(plan["scope"]
        .as_str()
        .unwrap_or_default()
        .contains("Glue compute only"));
}

#[test]
fn flex_is_priced_at_the_flex_rate() {
    let plan = plan_json(&format!(
        "{ONE_JOB}glueWorkerType: G.2X\nglueNumberOfWorkers: 5\nglueTimeout: 90\nexecutionClass: flex\n"
    ));
    let job = &plan["jobs"][0];
    assert_eq!(job["executionClass"], "FLEX");
    assert_eq!(job["dpu"], 10, "5 workers x 2 DPU");
    assert_eq!(f(job, "/pricePerDpuHour"), 0.29);
    // 10 DPU x 1.5 h = 15 DPU-hours; x 0.29 = 4.35; at the standard rate 6.60.
    assert_eq!(f(job, "/perRun/worstCase/dpuHours"), 15.0);
    assert_eq!(f(job, "/perRun/worstCase/usd"), 4.35);
    assert_eq!(f(job, "/perRunOtherClass/worstCaseUsd"), 6.6);
}

#[test]
fn a_weekday_cron_runs_about_22_times_a_month() {
    let plan = plan_json(&format!(
        "{ONE_JOB}glueNumberOfWorkers: 4\nglueTimeout: 60\nalarmThresholds:\n  processingTime: 1800\nexpectedRunMinutes: 15\nschedule: cron(0 18 ? * MON-FRI *)\n"
    ));
    let job = &plan["jobs"][0];
    let runs = f(job, "/runsPerMonth");
    // 1,043 weekdays in the 48 months from 2027: 21.73 a month.
    assert_eq!(runs, 21.73);
    assert_eq!(runs.round(), 22.0);
    // Per run: 4 DPU x 1 h = 4 DPU-hours, USD 1.76; expected 4 x 0.25 h = 1 DPU-hour, USD 0.44.
    assert_eq!(f(job, "/perRun/worstCase/usd"), 1.76);
    assert_eq!(f(job, "/perRun/expected/dpuHours"), 1.0);
    assert_eq!(f(job, "/perRun/expected/usd"), 0.44);
    // A month: 1,043 / 48 runs of each.
    let exact: f64 = 1043.0 / 48.0;
    assert_eq!(
        f(job, "/perMonth/worstCase/usd"),
        (exact * 1.76 * 100.0).round() / 100.0
    );
    assert_eq!(
        f(job, "/perMonth/expected/usd"),
        (exact * 0.44 * 100.0).round() / 100.0
    );
    assert_eq!(
        f(&plan, "/total/perMonth/worstCase/usd"),
        f(job, "/perMonth/worstCase/usd")
    );
}

#[test]
fn every_retry_can_run_to_the_timeout() {
    let plan = plan_json(&format!(
        "{ONE_JOB}glueTimeout: 60\nmaxRetries: 2\nalarmThresholds:\n  processingTime: 1800\n"
    ));
    // 10 DPU (the default 10 G.1X workers) x 1 h x 3 attempts.
    assert_eq!(f(&plan, "/jobs/0/perRun/worstCase/dpuHours"), 30.0);
    assert_eq!(f(&plan, "/jobs/0/perRun/worstCase/usd"), 13.2);
}

#[test]
fn chained_jobs_run_as_often_as_the_workflow_starts() {
    let text = std::fs::read_to_string(common::example_path("pipeline")).expect("pipeline");
    let plan = plan_json(&text);
    let jobs = plan["jobs"].as_array().expect("jobs");
    assert_eq!(jobs.len(), 3);
    let daily: f64 = 1461.0 / 48.0;
    let runs = |i: usize| f(&jobs[i], "/runsPerMonth");
    assert_eq!(runs(0), (daily * 100.0).round() / 100.0, "the daily ingest");
    assert_eq!(runs(1), runs(0), "enrich runs after every ingest");
    assert!(jobs[1]["startedBy"]
        .as_str()
        .unwrap_or_default()
        .contains("orders-ingest succeeding"));
    assert_eq!(
        runs(2),
        4.35,
        "the Sunday compaction: 209 Sundays in 48 months"
    );
    assert_eq!(plan["workflow"], "orders-ingest-pipeline");
    let conditional = plan["triggers"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["kind"] == "CONDITIONAL"))
        .expect("a conditional trigger");
    assert_eq!(conditional["after"][0], "orders-ingest");
    assert_eq!(conditional["starts"][0], "orders-enrich");
    // The pipeline's month is the sum of its jobs'.
    let sum: f64 = jobs.iter().map(|j| f(j, "/perMonth/worstCase/usd")).sum();
    assert!((f(&plan, "/total/perMonth/worstCase/usd") - sum).abs() < 0.011);
}

#[test]
fn resources_are_the_templates_each_with_its_job() {
    // The plan scans the template's layout; serde_yaml reads it as YAML: both must agree.
    for name in common::EXAMPLES {
        let text = std::fs::read_to_string(common::example_path(name)).expect("example");
        let (spec, _) = common::spec_of(name, &text);
        let plan = plan_of(&spec);
        let template = common::cloudformation(name);
        let resources = plan["resources"].as_array().expect("resources");
        let in_template = template["Resources"].as_object().expect("Resources");
        let ids: Vec<&str> = resources
            .iter()
            .filter_map(|r| r["logicalId"].as_str())
            .collect();
        let expected: Vec<&str> = in_template.keys().map(String::as_str).collect();
        assert_eq!(ids, expected, "{name}: every resource, once, in order");
        for r in resources {
            let id = r["logicalId"].as_str().unwrap_or_default();
            let resource = &in_template[id];
            assert_eq!(resource["Type"], r["type"], "{name} {id}");
            let named_by = match r["type"].as_str().unwrap_or_default() {
                "AWS::S3::Bucket" => Some("BucketName"),
                "AWS::Glue::Job" | "AWS::Glue::Trigger" | "AWS::Events::Rule" => Some("Name"),
                "AWS::IAM::Role" => Some("RoleName"),
                "AWS::CloudWatch::Alarm" => Some("AlarmName"),
                "AWS::Logs::LogGroup" => Some("LogGroupName"),
                _ => None,
            };
            if let Some(property) = named_by {
                assert_eq!(r["name"], resource["Properties"][property], "{name} {id}");
            }
            if r["type"] == "AWS::Glue::Database" {
                assert_eq!(
                    r["name"], resource["Properties"]["DatabaseInput"]["Name"],
                    "{name} {id}"
                );
            }
        }
    }
    let text = std::fs::read_to_string(common::example_path("pipeline")).expect("pipeline");
    let plan = plan_json(&text);
    let resources = plan["resources"].as_array().expect("resources");
    let of = |id: &str| {
        resources
            .iter()
            .find(|r| r["logicalId"] == id)
            .map(|r| r["job"].clone())
            .unwrap_or_else(|| panic!("no {id}"))
    };
    assert_eq!(of("DataBucket"), Value::Null, "shared");
    assert_eq!(of("GlueJob"), "orders-ingest");
    assert_eq!(of("OrdersEnrichGlueJob"), "orders-enrich");
    assert_eq!(of("OrdersEnrichJobAfterUpstream"), "orders-enrich");
    assert_eq!(of("OrdersCompactGlueJobRole"), "orders-compact");
    assert_eq!(of("Workflow"), Value::Null, "the workflow is shared");
}
