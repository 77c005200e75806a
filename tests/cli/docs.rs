//! The pre-commit hooks file and the README say the same thing.

use std::path::Path;

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).expect(name)
}

#[test]
fn the_hooks_are_the_ones_the_readme_documents() {
    let hooks: serde_yaml::Value = serde_yaml::from_str(&read(".pre-commit-hooks.yaml")).unwrap();
    let hooks = hooks.as_sequence().expect("a list of hooks");
    let ids: Vec<_> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["sparkgen-validate", "sparkgen-check"]);
    for hook in hooks {
        assert_eq!(hook["language"].as_str(), Some("rust"), "{hook:?}");
    }
    let check = &hooks[1];
    assert_eq!(check["entry"].as_str(), Some("sparkgen check"));
    assert_eq!(check["pass_filenames"].as_bool(), Some(false));
    let args: Vec<_> = check["args"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(args, ["sparkgen.yaml", "--out", "generated"]);

    let readme = read("README.md");
    for id in ids {
        assert!(
            readme.contains(&format!("- id: {id}\n")),
            "README lacks {id}"
        );
    }
    assert!(readme.contains("(default `sparkgen.yaml --out generated`)"));
    // `sparkgen init` writes sparkgen.yaml by default: the check hook's default spec.
    assert!(readme.contains("sparkgen init [PATH] [--schema PATH_OR_URL]         # a commented starter spec (default sparkgen.yaml)"));
}
