//! Renders the resolved stack through the embedded Tera templates, one folder of templates per
//! target. Every template reads one context (the stack and the script path), serialized once per
//! call; a target's templates are parsed once per process, and only when that target is asked for.

mod compiled;
mod filters;
mod hcl_format;
pub mod mermaid;
mod policies;
pub mod quote;

use std::sync::LazyLock;

use tera::{Context, Tera};

use crate::resolve::{JobPlan, Stack};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Cloudformation,
    Terraform,
    Pyspark,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::Cloudformation, Target::Terraform, Target::Pyspark];

    pub fn name(self) -> &'static str {
        match self {
            Target::Cloudformation => "cloudformation",
            Target::Terraform => "terraform",
            Target::Pyspark => "pyspark",
        }
    }
}

/// One generated file: its path relative to the output directory, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    pub path: String,
    /// The text of a text file; of a binary one (the `extraPyFiles` zip), a line naming it.
    pub contents: String,
    /// The bytes of a binary file.
    pub binary: Option<Vec<u8>>,
}

impl RenderedFile {
    pub fn text(path: String, contents: String) -> Self {
        RenderedFile {
            path,
            contents,
            binary: None,
        }
    }

    pub fn binary(path: String, bytes: Vec<u8>) -> Self {
        RenderedFile {
            contents: format!("(binary file {path}, {} bytes)\n", bytes.len()),
            path,
            binary: Some(bytes),
        }
    }

    /// What is written to disk.
    pub fn bytes(&self) -> &[u8] {
        self.binary.as_deref().unwrap_or(self.contents.as_bytes())
    }
}

/// One generated file per row: its target, its template (compiled into the binary), how its
/// header comments, and where it goes. A new target or file is a new row.
struct TemplateFile {
    target: Target,
    scope: Scope,
    name: &'static str,
    source: &'static str,
    comment: &'static str,
    output: OutputPath,
}

/// What one rendering of a template covers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The whole stack, in one file: the context is the stack.
    Stack,
    /// One job: rendered once per job, with a context of that job's `job`, `script` and
    /// `pipeline` (see `JobContext`).
    Job,
}

/// Where a template's file goes under the output directory.
#[derive(Clone, Copy)]
enum OutputPath {
    /// The template's own path (`terraform/main.tf`).
    AsNamed,
    /// The job's script, `glue/<script file name>` (`glue/<job>/...` with several jobs).
    Script,
    /// The script's test, beside the script so the test can import it by path.
    ScriptTest,
    /// A file of this name in the script's folder.
    BesideScript(&'static str),
}

const TEMPLATES: &[TemplateFile] = &[
    TemplateFile {
        target: Target::Cloudformation,
        scope: Scope::Stack,
        name: "cloudformation/template.yaml",
        source: include_str!("../../templates/cloudformation/template.yaml"),
        comment: "#",
        output: OutputPath::AsNamed,
    },
    TemplateFile {
        target: Target::Terraform,
        scope: Scope::Stack,
        name: "terraform/versions.tf",
        source: include_str!("../../templates/terraform/versions.tf"),
        comment: "#",
        output: OutputPath::AsNamed,
    },
    TemplateFile {
        target: Target::Terraform,
        scope: Scope::Stack,
        name: "terraform/main.tf",
        source: include_str!("../../templates/terraform/main.tf"),
        comment: "#",
        output: OutputPath::AsNamed,
    },
    TemplateFile {
        target: Target::Terraform,
        scope: Scope::Stack,
        name: "terraform/variables.tf",
        source: include_str!("../../templates/terraform/variables.tf"),
        comment: "#",
        output: OutputPath::AsNamed,
    },
    TemplateFile {
        target: Target::Terraform,
        scope: Scope::Stack,
        name: "terraform/outputs.tf",
        source: include_str!("../../templates/terraform/outputs.tf"),
        comment: "#",
        output: OutputPath::AsNamed,
    },
    TemplateFile {
        target: Target::Pyspark,
        scope: Scope::Job,
        name: "pyspark/job.py",
        source: include_str!("../../templates/pyspark/job.py"),
        comment: "#",
        output: OutputPath::Script,
    },
    TemplateFile {
        target: Target::Pyspark,
        scope: Scope::Job,
        name: "pyspark/test_job.py",
        source: include_str!("../../templates/pyspark/test_job.py"),
        comment: "#",
        output: OutputPath::ScriptTest,
    },
    TemplateFile {
        target: Target::Pyspark,
        scope: Scope::Job,
        name: "pyspark/README.md",
        source: include_str!("../../templates/pyspark/README.md"),
        comment: MARKDOWN_COMMENT,
        output: OutputPath::BesideScript("README.md"),
    },
];

/// A template that is no file of the output: a piece the rows `include`, or the starter of a
/// team's own job script (rendered once, into a file the team then owns, so it carries no
/// generated-file header). Each is in its target's environment beside the rows.
struct Partial {
    target: Target,
    name: &'static str,
    source: &'static str,
}

const TEAM_STARTER: &str = "pyspark/team_script.py";

const PARTIALS: &[Partial] = &[
    // The trimming transform() of a generated script, and the first one of a team's script.
    Partial {
        target: Target::Pyspark,
        name: "pyspark/starter_transform.py",
        source: include_str!("../../templates/pyspark/starter_transform.py"),
    },
    Partial {
        target: Target::Pyspark,
        name: TEAM_STARTER,
        source: include_str!("../../templates/pyspark/team_script.py"),
    },
];

/// The starter `render` creates for the job's team script, when the job has one.
pub fn team_starter(job: &JobPlan) -> Result<Option<String>, RenderError> {
    if job.script.team.is_none() {
        return Ok(None);
    }
    let context = Context::from_serialize(JobContext {
        job: &job.job,
        script: &job.script,
        pipeline: &job.pipeline,
        diagram: "",
    })?;
    Ok(Some(
        environment(Target::Pyspark)?.render(TEAM_STARTER, &context)?,
    ))
}

/// Markdown has no line comment: its header is one HTML comment.
const MARKDOWN_COMMENT: &str = "<!--";

/// The first line of every generated file; `write` looks for it before overwriting a file.
pub const GENERATED_MARKER: &str = "Generated by sparkgen";

#[derive(Debug, Clone)]
pub struct RenderError(pub String);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenderError {}

impl From<tera::Error> for RenderError {
    fn from(e: tera::Error) -> Self {
        // Tera nests the cause (the undefined variable, the failing filter) in its source chain.
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        RenderError(message)
    }
}

/// The templates of one target, in output order.
fn templates_of(target: Target) -> impl Iterator<Item = &'static TemplateFile> {
    TEMPLATES.iter().filter(move |t| t.target == target)
}

/// A target's Tera environment, built on first use and kept for the life of the process: a run
/// that renders many specs parses each template once, and one that asks for a single target
/// never builds the others.
fn environment(target: Target) -> Result<&'static Tera, RenderError> {
    type Environment = LazyLock<Result<Tera, RenderError>>;
    static CLOUDFORMATION_ENV: Environment = LazyLock::new(|| build(Target::Cloudformation));
    static TERRAFORM_ENV: Environment = LazyLock::new(|| build(Target::Terraform));
    static PYSPARK_ENV: Environment = LazyLock::new(|| build(Target::Pyspark));
    let environment = match target {
        Target::Cloudformation => &CLOUDFORMATION_ENV,
        Target::Terraform => &TERRAFORM_ENV,
        Target::Pyspark => &PYSPARK_ENV,
    };
    environment.as_ref().map_err(Clone::clone)
}

/// Templates come parsed from build.rs (see `compiled`); one that it did not compile is parsed
/// here. `add_raw_templates` then links them (macro imports, inheritance) as for parsed ones.
fn build(target: Target) -> Result<Tera, RenderError> {
    let mut tera = Tera::default();
    tera.autoescape_on(Vec::new());
    filters::register(&mut tera);
    let mut to_parse = Vec::new();
    let rows = templates_of(target).map(|t| (t.name, t.source));
    let partials = PARTIALS
        .iter()
        .filter(|p| p.target == target)
        .map(|p| (p.name, p.source));
    for (name, source) in rows.chain(partials) {
        match compiled::template(name) {
            Some(template) => {
                tera.templates.insert(name.to_owned(), template);
            }
            None => to_parse.push((name, source)),
        }
    }
    tera.add_raw_templates(to_parse)?;
    Ok(tera)
}

/// The context every template of every target reads: the stack's fields at the top level (a
/// shorter path is a cheaper lookup for Tera), serialized once per call. Each target adds its
/// printed policy documents (`policies`) before its templates run, and a job-scoped template the
/// fields of its job.
fn context(stack: &Stack) -> Result<Context, RenderError> {
    Ok(Context::from_serialize(stack)?)
}

pub fn render(stack: &Stack, target: Target) -> Result<Vec<RenderedFile>, RenderError> {
    render_all(stack, &[target])
}

pub fn render_all(stack: &Stack, targets: &[Target]) -> Result<Vec<RenderedFile>, RenderError> {
    let mut context = context(stack)?;
    let mut files = Vec::new();
    for &target in targets {
        let tera = environment(target)?;
        match target {
            Target::Cloudformation => {
                context.insert("policies", &policies::Policies::cloudformation(stack))
            }
            Target::Terraform => context.insert("policies", &policies::Policies::terraform(stack)?),
            Target::Pyspark => {
                context.remove("policies");
            }
        }
        for t in templates_of(target).filter(|t| t.scope == Scope::Stack) {
            files.push(render_one(tera, t, &context, stack, None)?);
        }
        let job_rows: Vec<&TemplateFile> = templates_of(target)
            .filter(|t| t.scope == Scope::Job)
            .collect();
        if !job_rows.is_empty() {
            let diagram = mermaid::flowchart(stack);
            for job in &stack.jobs {
                let job_context = Context::from_serialize(JobContext {
                    job: &job.job,
                    script: &job.script,
                    pipeline: &job.pipeline,
                    diagram: &diagram,
                })?;
                for t in &job_rows {
                    files.push(render_one(tera, t, &job_context, stack, Some(job))?);
                }
            }
        }
    }
    Ok(files)
}

/// What a job-scoped template reads: the job, its script and its data flow, and of the stack only
/// its Mermaid flowchart (a smaller context is cheaper to build, and the PySpark files need no
/// more).
#[derive(serde::Serialize)]
struct JobContext<'a> {
    job: &'a crate::resolve::Job,
    script: &'a crate::resolve::Script,
    pipeline: &'a crate::resolve::Pipeline,
    diagram: &'a str,
}

/// One template rendered once, after its header.
fn render_one(
    tera: &Tera,
    t: &TemplateFile,
    context: &Context,
    stack: &Stack,
    job: Option<&JobPlan>,
) -> Result<RenderedFile, RenderError> {
    let header = header(t.comment, &stack.source_name);
    let contents = if t.target == Target::Terraform {
        // Alignment reads the whole body, then writes it after the header.
        let mut body = Vec::with_capacity(t.source.len() * 2);
        tera.render_to(t.name, context, &mut body)?;
        let body = utf8(&body)?;
        let mut text = String::with_capacity(header.len() + body.len() + body.len() / 8);
        text.push_str(&header);
        hcl_format::align_into(&mut text, body);
        text
    } else {
        // The template renders right after the header, in the same buffer.
        let mut buffer = header.into_bytes();
        buffer.reserve(t.source.len() * 2);
        tera.render_to(t.name, context, &mut buffer)?;
        String::from_utf8(buffer).map_err(|e| utf8_error(e.utf8_error()))?
    };
    Ok(RenderedFile::text(output_path(t, job), contents))
}

/// Tera writes whole strings from the templates and the context, so its output is UTF-8.
fn utf8(bytes: &[u8]) -> Result<&str, RenderError> {
    std::str::from_utf8(bytes).map_err(utf8_error)
}

fn utf8_error(e: std::str::Utf8Error) -> RenderError {
    RenderError(format!("a template rendered text that is not UTF-8: {e}"))
}

fn output_path(template: &TemplateFile, job: Option<&JobPlan>) -> String {
    match (template.output, job) {
        (OutputPath::Script, Some(job)) => job.script.output_path.clone(),
        (OutputPath::ScriptTest, Some(job)) => {
            format!("{}/{}", job.script.folder, job.script.test_file_name)
        }
        (OutputPath::BesideScript(name), Some(job)) => format!("{}/{name}", job.script.folder),
        _ => template.name.to_owned(),
    }
}

fn header(comment: &str, source: &str) -> String {
    if comment == MARKDOWN_COMMENT {
        // `--` may not appear inside an HTML comment.
        let source = source.replace("--", "-\u{2010}");
        return format!(
            "<!-- {GENERATED_MARKER} from {source}. Do not edit by hand:\n     \
             change the spec and run `sparkgen render` again. -->\n"
        );
    }
    format!(
        "{comment} {GENERATED_MARKER} from {source}. Do not edit by hand:\n\
         {comment} change the spec and run `sparkgen render` again.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_comes_parsed_from_the_build() {
        let names = TEMPLATES.iter().map(|t| t.name);
        for name in names.chain(PARTIALS.iter().map(|p| p.name)) {
            assert!(
                compiled::template(name).is_some(),
                "{name} would be parsed at run time: build.rs compiles templates/<target>/*"
            );
        }
    }
}
