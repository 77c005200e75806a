//! The pre-commit hooks file and the README say the same thing.

use std::path::Path;

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).expect(name)
}

fn hooks_of(file: &str) -> Vec<serde_yaml::Mapping> {
    let hooks: Vec<serde_yaml::Mapping> = serde_yaml::from_str(&read(file)).expect(file);
    hooks
}

fn hook<'a>(hooks: &'a [serde_yaml::Mapping], id: &str) -> &'a serde_yaml::Mapping {
    hooks
        .iter()
        .find(|h| h["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no hook {id}"))
}

/// A hook without the fields its variant changes (id, language, name, description): what it runs,
/// on which files, with which arguments.
fn behaviour(hook: &serde_yaml::Mapping) -> serde_yaml::Mapping {
    let mut hook = hook.clone();
    for field in ["id", "language", "name", "description"] {
        hook.remove(field);
    }
    hook
}

#[test]
fn the_hooks_are_the_ones_the_readme_documents() {
    let hooks = hooks_of(".pre-commit-hooks.yaml");
    let ids: Vec<_> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "sparkgen-validate",
            "sparkgen-check",
            "sparkgen-validate-python",
            "sparkgen-check-python",
            "sparkgen-validate-system",
            "sparkgen-check-system"
        ]
    );
    let check = hook(&hooks, "sparkgen-check");
    assert_eq!(check["entry"].as_str(), Some("sparkgen check"));
    assert_eq!(check["pass_filenames"].as_bool(), Some(false));
    let args: Vec<_> = check["args"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(args, ["sparkgen.yaml", "--out", "generated"]);

    // Every variant, and the mirror's hooks, behave as the rust ones: only the language differs.
    let mirror = hooks_of("pre-commit-mirror/.pre-commit-hooks.yaml");
    for name in ["validate", "check"] {
        let rust = hook(&hooks, &format!("sparkgen-{name}"));
        assert_eq!(rust["language"].as_str(), Some("rust"));
        for (variant, language) in [
            (hook(&hooks, &format!("sparkgen-{name}-python")), "python"),
            (hook(&hooks, &format!("sparkgen-{name}-system")), "system"),
            (hook(&mirror, &format!("sparkgen-{name}")), "python"),
        ] {
            assert_eq!(variant["language"].as_str(), Some(language), "{variant:?}");
            assert_eq!(behaviour(variant), behaviour(rust), "{variant:?}");
        }
    }
    assert_eq!(mirror.len(), 2);

    let readme = read("README.md");
    for id in ids {
        assert!(readme.contains(&format!("`{id}`")), "README lacks {id}");
    }
    assert!(readme.contains("- id: sparkgen-validate\n"));
    assert!(readme.contains("- id: sparkgen-check\n"));
    assert!(readme.contains("(default `sparkgen.yaml --out generated`)"));
    // `sparkgen init` writes sparkgen.yaml by default: the check hook's default spec.
    assert!(readme.contains("sparkgen init [PATH] [--schema PATH_OR_URL]         # a commented starter spec (default sparkgen.yaml)"));
}

/// The README's table of diagnostic codes lists every code the binary can report, with its layer,
/// in the code's order, and nothing else.
#[test]
fn the_readme_lists_every_diagnostic_code_and_no_other() {
    use sparkgen::diagnostic::Code;

    let readme = read("README.md");
    let table = readme
        .split("| code | layer | meaning |\n|---|---|---|\n")
        .nth(1)
        .expect("README has the table of diagnostic codes");
    let rows: Vec<(String, String)> = table
        .lines()
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let code = cells[0].trim_start_matches("| ").trim_matches('`');
            (code.to_owned(), cells[1].to_owned())
        })
        .collect();
    let codes: Vec<(String, String)> = Code::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.layer().as_str().to_owned()))
        .collect();
    assert_eq!(
        rows, codes,
        "README table (left) vs sparkgen::diagnostic::Code (right)"
    );
}

/// Every script the README and ARCHITECTURE.md name is in the repository (an S3 key such as
/// `s3://bucket/scripts/x.py` is not a script of ours).
#[test]
fn the_docs_name_only_scripts_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for doc in ["README.md", "ARCHITECTURE.md"] {
        let text = read(doc);
        let mut named = 0;
        for (at, _) in text.match_indices("scripts/") {
            if at > 0 && text.as_bytes()[at - 1] == b'/' {
                continue;
            }
            let name: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'))
                .collect();
            let name = name.trim_end_matches('.');
            if name.ends_with(".sh") || name.ends_with(".py") {
                named += 1;
                assert!(
                    root.join(name).is_file(),
                    "{doc} names {name}, which does not exist"
                );
            }
        }
        assert!(
            named > 0,
            "{doc} names no script: the test reads the wrong thing"
        );
    }
}
