use std::path::PathBuf;

use super::{fail, Status};
use crate::diagnostic::{self, Report};
use crate::generate::{render_specs, Failure, Rendered};
use crate::render::Target;
use crate::validate::Set;

/// The files the specs render, or the printed reason why not: every invalid spec's diagnostics
/// (`Status::Invalid`; `Status::Failed` when a file could not be read at all, an I/O error), or
/// a usage or internal error (`Status::Failed`).
pub fn rendered(
    specs: &[PathBuf],
    targets: &[Target],
    env: Option<&str>,
    sets: &[Set],
    out: Option<&std::path::Path>,
) -> Result<Rendered, Status> {
    render_specs(specs, targets, env, sets, out).map_err(|failure| match failure {
        Failure::Invalid(loaded) => {
            let reports: Vec<_> = loaded.iter().flat_map(|l| l.reports()).collect();
            print_human(&reports);
            if loaded.iter().any(|l| l.unreadable()) {
                Status::Failed
            } else {
                Status::Invalid
            }
        }
        Failure::Layout(message) | Failure::Internal(message) => fail(message),
    })
}

/// Prints every report to stderr for people.
pub fn print_human(reports: &[Report]) {
    if !reports.is_empty() {
        eprint!(
            "{}",
            diagnostic::render_human(reports, diagnostic::color_wanted())
        );
    }
}

/// The `--set KEY.PATH=VALUE` arguments, parsed; a malformed one is a usage error (printed).
pub fn parse_sets(args: &[String]) -> Result<Vec<Set>, Status> {
    args.iter()
        .map(|arg| Set::parse(arg).map_err(fail))
        .collect()
}
