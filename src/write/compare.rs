//! Check mode: compares a rendered tree with what is on disk, reading only, never writing.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::{file_is_generated, is_generated, short_diff, target_path, WriteError};
use crate::render::RenderedFile;

/// Changed lines shown per stale file; the rest are counted.
const DIFF_LINES: usize = 40;

/// A file on disk whose bytes differ from the rendered ones.
#[derive(Debug)]
pub struct Stale {
    pub path: PathBuf,
    /// Short unified diff from the file on disk to the rendered file.
    pub diff: String,
    /// The file on disk lacks sparkgen's header, so `render` will want `--force`.
    pub hand_written: bool,
}

#[derive(Debug, Default)]
pub struct Comparison {
    pub current: Vec<PathBuf>,
    pub stale: Vec<Stale>,
    pub missing: Vec<PathBuf>,
    /// Files that carry sparkgen's header in an output folder but are no longer rendered.
    pub extra: Vec<PathBuf>,
}

impl Comparison {
    pub fn is_current(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

pub fn compare(dir: &Path, files: &[RenderedFile]) -> Result<Comparison, WriteError> {
    let mut result = Comparison::default();
    for file in files {
        let path = target_path(dir, &file.path)?;
        let on_disk = match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                result.missing.push(path);
                continue;
            }
            Err(e) => return Err(WriteError::io("read", &path, e)),
            Ok(meta) if !meta.is_file() => return Err(WriteError::NotAFile(path)),
            Ok(_) => fs::read(&path).map_err(|e| WriteError::io("read", &path, e))?,
        };
        if on_disk == file.bytes() {
            result.current.push(path);
            continue;
        }
        let name = path.display().to_string();
        let (diff, hand_written) = match std::str::from_utf8(&on_disk) {
            _ if file.binary.is_some() => (
                "(a binary file: its bytes differ)\n".to_owned(),
                !super::bytes_are_generated(&on_disk),
            ),
            Ok(text) => (
                short_diff(
                    text,
                    &file.contents,
                    &format!("{name} (on disk)"),
                    &format!("{name} (rendered)"),
                    DIFF_LINES,
                ),
                !is_generated(text),
            ),
            Err(_) => ("(the file on disk is not UTF-8 text)\n".to_owned(), true),
        };
        result.stale.push(Stale {
            path,
            diff,
            hand_written,
        });
    }
    result.extra = extras(dir, files)?;
    Ok(result)
}

/// Files sparkgen generated that the current render no longer produces (a renamed script, a job
/// removed from a pipeline, a one-job tree that became a pipeline). The top-level folders that
/// hold rendered files are looked at, with their subfolders (`glue/<job>/`) a few levels deep;
/// hidden entries (`.terraform/`, `.terraform.lock.hcl`, temporary files) are skipped.
pub fn extras(dir: &Path, files: &[RenderedFile]) -> Result<Vec<PathBuf>, WriteError> {
    let mut expected = BTreeSet::new();
    let mut roots = BTreeSet::new();
    for file in files {
        let path = target_path(dir, &file.path)?;
        if let Some(top) = Path::new(&file.path).components().next() {
            let root = dir.join(top);
            if root != path {
                roots.insert(root);
            }
        }
        expected.insert(path);
    }
    let mut extra = Vec::new();
    for root in roots {
        collect_extras(&root, &expected, MAX_DEPTH, &mut extra)?;
    }
    extra.sort();
    Ok(extra)
}

/// The folders directly under `dir` that hold files sparkgen generated but that no rendered file
/// goes into: a tree left by another layout of the same output (one spec where several were
/// rendered, or back; environments added or removed). `extras` never looks there, so `render`
/// and `check` name them instead.
pub fn other_trees(dir: &Path, files: &[RenderedFile]) -> Result<Vec<PathBuf>, WriteError> {
    let mut roots: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.split('/').next())
        .collect();
    // One tree at `dir`: every target's folder belongs to it, rendered this time or not
    // (`--target` renders one).
    let target_folders = ["cloudformation", "terraform", crate::resolve::GLUE_FOLDER];
    if roots.iter().any(|r| target_folders.contains(r)) {
        roots.extend(target_folders);
    }
    let entries = match fs::read_dir(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(WriteError::io("read", dir, e)),
        Ok(entries) => entries,
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| WriteError::io("read", dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || roots.contains(name.as_str()) {
            continue;
        }
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let mut found = Vec::new();
        collect_extras(&entry.path(), &BTreeSet::new(), MAX_DEPTH, &mut found)?;
        if !found.is_empty() {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

/// How deep under a top-level folder generated files are looked for: the deepest,
/// `<spec>/<env>/glue/<job>/<file>`, is 4 under `<spec>`.
const MAX_DEPTH: usize = 4;

fn collect_extras(
    folder: &Path,
    expected: &BTreeSet<PathBuf>,
    depth: usize,
    extra: &mut Vec<PathBuf>,
) -> Result<(), WriteError> {
    let entries = match fs::read_dir(folder) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(WriteError::io("read", folder, e)),
        Ok(entries) => entries,
    };
    for entry in entries {
        let entry = entry.map_err(|e| WriteError::io("read", folder, e))?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && depth > 1 {
            collect_extras(&path, expected, depth - 1, extra)?;
        } else if kind.is_file()
            && !expected.contains(&path)
            && file_is_generated(&path).map_err(|e| WriteError::io("read", &path, e))?
        {
            extra.push(path);
        }
    }
    Ok(())
}
