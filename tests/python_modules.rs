//! `pythonModules` as Glue reads it at run time: AWS Glue's "Using Python libraries with AWS
//! Glue" page says Glue 2.0 and later pip-install the job argument `--additional-python-modules`,
//! "a list of comma-separated Python modules". Both targets must hand the job exactly that list.

mod common;

use common::{cfn_resource, cloudformation, terraform, tf_resource};

#[test]
fn both_targets_pass_the_modules_as_one_comma_separated_argument() {
    let cfn = cloudformation("production");
    let args = &cfn_resource(&cfn, "GlueJob")["Properties"]["DefaultArguments"];
    assert_eq!(
        args["--additional-python-modules"],
        "pyarrow==17.0.0,great-expectations>=1.2"
    );
    let tf = terraform("production");
    let tf_args = &tf_resource(&tf, "aws_glue_job", "this")["default_arguments"];
    assert_eq!(
        tf_args["--additional-python-modules"],
        args["--additional-python-modules"]
    );
    // Each entry survives the split Glue makes.
    let entries: Vec<&str> = args["--additional-python-modules"]
        .as_str()
        .unwrap_or_default()
        .split(',')
        .collect();
    assert_eq!(entries, ["pyarrow==17.0.0", "great-expectations>=1.2"]);
    // A job without modules gets no argument (an empty list would make pip install nothing but fail).
    let seed = cloudformation("seed");
    assert!(
        cfn_resource(&seed, "GlueJob")["Properties"]["DefaultArguments"]
            .get("--additional-python-modules")
            .is_none()
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any text is refused at its line, or reaches both targets' argument exactly as written.
    #[test]
    fn any_module_text_is_refused_or_passed_through_unchanged(module in "[ -~\u{e9}\u{4e2d}]{0,24}") {
        let seed = std::fs::read_to_string(common::example_path("seed")).expect("seed");
        let quoted = serde_json::to_string(&module).expect("json");
        let text = format!("{seed}pythonModules: [{quoted}]\n");
        match sparkgen::validate::validate_text(&text) {
            Err(diagnostics) => {
                proptest::prop_assert!(diagnostics.iter().all(|d| d.span.is_some()), "{diagnostics:?}");
            }
            Ok(_) => {
                let cfn = common::parse_yaml(common::file(
                    &common::render_text("seed", &text, sparkgen::render::Target::Cloudformation),
                    "cloudformation/template.yaml",
                ));
                let tf = common::parse_hcl(common::file(
                    &common::render_text("seed", &text, sparkgen::render::Target::Terraform),
                    "terraform/main.tf",
                ));
                let cfn_arg = &cfn_resource(&cfn, "GlueJob")["Properties"]["DefaultArguments"]["--additional-python-modules"];
                let tf_arg = &tf_resource(&tf, "aws_glue_job", "this")["default_arguments"]["--additional-python-modules"];
                proptest::prop_assert_eq!(cfn_arg.as_str(), Some(module.as_str()));
                proptest::prop_assert_eq!(tf_arg.as_str(), Some(module.as_str()));
            }
        }
    }
}
