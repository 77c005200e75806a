use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use super::{fail, Status};
use crate::starter::starter;

const SCHEMA_FILE: &str = "sparkgen.schema.json";

/// Write a commented starter spec; never overwrites a file.
///
/// The spec is the seed configuration, with every other key commented out with its default.
/// Its first line points editors (yaml-language-server, e.g. the VS Code YAML extension) at the
/// JSON Schema: --schema when given; otherwise the nearest `sparkgen.schema.json` or
/// `schema/sparkgen.schema.json` in the spec's folder or a folder above it; otherwise sparkgen
/// writes `sparkgen.schema.json` next to the spec.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  sparkgen init\n  sparkgen init pipelines/orders.sparkgen.yaml\n  sparkgen init spec.yaml --schema https://example.com/sparkgen.schema.json"
)]
pub struct Args {
    /// Where to write the spec.
    #[arg(default_value = "sparkgen.yaml")]
    path: PathBuf,
    /// Schema path or URL for the `yaml-language-server` line, written as given.
    #[arg(long, value_name = "PATH_OR_URL")]
    schema: Option<String>,
}

pub fn run(args: Args) -> Status {
    let path = &args.path;
    if fs::symlink_metadata(path).is_ok() {
        return fail(format_args!(
            "refusing to overwrite {}: it already exists",
            path.display()
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    if let Err(e) = fs::create_dir_all(&dir) {
        return fail(format_args!(
            "cannot create directory {}: {e}",
            dir.display()
        ));
    }
    let mut written_schema = None;
    let schema_ref = match args.schema {
        Some(given) => given,
        None => match find_schema(&dir) {
            Some(found) => found,
            None => {
                let schema_path = path.with_file_name(SCHEMA_FILE);
                let mut text = crate::spec::schema_json();
                text.push('\n');
                if let Err(e) = create_new(&schema_path, &text) {
                    return fail(e);
                }
                written_schema = Some(schema_path);
                SCHEMA_FILE.to_owned()
            }
        },
    };
    let file_name = path.display().to_string();
    if let Err(e) = create_new(path, &starter(&schema_ref, &file_name)) {
        if let Some(schema) = &written_schema {
            let _ = fs::remove_file(schema);
        }
        return fail(e);
    }
    eprintln!("wrote {}", path.display());
    if let Some(schema) = written_schema {
        eprintln!(
            "wrote {} (for editors; refresh it with `sparkgen schema > {}` after upgrading sparkgen)",
            schema.display(),
            schema.display()
        );
    }
    eprintln!("next: sparkgen validate {file_name}");
    Status::Ok
}

/// Creates `path` only if nothing is there; a partly written file is removed.
fn create_new(path: &Path, text: &str) -> Result<(), String> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!(
                    "refusing to overwrite {}: it already exists",
                    path.display()
                )
            }
            _ => format!("cannot create {}: {e}", path.display()),
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            let _ = fs::remove_file(path);
            format!("cannot write {}: {e}", path.display())
        })
}

/// The schema nearest to `dir` (its folder or one above), as a path relative to `dir`.
fn find_schema(dir: &Path) -> Option<String> {
    let start = normalize(&std::env::current_dir().ok()?.join(dir));
    for folder in start.ancestors() {
        for candidate in [
            folder.join(SCHEMA_FILE),
            folder.join("schema").join(SCHEMA_FILE),
        ] {
            if candidate.is_file() {
                return Some(relative(&start, &candidate));
            }
        }
    }
    None
}

/// `a/./b/../c` -> `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `to` relative to the folder `from`, both absolute and normalized, with `/` separators.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        let rel = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(
            rel("/r/examples", "/r/schema/sparkgen.schema.json"),
            "../schema/sparkgen.schema.json"
        );
        assert_eq!(rel("/r", "/r/sparkgen.schema.json"), "sparkgen.schema.json");
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
