//! The sparkgen binary, run for real in temporary folders: exit codes, whole messages, and what is
//! (and is not) left on disk.

mod check;
mod docs;
mod env;
mod help;
mod init;
mod plan;
mod team;
mod write;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

pub const BIN: &str = env!("CARGO_BIN_EXE_sparkgen");

/// What a run of sparkgen did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs sparkgen in `dir` with `args`.
pub fn sparkgen(dir: &Path, args: &[&str]) -> Run {
    run(Command::new(BIN).args(args).current_dir(dir))
}

pub fn run(command: &mut Command) -> Run {
    let out = command.env("NO_COLOR", "1").output().expect("run sparkgen");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn seed() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seed.yaml"))
        .expect("examples/seed.yaml")
}

/// A temporary folder holding the seed spec as `spec.yaml`.
pub fn with_seed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("spec.yaml"), seed()).expect("write spec");
    dir
}

/// A path under a folder, with a file's bytes and modification time (`None` for a folder).
pub type Entry = (PathBuf, Option<(Vec<u8>, SystemTime)>);

/// Every file under `dir` with its bytes and modification time, and every folder.
pub fn snapshot(dir: &Path) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            let meta = fs::symlink_metadata(&path).expect("metadata");
            let rel = path.strip_prefix(dir).expect("inside").to_owned();
            if meta.is_dir() {
                out.push((rel, None));
                stack.push(path);
            } else {
                let bytes = fs::read(&path).expect("read");
                out.push((rel, Some((bytes, meta.modified().expect("mtime")))));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The relative names in a snapshot.
pub fn names(snapshot: &[Entry]) -> Vec<String> {
    snapshot
        .iter()
        .map(|(p, f)| format!("{}{}", p.display(), if f.is_none() { "/" } else { "" }))
        .collect()
}

pub const SEED_FILES: &str = "wrote o/cloudformation/template.yaml
wrote o/terraform/versions.tf
wrote o/terraform/main.tf
wrote o/terraform/variables.tf
wrote o/terraform/outputs.tf
wrote o/glue/processor.py
wrote o/glue/test_processor.py
wrote o/glue/README.md
";
