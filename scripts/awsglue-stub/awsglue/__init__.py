"""A stand-in for AWS Glue's `awsglue` library, for scripts/spark_local_check.py only.

It runs a generated script's Glue path (run_in_glue) on a local Spark: the reader and the sinks do
what Spark does with the same settings, and each sink records how the script called it (the file
named by SPARKGEN_GLUE_STUB_RECORD, one JSON object per write) so the check can compare that call
with what the spec asks for: the catalog database and table, the partition keys, the update
behaviour. It is not Glue: it cannot show what Glue does with the call, only that the script makes
it as AWS documents and writes the partitions the table would describe.
"""
