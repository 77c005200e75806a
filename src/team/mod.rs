//! The team's own files a spec names, beside the spec: the job script the team owns (created once
//! as a starter, never overwritten), its contract with the generated runtime (checked with
//! Python's own parser), and the local `extraPyFiles` (zipped, the same bytes on every run).
//! Everything here reads or writes the file system; the layers before it decide only paths.

pub mod contract;
pub mod zip;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A team script that does not exist yet, and what `render` creates there.
#[derive(Debug, Clone)]
pub struct Starter {
    pub path: PathBuf,
    pub contents: String,
}

/// A team script the job runs, and what the job hands it.
#[derive(Debug, Clone)]
pub struct TeamScript {
    pub path: PathBuf,
    /// The job's name, for messages.
    pub job: String,
    /// The names of the job arguments the job is given, without `--`.
    pub arguments: Vec<String>,
    /// The module the script imports the runtime under.
    pub runtime_module: String,
}

/// The folder a spec's relative paths start from, as a prefix to join them to (empty for a spec
/// in the working directory, so `jobs/a.py` stays `jobs/a.py` in messages).
pub fn spec_folder(spec: &Path) -> PathBuf {
    spec.parent().map(Path::to_owned).unwrap_or_default()
}

/// `spec_folder`, as a folder that can be opened.
fn folder_of(path: &Path) -> PathBuf {
    let folder = spec_folder(path);
    if folder.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        folder
    }
}

/// The spec's folder seen from the root of an output tree, `/`-separated, for the generated
/// files' relative paths (`..` for a tree beside the spec). Both are made absolute from the
/// working directory first; a spec on another drive than the tree keeps its absolute path.
pub fn spec_folder_from_tree(spec: &Path, tree: &Path) -> String {
    let folder = std::path::absolute(folder_of(spec)).unwrap_or_else(|_| folder_of(spec));
    let tree = std::path::absolute(tree).unwrap_or_else(|_| tree.to_owned());
    let relative = pathdiff::diff_paths(&folder, &tree).unwrap_or(folder);
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// Creates each starter whose file does not exist yet, and only those: a file that exists, even
/// one created a moment ago by another process, is never touched. Each is written to a temporary
/// file first and linked into place, so no half-written script is ever seen.
pub fn create_missing(starters: &[Starter]) -> Result<Vec<PathBuf>, String> {
    let mut created = Vec::new();
    for starter in starters {
        if fs::symlink_metadata(&starter.path).is_ok() {
            continue;
        }
        let folder = folder_of(&starter.path);
        fs::create_dir_all(&folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        let temp = folder.join(format!(
            ".{}.sparkgen-{}.tmp",
            starter
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let written = fs::File::create(&temp)
            .and_then(|mut f| {
                f.write_all(starter.contents.as_bytes())?;
                f.sync_all()
            })
            .and_then(|()| fs::hard_link(&temp, &starter.path));
        let _ = fs::remove_file(&temp);
        match written {
            Ok(()) => created.push(starter.path.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("cannot create {}: {e}", starter.path.display())),
        }
    }
    Ok(created)
}
