//! Any string a user writes reaches every output unchanged and cannot break out of its literal:
//! property tests with arbitrary strings (quotes, backslashes, line breaks, `${`, `%{`, `{{`, `#`,
//! `: `, control characters, non-ASCII), each read back with an independent parser: CloudFormation
//! with serde_yaml, Terraform with hcl-edit / hcl-rs (a user value must come back as literal text:
//! an interpolation or directive that leaked through fails), Python with CPython's own `ast`
//! (one `python3` process answers every case).
//!
//! Three layers:
//! 1. spec: user strings as validation lets them through (tags and environment from the AWS tag
//!    character set; defaultArguments keys and values, CORS headers, the script's S3 key fully
//!    arbitrary; emails and CORS origins as arbitrary as their rules allow), through resolve and
//!    every template;
//! 2. stack: fully arbitrary strings put straight into the resolved model's user-facing fields
//!    (tags, arguments, descriptions, email, CORS, the PySpark paths), so the templates' quoting
//!    is proven beyond what validation admits;
//! 3. quote: the quoting functions themselves, on fully arbitrary strings and mixed references.
//!
//! Case count: `PROPTEST_CASES`, 1,000 when unset (CI runs the default).

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use common::normalize::{cfn, literal, tf_file};
use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use sparkgen::render::quote::{cfn_value, hcl_string, python_string, tf_value, yaml_string};
use sparkgen::render::{render_all, RenderedFile, Target};
use sparkgen::resolve::{ids, resolve, Argument, Interp, Part, Ref, Stack, Tag, Trigger};
use sparkgen::spec::Spec;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        max_global_rejects: 10 * cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

// ------------------------------------------------------------------ strategies

const NASTY: &[&str] = &[
    "\"",
    "'",
    "\\",
    "\n",
    "\r",
    "\t",
    "\r\n",
    "${",
    "%{",
    "{{",
    "}}",
    "$${",
    "%%{",
    "${!",
    "$",
    "%",
    "#",
    ": ",
    "- ",
    "? ",
    "&a",
    "*a",
    "!Ref ",
    "---",
    "...",
    "|",
    ">",
    "~",
    "null",
    "true",
    "no",
    "0x1F",
    "1e3",
    " ",
    "  ",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\u{fffd}",
    "é",
    "日本語",
    "😀",
    "\\u0041",
    "\\n",
    "'''",
    "\"\"\"",
    "{{resolve:ssm:x}}",
    "${data.aws_region.current.name}",
    "%{ if true }x%{ endif }",
    "<<EOF",
    "*",
    "/",
    "=",
    "@",
    "[",
    "]",
    "{",
    "}",
    ",",
];

/// Any string, weighted towards what breaks quoting.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(NASTY).prop_map(str::to_owned),
        3 => any::<char>().prop_map(String::from),
        2 => "[ -~]{0,6}",
    ];
    prop::collection::vec(piece, 0..14).prop_map(|v| v.concat())
}

fn nonempty_nasty() -> impl Strategy<Value = String> {
    (nasty(), any::<char>()).prop_map(|(s, c)| if s.is_empty() { c.to_string() } else { s })
}

/// Characters AWS allows in tags: letters, digits, spaces and `_ . : / = + - @`.
fn tag_text(min: usize, max: usize) -> impl Strategy<Value = String> {
    let c = prop_oneof![
        proptest::sample::select(" _.:/=+-@".chars().collect::<Vec<_>>()),
        proptest::char::range('a', 'z'),
        proptest::char::range('A', 'Z'),
        proptest::char::range('0', '9'),
        // Letters and digits beyond ASCII (char::is_alphanumeric, as validation checks).
        proptest::sample::select("éßÆΩЖ日本語ı٣५ǅ𝔘".chars().collect::<Vec<_>>()),
    ];
    prop::collection::vec(c, min..max).prop_map(String::from_iter)
}

fn tag_key() -> impl Strategy<Value = String> {
    tag_text(1, 24).prop_filter("not reserved", |k| {
        !k.to_ascii_lowercase().starts_with("aws:") && k != "Environment" && k != "ManagedBy"
    })
}

/// Pieces without whitespace or control characters (emails, origins).
fn unspaced(exclude: &'static str) -> impl Strategy<Value = String> {
    nasty().prop_map(move |s| {
        let kept: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control() && !exclude.contains(*c))
            .collect();
        if kept.is_empty() {
            "x".to_owned()
        } else {
            kept
        }
    })
}

fn email() -> impl Strategy<Value = String> {
    (unspaced("@"), unspaced("@."), unspaced("@."))
        .prop_map(|(local, a, b)| format!("{local}@{a}.{b}"))
}

fn origin() -> impl Strategy<Value = String> {
    unspaced("").prop_filter("at most one *", |o| o.matches('*').count() <= 1)
}

#[derive(Debug, Clone)]
struct UserStrings {
    environment: String,
    tags: BTreeMap<String, String>,
    arguments: BTreeMap<String, String>,
    email: String,
    origins: Vec<String>,
    allowed_headers: Vec<String>,
    exposed_headers: Vec<String>,
    /// The S3 key's folder part of the job script, and whether the script is in the data bucket.
    script_dir: String,
    script_in_data_bucket: bool,
}

fn user_strings() -> impl Strategy<Value = UserStrings> {
    (
        tag_text(0, 30),
        prop::collection::btree_map(tag_key(), tag_text(0, 30), 0..4),
        prop::collection::btree_map(
            nonempty_nasty().prop_map(|k| format!("--{k}")),
            nasty(),
            0..4,
        ),
        email(),
        prop::collection::vec(origin(), 1..3),
        prop::collection::vec(nasty(), 0..3),
        prop::collection::vec(nasty(), 0..3),
        nasty(),
        any::<bool>(),
    )
        .prop_map(
            |(environment, tags, arguments, email, origins, allowed, exposed, dir, in_data)| {
                UserStrings {
                    environment,
                    tags,
                    arguments,
                    email,
                    origins,
                    allowed_headers: allowed,
                    exposed_headers: exposed,
                    script_dir: dir,
                    script_in_data_bucket: in_data,
                }
            },
        )
}

// ------------------------------------------------------------------ Python, one process for all cases

struct Python {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// Reads `{"source": ..., "expect": {NAME: value}}` lines; parses the source with the Python 3.7
/// grammar, `ast.literal_eval`s the top-level `NAME = ...` assignments and answers one JSON line.
const PYTHON_CHECKER: &str = r#"
import ast, json, sys
for line in sys.stdin:
    req = json.loads(line)
    try:
        tree = ast.parse(req["source"], feature_version=(3, 7))
        got = {}
        for node in tree.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                    and node.targets[0].id in req["expect"]):
                got[node.targets[0].id] = ast.literal_eval(node.value)
        out = {"ok": got == req["expect"], "got": got}
    except Exception as e:
        out = {"ok": False, "error": repr(e)}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
"#;

fn python() -> &'static Mutex<Python> {
    static PYTHON: OnceLock<Mutex<Python>> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let mut child = Command::new(&python)
            .args(["-c", PYTHON_CHECKER])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{python} is needed to parse the PySpark output: {e}"));
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Mutex::new(Python {
            _child: child,
            stdin,
            stdout,
        })
    })
}

/// The top-level assignments `expect` names, as CPython reads them from `source`.
fn python_reads(source: &str, expect: &Value) -> Result<(), String> {
    let mut p = python().lock().unwrap_or_else(|e| e.into_inner());
    let request = json!({"source": source, "expect": expect}).to_string();
    writeln!(p.stdin, "{request}").map_err(|e| e.to_string())?;
    p.stdin.flush().map_err(|e| e.to_string())?;
    let mut line = String::new();
    p.stdout.read_line(&mut line).map_err(|e| e.to_string())?;
    let answer: Value = serde_json::from_str(&line).map_err(|e| format!("{e}: {line}"))?;
    if answer["ok"] == true {
        Ok(())
    } else {
        Err(format!("python read {answer} for expected {expect}"))
    }
}

// ------------------------------------------------------------------ read-back helpers

fn base_spec() -> Spec {
    sparkgen::validate::validate_text(
        "bucketName: escape-data-bucket\nglueJobName: escape-job\n\
         glueJobScript: s3://escape-data-bucket/scripts/job.py\nenableEncryption: true\n\
         alarmEmail: a@b.example\ncorsRules:\n  - allowedOrigins: [\"https://x.example\"]\n    allowedMethods: [GET]\n",
    )
    .expect("base spec is valid")
}

fn render(stack: &Stack) -> (Value, Value, Value, Vec<RenderedFile>) {
    let files = render_all(stack, &Target::ALL).expect("render");
    let template = parse_yaml(file(&files, "cloudformation/template.yaml"));
    let main = tf_file(file(&files, "terraform/main.tf"));
    let versions = tf_file(file(&files, "terraform/versions.tf"));
    (template, main, versions, files)
}

fn tag_map(tags: &Value) -> BTreeMap<String, Value> {
    match tags {
        Value::Array(items) => items
            .iter()
            .map(|t| {
                (
                    t["Key"].as_str().expect("Key").to_owned(),
                    t["Value"].clone(),
                )
            })
            .collect(),
        Value::Object(m) => m.clone().into_iter().collect(),
        other => panic!("Tags {other}"),
    }
}

/// Asserts that `want` (user strings, keyed as they reach the outputs) reads back from every target.
struct Want {
    tags: BTreeMap<String, String>,
    arguments: BTreeMap<String, String>,
    job_description: String,
    stack_description: String,
    email: String,
    origins: Vec<String>,
    allowed_headers: Vec<String>,
    exposed_headers: Vec<String>,
    script: String,
    /// The S3 object key Terraform uploads to, when it uploads.
    upload_key: Option<String>,
    /// `bucket/key` of a script outside the data bucket, which the role may read.
    foreign_script_object: Option<String>,
    /// The scheduled trigger's schedule and description, when the stack has one.
    trigger: Option<(String, String)>,
}

fn strings_of(v: &[String]) -> Value {
    json!(v)
}

fn literals_of(v: &[String]) -> Value {
    json!(v.iter().map(|s| literal(s)).collect::<Vec<_>>())
}

fn check_cloudformation(t: &Value, want: &Want) -> Result<(), TestCaseError> {
    let tags: BTreeMap<String, Value> = want
        .tags
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    let resources = t["Resources"].as_object().expect("Resources");
    for (id, r) in resources {
        if let Some(found) = r["Properties"].get("Tags") {
            prop_assert_eq!(&tag_map(found), &tags, "tags of {}", id);
        }
    }
    let job = &resources["GlueJob"]["Properties"];
    for (k, v) in &want.arguments {
        prop_assert_eq!(&job["DefaultArguments"][k], &json!(v), "argument {:?}", k);
    }
    prop_assert_eq!(&job["Description"], &json!(want.job_description));
    prop_assert_eq!(&t["Description"], &json!(want.stack_description));
    if let Some((schedule, description)) = &want.trigger {
        let trigger = &resources["JobSchedule"]["Properties"];
        prop_assert_eq!(&trigger["Schedule"], &json!(schedule));
        prop_assert_eq!(&trigger["Description"], &json!(description));
    }
    prop_assert_eq!(&job["Command"]["ScriptLocation"], &json!(want.script));
    prop_assert_eq!(
        &resources["AlarmEmailSubscription"]["Properties"]["Endpoint"],
        &json!(want.email)
    );
    let cors = &resources["DataBucket"]["Properties"]["CorsConfiguration"]["CorsRules"][0];
    prop_assert_eq!(&cors["AllowedOrigins"], &strings_of(&want.origins));
    if !want.allowed_headers.is_empty() {
        prop_assert_eq!(&cors["AllowedHeaders"], &strings_of(&want.allowed_headers));
    }
    if !want.exposed_headers.is_empty() {
        prop_assert_eq!(&cors["ExposedHeaders"], &strings_of(&want.exposed_headers));
    }
    if let Some(object) = &want.foreign_script_object {
        let statements = resources["GlueJobPolicy"]["Properties"]["PolicyDocument"]["Statement"]
            .as_array()
            .expect("statements");
        let read = statements
            .iter()
            .find(|s| s["Sid"] == "ReadJobScript")
            .expect("ReadJobScript");
        prop_assert_eq!(
            cfn(&read["Resource"]),
            json!([format!("arn:${{partition}}:s3:::{}", literal(object))])
        );
    }
    Ok(())
}

fn check_terraform(main: &Value, versions: &Value, want: &Want) -> Result<(), TestCaseError> {
    let tags: BTreeMap<String, Value> = want
        .tags
        .iter()
        .map(|(k, v)| (k.clone(), json!(literal(v))))
        .collect();
    let default_tags = &versions["provider"]["aws"]["default_tags"][0]["tags"];
    prop_assert_eq!(&tag_map(default_tags), &tags);
    let job = &main["resource"]["aws_glue_job"]["this"];
    for (k, v) in &want.arguments {
        prop_assert_eq!(
            &job["default_arguments"][k],
            &json!(literal(v)),
            "argument {:?}",
            k
        );
    }
    prop_assert_eq!(&job["description"], &json!(literal(&want.job_description)));
    if let Some((schedule, description)) = &want.trigger {
        let trigger = &main["resource"]["aws_glue_trigger"]["schedule"];
        prop_assert_eq!(&trigger["schedule"], &json!(literal(schedule)));
        prop_assert_eq!(&trigger["description"], &json!(literal(description)));
    }
    prop_assert_eq!(
        &job["command"][0]["script_location"],
        &json!(literal(&want.script))
    );
    prop_assert_eq!(
        &main["resource"]["aws_sns_topic_subscription"]["alarm_email"]["endpoint"],
        &json!(literal(&want.email))
    );
    let cors = &main["resource"]["aws_s3_bucket_cors_configuration"]["data"]["cors_rule"][0];
    prop_assert_eq!(&cors["allowed_origins"], &literals_of(&want.origins));
    if !want.allowed_headers.is_empty() {
        prop_assert_eq!(
            &cors["allowed_headers"],
            &literals_of(&want.allowed_headers)
        );
    }
    if !want.exposed_headers.is_empty() {
        prop_assert_eq!(&cors["expose_headers"], &literals_of(&want.exposed_headers));
    }
    match &want.upload_key {
        Some(key) => prop_assert_eq!(
            &main["resource"]["aws_s3_object"]["script"]["key"],
            &json!(literal(key))
        ),
        None => prop_assert!(main["resource"].get("aws_s3_object").is_none()),
    }
    if let Some(object) = &want.foreign_script_object {
        let statements = main["data"]["aws_iam_policy_document"]["glue_access"]["statement"]
            .as_array()
            .expect("statements");
        let read = statements
            .iter()
            .find(|s| s["sid"] == "ReadJobScript")
            .expect("ReadJobScript");
        prop_assert_eq!(
            &read["resources"],
            &json!([format!("arn:${{partition}}:s3:::{}", literal(object))])
        );
    }
    Ok(())
}

// ------------------------------------------------------------------ 1. through validation

/// Generated specs validation refused (they are not cases; proptest draws another).
static REJECTED: AtomicU32 = AtomicU32::new(0);

#[test]
fn user_strings_validation_admits_survive_every_target() {
    let base = base_spec();
    runner()
        .run(&user_strings(), |u| {
            let mut spec = base.clone();
            spec.environment = u.environment.clone();
            spec.tags = u.tags.clone();
            spec.default_arguments = u.arguments.clone();
            spec.alarm_email = Some(u.email.clone());
            spec.cors_rules[0].allowed_origins = u.origins.clone();
            spec.cors_rules[0].allowed_headers = u.allowed_headers.clone();
            spec.cors_rules[0].exposed_headers = u.exposed_headers.clone();
            let script_bucket = if u.script_in_data_bucket {
                "escape-data-bucket"
            } else {
                "shared-job-scripts"
            };
            let key = format!("{}/job.py", u.script_dir);
            spec.glue_job_script = format!("s3://{script_bucket}/{key}");
            let problems = sparkgen::validate::rules::check(&spec);
            if !problems.is_empty() {
                REJECTED.fetch_add(1, Ordering::Relaxed);
            }
            prop_assume!(problems.is_empty(), "rejected: {:?}", problems);

            let stack = resolve(&spec, "escaping.yaml");
            let mut tags = u.tags.clone();
            tags.insert("Environment".into(), u.environment.clone());
            tags.insert("ManagedBy".into(), "sparkgen".into());
            let want = Want {
                tags,
                arguments: u.arguments.clone(),
                job_description: stack.jobs[0].job.description.clone(),
                stack_description: stack.description.clone(),
                email: u.email.clone(),
                origins: u.origins.clone(),
                allowed_headers: u.allowed_headers.clone(),
                exposed_headers: u.exposed_headers.clone(),
                script: spec.glue_job_script.clone(),
                upload_key: u.script_in_data_bucket.then(|| key.clone()),
                foreign_script_object: (!u.script_in_data_bucket)
                    .then(|| format!("{script_bucket}/{key}")),
                trigger: None,
            };
            // The environment reaches the descriptions verbatim.
            let env_in_description = format!("({} environment)", u.environment);
            prop_assert!(want.job_description.contains(&env_in_description));
            let (template, main, versions, files) = render(&stack);
            check_cloudformation(&template, &want)?;
            check_terraform(&main, &versions, &want)?;
            // No user string reaches the PySpark script once validated (job and bucket names are
            // restricted); it must still parse, and layer 2 puts arbitrary strings into it.
            python_reads(
                file(&files, "glue/job.py"),
                &json!({"JOB_NAME": "escape-job", "SOURCE_PATH": "s3://escape-data-bucket/raw/"}),
            )
            .map_err(TestCaseError::fail)?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "escaping: {} specs passed, {} more were rejected by validation",
        cases(),
        REJECTED.load(Ordering::Relaxed)
    );
}

// ------------------------------------------------------------------ 2. straight into the model

#[derive(Debug, Clone)]
struct Arbitrary {
    tags: BTreeMap<String, String>,
    arguments: BTreeMap<String, String>,
    description: String,
    email: String,
    origins: Vec<String>,
    headers: Vec<String>,
    source: String,
    sink: String,
    partition_keys: Vec<String>,
}

fn arbitrary() -> impl Strategy<Value = Arbitrary> {
    (
        // The model always has tags (Environment, ManagedBy); CloudFormation prints a list of them.
        prop::collection::btree_map(nasty(), nasty(), 1..4),
        prop::collection::btree_map(nasty(), nasty(), 0..4),
        nasty(),
        // The template prints the subscription only for an address (validation requires one).
        nonempty_nasty(),
        prop::collection::vec(nasty(), 1..3),
        prop::collection::vec(nasty(), 1..3),
        nasty(),
        nasty(),
        prop::collection::vec(nasty(), 0..3),
    )
        .prop_map(
            |(
                tags,
                arguments,
                description,
                email,
                origins,
                headers,
                source,
                sink,
                partition_keys,
            )| {
                Arbitrary {
                    tags,
                    arguments,
                    description,
                    email,
                    origins,
                    headers,
                    source,
                    sink,
                    partition_keys,
                }
            },
        )
}

#[test]
fn arbitrary_strings_in_the_model_survive_every_target() {
    let base = resolve(&base_spec(), "escaping.yaml");
    runner()
        .run(&arbitrary(), |a| {
            let mut stack = base.clone();
            stack.tags = a
                .tags
                .iter()
                .map(|(key, value)| Tag {
                    key: key.clone(),
                    value: value.clone(),
                })
                .collect();
            stack.jobs[0].job.arguments = a
                .arguments
                .iter()
                .map(|(k, v)| Argument {
                    key: k.clone(),
                    value: v.clone(),
                })
                .collect();
            stack.jobs[0].job.description = a.description.clone();
            stack.description = a.description.clone();
            stack.topic.email = Some(a.email.clone());
            stack.bucket.cors[0].allowed_origins = a.origins.clone();
            stack.bucket.cors[0].allowed_headers = a.headers.clone();
            stack.bucket.cors[0].exposed_headers = a.headers.clone();
            stack.jobs[0].pipeline.source_path = a.source.clone();
            stack.jobs[0].pipeline.sink_path = a.sink.clone();
            stack.jobs[0].pipeline.partition_keys = a.partition_keys.clone();
            // A schedule is validated to a cron before it reaches the model; the model's printers
            // must still carry any text through.
            stack.triggers = vec![Trigger {
                cfn_id: "JobSchedule".to_owned(),
                tf_id: "schedule".to_owned(),
                name: "escaping-schedule".to_owned(),
                description: a.description.clone(),
                kind: "SCHEDULED",
                schedule: Some(a.email.clone()),
                start_on_creation: true,
                workflow: None,
                after: Vec::new(),
                jobs: vec![ids::JobIds::first().job().name()],
            }];

            let want = Want {
                tags: a.tags.clone(),
                arguments: a.arguments.clone(),
                job_description: a.description.clone(),
                stack_description: a.description.clone(),
                email: a.email.clone(),
                origins: a.origins.clone(),
                allowed_headers: a.headers.clone(),
                exposed_headers: a.headers.clone(),
                script: stack.jobs[0].script.cfn_location.clone(),
                upload_key: stack.jobs[0].script.upload.as_ref().map(|u| u.key.clone()),
                foreign_script_object: None,
                trigger: Some((a.email.clone(), a.description.clone())),
            };
            let (template, main, versions, files) = render(&stack);
            check_cloudformation(&template, &want)?;
            check_terraform(&main, &versions, &want)?;
            python_reads(
                file(&files, "glue/job.py"),
                &json!({
                    "SOURCE_PATH": a.source,
                    "SINK_PATH": a.sink,
                    "PARTITION_KEYS": a.partition_keys,
                }),
            )
            .map_err(TestCaseError::fail)?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

// ------------------------------------------------------------------ 3. the quoting functions

fn canonical_ref(r: &Ref) -> String {
    match r {
        Ref::Partition => "partition".to_owned(),
        Ref::Region => "region".to_owned(),
        Ref::AccountId => "account".to_owned(),
        Ref::UrlSuffix => "url_suffix".to_owned(),
        // The names tests/common/normalize.rs gives each target's spelling of the reference.
        Ref::Resource(id, attribute) => {
            match (id.cfn.as_str(), format!("{attribute:?}").as_str()) {
                ("DataKey", "Arn") => "key_arn",
                ("GlueJobRole", "Arn") => "role_arn",
                ("AlarmTopic", "Arn") => "topic_arn",
                ("AccessLogBucket", "Name") => "access_log_bucket",
                ("DataBucket", "Arn") => "data_bucket_arn",
                ("AccessLogBucket", "Arn") => "access_log_bucket_arn",
                ("OrdersEnrichGlueJob", "Name") => "job_name[OrdersEnrich]",
                ("Workflow", "Name") => "workflow_name",
                other => panic!("no canonical name for {other:?}"),
            }
            .to_owned()
        }
    }
}

fn reference() -> impl Strategy<Value = Ref> {
    use sparkgen::resolve::Attribute;
    proptest::sample::select(vec![
        Ref::Partition,
        Ref::Region,
        Ref::AccountId,
        Ref::UrlSuffix,
        ids::data_key().attr(Attribute::Arn),
        ids::JobIds::first().role().attr(Attribute::Arn),
        ids::JobIds::named("orders-enrich", 1, &mut Vec::new())
            .job()
            .attr(Attribute::Name),
        ids::workflow().attr(Attribute::Name),
        ids::alarm_topic().attr(Attribute::Arn),
        ids::access_log_bucket().attr(Attribute::Name),
        ids::data_bucket().attr(Attribute::Arn),
        ids::access_log_bucket().attr(Attribute::Arn),
    ])
}

fn interp() -> impl Strategy<Value = Interp> {
    let part = prop_oneof![
        2 => nasty().prop_map(Part::Lit),
        1 => reference().prop_map(Part::Ref),
    ];
    prop::collection::vec(part, 0..6).prop_map(|parts| {
        parts.into_iter().fold(Interp::default(), |i, p| match p {
            Part::Lit(t) => i.text(t),
            Part::Ref(r) => i.then(r),
        })
    })
}

#[test]
fn quoting_functions_round_trip_any_string() {
    runner()
        .run(&nasty(), |s| {
            // YAML, alone, as a mapping value and as a mapping key.
            let q = yaml_string(&s);
            prop_assert_eq!(
                serde_yaml::from_str::<String>(&q)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?,
                s.clone()
            );
            let doc: Value = serde_yaml::from_str(&format!("{q}: {q}\nafter: 1\n"))
                .map_err(|e| TestCaseError::fail(format!("{e}: {q}")))?;
            prop_assert_eq!(&doc[&s], &json!(s));
            prop_assert_eq!(&doc["after"], &json!(1));
            // HCL: the attribute must be a plain string expression equal to the input.
            let h = hcl_string(&s);
            let body: hcl::Body = hcl::from_str(&format!("a = {h}\nb = 1\n"))
                .map_err(|e| TestCaseError::fail(format!("{e}: {h}")))?;
            let attrs: Vec<&hcl::Attribute> = body.attributes().collect();
            prop_assert_eq!(attrs.len(), 2);
            prop_assert_eq!(attrs[0].expr(), &hcl::Expression::String(s.clone()));
            // Python.
            python_reads(&format!("x = {}\n", python_string(&s)), &json!({"x": s}))
                .map_err(TestCaseError::fail)?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn values_with_references_round_trip_in_both_targets() {
    runner()
        .run(&interp(), |i| {
            let want: String = i
                .interp
                .iter()
                .map(|p| match p {
                    Part::Lit(t) => literal(t),
                    Part::Ref(r) => format!("${{{}}}", canonical_ref(r)),
                })
                .collect();
            let c = cfn_value(&i);
            let doc: Value = serde_yaml::from_str(&format!("v: {c}\n"))
                .map_err(|e| TestCaseError::fail(format!("{e}: {c}")))?;
            prop_assert_eq!(cfn(&doc["v"]), json!(want), "CloudFormation {}", c);
            let t = tf_value(&i);
            let main = tf_file(&format!("v = {t}\n"));
            prop_assert_eq!(&main["v"], &json!(want), "Terraform {}", t);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

/// `catalog`: the database and table names reach CloudFormation, Terraform and the script. Once
/// validated they are `[a-z0-9_]`, so this puts arbitrary text into the model to show the printers
/// carry any of it through unchanged.
#[test]
fn catalog_names_in_the_model_survive_every_target() {
    let spec = sparkgen::validate::validate_text(
        "bucketName: escape-data-bucket\nglueJobName: escape-job\n\
         glueJobScript: s3://escape-data-bucket/scripts/job.py\n\
         catalog:\n  database: escape_db\n  table: escape_table\n",
    )
    .expect("base spec is valid");
    let base = resolve(&spec, "escaping.yaml");
    runner()
        .run(
            &(nonempty_nasty(), nasty(), nonempty_nasty()),
            |(database, description, table)| {
                let mut stack = base.clone();
                stack.databases[0].name = database.clone();
                stack.databases[0].description = description.clone();
                let catalog = stack.jobs[0].pipeline.catalog.as_mut().expect("catalog");
                catalog.database = database.clone();
                catalog.table = table.clone();
                let (template, main, _, files) = render(&stack);
                let input =
                    &template["Resources"]["CatalogDatabase"]["Properties"]["DatabaseInput"];
                prop_assert_eq!(&input["Name"], &json!(database));
                prop_assert_eq!(&input["Description"], &json!(description));
                let tf = &main["resource"]["aws_glue_catalog_database"]["catalog"];
                prop_assert_eq!(&tf["name"], &json!(literal(&database)));
                prop_assert_eq!(&tf["description"], &json!(literal(&description)));
                python_reads(
                    file(&files, "glue/job.py"),
                    &json!({"CATALOG_DATABASE": database, "CATALOG_TABLE": table}),
                )
                .map_err(TestCaseError::fail)?;
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
}
