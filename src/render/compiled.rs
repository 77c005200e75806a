//! The templates under `templates/`, parsed at build time by `build.rs` into the code included
//! here: a process that renders starts with its templates already parsed.
// Generated code: short constructor calls, some of which a given set of templates never uses.
#![allow(dead_code, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

#[cfg(test)]
mod tests {
    use super::{template, NAMES};

    /// The build-time parse is Tera's own, so it must equal a parse at run time: same tree, same
    /// macros, same imports. Every file under templates/ is compared, from its source on disk.
    #[test]
    fn compiled_templates_equal_what_tera_parses_at_run_time() {
        assert!(!NAMES.is_empty());
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for name in NAMES {
            let source = std::fs::read_to_string(root.join(name)).expect("template source");
            let parsed = tera::Template::new(name, None, &source).expect("parses");
            let compiled = template(name).expect("compiled");
            assert_eq!(compiled.name, parsed.name);
            assert_eq!(compiled.ast, parsed.ast, "{name}: the tree");
            assert_eq!(compiled.macros, parsed.macros, "{name}: macros");
            assert_eq!(compiled.imported_macro_files, parsed.imported_macro_files);
            assert_eq!(compiled.parent, parsed.parent);
            assert_eq!(compiled.blocks, parsed.blocks);
        }
        assert!(template("no/such.template").is_none());
    }
}
