//! The one diagnostic type every stage reports through, and its printers.
//!
//! A [`Diagnostic`] says what is wrong (`message`), where in the document (`path`, a JSON
//! pointer, and `span`, a place in the file once known), what was expected and how to fix it.
//! [`render_human`] prints them like a compiler does; [`render_json`] prints JSON Lines.

mod code;
mod human;
mod json;

use std::io::IsTerminal;

pub use code::{Code, Layer};
pub use human::render_human;
pub use json::render_json;

pub use crate::spec::source::Span;

/// How bad a diagnostic is. Errors make the spec invalid; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a spec (or in reading it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable: `yaml-syntax`, `duplicate-key`, `unknown-key`, `type`, ...
    pub code: Code,
    /// One line: what is wrong.
    pub message: String,
    /// JSON pointer of the offending node; `""` for the document itself.
    pub path: String,
    /// Where in the file, once the caller knows it.
    pub span: Option<Span>,
    /// What was expected instead.
    pub expected: Option<String>,
    /// How to fix it, e.g. "did you mean `glueTimeout`?".
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `path` (a JSON pointer, `""` for the document).
    pub fn error(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, path.into(), message.into())
    }

    /// A warning at `path` (a JSON pointer, `""` for the document).
    pub fn warning(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, path.into(), message.into())
    }

    fn new(severity: Severity, code: Code, path: String, message: String) -> Self {
        Diagnostic {
            severity,
            code,
            message,
            path,
            span: None,
            expected: None,
            hint: None,
        }
    }

    /// Says what was expected.
    #[must_use]
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Says how to fix it.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Places it in the file.
    #[must_use]
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Places it in the file when a span is known; keeps the span it has otherwise.
    #[must_use]
    pub fn at_opt(mut self, span: Option<Span>) -> Self {
        self.span = span.or(self.span);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True when any of `diagnostics` is an error (warnings alone leave a spec valid).
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Puts diagnostics in file order (unplaced ones last), then by path, code and message, so the
/// printed order does not depend on the order the checks ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
}

fn sort_key(d: &Diagnostic) -> (usize, usize, &str, &str, &str) {
    let (start, end) = d
        .span
        .map_or((usize::MAX, usize::MAX), |s| (s.start, s.end));
    (
        start,
        end,
        d.path.as_str(),
        d.code.as_str(),
        d.message.as_str(),
    )
}

/// The diagnostics of one file, with the text they point into.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The name to print, e.g. `examples/spec.yaml`.
    pub file: &'a str,
    /// The file's text, exactly as parsed (spans are byte offsets into it); `""` when the file
    /// could not be read.
    pub source: &'a str,
    pub diagnostics: &'a [Diagnostic],
}

/// Whether stderr should get colour: not when `NO_COLOR` is set to anything non-empty
/// (<https://no-color.org>), not for `TERM=dumb`, and not when stderr is not a terminal.
pub fn color_wanted() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var_os("TERM").is_some_and(|v| v == "dumb");
    !no_color && !dumb && std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize) -> Span {
        Span {
            start,
            end: start + 1,
            line: 1,
            column: start + 1,
        }
    }

    #[test]
    fn builders_fill_every_field() {
        let d = Diagnostic::error(Code::UnknownKey, "/glueTimout", "unknown key `glueTimout`")
            .expected("one of the spec's keys")
            .hint("did you mean `glueTimeout`?")
            .at(span(3));
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.code, "unknown-key");
        assert_eq!(d.message, "unknown key `glueTimout`");
        assert_eq!(d.path, "/glueTimout");
        assert_eq!(d.span, Some(span(3)));
        assert_eq!(d.expected.as_deref(), Some("one of the spec's keys"));
        assert_eq!(d.hint.as_deref(), Some("did you mean `glueTimeout`?"));
    }

    #[test]
    fn at_opt_keeps_an_existing_span_when_given_none() {
        let d = Diagnostic::warning(Code::Empty, "", "m")
            .at(span(1))
            .at_opt(None);
        assert_eq!(d.span, Some(span(1)));
        assert_eq!(d.at_opt(Some(span(2))).span, Some(span(2)));
    }

    #[test]
    fn warnings_alone_are_not_errors() {
        let w = Diagnostic::warning(Code::Empty, "", "m");
        assert!(!has_errors(std::slice::from_ref(&w)));
        assert!(has_errors(&[w, Diagnostic::error(Code::Type, "", "m")]));
    }

    #[test]
    fn sort_puts_file_order_first_and_unplaced_last() {
        let mut ds = vec![
            Diagnostic::error(Code::Tag, "/z", "unplaced"),
            Diagnostic::error(Code::Range, "/y", "late").at(span(9)),
            Diagnostic::error(Code::Range, "/x", "early").at(span(2)),
        ];
        sort(&mut ds);
        let order: Vec<_> = ds.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["early", "late", "unplaced"]);
    }

    #[test]
    fn severity_serializes_lowercase() {
        let json = serde_json::to_string(&Severity::Warning).unwrap_or_default();
        assert_eq!(json, "\"warning\"");
    }
}
