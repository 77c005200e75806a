use std::path::Path;

use crate::diagnostic::{self, Diagnostic, Report};
use crate::spec::{source, Spec};
use crate::validate;

/// A spec file read and validated, or the diagnostics that say why not.
pub struct LoadedSpec {
    pub name: String,
    pub source: String,
    pub result: Result<Spec, Vec<Diagnostic>>,
}

impl LoadedSpec {
    /// Whether the file could not be read at all (missing, a directory, no permission): exit
    /// code 2, as for other I/O errors. A file that was read but is no spec (too large, not
    /// UTF-8, invalid) is an invalid spec: exit code 1.
    pub fn unreadable(&self) -> bool {
        self.result
            .as_ref()
            .is_err_and(|ds| ds.iter().any(|d| d.code == "io"))
    }

    pub fn report(&self) -> Option<Report<'_>> {
        self.result.as_ref().err().map(|diagnostics| Report {
            file: &self.name,
            source: &self.source,
            diagnostics,
        })
    }
}

pub fn load_spec(path: &Path) -> LoadedSpec {
    let name = path.display().to_string();
    match source::read_source(path) {
        Ok(text) => LoadedSpec {
            result: validate::validate_text(&text),
            source: text,
            name,
        },
        Err(d) => LoadedSpec {
            name,
            source: String::new(),
            result: Err(vec![d]),
        },
    }
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
