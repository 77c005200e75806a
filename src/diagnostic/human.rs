//! The human printer: compiler-style diagnostics through codespan-reporting.
//!
//! ```text
//! error[unknown-key]: unknown key `glueTimout`
//!   --> spec.yaml:3:1
//!   |
//! 3 | glueTimout: 10
//!   | ^^^^^^^^^^
//!   |
//!   = path: /glueTimout
//!   = hint: did you mean `glueTimeout`?
//! ```
//!
//! Colour and plain output take the same path; only the writer differs.

use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as Level};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::{Ansi, NoColor};
use codespan_reporting::term::{self, Chars, Config, Renderer, WriteStyle};

use super::{Diagnostic, Report, Severity};

/// Renders every diagnostic of every report, in the order given, each followed by a blank line.
/// With `color` false the text holds no escape codes. A diagnostic without a span that fits the
/// source names the file alone.
pub fn render_human(reports: &[Report], color: bool) -> String {
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let mut out = String::new();
    for report in reports {
        let file = SimpleFile::new(report.file, report.source);
        for diagnostic in report.diagnostics {
            out.push_str(&render_one(&config, &file, report, diagnostic, color));
        }
    }
    out
}

fn render_one(
    config: &Config,
    file: &SimpleFile<&str, &str>,
    report: &Report,
    diagnostic: &Diagnostic,
    color: bool,
) -> String {
    if let Some(range) = usable_range(report.source, diagnostic) {
        let rendered = to_codespan(diagnostic, range);
        let placed = emit(color, |w| {
            term::emit_to_write_style(w, config, file, &rendered).map_err(std::io::Error::other)
        });
        if let Some(text) = placed {
            return text;
        }
    }
    emit(color, |w| {
        render_unplaced(w, config, report.file, diagnostic)
    })
    .unwrap_or_default()
}

/// Runs `write` against a fresh buffer, with or without ANSI colour, and returns the text.
/// A failed write yields nothing rather than half a diagnostic.
fn emit(
    color: bool,
    write: impl FnOnce(&mut dyn WriteStyle) -> std::io::Result<()>,
) -> Option<String> {
    let bytes = if color {
        let mut w = Ansi::new(Vec::new());
        write(&mut w).ok()?;
        w.into_inner()
    } else {
        let mut w = NoColor::new(Vec::new());
        write(&mut w).ok()?;
        w.into_inner()
    };
    String::from_utf8(bytes).ok()
}

/// The span as a byte range, when it fits the source on character boundaries.
fn usable_range(source: &str, diagnostic: &Diagnostic) -> Option<std::ops::Range<usize>> {
    let span = diagnostic.span?;
    let fits = span.start <= span.end
        && span.end <= source.len()
        && source.is_char_boundary(span.start)
        && source.is_char_boundary(span.end);
    fits.then_some(span.start..span.end)
}

fn to_codespan(diagnostic: &Diagnostic, range: std::ops::Range<usize>) -> Rendered<()> {
    Rendered::new(level(diagnostic.severity))
        .with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message)
        .with_labels(vec![Label::primary((), range)])
        .with_notes(notes(diagnostic))
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    }
}

/// `path`, `expected` and `hint`, each as one note; an empty path (the document) is left out.
fn notes(diagnostic: &Diagnostic) -> Vec<String> {
    let path = (!diagnostic.path.is_empty()).then(|| format!("path: {}", diagnostic.path));
    let expected = diagnostic
        .expected
        .as_ref()
        .map(|e| format!("expected: {e}"));
    let hint = diagnostic.hint.as_ref().map(|h| format!("hint: {h}"));
    [path, expected, hint].into_iter().flatten().collect()
}

/// A diagnostic with no place in the text: the header, ` --> file` (with `:line:column` when
/// the span is known but does not fit the text), the notes and a blank line, laid out the way
/// codespan lays out the rest.
fn render_unplaced(
    out: &mut dyn WriteStyle,
    config: &Config,
    file: &str,
    diagnostic: &Diagnostic,
) -> std::io::Result<()> {
    let locus = match diagnostic.span {
        Some(span) => format!("{file}:{}:{}", span.line, span.column),
        None => file.to_string(),
    };
    let mut renderer = Renderer::new(out, config);
    let code = Some(diagnostic.code.as_str());
    renderer
        .render_header(None, level(diagnostic.severity), code, &diagnostic.message)
        .map_err(std::io::Error::other)?;
    renderer.set_source_border()?;
    write!(renderer, " {}", config.chars.snippet_start)?;
    renderer.reset()?;
    writeln!(renderer, " {locus}")?;
    for note in notes(diagnostic) {
        renderer
            .render_snippet_note(0, &note)
            .map_err(std::io::Error::other)?;
    }
    renderer.render_empty().map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::spec::source::Span;

    const SPEC: &str = "bucketName: my-bucket\nglueJobName: job\nglueTimout: 10\n";

    fn unknown_key() -> Diagnostic {
        Diagnostic::error(Code::UnknownKey, "/glueTimout", "unknown key `glueTimout`")
            .expected("one of the spec's keys")
            .hint("did you mean `glueTimeout`?")
            .at(Span {
                start: 39,
                end: 49,
                line: 3,
                column: 1,
            })
    }

    fn render(diagnostics: &[Diagnostic], color: bool) -> String {
        render_human(
            &[Report {
                file: "spec.yaml",
                source: SPEC,
                diagnostics,
            }],
            color,
        )
    }

    #[test]
    fn a_placed_error_shows_the_line_a_caret_and_its_notes() {
        let expected = "\
error[unknown-key]: unknown key `glueTimout`
  --> spec.yaml:3:1
  |
3 | glueTimout: 10
  | ^^^^^^^^^^
  |
  = path: /glueTimout
  = expected: one of the spec's keys
  = hint: did you mean `glueTimeout`?

";
        assert_eq!(render(&[unknown_key()], false), expected);
    }

    #[test]
    fn a_diagnostic_without_a_span_names_the_file_alone() {
        let d = Diagnostic::error(Code::Empty, "", "the spec is empty")
            .hint("`sparkgen init` writes a starter spec");
        let expected = "\
error[empty]: the spec is empty
 --> spec.yaml
 = hint: `sparkgen init` writes a starter spec

";
        assert_eq!(render(&[d], false), expected);
    }

    #[test]
    fn a_span_that_does_not_fit_the_text_falls_back_to_file_line_column() {
        let d = Diagnostic::error(Code::Encoding, "", "not UTF-8").at(Span {
            start: 11,
            end: 12,
            line: 2,
            column: 7,
        });
        let text = render_human(
            &[Report {
                file: "spec.yaml",
                source: "",
                diagnostics: &[d],
            }],
            false,
        );
        assert_eq!(text, "error[encoding]: not UTF-8\n --> spec.yaml:2:7\n\n");
    }

    #[test]
    fn warnings_empty_spans_and_several_files() {
        let warning =
            Diagnostic::warning(Code::ScriptLocation, "/glueJobName", "`glueJobName` is old").at(
                Span {
                    start: 35,
                    end: 38,
                    line: 2,
                    column: 14,
                },
            );
        let at_start =
            Diagnostic::error(Code::MissingKey, "", "missing key `glueJobScript`").at(Span {
                start: 0,
                end: 0,
                line: 1,
                column: 1,
            });
        let other = [Diagnostic::error(
            Code::Io,
            "",
            "cannot read `b.yaml`: no such file",
        )];
        let reports = [
            Report {
                file: "a.yaml",
                source: SPEC,
                diagnostics: &[warning, at_start],
            },
            Report {
                file: "b.yaml",
                source: "",
                diagnostics: &other,
            },
        ];
        let expected = "\
warning[script-location]: `glueJobName` is old
  --> a.yaml:2:14
  |
2 | glueJobName: job
  |              ^^^
  |
  = path: /glueJobName

error[missing-key]: missing key `glueJobScript`
  --> a.yaml:1:1
  |
1 | bucketName: my-bucket
  | ^

error[io]: cannot read `b.yaml`: no such file
 --> b.yaml

";
        assert_eq!(render_human(&reports, false), expected);
    }

    #[test]
    fn colour_is_ansi_and_only_on_request() {
        let plain = render(&[unknown_key()], false);
        let coloured = render(&[unknown_key()], true);
        assert!(!plain.contains('\u{1b}'));
        let red_header = "\u{1b}[0m\u{1b}[1m\u{1b}[38;5;9merror[unknown-key]";
        assert!(coloured.starts_with(red_header), "{coloured:?}");
        assert_eq!(strip_ansi(&coloured), plain);
        let unplaced = [Diagnostic::error(Code::Empty, "", "the spec is empty")];
        assert!(render(&unplaced, true).contains('\u{1b}'));
        assert_eq!(
            strip_ansi(&render(&unplaced, true)),
            render(&unplaced, false)
        );
    }

    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                chars.by_ref().find(|c| *c == 'm');
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn nothing_to_report_renders_nothing() {
        assert_eq!(render(&[], false), "");
        assert_eq!(render_human(&[], true), "");
    }
}
