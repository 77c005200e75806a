"""Tests of transform() in {{ script.file_name }}, on a local Spark; no AWS, no Glue.

    pip install pyspark=={{ pipeline.pyspark_version }} pytest
    python -m pytest {{ script.test_file_name }}
"""
import importlib.util
import os
import sys

import pytest
from pyspark.sql import SparkSession

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), {{ script.file_name | py }})

# What the job gets, and what transform() must make of it.
SAMPLE_COLUMNS = {{ pipeline.sample.columns | py }}
SAMPLE_SCHEMA = {{ pipeline.sample.schema | py }}
SAMPLE_ROWS = [
{%- for row in pipeline.sample.rows %}
    {{ row | py }},
{%- endfor %}
]
EXPECTED_ROWS = [
{%- for row in pipeline.sample.expected %}
    {{ row | py }},
{%- endfor %}
]


def load_job():
    """Import the job script by path: it sits beside this file and need not be a package."""
    spec = importlib.util.spec_from_file_location({{ script.module_name | py }}, SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


job = load_job()


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
