"""Glue Spark job customers-clean: its data logic.

This file is the team's: sparkgen created it once as a starter and never changes it again; the
generated runtime (sparkgen_runtime.py) reads the source, calls transform() and writes the sink.
"""
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from customer_rules import clean_name


def transform(df):
    # type: (DataFrame) -> DataFrame
    """Every customer, with a clean name and its length in characters (null for no name)."""
    cleaned = df.withColumn("name", clean_name(F.col("name")))
    return cleaned.withColumn("name_length", F.length(F.col("name")))


if __name__ == "__main__":
    import sparkgen_runtime

    sparkgen_runtime.main(transform)
