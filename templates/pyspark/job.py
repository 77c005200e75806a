{%- if script.team -%}
"""Runtime of Glue Spark job {{ job.name }}: everything around the team's transform().

The job runs the team's own script, {{ script.team.spec_path }} (beside the spec), which defines
transform(df) and ends with

    if __name__ == "__main__":
        import {{ script.team.runtime_module }}
        {{ script.team.runtime_module }}.main(transform)

Glue puts this file on the script's Python path (--extra-py-files); sparkgen regenerates it and
never touches the team's file. It runs unchanged in AWS Glue {{ pipeline.glue_version }} (Spark {{ pipeline.spark_version }},
Python {{ pipeline.python_version }}) and, where `awsglue` cannot be imported, on a local SparkSession:

    pip install pyspark=={{ pipeline.pyspark_version }}
    python {{ script.team.runtime_module }}.py --source path/to/input/ --sink path/to/output/

runs the team's transform() from its file. All Glue specifics (job arguments, GlueContext, job
bookmarks, job.commit()) live in run_in_glue(); read() and write() are plain functions on Spark
DataFrames, and {{ script.test_file_name }} beside this file tests the team's transform() with them.
"""
import argparse
import importlib.util
import os
import sys
{%- else -%}
"""Glue Spark job {{ job.name }}: read the source, transform() it, write the sink.

Runs unchanged in AWS Glue {{ pipeline.glue_version }} (Spark {{ pipeline.spark_version }}, Python {{ pipeline.python_version }})
and, where `awsglue` cannot be imported, on a local SparkSession:

    pip install pyspark=={{ pipeline.pyspark_version }}
    python {{ script.file_name }} --source path/to/input/ --sink path/to/output/

All Glue specifics (job arguments, GlueContext, job bookmarks, job.commit()) live in run_in_glue();
read(), transform() and write() are plain functions on Spark DataFrames, tested by
{{ script.test_file_name }} beside this file.
"""
import argparse
import os
import sys
{%- endif %}

import pyspark
from pyspark.sql import DataFrame, SparkSession
{%- if script.team %}
from typing import Callable
{%- else %}
from pyspark.sql import functions as F
{%- endif %}

JOB_NAME = {{ job.name | py }}
# The Glue runtime this script is generated for.
GLUE_VERSION = {{ pipeline.glue_version | py }}
SPARK_VERSION = {{ pipeline.spark_version | py }}
PYTHON_VERSION = {{ pipeline.python_version | py }}
SOURCE_PATH = {{ pipeline.source_path | py }}
SOURCE_FORMAT = {{ pipeline.source_format | py }}
# Spark reader options; GLUE_FORMAT_OPTIONS says the same to Glue's DynamicFrame reader.
READER_OPTIONS = {{ pipeline.reader_options | py }}
GLUE_FORMAT_OPTIONS = {{ pipeline.glue_format_options | py }}
SINK_PATH = {{ pipeline.sink_path | py }}
SINK_FORMAT = {{ pipeline.sink_format | py }}
WRITER_OPTIONS = {{ pipeline.writer_options | py }}
PARTITION_KEYS = {{ pipeline.partition_keys | py }}
WRITE_MODE = {{ pipeline.write_mode | py }}
{%- if script.team %}
HERE = os.path.dirname(os.path.abspath(__file__))
# The team's script, and the folders its extraPyFiles come from, as the spec names them.
TEAM_SCRIPT = os.path.normpath(os.path.join(HERE, {{ script.team.from_runtime | py }}))
TEAM_MODULE = {{ script.module_name | py }}
LOCAL_PY_PATHS = [
{%- for path in script.local_python_paths %}
    os.path.normpath(os.path.join(HERE, {{ path | py }})),
{%- endfor %}
]
{%- endif %}
{%- if pipeline.catalog %}
# The Data Catalog table the sink is registered as. In Glue the job writes through Glue's catalog
# sink, which creates the table on the first run (the data's columns, PARTITION_KEYS as partition
# keys), updates its schema and adds each new partition.
CATALOG_DATABASE = {{ pipeline.catalog.database | py }}
CATALOG_TABLE = {{ pipeline.catalog.table | py }}
CATALOG_UPDATE_BEHAVIOR = {{ pipeline.catalog.update_behavior | py }}
GLUE_SINK_FORMAT = {{ pipeline.catalog.glue_format | py }}
{%- endif %}


def read(spark, path):
    # type: (SparkSession, str) -> DataFrame
    """Read the source data set with Spark's reader."""
    return spark.read.format(SOURCE_FORMAT).options(**READER_OPTIONS).load(path)
{% if not script.team %}

{% include "pyspark/starter_transform.py" %}{% endif %}

def write(df, path):
    # type: (DataFrame, str) -> None
    """Write the result, partitioned by PARTITION_KEYS."""
    writer = df.write.mode(WRITE_MODE).format(SINK_FORMAT).options(**WRITER_OPTIONS)
    if PARTITION_KEYS:
        writer = writer.partitionBy(*PARTITION_KEYS)
    writer.save(path)


{% if pipeline.catalog -%}
def write_to_catalog(glue_context, df, path):
    # type: (object, DataFrame, str) -> None
    """Write the result through Glue's catalog sink, partitioned by PARTITION_KEYS, and register
    it as CATALOG_DATABASE.CATALOG_TABLE (AWS Glue guide: "Updating the schema, and adding new
    partitions in the Data Catalog using AWS Glue ETL jobs"). A Glue sink appends."""
    from awsglue.dynamicframe import DynamicFrame

    sink = glue_context.getSink(
        connection_type="s3",
        path=path,
        enableUpdateCatalog=True,
        updateBehavior=CATALOG_UPDATE_BEHAVIOR,
        partitionKeys=PARTITION_KEYS,
        transformation_ctx="sink",
    )
    sink.setFormat(GLUE_SINK_FORMAT)
    sink.setCatalogInfo(catalogDatabase=CATALOG_DATABASE, catalogTableName=CATALOG_TABLE)
    sink.writeFrame(DynamicFrame.fromDF(df, glue_context, "sink"))


{% endif -%}
def run_in_glue(argv{% if script.team %}, transform{% endif %}):
    # type: (list{% if script.team %}, Callable[[DataFrame], DataFrame]{% endif %}) -> None
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext

    # The job's arguments carry the paths; the constants above are fallbacks.
    optional = [
        name
        for name in ({{ pipeline.source_path_option | py }}, {{ pipeline.sink_path_option | py }})
        if "--" + name in argv
    ]
    args = getResolvedOptions(argv, ["JOB_NAME"] + optional)
    source_path = args.get({{ pipeline.source_path_option | py }}, SOURCE_PATH)
    sink_path = args.get({{ pipeline.sink_path_option | py }}, SINK_PATH)
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    # Job bookmarks track what was read through a transformation_ctx.
    source = glue_context.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [source_path], "recurse": True},
        format=SOURCE_FORMAT,
        format_options=GLUE_FORMAT_OPTIONS,
        transformation_ctx="source",
    )
    df = source.toDF()
    if df.columns:
{%- if pipeline.catalog %}
        write_to_catalog(glue_context, transform(df), sink_path)
{%- else %}
        write(transform(df), sink_path)
{%- endif %}
    else:
        # Nothing new since the last bookmark: there are no columns to write or partition by.
        print("No new input under " + source_path + "; nothing written.")
    job.commit()


def run_locally(argv{% if script.team %}, transform{% endif %}):
    # type: (list{% if script.team %}, Callable[[DataFrame], DataFrame]{% endif %}) -> None
    parser = argparse.ArgumentParser(description="Run " + JOB_NAME + " on a local Spark.")
    parser.add_argument("--source", required=True, help="input path, read as " + SOURCE_FORMAT)
    parser.add_argument("--sink", required=True, help="output path, written as " + SINK_FORMAT)
    args = parser.parse_args(argv[1:])
    if pyspark.__version__.split(".")[:2] != SPARK_VERSION.split(".")[:2]:
        sys.stderr.write(
            "note: Glue " + GLUE_VERSION + " runs Spark " + SPARK_VERSION
            + "; this is PySpark " + pyspark.__version__ + "\n"
        )
    # Spark's Python workers use the interpreter running this script, not whatever is on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.appName(JOB_NAME)
        .master("local[*]")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    try:
        write(transform(read(spark, args.source)), args.sink)
    finally:
        spark.stop()
{% if script.team %}

def main(transform, argv=None):
    # type: (Callable[[DataFrame], DataFrame], list) -> None
    """Run transform() between read and write: in Glue, or on a local Spark where awsglue cannot
    be imported. The team's script calls this with its transform()."""
    argv = sys.argv if argv is None else argv
    try:
        import awsglue  # noqa: F401  (present only inside Glue)
    except ImportError:
        run_locally(argv, transform)
    else:
        run_in_glue(argv, transform)


def load_transform():
    # type: () -> Callable[[DataFrame], DataFrame]
    """The team's transform(), imported from TEAM_SCRIPT with the folders of its local
    extraPyFiles on the path (in Glue, the zip of them is)."""
    for path in reversed(LOCAL_PY_PATHS):
        if path not in sys.path:
            sys.path.insert(0, path)
    spec = importlib.util.spec_from_file_location(TEAM_MODULE, TEAM_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.transform


if __name__ == "__main__":
    main(load_transform(), sys.argv)
{% else %}

def main(argv):
    # type: (list) -> None
    try:
        import awsglue  # noqa: F401  (present only inside Glue)
    except ImportError:
        run_locally(argv)
    else:
        run_in_glue(argv)


if __name__ == "__main__":
    main(sys.argv)
{% endif -%}
