//! `check`'s look at a team's script: does it still fit the generated runtime? Python's own parser
//! reads it (`contract.py`, run on `python3` or `$SPARKGEN_PYTHON`), so whatever Python accepts,
//! this accepts, and a syntax error is Python's message at Python's line.

use std::process::Command;

use serde::Deserialize;

use super::TeamScript;
use crate::diagnostic::{Code, Diagnostic};
use crate::spec::source::Span;

const CHECKER: &str = include_str!("contract.py");

/// The interpreter `check` runs the contract checker on.
pub fn python() -> String {
    std::env::var("SPARKGEN_PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "python3".to_owned())
}

/// The script's text (for printing the diagnostics) and every way it breaks the contract; Err
/// when it cannot be read or Python cannot be run.
pub fn check(script: &TeamScript) -> Result<(String, Vec<Diagnostic>), String> {
    let shown = script.path.display();
    let bytes = match std::fs::read(&script.path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let d = Diagnostic::error(
                Code::TeamScript,
                "",
                format!(
                    "the script of job `{}` does not exist; `sparkgen render` creates a starter there",
                    script.job
                ),
            )
            .at(Span {
                start: 0,
                end: 0,
                line: 1,
                column: 1,
            });
            return Ok((String::new(), vec![d]));
        }
        Err(e) => return Err(format!("cannot read {shown}: {e}")),
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let found = run_checker(script)?;
    let diagnostics = found
        .into_iter()
        .map(|p| {
            let mut d = Diagnostic::error(Code::TeamScript, "", p.message).at(span(
                &text,
                p.line,
                p.column,
                p.end_line,
                p.end_column,
            ));
            if let Some(hint) = p.hint {
                d = d.hint(hint);
            }
            d
        })
        .collect();
    Ok((text, diagnostics))
}

#[derive(Deserialize)]
struct Found {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: String,
    hint: Option<String>,
}

/// Runs the checker; the job is named so that, where environments give the same script's job
/// other arguments, a finding says which job lacks one.
fn run_checker(script: &TeamScript) -> Result<Vec<Found>, String> {
    let python = python();
    let path = &script.path;
    let output = Command::new(&python)
        .arg("-c")
        .arg(CHECKER)
        .arg(path)
        .arg(&script.runtime_module)
        .arg(&script.job)
        .args(&script.arguments)
        .output()
        .map_err(|e| {
            format!(
                "cannot run `{python}` to check {} against the runtime's contract: {e} \
                 (install Python 3, or set SPARKGEN_PYTHON to an interpreter)",
                path.display()
            )
        })?;
    if !output.status.success() {
        return Err(format!(
            "`{python}` failed while checking {}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "`{python}` gave no readable answer while checking {}: {e}",
            path.display()
        )
    })
}

/// The span of Python's (1-based line, 0-based byte column) positions in `text`.
fn span(text: &str, line: usize, column: usize, end_line: usize, end_column: usize) -> Span {
    let offset = |line: usize, column: usize| -> usize {
        let start = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let mut at = (start + column).min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = offset(line, column);
    let end = offset(end_line, end_column).max(start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    Span {
        start,
        end,
        line: line.max(1),
        column: text[line_start..start].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_columns_in_characters_and_stay_inside_the_text() {
        let text = "a = 1\nbé = transform\n";
        let s = span(text, 2, 4, 2, 5);
        assert_eq!((s.line, s.column), (2, 4));
        assert_eq!(&text[s.start..s.end], "=");
        let past = span(text, 9, 40, 9, 41);
        assert!(past.start <= text.len() && past.end <= text.len());
    }
}
