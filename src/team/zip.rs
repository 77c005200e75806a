//! The zip of a job's local `extraPyFiles`, which Glue adds to the Python path. The same inputs
//! give the same bytes on every machine and every run: entries sorted by name, stored (not
//! compressed: no compressor version can change them), every time 1980-01-01, every mode 0644,
//! so Terraform's content hash changes only when a file does.

use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::resolve::LocalPyFile;

/// The first entry: the generated-file header, stored, so `render` knows the zip is its own.
pub const HEADER_ENTRY: &str = "SPARKGEN-GENERATED.txt";

/// Why one entry of `extraPyFiles` cannot be zipped: its index in the list, and the reason.
#[derive(Debug)]
pub struct EntryProblem {
    pub index: usize,
    pub message: String,
}

/// Zips the local entries (paths relative to `spec_folder`): a file under its own name, a folder
/// under its own name with everything below it but `__pycache__`, compiled files and hidden
/// entries.
pub fn zip(
    spec_folder: &Path,
    entries: &[LocalPyFile],
    header: &str,
) -> Result<Vec<u8>, Vec<EntryProblem>> {
    let mut files: Vec<(String, std::path::PathBuf, usize)> = Vec::new();
    let mut problems = Vec::new();
    for entry in entries {
        let path = spec_folder.join(&entry.spec_path);
        let problem = |message: String| EntryProblem {
            index: entry.index,
            message,
        };
        match fs::metadata(&path) {
            Err(e) => problems.push(problem(format!("cannot read {}: {e}", path.display()))),
            Ok(meta) if meta.is_dir() => {
                if let Err(e) = collect(&path, &entry.name_in_zip, entry.index, &mut files) {
                    problems.push(problem(format!("cannot read {}: {e}", path.display())));
                }
            }
            Ok(_) if entry.name_in_zip.ends_with(".py") => {
                files.push((entry.name_in_zip.clone(), path, entry.index));
            }
            Ok(_) => problems.push(problem(format!(
                "{} is neither a `.py` file nor a folder",
                path.display()
            ))),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    zip_files(files, header).map_err(|p| vec![p])
}

/// The archive of `files` (name in the zip, path, entry index), after the header entry.
fn zip_files(
    mut files: Vec<(String, std::path::PathBuf, usize)>,
    header: &str,
) -> Result<Vec<u8>, EntryProblem> {
    files.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(pair) = files.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(EntryProblem {
            index: pair[1].2,
            message: format!(
                "`{}` would be in the zip twice: two entries of `extraPyFiles` give it",
                pair[1].0
            ),
        });
    }
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let internal = |e: &dyn std::fmt::Display| EntryProblem {
        index: 0,
        message: format!("cannot build the zip: {e}"),
    };
    writer
        .start_file(HEADER_ENTRY, options)
        .map_err(|e| internal(&e))?;
    writer
        .write_all(header.as_bytes())
        .map_err(|e| internal(&e))?;
    for (name, path, index) in &files {
        let bytes = fs::read(path).map_err(|e| EntryProblem {
            index: *index,
            message: format!("cannot read {}: {e}", path.display()),
        })?;
        writer.start_file(name, options).map_err(|e| internal(&e))?;
        writer.write_all(&bytes).map_err(|e| internal(&e))?;
    }
    let cursor = writer.finish().map_err(|e| internal(&e))?;
    Ok(cursor.into_inner())
}

/// Every file below `folder`, named `prefix/relative/path`.
fn collect(
    folder: &Path,
    prefix: &str,
    index: usize,
    out: &mut Vec<(String, std::path::PathBuf, usize)>,
) -> std::io::Result<()> {
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "__pycache__" || name.ends_with(".pyc") {
            continue;
        }
        let path = entry.path();
        let inside = format!("{prefix}/{name}");
        if fs::metadata(&path)?.is_dir() {
            collect(&path, &inside, index, out)?;
        } else {
            out.push((inside, path, index));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_files_give_the_same_bytes_whatever_their_times() {
        let dir = std::env::temp_dir().join(format!("sparkgen-zip-{}", std::process::id()));
        let lib = dir.join("lib");
        fs::create_dir_all(lib.join("__pycache__")).unwrap();
        fs::write(lib.join("__init__.py"), "X = 1\n").unwrap();
        fs::write(lib.join("b.py"), "Y = 2\n").unwrap();
        fs::write(lib.join("__pycache__/b.cpython-311.pyc"), "junk").unwrap();
        fs::write(dir.join("one.py"), "Z = 3\n").unwrap();
        let entries = [
            LocalPyFile {
                index: 0,
                spec_path: "one.py".into(),
                name_in_zip: "one.py".into(),
            },
            LocalPyFile {
                index: 1,
                spec_path: "lib/".into(),
                name_in_zip: "lib".into(),
            },
        ];
        let first = zip(&dir, &entries, "header").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(lib.join("b.py"), "Y = 2\n").unwrap();
        let second = zip(&dir, &entries, "header").unwrap();
        assert_eq!(first, second);
        let archive = ::zip::ZipArchive::new(Cursor::new(first)).unwrap();
        let names: Vec<&str> = archive.file_names().collect();
        assert_eq!(
            names,
            [HEADER_ENTRY, "lib/__init__.py", "lib/b.py", "one.py"]
        );
        fs::write(lib.join("b.py"), "Y = 3\n").unwrap();
        assert_ne!(zip(&dir, &entries, "header").unwrap(), second);
        let missing = [LocalPyFile {
            index: 4,
            spec_path: "gone".into(),
            name_in_zip: "gone".into(),
        }];
        assert_eq!(zip(&dir, &missing, "h").unwrap_err()[0].index, 4);
        fs::remove_dir_all(&dir).unwrap();
    }
}
