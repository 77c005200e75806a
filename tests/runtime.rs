//! What the stack does at run time, read back from both targets with independent parsers
//! (serde_yaml, hcl-rs), for the seed and production examples and for Glue 3.0, 4.0 and 5.1 with
//! and without encryption. Validators only see shape; these are the facts that decide whether an
//! alarm can fire, a log lands in a managed group and the role stays least privilege.
//!
//! Every expected value is derived here from AWS's rules, not from sparkgen's resolver:
//! - a run that takes too long is reported by the job's own `NotifyDelayAfter` (whole minutes),
//!   whose "Glue Job Run Status" events must reach the topic; a metric alarm on
//!   `glue.driver.aggregate.elapsedTime` (a per-report delta) never reaches a run length;
//! - with a security configuration that encrypts CloudWatch logs, Glue 4.0 and earlier write
//!   continuous logs to `<--continuous-log-logGroup>-<configuration>`; Glue 5.x writes to
//!   `<prefix>/error` and `<prefix>/output`, or `<prefix>/<configuration>-role/<role>/error|output`;
//! - Glue reports S3 bytes as the bytes since its previous report, so only Sum shows a total.

mod common;

use common::normalize::{cfn, cfn_nag_suppressions, cfn_policy, tf_file, tf_policy};
use common::*;
use serde_json::{json, Value};
use sparkgen::render::Target;

struct Case {
    label: String,
    spec: String,
}

fn generated(version: &str, encrypted: bool) -> Case {
    let tag = format!(
        "{}-{}",
        version.replace('.', ""),
        if encrypted { "kms" } else { "sse" }
    );
    Case {
        label: format!("glue {version}, encryption {encrypted}"),
        spec: format!(
            "bucketName: runtime-{tag}-bucket\n\
             glueJobName: runtime-{tag}\n\
             glueJobScript: jobs/runtime.py\n\
             glueVersion: \"{version}\"\n\
             enableEncryption: {encrypted}\n\
             logRetentionDays: 90\n\
             alarmThresholds:\n  processingTime: 3601\n\
             customMetrics:\n  - glue.ALL.s3.filesystem.write_bytes\n  - glue.3.s3.filesystem.read_bytes\n"
        ),
    }
}

fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = ["seed", "production"]
        .iter()
        .map(|name| Case {
            label: (*name).to_owned(),
            spec: std::fs::read_to_string(example_path(name)).expect("example"),
        })
        .collect();
    for version in ["3.0", "4.0", "5.1"] {
        for encrypted in [false, true] {
            cases.push(generated(version, encrypted));
        }
    }
    cases
}

/// The spec's own values, read with serde_yaml (not sparkgen's model), with AWS's and the
/// README's defaults.
struct SpecFacts {
    job: String,
    processing_time_seconds: u64,
    retention_days: u64,
    opted_into_managed_policy: bool,
}

fn spec_facts(text: &str) -> SpecFacts {
    let spec: Value = serde_yaml::from_str(text).expect("spec is YAML");
    SpecFacts {
        job: spec["glueJobName"].as_str().expect("job").to_owned(),
        processing_time_seconds: spec["alarmThresholds"]["processingTime"]
            .as_u64()
            .unwrap_or(3600),
        retention_days: spec["logRetentionDays"].as_u64().unwrap_or(30),
        opted_into_managed_policy: spec["attachAwsGlueServiceRole"] == true,
    }
}

struct Rendered {
    template: Value,
    /// main.tf, references in canonical form (`${topic_arn}`, `${key_arn}`).
    main: Value,
}

fn render(case: &Case) -> Rendered {
    let cfn_files = render_text(&case.label, &case.spec, Target::Cloudformation);
    let tf_files = render_text(&case.label, &case.spec, Target::Terraform);
    Rendered {
        template: parse_yaml(file(&cfn_files, "cloudformation/template.yaml")),
        main: tf_file(file(&tf_files, "terraform/main.tf")),
    }
}

fn cfn_of_type<'a>(template: &'a Value, kind: &str) -> Vec<(&'a String, &'a Value)> {
    template["Resources"]
        .as_object()
        .expect("Resources")
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .collect()
}

fn tf_of_type<'a>(main: &'a Value, kind: &str) -> Vec<(&'a String, &'a Value)> {
    main["resource"]
        .get(kind)
        .and_then(Value::as_object)
        .map(|m| m.iter().collect())
        .unwrap_or_default()
}

/// The log groups Glue writes this job's logs to, from the job's arguments and AWS's naming rules.
fn groups_glue_writes_to(template: &Value) -> Vec<String> {
    let job = &template["Resources"]["GlueJob"]["Properties"];
    let arguments = &job["DefaultArguments"];
    let configuration = job.get("SecurityConfiguration").map(|_| {
        template["Resources"]["GlueSecurityConfiguration"]["Properties"]["Name"]
            .as_str()
            .expect("configuration name")
            .to_owned()
    });
    let version = job["GlueVersion"].as_str().expect("GlueVersion");
    if version.starts_with('5') {
        let prefix = arguments["--custom-logGroup-prefix"]
            .as_str()
            .expect("5.x jobs name a log group prefix");
        let base = match &configuration {
            None => prefix.to_owned(),
            Some(sc) => {
                let role = template["Resources"]["GlueJobRole"]["Properties"]["RoleName"]
                    .as_str()
                    .expect("role name");
                format!("{prefix}/{sc}-role/{role}")
            }
        };
        vec![format!("{base}/error"), format!("{base}/output")]
    } else {
        let group = arguments["--continuous-log-logGroup"]
            .as_str()
            .expect("continuous logging names its group");
        assert_eq!(arguments["--enable-continuous-cloudwatch-log"], "true");
        vec![match &configuration {
            None => group.to_owned(),
            Some(sc) => format!("{group}-{sc}"),
        }]
    }
}

#[test]
fn no_alarm_watches_elapsed_time() {
    for case in cases() {
        let r = render(&case);
        for (id, alarm) in cfn_of_type(&r.template, "AWS::CloudWatch::Alarm") {
            let metric = alarm["Properties"]["MetricName"].as_str().unwrap_or("");
            assert!(!metric.contains("elapsedTime"), "{}: {id}", case.label);
        }
        for (name, alarm) in tf_of_type(&r.main, "aws_cloudwatch_metric_alarm") {
            let metric = alarm["metric_name"].as_str().unwrap_or("");
            assert!(!metric.contains("elapsedTime"), "{}: {name}", case.label);
        }
    }
}

#[test]
fn a_late_run_is_reported_by_the_job_and_reaches_the_topic() {
    for case in cases() {
        let facts = spec_facts(&case.spec);
        let r = render(&case);
        let minutes = facts.processing_time_seconds.div_ceil(60);
        let at = &case.label;

        let job = &r.template["Resources"]["GlueJob"]["Properties"];
        assert_eq!(
            job["NotificationProperty"]["NotifyDelayAfter"],
            json!(minutes),
            "{at}"
        );
        let tf_job = &r.main["resource"]["aws_glue_job"]["this"];
        assert_eq!(
            tf_job["notification_property"][0]["notify_delay_after"],
            json!(minutes),
            "{at}"
        );

        let want_pattern = json!({
            "source": ["aws.glue"],
            "detail-type": ["Glue Job Run Status"],
            "detail": {"jobName": [facts.job]},
        });
        let cfn_rules: Vec<&Value> = cfn_of_type(&r.template, "AWS::Events::Rule")
            .into_iter()
            .map(|(_, rule)| &rule["Properties"])
            .filter(|p| p["EventPattern"] == want_pattern)
            .collect();
        assert_eq!(cfn_rules.len(), 1, "{at}: one run-status rule");
        assert_eq!(cfn_rules[0]["State"], "ENABLED", "{at}");
        // The topic always exists: the spec's own, or one the stack creates.
        let topic = r.template["Outputs"]["AlarmTopicArn"]["Value"].clone();
        assert!(!topic.is_null(), "{at}: an alarm topic");
        assert_eq!(
            cfn_rules[0]["Targets"],
            json!([{"Id": "alarm-topic", "Arn": topic}]),
            "{at}"
        );

        let tf_rules: Vec<&String> = tf_of_type(&r.main, "aws_cloudwatch_event_rule")
            .into_iter()
            .filter(|(_, rule)| {
                rule["event_pattern"]
                    .as_str()
                    .and_then(|p| serde_json::from_str::<Value>(p).ok())
                    == Some(want_pattern.clone())
            })
            .map(|(name, _)| name)
            .collect();
        assert_eq!(tf_rules.len(), 1, "{at}: one run-status rule in Terraform");
        let target = &r.main["resource"]["aws_cloudwatch_event_target"][tf_rules[0].as_str()];
        assert_eq!(target["arn"], "${topic_arn}", "{at}");
        assert_eq!(
            target["rule"],
            format!("${{{}}}", "delay_rule"),
            "{at}: the target belongs to the run-status rule"
        );
    }
}

#[test]
fn glue_writes_logs_to_groups_the_stack_manages() {
    for case in cases() {
        let facts = spec_facts(&case.spec);
        let r = render(&case);
        let at = &case.label;
        let encrypted = r.template["Resources"]["GlueJob"]["Properties"]
            .get("SecurityConfiguration")
            .is_some();
        let cfn_groups: Vec<&Value> = cfn_of_type(&r.template, "AWS::Logs::LogGroup")
            .into_iter()
            .map(|(_, g)| &g["Properties"])
            .collect();
        let tf_groups: Vec<&Value> = tf_of_type(&r.main, "aws_cloudwatch_log_group")
            .into_iter()
            .map(|(_, g)| g)
            .collect();
        for name in groups_glue_writes_to(&r.template) {
            let group = cfn_groups
                .iter()
                .find(|g| g["LogGroupName"] == name.as_str())
                .unwrap_or_else(|| {
                    panic!("{at}: Glue writes to {name}, which the stack does not create")
                });
            assert_eq!(
                group["RetentionInDays"],
                json!(facts.retention_days),
                "{at}: {name}"
            );
            let tf = tf_groups
                .iter()
                .find(|g| g["name"] == name.as_str())
                .unwrap_or_else(|| panic!("{at}: no Terraform group {name}"));
            assert_eq!(
                tf["retention_in_days"],
                json!(facts.retention_days),
                "{at}: {name}"
            );
            if encrypted {
                assert_eq!(
                    group["KmsKeyId"],
                    json!({"Fn::GetAtt": ["DataKey", "Arn"]}),
                    "{at}: {name}"
                );
                assert_eq!(tf["kms_key_id"], "${key_arn}", "{at}: {name}");
            } else {
                assert!(group.get("KmsKeyId").is_none(), "{at}: {name}");
                assert!(tf.get("kms_key_id").is_none(), "{at}: {name}");
            }
        }
    }
}

/// Every Allow statement of the job's own policy and of any inline role policy, both targets.
fn role_statements(r: &Rendered) -> Vec<Value> {
    let mut statements = Vec::new();
    for kind in [
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::Policy",
        "AWS::IAM::RolePolicy",
    ] {
        for (_, p) in cfn_of_type(&r.template, kind) {
            statements.extend(cfn_policy(&cfn(&p["Properties"]["PolicyDocument"])));
        }
    }
    for (_, role) in cfn_of_type(&r.template, "AWS::IAM::Role") {
        assert!(
            role["Properties"].get("Policies").is_none(),
            "no inline role policy"
        );
    }
    for kind in ["aws_iam_policy", "aws_iam_role_policy"] {
        for (_, p) in tf_of_type(&r.main, kind) {
            let name = p["policy"]
                .as_str()
                .and_then(|s| s.strip_prefix("${policy_document:"))
                .and_then(|s| s.strip_suffix('}'))
                .expect("policy document reference");
            statements.extend(tf_policy(&r.main["data"]["aws_iam_policy_document"][name]));
        }
    }
    statements
}

fn managed_policy_arns(r: &Rendered) -> (Vec<String>, Vec<String>) {
    let cfn: Vec<String> = cfn_of_type(&r.template, "AWS::IAM::Role")
        .iter()
        .flat_map(|(_, role)| {
            cfn(&role["Properties"]["ManagedPolicyArns"])
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|arn| arn.as_str().expect("arn").to_owned())
        .collect();
    let tf: Vec<String> = tf_of_type(&r.main, "aws_iam_role_policy_attachment")
        .iter()
        .map(|(_, a)| a["policy_arn"].as_str().expect("arn").to_owned())
        .filter(|arn| arn != "${job_policy_arn}")
        .collect();
    (cfn, tf)
}

const GLUE_SERVICE_ROLE: &str = "arn:${partition}:iam::aws:policy/service-role/AWSGlueServiceRole";

#[test]
fn the_role_has_no_glue_wildcard_and_no_managed_policy_unless_asked() {
    let mut opted_in = generated("4.0", true);
    opted_in.label = "opted in".into();
    opted_in.spec.push_str("attachAwsGlueServiceRole: true\n");
    for case in cases().into_iter().chain([opted_in]) {
        let facts = spec_facts(&case.spec);
        let r = render(&case);
        let at = &case.label;
        for s in role_statements(&r) {
            for action in s["actions"].as_array().expect("actions") {
                let action = action.as_str().expect("action");
                assert!(
                    action != "*" && action != "glue:*" && !action.ends_with(":*"),
                    "{at}: {action} in {}",
                    s["sid"]
                );
            }
        }
        let (cfn_managed, tf_managed) = managed_policy_arns(&r);
        let want: Vec<String> = if facts.opted_into_managed_policy {
            vec![GLUE_SERVICE_ROLE.to_owned()]
        } else {
            Vec::new()
        };
        assert_eq!(cfn_managed, want, "{at}: CloudFormation");
        assert_eq!(tf_managed, want, "{at}: Terraform");
    }
}

/// (metric name, stat) of every line of every widget.
fn dashboard_lines(body: &str) -> Vec<(String, String)> {
    let body: Value = serde_json::from_str(body).expect("dashboard body is JSON");
    let mut lines = Vec::new();
    for widget in body["widgets"].as_array().expect("widgets") {
        for line in widget["properties"]["metrics"].as_array().expect("metrics") {
            let line = line.as_array().expect("metric line");
            let name = line[1].as_str().expect("metric name").to_owned();
            let stat = line
                .last()
                .and_then(|options| options["stat"].as_str())
                .expect("every line names its statistic")
                .to_owned();
            lines.push((name, stat));
        }
    }
    lines
}

#[test]
fn s3_byte_metrics_are_summed_in_the_dashboard() {
    for case in cases() {
        let r = render(&case);
        let at = &case.label;
        let cfn_body = r.template["Resources"]["Dashboard"]["Properties"]["DashboardBody"]
            ["Fn::Sub"]
            .as_str()
            .expect("Fn::Sub body")
            .to_owned();
        let tf_body = r.main["resource"]["aws_cloudwatch_dashboard"]["this"]["dashboard_body"]
            .as_str()
            .expect("dashboard_body")
            .to_owned();
        for body in [cfn_body, tf_body] {
            let bytes: Vec<(String, String)> = dashboard_lines(&body)
                .into_iter()
                .filter(|(name, _)| name.contains(".s3.filesystem.") && name.ends_with("_bytes"))
                .collect();
            let want = if case.label.starts_with("glue") { 4 } else { 2 };
            assert_eq!(bytes.len(), want, "{at}: {bytes:?}");
            for (name, stat) in bytes {
                assert_eq!(stat, "Sum", "{at}: {name}");
            }
        }
    }
}

#[test]
fn every_cdk_nag_suppression_says_why() {
    for case in cases() {
        let r = render(&case);
        for (id, resource) in r.template["Resources"].as_object().expect("Resources") {
            for s in cfn_nag_suppressions(&resource["Metadata"]) {
                let reason = s["reason"].as_str().unwrap_or("");
                assert!(
                    reason.len() >= 40,
                    "{}: {id} suppresses {} without a reason a reviewer can judge: {reason:?}",
                    case.label,
                    s["id"]
                );
                assert!(
                    s["id"]
                        .as_str()
                        .is_some_and(|i| i.starts_with("AwsSolutions-")),
                    "{id}: {s}"
                );
            }
        }
    }
}

/// A `schedule` becomes one scheduled Glue trigger that starts this job and is active once
/// deployed: AWS creates a scheduled trigger deactivated unless `StartOnCreation` is true (Glue
/// API, `CreateTrigger`: "Set to true to start SCHEDULED and CONDITIONAL triggers when created").
/// Glue schedules with cron only, so a rate arrives as the cron that says the same. Without a
/// `schedule` nothing starts the job.
#[test]
fn a_schedule_is_an_active_trigger_of_the_job() {
    let base =
        "bucketName: schedule-test-bucket\nglueJobName: nightly\nglueJobScript: jobs/nightly.py\n";
    let cases = [
        (
            "schedule: cron(30 1 ? * MON-FRI *)\n",
            Some("cron(30 1 ? * MON-FRI *)"),
        ),
        ("schedule: rate(1 day)\n", Some("cron(0 0 * * ? *)")),
        ("schedule: rate(15 minutes)\n", Some("cron(0/15 * * * ? *)")),
        ("", None),
    ];
    for (extra, want) in cases {
        let case = Case {
            label: format!("schedule {extra:?}"),
            spec: format!("{base}{extra}"),
        };
        let r = render(&case);
        let cfn_triggers = cfn_of_type(&r.template, "AWS::Glue::Trigger");
        let tf_triggers = tf_of_type(&r.main, "aws_glue_trigger");
        let Some(want) = want else {
            assert!(
                cfn_triggers.is_empty() && tf_triggers.is_empty(),
                "{}",
                case.label
            );
            continue;
        };
        assert_eq!(cfn_triggers.len(), 1, "{}", case.label);
        let p = &cfn_triggers[0].1["Properties"];
        assert_eq!(p["Type"], "SCHEDULED");
        assert_eq!(p["Schedule"], want, "{}", case.label);
        assert_eq!(p["StartOnCreation"], true, "{}", case.label);
        let job_id = cfn_of_type(&r.template, "AWS::Glue::Job")[0].0.clone();
        assert_eq!(p["Actions"], json!([{"JobName": {"Ref": job_id}}]));

        assert_eq!(tf_triggers.len(), 1, "{}", case.label);
        let t = tf_triggers[0].1;
        assert_eq!(t["type"], "SCHEDULED");
        assert_eq!(t["schedule"], want, "{}", case.label);
        assert_eq!(t["start_on_creation"], true, "{}", case.label);
        let job = tf_of_type(&r.main, "aws_glue_job")[0].0.clone();
        let actions = &t["actions"];
        let action = if actions.is_array() {
            &actions[0]
        } else {
            actions
        };
        assert_eq!(
            action["job_name"], "${job_name}",
            "{}: the job {job}",
            case.label
        );
    }
}

/// A job with `after` runs in the pipeline's Glue workflow, which its first job starts. Per the
/// Glue API (`CreateTrigger`): a trigger belongs to a workflow by `WorkflowName`; a CONDITIONAL
/// trigger fires when its `Predicate` holds (`Logical: AND` over job states; `SUCCEEDED` is a job
/// run state) and, like a SCHEDULED one, is created deactivated unless `StartOnCreation` is true,
/// which "is not supported for ON_DEMAND triggers". Each workflow has one start trigger
/// (Overview of workflows in AWS Glue): the first job's schedule, or on demand without one.
#[test]
fn after_runs_a_job_when_its_upstream_succeeds_in_one_workflow() {
    let base = "bucketName: workflow-test-bucket\nglueJobName: ingest\n\
                glueJobScript: s3://code-bucket/etl.py\n";
    let chain = "jobs:\n  enrich:\n    after: [ingest]\n  report:\n    after: [ingest, enrich]\n";
    for (schedule, start_type) in [("schedule: rate(1 day)\n", "SCHEDULED"), ("", "ON_DEMAND")] {
        let case = Case {
            label: format!("workflow {start_type}"),
            spec: format!("{base}{schedule}{chain}"),
        };
        let r = render(&case);
        let workflows = cfn_of_type(&r.template, "AWS::Glue::Workflow");
        assert_eq!(workflows.len(), 1, "{}", case.label);
        let workflow_ref = json!({"Ref": workflows[0].0});
        let jobs: std::collections::BTreeMap<String, String> =
            cfn_of_type(&r.template, "AWS::Glue::Job")
                .into_iter()
                .map(|(id, j)| {
                    (
                        j["Properties"]["Name"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                        id.clone(),
                    )
                })
                .collect();
        let job_ref = |name: &str| json!({"Ref": jobs[name]});
        let triggers: Vec<&Value> = cfn_of_type(&r.template, "AWS::Glue::Trigger")
            .into_iter()
            .map(|(_, t)| &t["Properties"])
            .collect();
        assert_eq!(
            triggers.len(),
            3,
            "{}: a start and two conditional triggers",
            case.label
        );
        for t in &triggers {
            assert_eq!(
                t["WorkflowName"], workflow_ref,
                "{}: every trigger in the workflow",
                case.label
            );
        }
        let start: Vec<&&Value> = triggers
            .iter()
            .filter(|t| t["Type"] == start_type)
            .collect();
        assert_eq!(start.len(), 1, "{}: one start trigger", case.label);
        assert_eq!(start[0]["Actions"], json!([{"JobName": job_ref("ingest")}]));
        assert_eq!(
            start[0]["StartOnCreation"],
            start_type == "SCHEDULED",
            "{}: active when scheduled; Glue refuses it on demand",
            case.label
        );
        let report = triggers
            .iter()
            .find(|t| t["Actions"] == json!([{"JobName": job_ref("report")}]))
            .expect("report's trigger");
        assert_eq!(report["Type"], "CONDITIONAL");
        assert_eq!(report["StartOnCreation"], true);
        assert_eq!(report["Predicate"]["Logical"], "AND", "after all of them");
        let conditions: Vec<&Value> = report["Predicate"]["Conditions"]
            .as_array()
            .expect("conditions")
            .iter()
            .collect();
        let watched: Vec<&Value> = conditions.iter().map(|c| &c["JobName"]).collect();
        assert_eq!(watched, [&job_ref("ingest"), &job_ref("enrich")]);
        for c in conditions {
            assert_eq!(c["State"], "SUCCEEDED");
            assert_eq!(c["LogicalOperator"], "EQUALS");
        }

        // Terraform says the same.
        let tf_triggers = tf_of_type(&r.main, "aws_glue_trigger");
        assert_eq!(tf_triggers.len(), 3);
        for (_, t) in &tf_triggers {
            assert_eq!(t["workflow_name"], "${workflow_name}");
        }
        let tf_start: Vec<_> = tf_triggers
            .iter()
            .filter(|(_, t)| t["type"] == start_type)
            .collect();
        assert_eq!(tf_start.len(), 1);
        assert_eq!(
            tf_start[0].1["start_on_creation"],
            start_type == "SCHEDULED"
        );
    }
}

/// Each job has its own role, and each role reaches only its own job's source and sink outside the
/// stack's bucket (which every job's role may use as a whole, for its temp dir, script and logs).
#[test]
fn each_job_of_a_pipeline_has_its_own_least_privilege_role() {
    let spec = "bucketName: lake-test-bucket\nglueJobName: ingest\n\
                glueJobScript: s3://code-bucket/etl.py\n\
                source: {path: s3://shared-lake/raw/}\nsink: {path: s3://shared-lake/staged/}\n\
                jobs:\n  enrich:\n    after: [ingest]\n\
                \x20   source: {path: s3://shared-lake/staged/}\n\
                \x20   sink: {path: s3://shared-lake/curated/}\n";
    let r = render(&Case {
        label: "pipeline roles".to_owned(),
        spec: spec.to_owned(),
    });
    let policies = cfn_of_type(&r.template, "AWS::IAM::ManagedPolicy");
    assert_eq!(policies.len(), 2);
    for (id, policy) in policies {
        let text = policy["Properties"]["PolicyDocument"].to_string();
        let (own_sink, other_sink) = if id.starts_with("Enrich") {
            ("shared-lake/curated/", "shared-lake/raw/")
        } else {
            ("shared-lake/staged/", "shared-lake/curated/")
        };
        assert!(text.contains(own_sink), "{id}: {text}");
        assert!(
            !text.contains(other_sink),
            "{id} reaches {other_sink}: {text}"
        );
        let roles = &policy["Properties"]["Roles"];
        let want_role = if id.starts_with("Enrich") {
            "EnrichGlueJobRole"
        } else {
            "GlueJobRole"
        };
        assert_eq!(roles, &json!([{"Ref": want_role}]), "{id}");
    }
}
