use std::path::{Path, PathBuf};
use std::process::Command as Process;

use super::load::{parse_sets, print_human};
use super::{fail, Status};
use crate::generate::{load_spec_with, loaded_text, source_name, LoadedSpec};
use crate::plan::{self, diff, human, prices, Plan, Prices};
use crate::render::mermaid;
use crate::resolve::resolve;
use crate::validate::Set;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Jobs, costs and resources as text, for people.
    Human,
    /// One JSON document with stable field names, for machines.
    Json,
    /// A Mermaid flowchart of the pipeline (of NEW, with two specs).
    Mermaid,
}

/// Show what a spec deploys and what its runs can cost, without AWS credentials; with two specs
/// (or --base), what deploying the second over the first adds, updates, replaces and deletes.
#[derive(clap::Args)]
#[command(
    after_help = "The cost is an estimate of AWS Glue compute only: workers x DPU per worker x hours x \
the price per DPU-hour of the job's execution class, for the expected run (expectedRunMinutes) and \
the worst case (every attempt running until glueTimeout), per run and per month of the schedule.\n\n\
Examples:\n  sparkgen plan sparkgen.yaml\n  sparkgen plan sparkgen.yaml --format json\n  \
sparkgen plan old.yaml new.yaml\n  sparkgen plan sparkgen.yaml --base origin/main\n  \
sparkgen plan sparkgen.yaml --format mermaid > pipeline.mmd\n  \
sparkgen plan sparkgen.yaml --env prod"
)]
pub struct Args {
    /// The spec (with NEW or --base: the old one, or the one at REV).
    spec: PathBuf,
    /// A second spec: the plan shows what deploying it over SPEC changes.
    new: Option<PathBuf>,
    /// Compare SPEC as committed at this git revision with SPEC as it is now.
    #[arg(long, value_name = "REV", conflicts_with = "new")]
    base: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// The region whose Glue prices apply.
    #[arg(long, default_value = prices::DEFAULT_REGION)]
    region: String,
    /// USD per DPU-hour for standard runs, instead of the region's list price.
    #[arg(long, value_name = "USD")]
    price_per_dpu_hour: Option<f64>,
    /// USD per DPU-hour for Flex runs, instead of the region's list price.
    #[arg(long, value_name = "USD")]
    flex_price_per_dpu_hour: Option<f64>,
    /// The environment of the spec's `environments` to plan (required when it has any).
    #[arg(long, value_name = "NAME")]
    env: Option<String>,
    /// Override one key for this run, after the spec and its environment: KEY.PATH=VALUE
    /// (`glueNumberOfWorkers=20`, `alarmThresholds.failedTasks=3`, `tags.team=data`), the value
    /// read as YAML. Repeatable; a problem it causes is reported at the `--set`.
    #[arg(long = "set", value_name = "KEY.PATH=VALUE")]
    sets: Vec<String>,
}

pub fn run(args: Args) -> Status {
    for price in [args.price_per_dpu_hour, args.flex_price_per_dpu_hour]
        .into_iter()
        .flatten()
    {
        if !(price.is_finite() && price >= 0.0) {
            return fail(format!(
                "a price per DPU-hour must be a number of USD, not {price}"
            ));
        }
    }
    let prices = match Prices::for_region(
        &args.region,
        args.price_per_dpu_hour,
        args.flex_price_per_dpu_hour,
    ) {
        Ok(p) => p,
        Err(message) => return fail(message),
    };
    let sets = match parse_sets(&args.sets) {
        Ok(sets) => sets,
        Err(status) => return status,
    };
    let old = match &args.base {
        Some(rev) => match at_revision(&args.spec, rev, &sets) {
            Ok(loaded) => loaded,
            Err(message) => return fail(message),
        },
        None => load_spec_with(&args.spec, &sets),
    };
    let new = match (&args.base, &args.new) {
        (Some(_), _) => Some(load_spec_with(&args.spec, &sets)),
        (None, Some(path)) => Some(load_spec_with(path, &sets)),
        (None, None) => None,
    };
    let loaded: Vec<&LoadedSpec> = std::iter::once(&old).chain(new.as_ref()).collect();
    let reports: Vec<_> = loaded.iter().flat_map(|l| l.reports()).collect();
    if !reports.is_empty() {
        print_human(&reports);
        return if loaded.iter().any(|l| l.unreadable()) {
            Status::Failed
        } else {
            Status::Invalid
        };
    }
    let planned: Result<Vec<(Plan, String)>, String> = loaded
        .iter()
        .map(|l| planned(l, args.env.as_deref(), &prices))
        .collect();
    let planned = match planned {
        Ok(p) => p,
        Err(message) => return fail(message),
    };
    let text = match (planned.as_slice(), args.format) {
        ([(_, diagram)], Format::Mermaid) | ([_, (_, diagram)], Format::Mermaid) => diagram.clone(),
        ([(plan, _)], Format::Human) => human::plan(plan),
        ([(plan, _)], Format::Json) => json(plan),
        ([(old, _), (new, _)], format) => match diff::diff(old, new) {
            Ok(diff) if format == Format::Json => json(&diff),
            Ok(diff) => human::diff(&diff),
            Err(message) => return fail(message),
        },
        _ => return fail("internal error: nothing to plan"),
    };
    print!("{text}");
    Status::Ok
}

/// The plan of a valid spec (of its environment `env`) and its Mermaid flowchart.
fn planned(
    loaded: &LoadedSpec,
    env: Option<&str>,
    prices: &Prices,
) -> Result<(Plan, String), String> {
    let specs = loaded.to_render(env)?;
    let [(_, spec)] = specs.as_slice() else {
        let names: Vec<String> = loaded
            .environments
            .iter()
            .map(|(n, _)| format!("`{n}`"))
            .collect();
        return Err(format!(
            "{} has environments ({}): pass --env NAME to plan one",
            loaded.name,
            names.join(", ")
        ));
    };
    let name = match env {
        Some(env) => format!("{} (environment {env})", loaded.name),
        None => loaded.name.clone(),
    };
    let stack = resolve(spec, &name);
    let plan = plan::plan(spec, &stack, prices)?;
    Ok((plan, mermaid::flowchart(&stack)))
}

fn json<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(text) => text + "\n",
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// The spec as committed at `rev`, read with `git show` from the spec's own folder, named
/// `REV:path` in diagnostics.
fn at_revision(spec: &Path, rev: &str, sets: &[Set]) -> Result<LoadedSpec, String> {
    if rev.starts_with('-') {
        return Err(format!("--base {rev}: a revision cannot start with `-`"));
    }
    let folder = spec
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = spec
        .file_name()
        .ok_or_else(|| format!("{} is not a file", spec.display()))?;
    let object = format!("{rev}:./{}", file.to_string_lossy());
    let output = Process::new("git")
        .arg("-C")
        .arg(folder)
        .args(["show", "--no-textconv", &object])
        .output()
        .map_err(|e| format!("--base needs git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "--base {rev}: git cannot show {}: {}",
            spec.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| format!("{} at {rev} is not UTF-8", spec.display()))?;
    Ok(loaded_text(
        format!("{rev}:{}", source_name(spec)),
        text,
        sets,
    ))
}
