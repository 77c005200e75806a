//! Reading a spec file: small, a regular file, UTF-8.

use std::io::Read as _;
use std::path::Path;

use super::{Span, BOM, MAX_SOURCE_BYTES};
use crate::diagnostic::{Code, Diagnostic};

/// Reads a spec file: a regular file of at most [`MAX_SOURCE_BYTES`] of UTF-8 (a leading
/// byte-order mark is dropped). Errors carry no source text to show, so print them with an
/// empty `source`; a UTF-8 error still names its line and column.
// The error path is cold (once per file), and one `Diagnostic` is what every caller prints.
#[allow(clippy::result_large_err)]
pub fn read_source(path: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| io_problem(path, &e))?;
    if meta.is_dir() {
        let message = format!("`{}` is a directory, not a spec file", path.display());
        return Err(Diagnostic::error(Code::Io, "", message).expected("a .yaml or .json spec file"));
    }
    if meta.len() > MAX_SOURCE_BYTES as u64 {
        return Err(too_large(path, Some(meta.len())));
    }
    let file = std::fs::File::open(path).map_err(|e| io_problem(path, &e))?;
    let mut bytes = Vec::new();
    file.take(MAX_SOURCE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_problem(path, &e))?;
    if bytes.len() > MAX_SOURCE_BYTES {
        return Err(too_large(path, None));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix(BOM).map(str::to_string).unwrap_or(text)),
        Err(e) => Err(not_utf8(path, e.as_bytes(), e.utf8_error().valid_up_to())),
    }
}

fn io_problem(path: &Path, error: &std::io::Error) -> Diagnostic {
    let why = match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    };
    Diagnostic::error(
        Code::Io,
        "",
        format!("cannot read `{}`: {why}", path.display()),
    )
}

fn too_large(path: &Path, size: Option<u64>) -> Diagnostic {
    let size = size.map_or("larger than 1 MiB".to_string(), |n| format!("{n} bytes"));
    let shown = path.display();
    let message = format!("`{shown}` is {size}; a spec is small, so sparkgen reads at most 1 MiB");
    Diagnostic::error(Code::FileTooLarge, "", message).hint("check that this is the spec file")
}

fn not_utf8(path: &Path, bytes: &[u8], at: usize) -> Diagnostic {
    let valid = std::str::from_utf8(bytes.get(..at).unwrap_or_default()).unwrap_or_default();
    let line = valid.matches('\n').count() + 1;
    let column = valid
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    let byte = bytes.get(at).copied().unwrap_or_default();
    let message = format!(
        "`{}` is not UTF-8 text: byte 0x{byte:02X} at offset {at} (line {line}, column {column})",
        path.display()
    );
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let hint = match utf16 {
        true => "the file looks like UTF-16; save it as UTF-8",
        false => "save the file as UTF-8",
    };
    let span = Span {
        start: at,
        end: at + 1,
        line,
        column,
    };
    Diagnostic::error(Code::Encoding, "", message)
        .hint(hint)
        .at(span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn write(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
        file.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
        file
    }

    fn error(path: &Path) -> Diagnostic {
        let result = read_source(path);
        result
            .err()
            .unwrap_or_else(|| panic!("expected {} to fail", path.display()))
    }

    #[test]
    fn reads_utf8_and_drops_a_byte_order_mark() {
        let file = write("\u{feff}a: \u{e9}\n".as_bytes());
        assert_eq!(
            read_source(file.path()).ok().as_deref(),
            Some("a: \u{e9}\n")
        );
    }

    #[test]
    fn a_missing_file() {
        let d = error(Path::new("/nonexistent/spec.yaml"));
        let message = "cannot read `/nonexistent/spec.yaml`: no such file";
        assert_eq!(
            (d.code.as_str(), d.message.as_str(), d.span),
            ("io", message, None)
        );
    }

    #[test]
    fn a_directory() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = error(dir.path());
        assert_eq!(d.code.as_str(), "io");
        let message = format!("`{}` is a directory, not a spec file", dir.path().display());
        assert_eq!(d.message, message);
    }

    #[test]
    fn a_file_over_one_mebibyte() {
        let file = write(&vec![b'#'; MAX_SOURCE_BYTES + 1]);
        let d = error(file.path());
        assert_eq!(d.code.as_str(), "file-too-large");
        let expected = format!(
            "`{}` is 1048577 bytes; a spec is small, so sparkgen reads at most 1 MiB",
            file.path().display()
        );
        assert_eq!(d.message, expected);
        assert!(read_source(write(&vec![b'#'; MAX_SOURCE_BYTES]).path()).is_ok());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_named_with_their_place() {
        let file = write(b"a: 1\nb: caf\xe9\n");
        let d = error(file.path());
        assert_eq!(d.code.as_str(), "encoding");
        let expected = format!(
            "`{}` is not UTF-8 text: byte 0xE9 at offset 11 (line 2, column 7)",
            file.path().display()
        );
        assert_eq!(d.message, expected);
        assert_eq!(
            d.span,
            Some(Span {
                start: 11,
                end: 12,
                line: 2,
                column: 7
            })
        );
        assert_eq!(d.hint.as_deref(), Some("save the file as UTF-8"));
    }

    #[test]
    fn utf16_gets_its_own_hint() {
        let d = error(write(b"\xff\xfea\x00:\x00").path());
        let hint = "the file looks like UTF-16; save it as UTF-8";
        assert_eq!(d.hint.as_deref(), Some(hint));
    }
}
