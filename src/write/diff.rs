//! A short unified diff: enough of a stale file's change to see what moved, not the whole file.

use std::fmt::Write as _;
use std::time::Duration;

use similar::{ChangeTag, TextDiff};

/// Unified diff of `old` (on disk) against `new` (rendered), showing at most `max_changed` added
/// or removed lines (context lines are free), then `... N more changed lines`.
pub fn short_diff(
    old: &str,
    new: &str,
    old_name: &str,
    new_name: &str,
    max_changed: usize,
) -> String {
    // Generated files are small; the timeout only guards against a pathological file on disk.
    let diff = TextDiff::configure()
        .timeout(Duration::from_secs(2))
        .diff_lines(old, new);
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    let mut shown = 0usize;
    let mut hidden = 0usize;
    for hunk in diff.unified_diff().context_radius(2).iter_hunks() {
        if shown >= max_changed {
            hidden += hunk
                .iter_changes()
                .filter(|c| c.tag() != ChangeTag::Equal)
                .count();
            continue;
        }
        let _ = writeln!(out, "{}", hunk.header());
        for change in hunk.iter_changes() {
            let sign = match change.tag() {
                ChangeTag::Equal => ' ',
                ChangeTag::Delete | ChangeTag::Insert if shown >= max_changed => {
                    hidden += 1;
                    continue;
                }
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
            };
            if sign != ' ' {
                shown += 1;
            } else if shown >= max_changed {
                continue;
            }
            out.push(sign);
            out.push_str(change.as_str().unwrap_or_default());
            if change.missing_newline() {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    if hidden > 0 {
        let _ = writeln!(out, "... {hidden} more changed lines");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_changed_lines_with_context() {
        let old = "a\nb\nc\nd\ne\nf\n";
        let new = "a\nb\nC\nd\ne\nf\n";
        assert_eq!(
            short_diff(old, new, "x (on disk)", "x (rendered)", 40),
            "--- x (on disk)\n+++ x (rendered)\n@@ -1,5 +1,5 @@\n a\n b\n-c\n+C\n d\n e\n"
        );
    }

    #[test]
    fn stops_after_the_limit_and_counts_the_rest() {
        let old: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let new: String = (0..100).map(|i| format!("LINE {i}\n")).collect();
        let diff = short_diff(&old, &new, "a", "b", 4);
        let changed = diff
            .lines()
            .filter(|l| {
                (l.starts_with('-') || l.starts_with('+'))
                    && !l.starts_with("---")
                    && !l.starts_with("+++")
            })
            .count();
        assert_eq!(changed, 4);
        assert!(diff.ends_with("... 196 more changed lines\n"), "{diff}");
    }

    #[test]
    fn marks_a_missing_final_newline() {
        let diff = short_diff("a\n", "a\nb", "old", "new", 40);
        assert!(
            diff.contains("+b\n\\ No newline at end of file\n"),
            "{diff}"
        );
    }
}
