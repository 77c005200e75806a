"""Checks one rendered glue/ folder on a local Spark (called by scripts/spark-local.sh).

    python spark_local_check.py GLUE_DIR WORK_DIR [--mutant]

1. The script and its test compile, and import only pyspark, awsglue and the standard library
   (the test may import pytest too).
2. The test's sample rows are written in the source format under WORK_DIR/in; the script runs as a
   user runs it, `python SCRIPT --source IN --sink OUT`, and must exit 0.
3. OUT is read back in the sink format: the rows must be the test's expected rows, and with
   partition keys every `key=value/` folder must exist.
4. With `catalog` in the spec (CATALOG_TABLE in the script): the script's Glue path runs too, with
   scripts/awsglue-stub in place of Glue's library, as `python SCRIPT --JOB_NAME J --source_path IN
   --sink_path OUT`; its sink call must register CATALOG_DATABASE.CATALOG_TABLE with
   enableUpdateCatalog, UPDATE_IN_DATABASE and the spec's partition keys, at OUT, and OUT must hold
   the expected rows in the `key=value/` folders of those keys: the partitions the table describes.
5. The generated pytest file must pass.
6. With --mutant, a copy whose transform() drops one row must make that pytest fail.

For a team's own script (the tree holds the generated runtime, whose TEAM_SCRIPT names it), the
expected rows are what the team's transform() makes of the sample, computed here; the columns it
adds must be read back from the sink. The mutant step is skipped: the generated test checks what
the runtime needs of transform(), not the team's logic.

Runs on the venv's Python (3.7 or later); needs pyspark and pytest there.
"""
import ast
import csv
import glob
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time

GLUE_IMPORTS = {"pyspark", "awsglue"}
PARTITION_NULL = "__HIVE_DEFAULT_PARTITION__"
EXTENSIONS = {"csv": ".csv", "json": ".json", "parquet": ".parquet"}


def say(message):
    sys.stderr.write("spark-local: " + message + "\n")
    sys.stderr.flush()


def fail(message):
    raise SystemExit("spark-local: FAILED: " + message)


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def find_test(glue_dir):
    """The generated test module: a test_*.py that names its script and carries sample rows."""
    for path in sorted(glob.glob(os.path.join(glue_dir, "test_*.py"))):
        with open(path) as f:
            text = f.read()
        if "SAMPLE_ROWS" in text and ("EXPECTED_ROWS" in text or "load_transform()" in text):
            return path
    fail("no generated test_*.py in " + glue_dir)


def stdlib_modules():
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return set(names)
    # Python < 3.10: whatever imports from the interpreter's own lib folder.
    import sysconfig

    stdlib = sysconfig.get_paths()["stdlib"]
    found = set(sys.builtin_module_names)
    for entry in os.listdir(stdlib):
        found.add(entry[:-3] if entry.endswith(".py") else entry)
    return found


def check_source(path, extra_allowed):
    with open(path) as f:
        text = f.read()
    compile(text, path, "exec")
    if sys.version_info >= (3, 8):
        tree = ast.parse(text, path, feature_version=(3, 7))
    else:
        tree = ast.parse(text, path)
    allowed = GLUE_IMPORTS | stdlib_modules() | set(extra_allowed)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        for name in names:
            if name.split(".")[0] not in allowed:
                fail("{} imports {}, which Glue does not provide".format(path, name))


def write_input(job, test, in_dir, spark_factory):
    """The test's sample rows, as files of the source format."""
    columns, rows = test.SAMPLE_COLUMNS, test.SAMPLE_ROWS
    fmt, options = job.SOURCE_FORMAT, job.READER_OPTIONS
    if fmt != "parquet":
        os.makedirs(in_dir)
    if fmt == "json":
        with open(os.path.join(in_dir, "part-0.json"), "w") as f:
            for row in rows:
                f.write(json.dumps(dict(zip(columns, row))) + "\n")
    elif fmt == "csv":
        with open(os.path.join(in_dir, "part-0.csv"), "w", newline="") as f:
            writer = csv.writer(
                f,
                delimiter=options.get("sep", ","),
                quotechar=options.get("quote", '"'),
                escapechar=options.get("escape"),
                doublequote="escape" not in options,
                quoting=csv.QUOTE_MINIMAL,
            )
            if options.get("header", "false") == "true":
                writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if v is None else v for v in row])
    elif fmt == "parquet":
        spark = spark_factory()
        df = spark.createDataFrame(rows, test.SAMPLE_SCHEMA)
        df.coalesce(1).write.parquet(in_dir)
    else:
        fail("no sample writer for source format " + fmt)


def text(value):
    return None if value is None else str(value)


def team_expectation(job, test, spark_factory):
    """The team's transform() on the sample: its columns and its rows, as text."""
    spark = spark_factory()
    df = job.load_transform()(spark.createDataFrame(test.SAMPLE_ROWS, test.SAMPLE_SCHEMA))
    columns = df.columns
    rows = [[text(row[c]) for c in columns] for row in df.collect()]
    return columns, rows


def check_zip(job, glue_dir, work_dir):
    """Every top-level module of the extraPyFiles zip imports with the zip alone on the path, as
    Glue puts it there (a clean interpreter: none of the team's folders)."""
    path = os.path.join(glue_dir, "extra_py_files.zip")
    if not os.path.exists(path):
        return
    import zipfile

    with zipfile.ZipFile(path) as archive:
        names = sorted({
            name.split("/")[0][:-3] if name.split("/")[0].endswith(".py") else name.split("/")[0]
            for name in archive.namelist()
            if not name.endswith(".txt")
        })
    code = "import sys; sys.path.insert(0, sys.argv[1])\n" + "".join(
        "import {}\n".format(name) for name in names)
    log = os.path.join(work_dir, "zip-import.log")
    status, _ = run([sys.executable, "-I", "-c", code, path], log, cwd=work_dir)
    if status != 0:
        fail("the extraPyFiles zip does not import as Glue loads it:\n" + tail(log))
    say("{} imports from the zip alone: {}".format(os.path.basename(path), ", ".join(names)))


def check_output(job, test, out_dir, spark_factory, team=None):
    fmt = job.SINK_FORMAT
    parts = [
        p
        for p in glob.glob(os.path.join(out_dir, "**", "part-*"), recursive=True)
        if p.endswith(EXTENSIONS[fmt])
    ]
    if not parts:
        fail("no {} part files under {}".format(fmt, out_dir))
    columns, want = (test.SAMPLE_COLUMNS, [[text(v) for v in row] for row in getattr(test, "EXPECTED_ROWS", [])])
    if team is not None:
        columns, want = team
    for key_values in expected_folders(job, columns, want):
        folder = os.path.join(out_dir, *key_values)
        if not os.path.isdir(folder):
            fail("partition folder {} is missing".format(folder))
    spark = spark_factory()
    df = (
        spark.read.format(fmt)
        .options(**job.WRITER_OPTIONS)
        .option("basePath", out_dir)
        .load(out_dir)
    )
    missing = [c for c in columns if c not in df.columns]
    if missing:
        fail("{} lacks the column(s) {}; it has {}".format(out_dir, missing, df.columns))
    got = sorted(
        ([text(row[c]) for c in columns] for row in df.collect()),
        key=lambda r: int(r[0]),
    )
    want = sorted(want, key=lambda r: int(r[0]))
    if got != want:
        fail("{} holds {}; expected {}".format(out_dir, got, want))
    added = [c for c in columns if c not in test.SAMPLE_COLUMNS]
    if added:
        say("{} holds the column(s) transform() added: {}, with the values transform() gave".format(
            out_dir, ", ".join(added)))
    say("{} holds the {} expected rows as {}{}".format(
        out_dir,
        len(want),
        fmt,
        ", partitioned by " + ", ".join(job.PARTITION_KEYS) if job.PARTITION_KEYS else "",
    ))


def expected_folders(job, columns, rows):
    index = {c: i for i, c in enumerate(columns)}
    folders = set()
    for row in rows:
        folders.add(
            tuple(
                "{}={}".format(k, PARTITION_NULL if row[index[k]] is None else row[index[k]])
                for k in job.PARTITION_KEYS
            )
        )
    return sorted(f for f in folders if f)


def run(command, log_path, cwd=None, env=None):
    start = time.time()
    with open(log_path, "w") as log:
        code = subprocess.call(command, stdout=log, stderr=subprocess.STDOUT, cwd=cwd, env=env)
    return code, time.time() - start


def tail(path, lines=60):
    with open(path) as f:
        return "".join(f.readlines()[-lines:])


def pytest_command(test_path):
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test_path]


def mutant(glue_dir, work_dir, script_name, test_path):
    """A copy of the folder whose transform() drops the last row; its pytest must fail."""
    copy = os.path.join(work_dir, "mutant")
    shutil.copytree(glue_dir, copy)
    with open(os.path.join(copy, script_name), "a") as f:
        f.write(
            "\n\n_transform = transform\n\n\n"
            "def transform(df):\n"
            "    out = _transform(df)\n"
            "    return out.limit(max(out.count() - 1, 0))\n"
        )
    log = os.path.join(work_dir, "mutant-pytest.log")
    code, seconds = run(pytest_command(os.path.join(copy, os.path.basename(test_path))), log)
    if code == 0:
        fail("the generated test still passes when transform() drops a row:\n" + tail(log))
    say("a transform() that drops a row fails the generated test ({:.0f} s): {}".format(
        seconds, tail(log, 1).strip()))


STUB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "awsglue-stub")


def check_catalog_run(job, test, script_path, in_dir, work_dir, spark_factory, team=None):
    """The script's Glue path on the awsglue stub: the catalog sink call and the partitions."""
    out_dir = os.path.join(work_dir, "glue-out")
    calls_path = os.path.join(work_dir, "glue-sink-calls.jsonl")
    env = dict(os.environ)
    env["PYTHONPATH"] = STUB + os.pathsep + env.get("PYTHONPATH", "")
    env["PYSPARK_SUBMIT_ARGS"] = "--master local[1] --conf spark.ui.enabled=false pyspark-shell"
    env["SPARKGEN_GLUE_STUB_RECORD"] = calls_path
    command = [sys.executable, script_path, "--JOB_NAME", job.JOB_NAME,
               "--source_path", in_dir, "--sink_path", out_dir]
    log = os.path.join(work_dir, "glue-run.log")
    code, seconds = run(command, log, env=env)
    if code != 0:
        fail("`{}` on the awsglue stub exited {}:\n{}".format(" ".join(command), code, tail(log)))
    with open(calls_path) as f:
        calls = [json.loads(line) for line in f if line.strip()]
    if len(calls) != 1:
        fail("the Glue path wrote through {} sinks; expected one catalog sink".format(len(calls)))
    call = calls[0]
    want = {
        "connection_type": "s3",
        "path": out_dir,
        "enableUpdateCatalog": True,
        "updateBehavior": "UPDATE_IN_DATABASE",
        "partitionKeys": list(job.PARTITION_KEYS),
        "catalogDatabase": job.CATALOG_DATABASE,
        "catalogTableName": job.CATALOG_TABLE,
        "format": "glueparquet" if job.SINK_FORMAT == "parquet" else job.SINK_FORMAT,
    }
    got = {k: call.get(k) for k in want}
    if got != want:
        fail("the catalog sink was called with {}; expected {}".format(got, want))
    say("Glue path on the awsglue stub ({:.0f} s): sink registers {}.{} ({}, partition keys {})".format(
        seconds, job.CATALOG_DATABASE, job.CATALOG_TABLE, call["updateBehavior"],
        ", ".join(call["partitionKeys"]) or "none"))
    check_output(job, test, out_dir, spark_factory, team)


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--mutant"):
        raise SystemExit("usage: spark_local_check.py GLUE_DIR WORK_DIR [--mutant]")
    glue_dir, work_dir = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    os.environ["PYSPARK_PYTHON"] = sys.executable
    sys.dont_write_bytecode = True
    test_path = find_test(glue_dir)
    test = load("sparkgen_generated_test", test_path)
    job = test.job
    script_path = test.SCRIPT
    team_script = getattr(job, "TEAM_SCRIPT", None)
    check_source(script_path, [])
    check_source(test_path, ["pytest"])
    if team_script is not None:
        local = ["sparkgen_runtime"]
        for folder in job.LOCAL_PY_PATHS:
            local.extend(name[:-3] if name.endswith(".py") else name for name in os.listdir(folder))
        check_source(team_script, local)
        check_zip(job, glue_dir, work_dir)

    sessions = []

    def spark_factory():
        if not sessions:
            from pyspark.sql import SparkSession

            sessions.append(
                SparkSession.builder.master("local[1]")
                .appName("spark-local-check")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
                .getOrCreate()
            )
        return sessions[0]

    in_dir, out_dir = os.path.join(work_dir, "in"), os.path.join(work_dir, "out")
    try:
        write_input(job, test, in_dir, spark_factory)
        log = os.path.join(work_dir, "run.log")
        command = [sys.executable, script_path, "--source", in_dir, "--sink", out_dir]
        code, seconds = run(command, log)
        if code != 0:
            fail("`{}` exited {}:\n{}".format(" ".join(command), code, tail(log)))
        say("{} --source {} --sink {}: exit 0 ({:.0f} s)".format(
            os.path.basename(script_path), in_dir, out_dir, seconds))
        team = team_expectation(job, test, spark_factory) if team_script else None
        check_output(job, test, out_dir, spark_factory, team)
        if hasattr(job, "CATALOG_TABLE"):
            check_catalog_run(job, test, script_path, in_dir, work_dir, spark_factory, team)
    finally:
        for session in sessions:
            session.stop()

    code = subprocess.call(pytest_command(test_path))
    if code != 0:
        fail("the generated test failed: " + test_path)
    if len(argv) == 4 and team_script is None:
        mutant(glue_dir, work_dir, os.path.basename(script_path), test_path)


if __name__ == "__main__":
    main(sys.argv)
