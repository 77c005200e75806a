//! From spec files to the files they render, with paths relative to `--out`. `render` and `check`
//! both go through here, so they always agree on the layout:
//! - one spec: `--out DIR` is the root of its tree (`DIR/terraform/main.tf`);
//! - several specs: each gets `DIR/<stem>/`, the stem being the file name without its extension
//!   and without a `.sparkgen` suffix (`pipelines/orders.sparkgen.yaml` -> `DIR/orders/`).

use std::path::{Component, Path, PathBuf};

use super::load::{load_spec, print_human};
use super::{fail, Status};
use crate::render::{render_all, RenderedFile, Target};
use crate::resolve::resolve;

/// Every file the specs render, paths relative to the output directory. Prints the diagnostics of
/// invalid specs (all of them, then `Status::Invalid`) and usage errors (`Status::Failed`).
pub fn render_specs(specs: &[PathBuf], targets: &[Target]) -> Result<Vec<RenderedFile>, Status> {
    let prefixes = prefixes(specs)?;
    let loaded: Vec<_> = specs.iter().map(|p| load_spec(p)).collect();
    let reports: Vec<_> = loaded.iter().filter_map(|l| l.report()).collect();
    if !reports.is_empty() {
        print_human(&reports);
        // A spec that cannot be read at all is an I/O error (exit 2), not an invalid spec.
        let unreadable = loaded.iter().any(|l| l.unreadable());
        return Err(if unreadable {
            Status::Failed
        } else {
            Status::Invalid
        });
    }
    let mut files = Vec::new();
    for ((path, spec), prefix) in specs.iter().zip(&loaded).zip(prefixes) {
        let Ok(model) = &spec.result else {
            return Err(Status::Invalid);
        };
        let stack = resolve(model, &source_name(path));
        let rendered = render_all(&stack, targets).map_err(|e| {
            fail(format_args!(
                "internal error while rendering {}: {e}",
                spec.name
            ))
        })?;
        files.extend(rendered.into_iter().map(|mut f| {
            if let Some(prefix) = &prefix {
                f.path = format!("{prefix}/{}", f.path);
            }
            f
        }));
    }
    Ok(files)
}

/// The folder of each spec's tree under `--out`: none for a single spec.
fn prefixes(specs: &[PathBuf]) -> Result<Vec<Option<String>>, Status> {
    if specs.len() < 2 {
        return Ok(vec![None; specs.len()]);
    }
    let mut out: Vec<Option<String>> = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        let Some(stem) = stem(spec) else {
            return Err(fail(format_args!(
                "cannot name an output folder after {}",
                spec.display()
            )));
        };
        if let Some(j) = out.iter().position(|s| s.as_deref() == Some(stem.as_str())) {
            return Err(fail(format_args!(
                "{} and {} would both render into the folder `{stem}` under --out: \
                 run sparkgen once for each, with its own --out",
                specs[j].display(),
                specs[i].display()
            )));
        }
        out.push(Some(stem));
    }
    Ok(out)
}

/// `orders.sparkgen.yaml` -> `orders`; `orders.yaml` -> `orders`.
pub fn stem(spec: &Path) -> Option<String> {
    let stem = spec.file_stem()?.to_str()?;
    let stem = stem.strip_suffix(".sparkgen").unwrap_or(stem);
    (!stem.is_empty() && stem != "." && stem != "..").then(|| stem.to_owned())
}

/// How a generated file's header names its spec: the path as given, without `./` parts, and
/// relative to the working directory when given as an absolute path inside it. `render` and
/// `check` run from the same folder (pre-commit runs hooks from the repository root) then agree.
pub fn source_name(spec: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let relative = match &cwd {
        Some(cwd) if spec.is_absolute() => spec.strip_prefix(cwd).unwrap_or(spec),
        _ => spec,
    };
    let mut parts: Vec<String> = Vec::new();
    for c in relative.components() {
        match c {
            Component::CurDir => {}
            Component::RootDir => parts.push(String::new()),
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    match parts.as_slice() {
        [] => ".".to_owned(),
        [root] if root.is_empty() => "/".to_owned(),
        _ => parts.join("/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_the_extension_and_a_sparkgen_suffix() {
        assert_eq!(stem(Path::new("a/orders.sparkgen.yaml")).unwrap(), "orders");
        assert_eq!(stem(Path::new("orders.yml")).unwrap(), "orders");
        assert_eq!(stem(Path::new("sparkgen.yaml")).unwrap(), "sparkgen");
        assert_eq!(stem(Path::new(".sparkgen.yaml")), None);
        assert_eq!(stem(Path::new("..")), None);
    }

    #[test]
    fn source_names_do_not_depend_on_how_the_path_was_spelt() {
        assert_eq!(source_name(Path::new("./a/./b.yaml")), "a/b.yaml");
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(source_name(&cwd.join("x/b.yaml")), "x/b.yaml");
        assert_eq!(
            source_name(Path::new("/elsewhere/b.yaml")),
            "/elsewhere/b.yaml"
        );
    }
}
