"""GlueContext with the two calls a generated script makes: an S3 reader and an S3 sink."""
import json
import os

from pyspark.sql import SparkSession

from awsglue.dynamicframe import DynamicFrame

# Glue's DynamicFrame format options under Spark's reader names.
SPARK_OPTION = {
    "withHeader": "header",
    "separator": "sep",
    "quoteChar": "quote",
    "escaper": "escape",
    "multiLine": "multiLine",
}
# Glue's writer formats under Spark's: glueparquet is Glue's own Parquet writer.
SPARK_FORMAT = {"glueparquet": "parquet"}


def record(call):
    path = os.environ.get("SPARKGEN_GLUE_STUB_RECORD")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps(call, sort_keys=True) + "\n")


class _Reader(object):
    def __init__(self, spark):
        self.spark = spark

    def from_options(self, connection_type, connection_options, format, format_options=None,
                     transformation_ctx=""):
        if connection_type != "s3":
            raise ValueError("awsglue stub reads connection_type s3 only")
        options = {}
        for name, value in (format_options or {}).items():
            options[SPARK_OPTION.get(name, name)] = str(value).lower() if isinstance(value, bool) else value
        if format == "csv":
            options.setdefault("header", "false")
        df = (
            self.spark.read.format(format)
            .options(**options)
            .option("recursiveFileLookup", "true" if connection_options.get("recurse") else "false")
            .load(connection_options["paths"])
        )
        return DynamicFrame(df)


class DataSink(object):
    def __init__(self, call):
        self.call = call

    def setFormat(self, format, **options):  # noqa: N802 (Glue's name)
        self.call["format"] = format
        self.call["format_options"] = options

    def setCatalogInfo(self, catalogDatabase, catalogTableName, catalogId=None):  # noqa: N802,N803
        self.call["catalogDatabase"] = catalogDatabase
        self.call["catalogTableName"] = catalogTableName

    def writeFrame(self, frame):  # noqa: N802 (Glue's name)
        fmt = self.call.get("format", "json")
        writer = frame.toDF().write.mode("append").format(SPARK_FORMAT.get(fmt, fmt))
        if fmt == "csv":
            writer = writer.option("header", "true")
        if self.call.get("partitionKeys"):
            writer = writer.partitionBy(*self.call["partitionKeys"])
        writer.save(self.call["path"])
        record(self.call)


class GlueContext(object):
    def __init__(self, spark_context):
        self.spark_session = SparkSession(spark_context)
        self.create_dynamic_frame = _Reader(self.spark_session)

    def getSink(self, connection_type, path, **options):  # noqa: N802 (Glue's name)
        call = dict(options)
        call["connection_type"] = connection_type
        call["path"] = path
        return DataSink(call)
