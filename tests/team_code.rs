//! The team's code at run time, as AWS Glue reads it: the job runs the team's script
//! (`Command.ScriptLocation`) with every file of `--extra-py-files` on its Python path ("Using
//! Python libraries with AWS Glue": `--extra-py-files` takes comma-separated S3 paths of `.py`,
//! `.zip` or `.whl` files). Both targets must hand Glue the same list, with the generated runtime
//! the team's script imports first, and any text a team puts in a path either is refused at its
//! line or comes through every target intact.

mod common;

use common::{cfn_resource, file, parse_hcl, parse_yaml, render_text, tf_resource};
use sparkgen::render::Target;

const BASE: &str = "bucketName: team-bucket\nglueJobName: j\n";

fn both(text: &str) -> (serde_json::Value, serde_json::Value) {
    let cfn = parse_yaml(file(
        &render_text("team", text, Target::Cloudformation),
        "cloudformation/template.yaml",
    ));
    let tf = parse_hcl(file(
        &render_text("team", text, Target::Terraform),
        "terraform/main.tf",
    ));
    (cfn, tf)
}

#[test]
fn the_runtime_comes_first_on_the_path_and_s3_entries_follow_as_written() {
    let text = format!(
        "{BASE}glueJobScript: jobs/j.py\nextraPyFiles: [s3://libs/a.zip, lib, s3://libs/b.py]\n"
    );
    let (cfn, tf) = both(&text);
    let cfn_job = &cfn_resource(&cfn, "GlueJob")["Properties"];
    let tf_job = tf_resource(&tf, "aws_glue_job", "this");
    let list = cfn_job["DefaultArguments"]["--extra-py-files"]
        .as_str()
        .expect("--extra-py-files");
    assert_eq!(
        list.split(',').collect::<Vec<_>>(),
        [
            "s3://team-bucket/scripts/sparkgen_runtime.py",
            "s3://team-bucket/scripts/extra_py_files.zip",
            "s3://libs/a.zip",
            "s3://libs/b.py",
        ]
    );
    assert_eq!(tf_job["default_arguments"]["--extra-py-files"], list);
    // The job runs the team's script: Terraform's S3 copy of it, CloudFormation's file for
    // `package`.
    assert_eq!(
        tf_job["command"]["script_location"],
        "s3://team-bucket/scripts/j.py"
    );
    assert_eq!(cfn_job["Command"]["ScriptLocation"], "../../jobs/j.py");
}

#[test]
fn an_s3_script_keeps_the_generated_script_and_no_extra_files() {
    let text = format!("{BASE}glueJobScript: s3://team-bucket/scripts/j.py\n");
    let (cfn, tf) = both(&text);
    assert!(
        cfn_resource(&cfn, "GlueJob")["Properties"]["DefaultArguments"]
            .get("--extra-py-files")
            .is_none()
    );
    let objects = tf["resource"]["aws_s3_object"]
        .as_object()
        .expect("objects");
    assert_eq!(objects.keys().collect::<Vec<_>>(), ["script"]);
    assert_eq!(objects["script"]["source"], "${path.module}/../glue/j.py");
    let files = render_text("team", &text, Target::Pyspark);
    assert!(files.iter().any(|f| f.path == "glue/j.py"));
    assert!(!files.iter().any(|f| f.path.contains("sparkgen_runtime")));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any text as an `extraPyFiles` entry or as the folder of a team's script is refused at its
    /// line, or every target still parses and carries it intact.
    #[test]
    fn any_path_text_is_refused_or_carried_intact(
        entry in "(s3://libs/)?[ -~\u{e9}\u{4e2d}]{0,16}",
        folder in "[ -~\u{e9}]{0,12}",
    ) {
        let quoted = |s: &str| serde_json::to_string(s).expect("json");
        let script = format!("{folder}/job.py");
        let text = format!(
            "{BASE}glueJobScript: {}\nextraPyFiles: [{}]\n",
            quoted(&script),
            quoted(&entry)
        );
        match sparkgen::validate::validate_text(&text) {
            Err(diagnostics) => {
                proptest::prop_assert!(diagnostics.iter().all(|d| d.span.is_some()), "{diagnostics:?}");
            }
            Ok(_) => {
                let (cfn, tf) = both(&text);
                let list = cfn_resource(&cfn, "GlueJob")["Properties"]["DefaultArguments"]["--extra-py-files"].clone();
                let tf_job = tf_resource(&tf, "aws_glue_job", "this");
                proptest::prop_assert_eq!(&tf_job["default_arguments"]["--extra-py-files"], &list);
                if entry.starts_with("s3://") {
                    let tail = format!(",{}", entry);
                    proptest::prop_assert!(list.as_str().is_some_and(|l| l.ends_with(&tail)), "{:?}", list);
                }
                let location = cfn_resource(&cfn, "GlueJob")["Properties"]["Command"]["ScriptLocation"].clone();
                let script = script.trim_start_matches("./");
                let expected = format!("../../{script}");
                proptest::prop_assert_eq!(location.as_str(), Some(expected.as_str()));
                proptest::prop_assert_eq!(
                    &tf["resource"]["aws_s3_object"]["script"]["source"],
                    &serde_json::json!(format!("${{path.module}}/../../{script}"))
                );
                let python = render_text("team", &text, Target::Pyspark);
                let runtime = file(&python, "glue/sparkgen_runtime.py");
                proptest::prop_assert!(runtime.contains("\nTEAM_SCRIPT = os.path.normpath("));
            }
        }
    }
}
