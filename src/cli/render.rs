use std::io::Write;
use std::path::PathBuf;

use super::load::{load_spec, print_human};
use super::{fail, EXIT_INVALID, EXIT_OK};
use crate::render::{render_all, Target};
use crate::resolve::resolve;
use crate::write::{write_tree, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TargetArg {
    Cloudformation,
    Terraform,
    Pyspark,
    All,
}

/// Render a spec to CloudFormation, Terraform and/or the PySpark Glue script.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  sparkgen render spec.yaml --target cloudformation > template.yaml\n  sparkgen render spec.yaml --target all --out generated/"
)]
pub struct Args {
    /// The spec file (YAML or JSON).
    spec: PathBuf,
    /// What to render; `all` needs --out.
    #[arg(long, short, value_enum)]
    target: TargetArg,
    /// Write the output tree under this directory instead of printing one file to stdout.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Overwrite files under --out that sparkgen did not generate.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> i32 {
    let targets: Vec<Target> = match args.target {
        TargetArg::Cloudformation => vec![Target::Cloudformation],
        TargetArg::Terraform => vec![Target::Terraform],
        TargetArg::Pyspark => vec![Target::Pyspark],
        TargetArg::All => Target::ALL.to_vec(),
    };
    let loaded = load_spec(&args.spec);
    let spec = match &loaded.result {
        Ok(spec) => spec,
        Err(_) => {
            print_human(&loaded.report().into_iter().collect::<Vec<_>>());
            return EXIT_INVALID;
        }
    };
    let stack = resolve(spec, &loaded.name);
    let files = match render_all(&stack, &targets) {
        Ok(files) => files,
        Err(e) => return fail(format_args!("internal error while rendering: {e}")),
    };
    match &args.out {
        Some(dir) => match write_tree(dir, &files, args.force) {
            Ok(written) => {
                for (path, outcome) in written {
                    let verb = match outcome {
                        Outcome::Written => "wrote",
                        Outcome::Unchanged => "unchanged",
                    };
                    eprintln!("{verb} {}", path.display());
                }
                EXIT_OK
            }
            Err(e) => fail(e),
        },
        None => {
            if targets.len() > 1 {
                return fail("--target all renders several trees: pass --out DIR to write them");
            }
            // A target's files concatenate into one valid file of its format (Terraform reads
            // any number of blocks from one file), so stdout always gets something usable.
            let text: String = files
                .iter()
                .map(|f| f.contents.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
            {
                Ok(()) => EXIT_OK,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
                Err(e) => fail(format_args!("cannot write to stdout: {e}")),
            }
        }
    }
}
