//! The pipeline as a Mermaid flowchart, printed from the resolved stack: what starts each job
//! (its schedule, the jobs it waits for, or a start on demand), the data it reads and writes, and
//! where its alarms and events go. GitHub renders it inside Markdown, so the rendered tree's
//! README shows it in a pull request; `sparkgen plan --format mermaid` prints it alone.

use std::fmt::Write as _;

use crate::resolve::{Interp, JobPlan, Stack};

/// The flowchart, one statement per line, without a code fence.
pub fn flowchart(stack: &Stack) -> String {
    let mut out = String::with_capacity(1024);
    out.push_str("flowchart LR\n");
    let job_id = |i: usize| format!("job{i}");
    let refs: Vec<Interp> = stack.jobs.iter().map(JobPlan::job_ref).collect();
    let index_of = |r: &Interp| refs.iter().position(|x| x == r);

    // Jobs, inside the workflow's box when they run in it.
    let in_workflow: Vec<bool> = (0..stack.jobs.len())
        .map(|i| {
            stack
                .triggers
                .iter()
                .any(|t| t.workflow.is_some() && t.jobs.contains(&refs[i]))
        })
        .collect();
    let job_node = |out: &mut String, i: usize, plan: &JobPlan, indent: &str| {
        let job = &plan.job;
        let class = if job.execution_class == "FLEX" {
            ", Flex"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{indent}{}[\"{}<br/>{} x {}{class}\"]",
            job_id(i),
            label(&job.name),
            job.worker_type,
            job.number_of_workers
        );
    };
    if let Some(workflow) = &stack.workflow {
        let _ = writeln!(
            out,
            "  subgraph workflow[\"Glue workflow {}\"]",
            label(&workflow.name)
        );
        for (i, plan) in stack
            .jobs
            .iter()
            .enumerate()
            .filter(|(i, _)| in_workflow[*i])
        {
            job_node(&mut out, i, plan, "    ");
        }
        out.push_str("  end\n");
    }
    for (i, plan) in stack
        .jobs
        .iter()
        .enumerate()
        .filter(|(i, _)| !in_workflow[*i])
    {
        job_node(&mut out, i, plan, "  ");
    }

    // What starts each job.
    for (t, trigger) in stack.triggers.iter().enumerate() {
        let starts: Vec<usize> = trigger.jobs.iter().filter_map(&index_of).collect();
        match trigger.kind {
            "CONDITIONAL" => {
                for upstream in trigger.after.iter().filter_map(&index_of) {
                    for &job in &starts {
                        let _ =
                            writeln!(out, "  {} -->|SUCCEEDED| {}", job_id(upstream), job_id(job));
                    }
                }
            }
            kind => {
                let text = match (&trigger.schedule, kind) {
                    (Some(cron), _) => format!("{cron} UTC"),
                    _ => "on demand".to_owned(),
                };
                let _ = writeln!(out, "  start{t}([\"{}\"])", label(&text));
                for &job in &starts {
                    let _ = writeln!(out, "  start{t} --> {}", job_id(job));
                }
            }
        }
    }

    for (i, r) in refs.iter().enumerate() {
        if !stack.triggers.iter().any(|t| t.jobs.contains(r)) {
            let _ = writeln!(out, "  manual{i}([\"on demand\"]) --> {}", job_id(i));
        }
    }

    // The data each job reads and writes; jobs that share a path share its node.
    let mut paths: Vec<String> = Vec::new();
    let mut path_id = |out: &mut String, p: &str| -> usize {
        match paths.iter().position(|x| *x == p) {
            Some(i) => i,
            None => {
                paths.push(p.to_owned());
                let _ = writeln!(out, "  data{}[(\"{}\")]", paths.len() - 1, label(p));
                paths.len() - 1
            }
        }
    };
    for (i, plan) in stack.jobs.iter().enumerate() {
        let source = path_id(&mut out, &plan.pipeline.source_path);
        let _ = writeln!(out, "  data{source} -.->|reads| {}", job_id(i));
        let sink = path_id(&mut out, &plan.pipeline.sink_path);
        let _ = writeln!(out, "  {} -.->|writes| data{sink}", job_id(i));
        if let Some(table) = &plan.pipeline.catalog {
            let _ = writeln!(
                out,
                "  table{i}[[\"Glue table {}.{}\"]]\n  data{sink} -.->|registered as| table{i}",
                label(&table.database),
                label(&table.table)
            );
        }
    }

    // Where alarms and Glue's events about each job go.
    let topic = &stack.topic;
    let _ = writeln!(
        out,
        "  topic{{{{\"SNS topic {}\"}}}}",
        label(if topic.create {
            &topic.name
        } else {
            "alarmTopicArn"
        })
    );
    for (i, plan) in stack.jobs.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {} -.->|\"{} alarms, failed or late runs\"| topic",
            job_id(i),
            plan.alarms.len()
        );
    }
    if let Some(email) = &topic.email {
        let _ = writeln!(out, "  topic --> email[\"{}\"]", label(email));
    }
    out
}

/// Text inside a quoted Mermaid label: Mermaid's entity codes for the characters that would end
/// the label or start markup.
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_end_early_or_open_markup() {
        assert_eq!(label(r#"a"b<c>#d"#), "a#quot;b#lt;c#gt;#35;d");
    }
}
