//! The machine printer: JSON Lines, one object per diagnostic.

use serde::Serialize;

use super::{Diagnostic, Report, Severity};

/// One line of `--format json`. Field order is the output order.
#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    severity: Severity,
    code: &'a str,
    message: &'a str,
    path: &'a str,
    expected: Option<&'a str>,
    hint: Option<&'a str>,
}

impl<'a> Line<'a> {
    fn new(file: &'a str, d: &'a Diagnostic) -> Self {
        Line {
            file,
            line: d.span.map(|s| s.line),
            column: d.span.map(|s| s.column),
            severity: d.severity,
            code: d.code.as_str(),
            message: &d.message,
            path: &d.path,
            expected: d.expected.as_deref(),
            hint: d.hint.as_deref(),
        }
    }
}

/// Every diagnostic of every report as one JSON object per line (each line ends in `\n`);
/// `line` and `column` are 1-based, and `null` when the diagnostic has no place in the file.
pub fn render_json(reports: &[Report]) -> String {
    let mut out = String::new();
    for report in reports {
        for diagnostic in report.diagnostics {
            if let Ok(text) = serde_json::to_string(&Line::new(report.file, diagnostic)) {
                out.push_str(&text);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::spec::source::Span;

    #[test]
    fn one_object_per_line_in_a_fixed_field_order() {
        let placed = Diagnostic::error(Code::UnknownKey, "/glueTimout", "unknown key `glueTimout`")
            .expected("one of the spec's keys")
            .hint("did you mean `glueTimeout`?")
            .at(Span {
                start: 39,
                end: 49,
                line: 3,
                column: 1,
            });
        let unplaced = Diagnostic::warning(Code::Empty, "", "say \"hi\"\nplease");
        let reports = [
            Report {
                file: "a.yaml",
                source: "",
                diagnostics: &[placed],
            },
            Report {
                file: "b.yaml",
                source: "",
                diagnostics: &[unplaced],
            },
        ];
        let expected = concat!(
            r#"{"file":"a.yaml","line":3,"column":1,"severity":"error","code":"unknown-key","#,
            r#""message":"unknown key `glueTimout`","path":"/glueTimout","#,
            r#""expected":"one of the spec's keys","hint":"did you mean `glueTimeout`?"}"#,
            "\n",
            r#"{"file":"b.yaml","line":null,"column":null,"severity":"warning","code":"empty","#,
            r#""message":"say \"hi\"\nplease","path":"","expected":null,"hint":null}"#,
            "\n",
        );
        assert_eq!(render_json(&reports), expected);
    }

    #[test]
    fn every_line_parses_back() {
        let ds = [Diagnostic::error(Code::Type, "/a~1b", "x\u{0}y")];
        let text = render_json(&[Report {
            file: "f\"1.yaml",
            source: "",
            diagnostics: &ds,
        }]);
        let back: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap_or_default();
        assert_eq!(back["file"], "f\"1.yaml");
        assert_eq!(back["message"], "x\u{0}y");
        assert_eq!(back["path"], "/a~1b");
    }

    #[test]
    fn nothing_to_report_prints_nothing() {
        assert_eq!(render_json(&[]), "");
    }
}
