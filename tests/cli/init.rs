use std::fs;

use crate::sparkgen;

#[test]
fn init_then_validate_then_render_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // init points at the nearest schema above the spec when there is one: a stray
    // sparkgen.schema.json above the temporary folder (in /tmp, say) is one.
    let schema_above = d.ancestors().skip(1).any(|a| {
        a.join("sparkgen.schema.json").is_file() || a.join("schema/sparkgen.schema.json").is_file()
    });
    let r = sparkgen(d, &["init", "x.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(d.join("x.yaml")).unwrap();
    if schema_above {
        assert_eq!(r.stderr, "wrote x.yaml\nnext: sparkgen validate x.yaml\n");
        assert!(
            text.starts_with("# yaml-language-server: $schema=../"),
            "{text}"
        );
    } else {
        assert_eq!(
            r.stderr,
            "wrote x.yaml\n\
             wrote sparkgen.schema.json (for editors; refresh it with `sparkgen schema > sparkgen.schema.json` after upgrading sparkgen)\n\
             next: sparkgen validate x.yaml\n"
        );
        assert!(
            text.starts_with("# yaml-language-server: $schema=sparkgen.schema.json\n"),
            "{text}"
        );
        let schema = fs::read_to_string(d.join("sparkgen.schema.json")).unwrap();
        assert_eq!(schema, sparkgen(d, &["schema"]).stdout);
    }

    let r = sparkgen(d, &["validate", "x.yaml"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, "x.yaml: valid\n"));
    let r = sparkgen(d, &["render", "x.yaml", "--target", "all", "--out", "o"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(d.join("o/terraform/main.tf").is_file());
}

#[test]
fn init_refuses_to_overwrite_a_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("sparkgen.yaml"), "mine\n").unwrap();
    let r = sparkgen(dir.path(), &["init"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: refusing to overwrite sparkgen.yaml: it already exists\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("sparkgen.yaml")).unwrap(),
        "mine\n"
    );
    assert!(!dir.path().join("sparkgen.schema.json").exists());
}

#[test]
fn init_points_at_the_nearest_schema_above_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("schema")).unwrap();
    fs::write(d.join("schema/sparkgen.schema.json"), "{}").unwrap();
    let r = sparkgen(d, &["init", "pipelines/orders.sparkgen.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(d.join("pipelines/orders.sparkgen.yaml")).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "# yaml-language-server: $schema=../schema/sparkgen.schema.json"
    );
    assert!(!d.join("pipelines/sparkgen.schema.json").exists());

    let r = sparkgen(
        d,
        &["init", "b.yaml", "--schema", "https://example.com/s.json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(d.join("b.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=https://example.com/s.json\n"));
}
