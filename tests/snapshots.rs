//! Every example x target under insta. A template change shows up as a reviewed diff.

mod common;

use common::*;
use sparkgen::render::Target;

fn joined(files: &[sparkgen::render::RenderedFile]) -> String {
    files
        .iter()
        .map(|f| format!("==> {} <==\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_example_and_target() {
    for name in EXAMPLES {
        for target in Target::ALL {
            let files = render_example(name, target);
            insta::assert_snapshot!(format!("{name}__{}", target.name()), joined(&files));
        }
    }
}

#[test]
fn rendering_is_deterministic() {
    for name in EXAMPLES {
        for target in Target::ALL {
            assert_eq!(render_example(name, target), render_example(name, target));
        }
    }
}
