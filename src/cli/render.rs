use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use super::load::{parse_sets, rendered};
use super::{fail, Status};
use crate::render::Target;
use crate::write::{extras, other_trees, write_tree_with, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TargetArg {
    Cloudformation,
    Terraform,
    Pyspark,
    All,
}

impl TargetArg {
    pub fn targets(self) -> Vec<Target> {
        match self {
            TargetArg::Cloudformation => vec![Target::Cloudformation],
            TargetArg::Terraform => vec![Target::Terraform],
            TargetArg::Pyspark => vec![Target::Pyspark],
            TargetArg::All => Target::ALL.to_vec(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            TargetArg::All => "all",
            one => one.targets()[0].name(),
        }
    }
}

/// Render specs to CloudFormation, Terraform and/or the PySpark Glue script.
///
/// With one spec, --out DIR is the root of its tree; with several, each spec's tree goes to
/// DIR/<stem>/ (`orders.sparkgen.yaml` -> DIR/orders/). Writes are all-or-nothing.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  sparkgen render spec.yaml --target cloudformation > template.yaml\n  sparkgen render spec.yaml --out generated/   # every target\n  sparkgen render spec.yaml --out generated/ --prune   # and delete what it no longer renders\n  sparkgen render orders.sparkgen.yaml events.sparkgen.yaml --out generated/   # generated/orders/, generated/events/\n  sparkgen render spec.yaml --out generated/   # with environments: generated/dev/, generated/prod/\n  sparkgen render spec.yaml --env prod --target cloudformation > prod.yaml"
)]
pub struct Args {
    /// Spec files (YAML or JSON); several need --out.
    #[arg(required = true)]
    specs: Vec<PathBuf>,
    /// What to render; `all` needs --out. Default: `all` with --out; without it, required.
    #[arg(long, short, value_enum)]
    target: Option<TargetArg>,
    /// Write the output tree under this directory instead of printing one file to stdout.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Overwrite files under --out that sparkgen did not generate.
    #[arg(long)]
    force: bool,
    /// Also delete the files under --out that sparkgen generated and no longer renders (a renamed
    /// script, a job removed from a pipeline), in the same all-or-nothing write. Only files
    /// carrying sparkgen's header are deleted, and only the folders that leaves empty.
    #[arg(long, requires = "out")]
    prune: bool,
    /// Render one environment of the spec's `environments` (to stdout, or as the tree under
    /// --out); without it, --out DIR gets each environment in DIR/<env>/.
    #[arg(long, value_name = "NAME")]
    env: Option<String>,
    /// Override one key for this run, after the spec and its environment: KEY.PATH=VALUE
    /// (`glueNumberOfWorkers=20`, `alarmThresholds.failedTasks=3`, `tags.team=data`), the value
    /// read as YAML. Repeatable; a problem it causes is reported at the `--set`.
    #[arg(long = "set", value_name = "KEY.PATH=VALUE")]
    sets: Vec<String>,
}

pub fn run(args: Args) -> Status {
    if args.out.is_none() && args.specs.len() > 1 {
        return fail("several specs render several files: pass --out DIR to write them");
    }
    let target = match (args.target, &args.out) {
        (Some(target), _) => target,
        (None, Some(_)) => TargetArg::All,
        (None, None) => {
            return fail(
                "pass --target cloudformation, terraform or pyspark to print one target, or --out DIR to write them all",
            )
        }
    };
    let sets = match parse_sets(&args.sets) {
        Ok(sets) => sets,
        Err(status) => return status,
    };
    let rendered = match rendered(
        &args.specs,
        &target.targets(),
        args.env.as_deref(),
        &sets,
        args.out.as_deref(),
    ) {
        Ok(rendered) => rendered,
        Err(status) => return status,
    };
    let files = rendered.files;
    let Some(dir) = &args.out else {
        if target == TargetArg::Terraform && !rendered.uploaded_files.is_empty() {
            eprintln!(
                "note: this Terraform uploads files it does not print, read by their path from \
                 the output tree's root ({}): `terraform validate` and `apply` need them there, \
                 so deploy from a tree written with --out DIR",
                rendered.uploaded_files.join(", ")
            );
        }
        for starter in &rendered.starters {
            if std::fs::symlink_metadata(&starter.path).is_err() {
                eprintln!(
                    "note: {} does not exist yet: `render --out DIR` creates its starter",
                    starter.path.display()
                );
            }
        }
        if rendered.by_environment {
            return fail(
                "the spec has environments, each its own tree: pass --env NAME to print one, or --out DIR to write DIR/<env>/ for each",
            );
        }
        if target == TargetArg::All {
            return fail("--target all renders several trees: pass --out DIR to write them");
        }
        // A target's files concatenate into one valid file of its format (Terraform reads any
        // number of blocks from one file), so stdout always gets something usable.
        let text = files
            .iter()
            .filter(|f| f.binary.is_none())
            .map(|f| f.contents.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let mut stdout = std::io::stdout().lock();
        return match stdout
            .write_all(text.as_bytes())
            .and_then(|_| stdout.flush())
        {
            Ok(()) => Status::Ok,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Status::Ok,
            Err(e) => fail(format_args!("cannot write to stdout: {e}")),
        };
    };
    match write_tree_with(dir, &files, args.force, args.prune) {
        Ok(written) => {
            // One write to stderr, not several per line (stderr is unbuffered).
            let mut report = String::new();
            for (path, outcome) in written {
                let verb = match outcome {
                    Outcome::Written => "wrote",
                    Outcome::Unchanged => "unchanged",
                    Outcome::Removed => "removed",
                };
                let _ = writeln!(report, "{verb} {}", path.display());
            }
            for tree in other_trees(dir, &files).unwrap_or_default() {
                let _ = writeln!(report, "note: {}", other_tree_note(&tree));
            }
            // Without --prune, old generated files are named, not deleted.
            if !args.prune {
                for path in extras(dir, &files).unwrap_or_default() {
                    let _ = writeln!(
                        report,
                        "note: {} was generated by sparkgen but is no longer rendered: delete it, or render with --prune",
                        path.display()
                    );
                }
            }
            match crate::team::create_missing(&rendered.starters) {
                Ok(created) => {
                    for path in created {
                        let _ = writeln!(
                            report,
                            "created {} (the team's job script, a starter: it is yours, and sparkgen never changes it)",
                            path.display()
                        );
                    }
                }
                Err(e) => {
                    eprint!("{report}");
                    return fail(e);
                }
            }
            eprint!("{report}");
            Status::Ok
        }
        Err(e) => fail(e),
    }
}

/// What `render` and `check` say about a folder of generated files this render does not write.
pub fn other_tree_note(tree: &std::path::Path) -> String {
    format!(
        "{}/ holds files sparkgen generated that this render does not write: a tree left by \
         another layout of this output (one spec rendered where several were, or back; \
         environments added or removed). Neither --prune nor check touches it: delete it if \
         nothing renders there any more",
        tree.display()
    )
}
