//! The library's pipeline from spec files to the files they render: load and validate each spec,
//! resolve it to a `Stack`, render its targets, and lay the files out under one output directory.
//! The CLI calls this and only prints and writes; `render` and `check` both go through here, so
//! they always agree on the layout:
//! - one spec: `--out DIR` is the root of its tree (`DIR/terraform/main.tf`);
//! - several specs: each gets `DIR/<stem>/`, the stem being the file name without its extension
//!   and without a `.sparkgen` suffix (`pipelines/orders.sparkgen.yaml` -> `DIR/orders/`);
//! - a spec with `environments`: each environment gets a folder of its name inside the spec's
//!   tree (`DIR/prod/`, `DIR/orders/prod/`), unless one environment is chosen (`--env prod`),
//!   which then renders where the spec would.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Report};
use crate::render::{render_all, team_starter, RenderedFile, Target, GENERATED_MARKER};
use crate::resolve::{resolve_at, JobPlan, Stack};
use crate::spec::{source, Spec};
use crate::team::{self, Starter, TeamScript};
use crate::validate::{self, Problems, Set, Validated};

/// A spec file read and validated, or the diagnostics that say why not.
#[derive(Debug)]
pub struct LoadedSpec {
    pub name: String,
    pub source: String,
    pub result: Result<Spec, Vec<Diagnostic>>,
    /// The spec each environment produces, by name, when the spec is valid.
    pub environments: Vec<(String, Spec)>,
    /// Problems whose place is a `--set` value: the `--set` as typed, and its diagnostics.
    pub set_problems: Vec<(String, Vec<Diagnostic>)>,
}

/// How diagnostics about a `--set` value name their source.
pub const SET_SOURCE_NAME: &str = "--set";

impl LoadedSpec {
    /// Whether the file could not be read at all (missing, a directory, no permission): exit
    /// code 2, as for other I/O errors. A file that was read but is no spec (too large, not
    /// UTF-8, invalid) is an invalid spec: exit code 1.
    pub fn unreadable(&self) -> bool {
        self.result
            .as_ref()
            .is_err_and(|ds| ds.iter().any(|d| d.code == Code::Io))
    }

    /// The file's problems, then each `--set` value's; empty when the spec is valid.
    pub fn reports(&self) -> Vec<Report<'_>> {
        let mut reports: Vec<Report<'_>> = self
            .result
            .as_ref()
            .err()
            .filter(|diagnostics| !diagnostics.is_empty())
            .map(|diagnostics| Report {
                file: &self.name,
                source: &self.source,
                diagnostics,
            })
            .into_iter()
            .collect();
        reports.extend(self.set_problems.iter().map(|(text, diagnostics)| Report {
            file: SET_SOURCE_NAME,
            source: text,
            diagnostics,
        }));
        reports
    }
}

pub fn load_spec(path: &Path) -> LoadedSpec {
    load_spec_with(path, &[])
}

/// A spec file read and validated with `--set` values applied.
pub fn load_spec_with(path: &Path, sets: &[Set]) -> LoadedSpec {
    let name = path.display().to_string();
    match source::read_source(path) {
        Ok(text) => loaded_text(name, text, sets),
        Err(d) => LoadedSpec {
            name,
            source: String::new(),
            result: Err(vec![d]),
            environments: Vec::new(),
            set_problems: Vec::new(),
        },
    }
}

/// A spec's text, validated with its environments and `--set` values, named `name` in
/// diagnostics.
pub fn loaded_text(name: String, text: String, sets: &[Set]) -> LoadedSpec {
    let (result, environments, set_problems) = match validate::validate_with(&text, sets) {
        Ok(Validated { spec, environments }) => (Ok(spec), environments, Vec::new()),
        Err(Problems {
            in_file,
            mut in_sets,
        }) => (
            Err(in_file),
            Vec::new(),
            {
                in_sets.sort_by_key(|(i, _)| *i);
                in_sets
            }
            .into_iter()
            .filter_map(|(i, ds)| sets.get(i).map(|set| (set.text.clone(), ds)))
            .collect(),
        ),
    };
    LoadedSpec {
        name,
        source: text,
        result,
        environments,
        set_problems,
    }
}

impl LoadedSpec {
    /// The specs to render for `env`: the chosen environment's alone (`None`, unnamed, when
    /// the spec has it), or every environment by name, or the spec itself when it has none.
    /// Err: `env` names an environment the spec does not have.
    pub fn to_render(&self, env: Option<&str>) -> Result<Vec<(Option<&str>, &Spec)>, String> {
        let Ok(spec) = &self.result else {
            return Ok(Vec::new());
        };
        match env {
            Some(name) => match self.environments.iter().find(|(n, _)| n == name) {
                Some((_, env_spec)) => Ok(vec![(None, env_spec)]),
                None if self.environments.is_empty() => Err(format!(
                    "{} has no `environments`, so there is no environment `{name}` to render",
                    self.name
                )),
                None => Err(format!(
                    "{} has no environment `{name}` (it has {})",
                    self.name,
                    self.environments
                        .iter()
                        .map(|(n, _)| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            },
            None if self.environments.is_empty() => Ok(vec![(None, spec)]),
            None => Ok(self
                .environments
                .iter()
                .map(|(n, s)| (Some(n.as_str()), s))
                .collect()),
        }
    }
}

/// Why specs rendered no files.
#[derive(Debug)]
pub enum Failure {
    /// Some spec is invalid or could not be read: every spec, each with its source and
    /// diagnostics, so the caller can print them all.
    Invalid(Vec<LoadedSpec>),
    /// The specs cannot share one output directory (two would render into the same folder).
    Layout(String),
    /// A template failed: a sparkgen bug.
    Internal(String),
}

/// What specs render: every file, paths relative to the output directory.
#[derive(Debug)]
pub struct Rendered {
    pub files: Vec<RenderedFile>,
    /// Some spec rendered one tree per environment, so the files are not one tree.
    pub by_environment: bool,
    /// The team scripts the jobs run, beside their specs: `check` holds each to the contract.
    pub team_scripts: Vec<TeamScript>,
    /// What `render` creates at a team script's path when nothing is there yet.
    pub starters: Vec<Starter>,
    /// The files the Terraform uploads, from the output tree's root (`glue/processor.py`,
    /// `../jobs/orders.py`): a Terraform printed to stdout reads them.
    pub uploaded_files: Vec<String>,
}

/// Every file the specs render, paths relative to the output directory: plan (load, validate,
/// resolve) then render, for every spec (every environment of it, or `env` alone), or nothing
/// at all. `out` is where the tree goes (`None`: stdout, read from the working directory): the
/// generated files reach a team's files beside the spec by a path relative to it.
pub fn render_specs(
    specs: &[PathBuf],
    targets: &[Target],
    env: Option<&str>,
    sets: &[Set],
    out: Option<&Path>,
) -> Result<Rendered, Failure> {
    let prefixes = prefixes(specs).map_err(Failure::Layout)?;
    let mut loaded: Vec<_> = specs.iter().map(|p| load_spec_with(p, sets)).collect();
    if loaded.iter().any(|l| l.result.is_err()) {
        return Err(Failure::Invalid(loaded));
    }
    let mut rendered = Rendered {
        files: Vec::new(),
        by_environment: false,
        team_scripts: Vec::new(),
        starters: Vec::new(),
        uploaded_files: Vec::new(),
    };
    let mut local_file_problems: Vec<(usize, Diagnostic)> = Vec::new();
    for (index, (path, prefix)) in specs.iter().zip(prefixes).enumerate() {
        let spec = &loaded[index];
        for (environment, model) in spec.to_render(env).map_err(Failure::Layout)? {
            let mut name = source_name(path);
            if let Some(env) = env.or(environment) {
                name = format!("{name} (environment {env})");
            }
            let folder = match (&prefix, environment) {
                (Some(p), Some(e)) => Some(format!("{p}/{e}")),
                (Some(p), None) => Some(p.clone()),
                (None, Some(e)) => Some(e.to_owned()),
                (None, None) => None,
            };
            let tree = match (out, &folder) {
                (Some(out), Some(folder)) => out.join(folder),
                (Some(out), None) => out.to_owned(),
                (None, _) => PathBuf::from("."),
            };
            let stack = resolve_at(model, &name, &team::spec_folder_from_tree(path, &tree));
            let mut files = render_all(&stack, targets).map_err(|e| {
                Failure::Internal(format!("internal error while rendering {}: {e}", spec.name))
            })?;
            let spec_folder = team::spec_folder(path);
            for (job_index, job) in stack.jobs.iter().enumerate() {
                rendered
                    .uploaded_files
                    .extend(job.script.uploads.iter().map(|u| u.source.clone()));
                if targets.contains(&Target::Pyspark) {
                    match zip_of(&stack, job, &spec_folder) {
                        Ok(Some(zip)) => files.push(zip),
                        Ok(None) => {}
                        Err(problems) => {
                            let job_spec = &model.jobs()[job_index];
                            for problem in problems {
                                let pointer =
                                    job_spec.at(&format!("/extraPyFiles/{}", problem.index));
                                let d =
                                    Diagnostic::error(Code::LocalFile, pointer, problem.message);
                                // Each environment renders the same entry: report it once.
                                let seen = local_file_problems.iter().any(|(i, seen)| {
                                    *i == index && seen.path == d.path && seen.message == d.message
                                });
                                if !seen {
                                    local_file_problems.push((index, d));
                                }
                            }
                        }
                    }
                }
                team_files(job, &spec_folder, &mut rendered).map_err(|e| {
                    Failure::Internal(format!("internal error while rendering {}: {e}", spec.name))
                })?;
            }
            rendered.by_environment |= environment.is_some();
            rendered.files.extend(files.into_iter().map(|mut f| {
                if let Some(folder) = &folder {
                    f.path = format!("{folder}/{}", f.path);
                }
                f
            }));
        }
    }
    if !local_file_problems.is_empty() {
        for (index, spec) in loaded.iter_mut().enumerate() {
            let mut found: Vec<Diagnostic> = local_file_problems
                .iter()
                .filter(|(i, _)| *i == index)
                .map(|(_, d)| d.clone())
                .collect();
            if found.is_empty() {
                continue;
            }
            if let Ok(document) = source::parse(&spec.source) {
                for d in &mut found {
                    validate::locate(d, &document);
                }
            }
            spec.result = Err(found);
        }
        return Err(Failure::Invalid(loaded));
    }
    Ok(rendered)
}

/// The zip of the job's local `extraPyFiles`, when it has any.
fn zip_of(
    stack: &Stack,
    job: &JobPlan,
    spec_folder: &Path,
) -> Result<Option<RenderedFile>, Vec<team::zip::EntryProblem>> {
    let Some(path) = &job.script.zip_output_path else {
        return Ok(None);
    };
    let header = format!(
        "{GENERATED_MARKER} from {}: the local extraPyFiles of Glue job {}, which Glue adds to \
         the Python path (--extra-py-files). Do not edit: render again.\n",
        stack.source_name, job.job.name
    );
    let bytes = team::zip::zip(spec_folder, &job.script.local_extra_py_files, &header)?;
    Ok(Some(RenderedFile::binary(path.clone(), bytes)))
}

/// The job's team script, when it has one: for `check`, and its starter for `render`.
fn team_files(
    job: &JobPlan,
    spec_folder: &Path,
    rendered: &mut Rendered,
) -> Result<(), crate::render::RenderError> {
    let Some(team) = &job.script.team else {
        return Ok(());
    };
    let path = spec_folder.join(&team.spec_path);
    let mut arguments: Vec<String> = job
        .job
        .arguments
        .iter()
        .map(|a| a.key.trim_start_matches("--").to_owned())
        .collect();
    arguments.push("JOB_NAME".to_owned());
    // One check per script and set of arguments: each environment's job may be given others.
    if rendered
        .team_scripts
        .iter()
        .any(|t| t.path == path && t.arguments == arguments)
    {
        return Ok(());
    }
    rendered.team_scripts.push(TeamScript {
        path: path.clone(),
        job: job.job.name.clone(),
        arguments,
        runtime_module: team.runtime_module.to_owned(),
    });
    if let Some(contents) = team_starter(job)? {
        if !rendered.starters.iter().any(|s| s.path == path) {
            rendered.starters.push(Starter { path, contents });
        }
    }
    Ok(())
}

/// The folder of each spec's tree under `--out`: none for a single spec.
fn prefixes(specs: &[PathBuf]) -> Result<Vec<Option<String>>, String> {
    if specs.len() < 2 {
        return Ok(vec![None; specs.len()]);
    }
    let mut out: Vec<Option<String>> = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        let Some(stem) = stem(spec) else {
            return Err(format!(
                "cannot name an output folder after {}",
                spec.display()
            ));
        };
        if let Some(j) = out.iter().position(|s| s.as_deref() == Some(stem.as_str())) {
            return Err(format!(
                "{} and {} would both render into the folder `{stem}` under --out: \
                 run sparkgen once for each, with its own --out",
                specs[j].display(),
                specs[i].display()
            ));
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
