use std::path::PathBuf;

use super::load::{parse_sets, print_human};
use super::Status;
use crate::diagnostic;
use crate::generate::load_spec_with;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source line and caret, for people (stderr).
    Human,
    /// One JSON object per diagnostic per line, for machines (stdout).
    Json,
}

/// Validate specs: every problem of every file, each at its line and column.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  sparkgen validate pipelines/*.yaml\n  sparkgen validate spec.yaml --format json"
)]
pub struct Args {
    /// Spec files (YAML or JSON).
    #[arg(required = true)]
    specs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Override one key for this run, after the spec and its environment: KEY.PATH=VALUE
    /// (`glueNumberOfWorkers=20`, `alarmThresholds.failedTasks=3`, `tags.team=data`), the value
    /// read as YAML. Repeatable; a problem it causes is reported at the `--set`.
    #[arg(long = "set", value_name = "KEY.PATH=VALUE")]
    sets: Vec<String>,
}

pub fn run(args: Args) -> Status {
    let sets = match parse_sets(&args.sets) {
        Ok(sets) => sets,
        Err(status) => return status,
    };
    let loaded: Vec<_> = args
        .specs
        .iter()
        .map(|p| load_spec_with(p, &sets))
        .collect();
    let reports: Vec<_> = loaded.iter().flat_map(|l| l.reports()).collect();
    match args.format {
        Format::Human => {
            print_human(&reports);
            for spec in loaded.iter().filter(|l| l.result.is_ok()) {
                if spec.environments.is_empty() {
                    eprintln!("{}: valid", spec.name);
                } else {
                    let names: Vec<&str> =
                        spec.environments.iter().map(|(n, _)| n.as_str()).collect();
                    eprintln!(
                        "{}: valid, with every environment ({})",
                        spec.name,
                        names.join(", ")
                    );
                }
            }
        }
        Format::Json => print!("{}", diagnostic::render_json(&reports)),
    }
    if loaded.iter().any(|l| l.unreadable()) {
        Status::Failed
    } else if reports.is_empty() {
        Status::Ok
    } else {
        Status::Invalid
    }
}
