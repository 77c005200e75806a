//! The all-or-nothing part of a write: temporary files beside their targets (so the rename stays
//! on one file system and is atomic), renamed only when every file is staged, and undone on error.
//!
//! Nothing is fsynced. A reader (terraform, git, an editor) sees each file whole, old or new,
//! never half-written; but a power cut right after a render may leave a file empty, as with
//! rustfmt or terraform fmt. What sparkgen writes can be written again from the spec at any time,
//! and an fsync per file and folder costs more than the whole render: about 35 ms for the seed's
//! six files on the reference machine, against a budget of 3 ms (README, "Performance"). A file
//! left empty is not taken for a generated one, so rendering over it needs `--force`.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::WriteError;

struct Staged {
    temp: PathBuf,
    target: PathBuf,
    previous: Option<Vec<u8>>,
}

/// Files staged so far, the files moved aside to be removed, and the folders this run created.
#[derive(Default)]
pub(super) struct Transaction {
    staged: Vec<Staged>,
    /// (where the file was moved aside, where it was)
    removed: Vec<(PathBuf, PathBuf)>,
    created_dirs: Vec<PathBuf>,
}

impl Transaction {
    /// Writes `bytes` to a new temporary file beside `target`, creating missing folders.
    pub(super) fn stage(
        &mut self,
        target: &Path,
        bytes: &[u8],
        previous: Option<Vec<u8>>,
    ) -> Result<(), WriteError> {
        let parent = target.parent().unwrap_or(Path::new("."));
        self.create_dirs(parent)?;
        let temp = write_temp(parent, target, bytes)?;
        self.staged.push(Staged {
            temp,
            target: target.to_owned(),
            previous,
        });
        Ok(())
    }

    /// Moves `target` aside, to a temporary name beside it: deleted when the transaction
    /// commits, put back when it does not.
    pub(super) fn stage_removal(&mut self, target: &Path) -> Result<(), WriteError> {
        let parent = target.parent().unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // An exclusive placeholder reserves the name; the rename replaces it.
        let (aside, file) = create_temp(parent, &name)?;
        drop(file);
        if let Err(e) = fault::check("remove", target).and_then(|()| fs::rename(target, &aside)) {
            let _ = fs::remove_file(&aside);
            return Err(WriteError::io("remove", target, e));
        }
        self.removed.push((aside, target.to_owned()));
        Ok(())
    }

    /// Renames every staged file into place, then deletes the files moved aside (and the folders
    /// that leaves empty). If one rename fails, the files already renamed get their previous bytes
    /// back (or are removed when they are new), the rest are discarded, and the files moved aside
    /// are put back.
    pub(super) fn commit(mut self) -> Result<(), WriteError> {
        let staged = std::mem::take(&mut self.staged);
        let mut done: Vec<Staged> = Vec::with_capacity(staged.len());
        let mut pending = staged.into_iter();
        for s in pending.by_ref() {
            match rename(&s.temp, &s.target) {
                Ok(()) => done.push(s),
                Err(e) => {
                    let _ = fs::remove_file(&s.temp);
                    let error = WriteError::io("replace", &s.target, e);
                    for rest in pending {
                        let _ = fs::remove_file(&rest.temp);
                    }
                    let mut not_restored = restore(done);
                    not_restored.extend(self.put_back_removed());
                    self.remove_created_dirs();
                    return Err(with_restore_failures(error, not_restored));
                }
            }
        }
        for (aside, target) in std::mem::take(&mut self.removed) {
            let _ = fs::remove_file(&aside);
            // Only an emptied folder goes (a job's folder); anything else in it keeps it.
            if let Some(parent) = target.parent() {
                let _ = fs::remove_dir(parent);
            }
        }
        Ok(())
    }

    /// Renames the files moved aside back; gives those it could not.
    fn put_back_removed(&mut self) -> Vec<PathBuf> {
        let mut failed = Vec::new();
        for (aside, target) in std::mem::take(&mut self.removed).into_iter().rev() {
            if fs::rename(&aside, &target).is_err() {
                failed.push(target);
            }
        }
        failed
    }

    /// Removes every temporary file and created folder: nothing of this run remains.
    pub(super) fn abort(mut self) {
        for s in std::mem::take(&mut self.staged) {
            let _ = fs::remove_file(&s.temp);
        }
        self.put_back_removed();
        self.remove_created_dirs();
    }

    fn create_dirs(&mut self, dir: &Path) -> Result<(), WriteError> {
        let mut missing = Vec::new();
        let mut at = Some(dir);
        while let Some(d) = at.filter(|d| !d.as_os_str().is_empty()) {
            match fs::symlink_metadata(d) {
                Ok(meta) if meta.is_dir() => break,
                Ok(_) => {
                    let e = std::io::Error::other("a file is in the way");
                    return Err(WriteError::io("create directory", d, e));
                }
                Err(_) => missing.push(d.to_owned()),
            }
            at = d.parent();
        }
        for d in missing.into_iter().rev() {
            fault::check("create directory", &d)
                .and_then(|()| fs::create_dir(&d))
                .map_err(|e| WriteError::io("create directory", &d, e))?;
            self.created_dirs.push(d);
        }
        Ok(())
    }

    fn remove_created_dirs(&mut self) {
        // Deepest first; `remove_dir` only removes empty folders, so nothing of anyone else's goes.
        for d in self.created_dirs.drain(..).rev() {
            let _ = fs::remove_dir(&d);
        }
    }
}

fn write_temp(parent: &Path, target: &Path, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temp, mut file) = create_temp(parent, &name)?;
    let written = fault::check("write", target)
        .and_then(|()| file.write_all(bytes))
        .and_then(|()| keep_permissions(target, &file));
    match written {
        Ok(()) => Ok(temp),
        Err(e) => {
            drop(file);
            let _ = fs::remove_file(&temp);
            Err(WriteError::io("write", target, e))
        }
    }
}

/// Creates `.NAME.sparkgen-PID-N.tmp` exclusively: never follows or reuses what is there.
fn create_temp(parent: &Path, name: &str) -> Result<(PathBuf, fs::File), WriteError> {
    let mut last = None;
    for n in 0..100 {
        let temp = parent.join(format!(".{name}.sparkgen-{}-{n}.tmp", std::process::id()));
        let opened = fault::check("create a temporary file in", parent).and_then(|()| {
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
        });
        match opened {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(WriteError::io("create a temporary file in", parent, e)),
        }
    }
    let e = last.unwrap_or_else(|| std::io::Error::other("too many temporary files"));
    Err(WriteError::io("create a temporary file in", parent, e))
}

/// A replaced file keeps its mode (someone may have made the script executable).
fn keep_permissions(target: &Path, file: &fs::File) -> std::io::Result<()> {
    match fs::metadata(target) {
        Ok(meta) => file.set_permissions(meta.permissions()),
        Err(_) => Ok(()),
    }
}

fn rename(temp: &Path, target: &Path) -> std::io::Result<()> {
    fault::check("replace", target)?;
    fs::rename(temp, target)
}

/// Puts back what was there before each renamed file; gives the files it could not restore.
fn restore(done: Vec<Staged>) -> Vec<PathBuf> {
    let mut failed = Vec::new();
    for s in done.into_iter().rev() {
        let restored = match &s.previous {
            None => fs::remove_file(&s.target).map_err(|_| ()),
            Some(bytes) => {
                let parent = s.target.parent().unwrap_or(Path::new("."));
                write_temp(parent, &s.target, bytes)
                    .map_err(|_| ())
                    .and_then(|temp| {
                        fs::rename(&temp, &s.target).map_err(|_| {
                            let _ = fs::remove_file(&temp);
                        })
                    })
            }
        };
        if restored.is_err() {
            failed.push(s.target);
        }
    }
    failed
}

fn with_restore_failures(error: WriteError, not_restored: Vec<PathBuf>) -> WriteError {
    if not_restored.is_empty() {
        return error;
    }
    let list: Vec<_> = not_restored
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    match error {
        WriteError::Io {
            action,
            path,
            source,
        } => WriteError::Io {
            action,
            path,
            source: std::io::Error::new(
                source.kind(),
                format!("{source}; could not restore {}", list.join(", ")),
            ),
        },
        other => other,
    }
}

/// Failure injection for the tests of the error paths: a test names a step and a path, and that
/// step fails there. Compiled out of the real binary.
#[cfg(test)]
pub(super) mod fault {
    use std::cell::RefCell;
    use std::path::{Path, PathBuf};

    thread_local! {
        static FAIL: RefCell<Vec<(&'static str, PathBuf)>> = const { RefCell::new(Vec::new()) };
    }

    pub fn fail_at(step: &'static str, path: &Path) {
        FAIL.with(|f| f.borrow_mut().push((step, path.to_owned())));
    }

    pub fn check(step: &'static str, path: &Path) -> std::io::Result<()> {
        let hit = FAIL.with(|f| f.borrow().iter().any(|(s, p)| *s == step && p == path));
        if hit {
            Err(std::io::Error::other("injected failure"))
        } else {
            Ok(())
        }
    }
}

#[cfg(not(test))]
mod fault {
    #[inline(always)]
    pub fn check(_: &'static str, _: &std::path::Path) -> std::io::Result<()> {
        Ok(())
    }
}
