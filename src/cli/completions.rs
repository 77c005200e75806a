use clap_complete::Shell;

use super::Status;

/// Print a shell completion script to stdout.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  sparkgen completions bash > ~/.local/share/bash-completion/completions/sparkgen\n  sparkgen completions zsh > \"${fpath[1]}/_sparkgen\"\n  sparkgen completions fish > ~/.config/fish/completions/sparkgen.fish"
)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: Args, command: &mut clap::Command) -> Status {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, command, "sparkgen", &mut script);
    match std::io::Write::write_all(&mut std::io::stdout().lock(), &script) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            super::fail(format_args!("cannot write to stdout: {e}"))
        }
        _ => Status::Ok,
    }
}
