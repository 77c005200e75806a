"""Glue Spark job {{ job.name }}: its data logic.

This file is the team's: sparkgen created it once as a starter and never changes it again. The job
runs it in AWS Glue {{ pipeline.glue_version }} (Spark {{ pipeline.spark_version }}, Python {{ pipeline.python_version }}). The generated runtime,
{{ script.team.runtime_module }}.py (rendered into {{ script.folder }}/ of the output, with its README), reads the
{{ pipeline.source_format }} files under the source path, calls transform() and writes {{ pipeline.sink_format }}
{%- if pipeline.partition_keys %} partitioned by {{ pipeline.partition_keys | join(sep=", ") }}{% endif %}.

The contract, which `sparkgen check` verifies: a top-level transform(df) that returns the DataFrame
to write, handed to {{ script.team.runtime_module }}.main() at the end of this file.
"""
from pyspark.sql import DataFrame
from pyspark.sql import functions as F


{% include "pyspark/starter_transform.py" %}

if __name__ == "__main__":
    import {{ script.team.runtime_module }}

    {{ script.team.runtime_module }}.main(transform)
