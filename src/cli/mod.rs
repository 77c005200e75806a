//! The command line: one file per subcommand. This is the one place that prints errors and turns
//! outcomes into exit codes (0 success; 1 invalid spec or stale output; 2 usage, I/O or internal).

mod load;
mod render;
mod schema;
mod validate;

use clap::{Parser, Subcommand};

pub use load::{load_spec, LoadedSpec};

/// Exit codes of the contract.
pub const EXIT_OK: i32 = 0;
pub const EXIT_INVALID: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser)]
#[command(
    name = "sparkgen",
    version,
    about = "Render one YAML spec of an AWS Glue Spark pipeline into CloudFormation, Terraform and a PySpark script",
    long_about = None,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Render(render::Args),
    Validate(validate::Args),
    Schema(schema::Args),
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
    match cli.command {
        Command::Render(args) => render::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Schema(args) => schema::run(args),
    }
}

/// Prints an error that is not about a spec's content (I/O, usage) and gives the exit code.
pub(crate) fn fail(message: impl std::fmt::Display) -> i32 {
    eprintln!("error: {message}");
    EXIT_ERROR
}
