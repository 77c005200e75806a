//! The command line: one file per subcommand. This is the one place that prints errors and turns
//! outcomes into exit codes (0 success; 1 invalid spec or stale output; 2 usage, I/O or internal).

mod check;
mod completions;
mod init;
mod load;
mod plan;
mod render;
mod schema;
mod validate;

use clap::{CommandFactory as _, Parser, Subcommand};

/// Exit codes of the contract.
pub const EXIT_OK: i32 = 0;
pub const EXIT_INVALID: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// How a subcommand ended; `run` turns it into the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// A spec is invalid (its diagnostics are printed).
    Invalid,
    /// Output under --out differs from what the specs render.
    Stale,
    /// Usage, I/O or internal error (already printed).
    Failed,
}

impl Status {
    pub fn code(self) -> i32 {
        match self {
            Status::Ok => EXIT_OK,
            Status::Invalid | Status::Stale => EXIT_INVALID,
            Status::Failed => EXIT_ERROR,
        }
    }
}

#[derive(Parser)]
#[command(
    name = "sparkgen",
    version,
    about = "Render one YAML spec of an AWS Glue Spark pipeline into CloudFormation, Terraform and a PySpark script",
    long_about = None,
    after_help = "Examples:\n  sparkgen init sparkgen.yaml\n  sparkgen validate sparkgen.yaml\n  sparkgen render sparkgen.yaml --target all --out generated\n  sparkgen check sparkgen.yaml --out generated\n  sparkgen plan sparkgen.yaml\n\nExit codes: 0 success; 1 invalid spec or stale output; 2 usage, I/O or internal error.",
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Render(render::Args),
    Validate(validate::Args),
    Check(check::Args),
    Plan(plan::Args),
    Init(init::Args),
    Schema(schema::Args),
    Completions(completions::Args),
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let status = match cli.command {
        Command::Render(args) => render::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Check(args) => check::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Init(args) => init::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Completions(args) => completions::run(args, &mut Cli::command()),
    };
    status.code()
}

/// Prints an error that is not about a spec's content (I/O, usage).
pub(crate) fn fail(message: impl std::fmt::Display) -> Status {
    eprintln!("error: {message}");
    Status::Failed
}
