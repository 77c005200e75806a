//! The facts that matter, read back from the rendered outputs with independent parsers, so a wrong
//! value fails even when someone accepts a snapshot without reading it.

mod common;

use common::*;
use serde_json::{json, Value};

fn threshold(v: &Value) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("threshold {v} is not a number"))
}

#[test]
fn seed_alarms_use_the_metrics_units_in_cloudformation() {
    let t = cloudformation("seed");
    let heap = &cfn_resource(&t, "HeapUsageAlarm")["Properties"];
    assert_eq!(heap["Namespace"], "Glue");
    assert_eq!(heap["MetricName"], "glue.driver.jvm.heap.usage");
    assert_eq!(threshold(&heap["Threshold"]), 0.85);
    assert_eq!(heap["Period"], 300);
    assert_eq!(heap["EvaluationPeriods"], 2);
    assert_eq!(heap["DatapointsToAlarm"], 2);
    assert_eq!(
        heap["Dimensions"],
        json!([
            {"Name": "JobName", "Value": "spark-processing-job"},
            {"Name": "JobRunId", "Value": "ALL"},
            {"Name": "Type", "Value": "gauge"}
        ])
    );

    let failed = &cfn_resource(&t, "FailedTasksAlarm")["Properties"];
    assert_eq!(failed["MetricName"], "glue.driver.aggregate.numFailedTasks");
    assert_eq!(threshold(&failed["Threshold"]), 5.0);
    assert_eq!(failed["Statistic"], "Sum");
    assert_eq!(failed["Period"], 300);
    assert_eq!(failed["EvaluationPeriods"], 1);
    assert_eq!(failed["Dimensions"][2]["Value"], "count");
}

#[test]
fn seed_alarms_use_the_metrics_units_in_terraform() {
    let main = terraform("seed");
    let heap = tf_resource(&main, "aws_cloudwatch_metric_alarm", "heap_usage");
    assert_eq!(heap["namespace"], "Glue");
    assert_eq!(threshold(&heap["threshold"]), 0.85);
    assert_eq!(heap["period"], 300);
    assert_eq!(heap["evaluation_periods"], 2);
    assert_eq!(heap["datapoints_to_alarm"], 2);
    assert_eq!(
        heap["dimensions"],
        json!({"JobName": "spark-processing-job", "JobRunId": "ALL", "Type": "gauge"})
    );
    let failed = tf_resource(&main, "aws_cloudwatch_metric_alarm", "failed_tasks");
    assert_eq!(threshold(&failed["threshold"]), 5.0);
    assert_eq!(failed["statistic"], "Sum");
    assert_eq!(failed["period"], 300);
}

#[test]
fn seed_dashboard_key_and_bucket_retention() {
    let t = cloudformation("seed");
    let dashboard = &cfn_resource(&t, "Dashboard")["Properties"];
    assert_eq!(dashboard["DashboardName"], "spark-processing-job-metrics");
    assert_eq!(
        cfn_resource(&t, "DataKey")["Properties"]["EnableKeyRotation"],
        true
    );
    let bucket = cfn_resource(&t, "DataBucket");
    assert_eq!(bucket["DeletionPolicy"], "Retain");
    assert_eq!(bucket["UpdateReplacePolicy"], "Retain");

    let main = terraform("seed");
    assert_eq!(
        tf_resource(&main, "aws_cloudwatch_dashboard", "this")["dashboard_name"],
        "spark-processing-job-metrics"
    );
    assert_eq!(
        tf_resource(&main, "aws_kms_key", "data")["enable_key_rotation"],
        true
    );
    let bucket = tf_resource(&main, "aws_s3_bucket", "data");
    assert_eq!(bucket["lifecycle"]["prevent_destroy"], true);
    assert_eq!(bucket["force_destroy"], false);
}

#[test]
fn dashboard_has_every_widget_group_in_the_glue_namespace() {
    let t = cloudformation("seed");
    let body = &cfn_resource(&t, "Dashboard")["Properties"]["DashboardBody"]["Fn::Sub"];
    let body: Value =
        serde_json::from_str(body.as_str().expect("Fn::Sub string")).expect("JSON body");
    let widgets = body["widgets"].as_array().expect("widgets");
    let titles: Vec<&str> = widgets
        .iter()
        .map(|w| w["properties"]["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        [
            "Completed and failed tasks",
            "JVM heap usage and CPU load (fraction 0-1)",
            "S3 bytes read and written",
            "Custom metrics"
        ]
    );
    for w in widgets {
        assert_eq!(w["properties"]["region"], "${AWS::Region}");
        for line in w["properties"]["metrics"].as_array().expect("metrics") {
            assert_eq!(line[0], "Glue");
            let dimensions: Vec<&Value> = (2..7).map(|i| &line[i]).collect();
            assert_eq!(
                dimensions,
                ["JobName", "spark-processing-job", "JobRunId", "ALL", "Type"]
            );
            assert!(line[7] == "count" || line[7] == "gauge", "{line}");
        }
    }
    let custom: Vec<&Value> = widgets[3]["properties"]["metrics"]
        .as_array()
        .expect("custom")
        .iter()
        .map(|l| &l[1])
        .collect();
    assert_eq!(
        custom,
        [
            "glue.driver.aggregate.shuffleLocalBytesRead",
            "glue.driver.aggregate.shuffleRemoteBytesRead"
        ]
    );
}

#[test]
fn minimal_has_no_key_security_configuration_or_s3_metrics() {
    let t = cloudformation("minimal");
    let resources = t["Resources"].as_object().expect("resources");
    for absent in ["DataKey", "DataKeyAlias", "GlueSecurityConfiguration"] {
        assert!(!resources.contains_key(absent), "{absent} in minimal");
    }
    assert!(cfn_resource(&t, "DataBucket")["Properties"]
        .get("MetricsConfigurations")
        .is_none());
    assert_eq!(
        cfn_resource(&t, "DataBucket")["Properties"]["BucketEncryption"]
            ["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
            ["SSEAlgorithm"],
        "AES256"
    );
    let main = terraform("minimal");
    for kind in [
        "aws_kms_key",
        "aws_kms_alias",
        "aws_glue_security_configuration",
        "aws_s3_bucket_metric",
    ] {
        assert!(main["resource"].get(kind).is_none(), "{kind} in minimal");
    }
}

#[test]
fn seed_has_key_security_configuration_and_s3_metrics() {
    let t = cloudformation("seed");
    for present in ["DataKey", "DataKeyAlias", "GlueSecurityConfiguration"] {
        assert!(t["Resources"].get(present).is_some(), "{present} missing");
    }
    assert_eq!(
        cfn_resource(&t, "DataBucket")["Properties"]["MetricsConfigurations"],
        json!([{"Id": "EntireBucket"}])
    );
    let main = terraform("seed");
    for kind in [
        "aws_kms_key",
        "aws_kms_alias",
        "aws_glue_security_configuration",
        "aws_s3_bucket_metric",
    ] {
        assert!(main["resource"].get(kind).is_some(), "{kind} missing");
    }
}

#[test]
fn glue_arguments_follow_the_glue_version() {
    let seed = cloudformation("seed");
    let args = &cfn_resource(&seed, "GlueJob")["Properties"]["DefaultArguments"];
    assert_eq!(args["--enable-continuous-cloudwatch-log"], "true");
    assert_eq!(
        args["--continuous-log-logGroup"],
        "/aws-glue/jobs/spark-processing-job"
    );
    assert!(args.get("--custom-logGroup-prefix").is_none());
    assert_eq!(args["--enable-metrics"], "true");
    assert_eq!(args["--job-bookmark-option"], "job-bookmark-enable");
    assert_eq!(
        args["--spark-event-logs-path"],
        "s3://my-spark-processing-bucket/spark-ui-logs/"
    );

    let prod = cloudformation("production");
    let job = &cfn_resource(&prod, "GlueJob")["Properties"];
    assert_eq!(job["GlueVersion"], "5.1");
    let args = &job["DefaultArguments"];
    assert_eq!(
        args["--custom-logGroup-prefix"],
        "/aws-glue/jobs/orders-enrichment"
    );
    assert!(args.get("--enable-continuous-cloudwatch-log").is_none());
    assert!(args.get("--continuous-log-logGroup").is_none());
    assert_eq!(args["--enable-glue-datacatalog"], "true");
    assert_eq!(
        args["--source_path"],
        "s3://acme-prod-orders-lake/raw/orders/"
    );
}

#[test]
fn every_alarm_and_rule_reaches_a_topic_even_without_an_email() {
    // The seed gives neither alarmEmail nor alarmTopicArn: the stack still creates the topic, so
    // every alarm and event has a target the team can subscribe to.
    let seed = cloudformation("seed");
    let resources = seed["Resources"].as_object().expect("resources");
    assert_eq!(resources["AlarmTopic"]["Type"], "AWS::SNS::Topic");
    assert!(!resources.contains_key("AlarmEmailSubscription"));
    let topic = json!([{"Ref": "AlarmTopic"}]);
    let of_type =
        |kind: &str| -> Vec<&Value> { resources.values().filter(|r| r["Type"] == kind).collect() };
    let alarms = of_type("AWS::CloudWatch::Alarm");
    assert_eq!(alarms.len(), 2, "heap and failed-task alarms");
    for alarm in alarms {
        assert_eq!(alarm["Properties"]["AlarmActions"], topic, "{alarm}");
    }
    let rules = of_type("AWS::Events::Rule");
    assert_eq!(rules.len(), 2, "failure and delay rules");
    for rule in rules {
        assert_eq!(rule["Properties"]["Targets"][0]["Arn"], topic[0], "{rule}");
        // CDK's CfnInclude rejects a pattern written as a JSON string.
        assert!(rule["Properties"]["EventPattern"].is_object(), "{rule}");
    }
    let outputs = seed["Outputs"].as_object().expect("outputs");
    assert_eq!(
        outputs["AlarmTopicArn"]["Value"],
        json!({"Ref": "AlarmTopic"})
    );

    let main = terraform("seed");
    assert!(main["resource"]["aws_sns_topic"].get("alarms").is_some());
    assert!(main["resource"].get("aws_sns_topic_subscription").is_none());

    let prod = cloudformation("production");
    let rule = &cfn_resource(&prod, "JobFailureRule")["Properties"];
    let pattern = &rule["EventPattern"];
    assert_eq!(pattern["source"], json!(["aws.glue"]));
    assert_eq!(pattern["detail-type"], json!(["Glue Job State Change"]));
    assert_eq!(pattern["detail"]["state"], json!(["FAILED", "TIMEOUT"]));
    assert_eq!(pattern["detail"]["jobName"], json!(["orders-enrichment"]));
    assert_eq!(
        cfn_resource(&prod, "AlarmEmailSubscription")["Properties"]["Endpoint"],
        "data-oncall@acme.example"
    );
    assert_eq!(
        cfn_resource(&prod, "FailedTasksAlarm")["Properties"]["AlarmActions"],
        topic
    );
}

#[test]
fn a_given_topic_is_used_and_none_is_created() {
    let spec = std::fs::read_to_string(example_path("seed")).expect("seed");
    let arn = "arn:aws:sns:eu-west-1:123456789012:data-oncall";
    let spec = format!("{spec}\nalarmTopicArn: \"{arn}\"\n");
    let template = parse_yaml(file(
        &render_text("seed", &spec, sparkgen::render::Target::Cloudformation),
        "cloudformation/template.yaml",
    ));
    let resources = template["Resources"].as_object().expect("resources");
    assert!(!resources.contains_key("AlarmTopic"));
    assert!(!resources.contains_key("AlarmTopicPolicy"));
    assert_eq!(
        resources["HeapUsageAlarm"]["Properties"]["AlarmActions"],
        json!([arn])
    );
    assert_eq!(
        resources["JobDelayRule"]["Properties"]["Targets"][0]["Arn"],
        arn
    );
}
