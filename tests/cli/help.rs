use crate::sparkgen;

fn here() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn version_prints_the_name_and_version() {
    let r = sparkgen(here(), &["--version"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "sparkgen 0.1.0\n"));
}

/// The subcommands listed by `sparkgen --help`.
fn subcommands() -> Vec<String> {
    let help = sparkgen(here(), &["--help"]).stdout;
    help.split("Commands:\n")
        .nth(1)
        .expect("a Commands section")
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_subcommand_has_help_with_examples() {
    let names = subcommands();
    assert_eq!(
        names,
        [
            "render",
            "validate",
            "check",
            "plan",
            "init",
            "schema",
            "completions"
        ]
    );
    for name in names {
        let r = sparkgen(here(), &[&name, "--help"]);
        assert_eq!(r.code, 0, "{name}");
        assert!(
            r.stdout.contains("\nExample"),
            "{name} --help has no examples:\n{}",
            r.stdout
        );
    }
}

#[test]
fn completions_cover_every_subcommand() {
    for shell in ["bash", "zsh", "fish"] {
        let r = sparkgen(here(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        for name in ["render", "validate", "check", "init", "schema"] {
            assert!(r.stdout.contains(name), "{shell} completions lack {name}");
        }
    }
    let r = sparkgen(here(), &["completions", "tcsh"]);
    assert_eq!(r.code, 2);
}

#[test]
fn usage_errors_exit_2() {
    let r = sparkgen(here(), &["check", "spec.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--out <OUT>"), "{}", r.stderr);
    let r = sparkgen(here(), &["render", "a.yaml", "b.yaml", "--target", "all"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: several specs render several files: pass --out DIR to write them\n"
    );
}
