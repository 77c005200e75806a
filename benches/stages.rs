//! The in-process stages, one criterion group each, for the seed and the production example:
//! parse (YAML text to the span-keeping document), validate (text to a typed spec: parse, shape,
//! rules; the per-spec cost of `sparkgen validate`), resolve (spec to the resolved stack), and render
//! per target and for all three. The README's "Performance" budget: in-process render of the seed to all targets
//! under 200 microseconds.
//!
//! `cargo bench --bench stages` measures; `cargo bench --bench stages -- --test` (or `cargo test
//! --benches`) runs each benchmark once, as a smoke test.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};
use sparkgen::render::{render, render_all, Target};
use sparkgen::resolve::{resolve, Stack};
use sparkgen::spec::{source, Spec};
use sparkgen::validate::validate_text;

const EXAMPLES: [(&str, &str); 2] = [
    ("seed", include_str!("../examples/seed.yaml")),
    ("production", include_str!("../examples/production.yaml")),
];

fn spec_of(text: &str) -> Spec {
    validate_text(text).unwrap_or_else(|d| panic!("example is invalid: {d:#?}"))
}

fn stack_of(name: &str, text: &str) -> Stack {
    resolve(&spec_of(text), &format!("examples/{name}.yaml"))
}

/// Modest sample counts: the whole run stays around half a minute on two cores.
fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    g
}

fn parse(c: &mut Criterion) {
    let mut g = group(c, "parse");
    for (name, text) in EXAMPLES {
        g.bench_function(name, |b| b.iter(|| source::parse(black_box(text))));
    }
    g.finish();
}

fn validate(c: &mut Criterion) {
    let mut g = group(c, "validate");
    for (name, text) in EXAMPLES {
        g.bench_function(name, |b| b.iter(|| validate_text(black_box(text))));
    }
    g.finish();
}

fn resolve_stage(c: &mut Criterion) {
    let mut g = group(c, "resolve");
    for (name, text) in EXAMPLES {
        let spec = spec_of(text);
        let source_name = format!("examples/{name}.yaml");
        g.bench_function(name, |b| {
            b.iter(|| resolve(black_box(&spec), black_box(&source_name)))
        });
    }
    g.finish();
}

fn render_targets(c: &mut Criterion) {
    for target in Target::ALL {
        let mut g = group(c, &format!("render-{}", target.name()));
        for (name, text) in EXAMPLES {
            let stack = stack_of(name, text);
            g.bench_function(name, |b| {
                b.iter(|| render(black_box(&stack), target).expect("renders"))
            });
        }
        g.finish();
    }
}

fn render_every_target(c: &mut Criterion) {
    let mut g = group(c, "render-all");
    for (name, text) in EXAMPLES {
        let stack = stack_of(name, text);
        g.bench_function(name, |b| {
            b.iter(|| render_all(black_box(&stack), &Target::ALL).expect("renders"))
        });
    }
    g.finish();
}

criterion_group!(
    stages,
    parse,
    validate,
    resolve_stage,
    render_targets,
    render_every_target
);
criterion_main!(stages);
