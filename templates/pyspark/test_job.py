{%- if script.team -%}
"""Tests of the team's transform() ({{ script.team.spec_path }}, beside the spec) with the generated
runtime, on a local Spark; no AWS, no Glue. They check what the runtime needs of transform(); the
team's own tests of its logic can load it the same way (`{{ script.team.runtime_module }}.load_transform()`).
{%- else -%}
"""Tests of transform() in {{ script.file_name }}, on a local Spark; no AWS, no Glue.
{%- endif %}

    pip install pyspark=={{ pipeline.pyspark_version }} pytest
    python -m pytest {{ script.test_file_name }}
"""
import importlib.util
import os
import sys

import pytest
from pyspark.sql import {% if script.team %}DataFrame, {% endif %}SparkSession

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), {{ script.output_file_name | py }})

# What the job gets{% if not script.team %}, and what transform() must make of it{% endif %}.
SAMPLE_COLUMNS = {{ pipeline.sample.columns | py }}
SAMPLE_SCHEMA = {{ pipeline.sample.schema | py }}
SAMPLE_ROWS = [
{%- for row in pipeline.sample.rows %}
    {{ row | py }},
{%- endfor %}
]
{%- if not script.team %}
EXPECTED_ROWS = [
{%- for row in pipeline.sample.expected %}
    {{ row | py }},
{%- endfor %}
]
{%- endif %}


def load_job():
    """Import the job script by path: it sits beside this file and need not be a package."""
    spec = importlib.util.spec_from_file_location({{ script.output_module | py }}, SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


job = load_job()
{%- if script.team %}
transform = job.load_transform()
{%- endif %}


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.appName("test_" + job.JOB_NAME)
        .master("local[1]")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()
{% if script.team %}

@pytest.fixture(scope="module")
def result(spark):
    return transform(spark.createDataFrame(SAMPLE_ROWS, SAMPLE_SCHEMA))


def test_transform_returns_a_dataframe(result):
    assert isinstance(result, DataFrame)


def test_transform_keeps_the_partition_keys(result):
    assert [key for key in job.PARTITION_KEYS if key not in result.columns] == []


def test_the_runtime_writes_what_transform_returns(result, tmp_path):
    sink = str(tmp_path / "sink")
    job.write(result, sink)
    written = [name for _, _, names in os.walk(sink) for name in names if name.startswith("part-")]
    assert written or result.count() == 0
{% else %}

@pytest.fixture(scope="module")
def result(spark):
    df = spark.createDataFrame(SAMPLE_ROWS, SAMPLE_SCHEMA)
    return job.transform(df).collect()


def test_transform_keeps_every_row(result):
    assert len(result) == len(SAMPLE_ROWS)


def test_transform_keeps_the_columns(result):
    assert list(result[0].asDict()) == SAMPLE_COLUMNS


def test_transform_trims_strings_and_blanks_become_null(result):
    rows = sorted((tuple(row) for row in result), key=lambda row: row[0])
    assert rows == [tuple(row) for row in EXPECTED_ROWS]
{% endif -%}
