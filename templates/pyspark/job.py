"""Glue Spark job {{ stack.job.name }}: read the source, transform() it, write the sink.

Runs unchanged in AWS Glue {{ stack.pipeline.glue_version }} (Spark {{ stack.pipeline.spark_version }}, Python {{ stack.pipeline.python_version }})
and, where `awsglue` cannot be imported, on a local SparkSession:

    pip install pyspark
    python {{ stack.script.file_name }} --source path/to/input/ --sink path/to/output/

All Glue specifics (arguments, GlueContext, job bookmarks, job.commit()) live in run_in_glue();
read(), transform() and write() are plain functions on Spark DataFrames.
"""
import argparse
import sys

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

JOB_NAME = {{ stack.job.name | py }}
SOURCE_PATH = {{ stack.pipeline.source_path | py }}
SOURCE_FORMAT = {{ stack.pipeline.source_format | py }}
SINK_PATH = {{ stack.pipeline.sink_path | py }}
SINK_FORMAT = {{ stack.pipeline.sink_format | py }}
PARTITION_KEYS = {{ stack.pipeline.partition_keys | py }}
WRITE_MODE = {{ stack.pipeline.write_mode | py }}


def read(spark, path, fmt=SOURCE_FORMAT):
    # type: (SparkSession, str, str) -> DataFrame
    """Read the source data set."""
    reader = spark.read.format(fmt)
    if fmt == "csv":
        reader = reader.option("header", "true").option("inferSchema", "true")
    return reader.load(path)


def transform(df):
    # type: (DataFrame) -> DataFrame
    """The job's data logic. Keeps every input row and stamps when it was processed."""
    return df.withColumn("processed_at", F.current_timestamp())


def write(df, path, fmt=SINK_FORMAT):
    # type: (DataFrame, str, str) -> None
    """Write the result, partitioned by PARTITION_KEYS."""
    writer = df.write.mode(WRITE_MODE).format(fmt)
    if PARTITION_KEYS:
        writer = writer.partitionBy(*PARTITION_KEYS)
    writer.save(path)


def run_in_glue(argv):
    # type: (list) -> None
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext

    args = getResolvedOptions(argv, ["JOB_NAME"])
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    # Job bookmarks track what was read through a transformation_ctx.
    source = glue_context.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [SOURCE_PATH], "recurse": True},
        format=SOURCE_FORMAT,
        format_options={"withHeader": True} if SOURCE_FORMAT == "csv" else {},
        transformation_ctx="source",
    )
    write(transform(source.toDF()), SINK_PATH)
    job.commit()


def run_locally(argv):
    # type: (list) -> None
    parser = argparse.ArgumentParser(description="Run " + JOB_NAME + " on a local Spark.")
    parser.add_argument("--source", default=SOURCE_PATH, help="input path (default: %(default)s)")
    parser.add_argument("--sink", default=SINK_PATH, help="output path (default: %(default)s)")
    args = parser.parse_args(argv[1:])
    spark = SparkSession.builder.appName(JOB_NAME).master("local[*]").getOrCreate()
    try:
        write(transform(read(spark, args.source)), args.sink)
    finally:
        spark.stop()


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
