"""The customer data rules the team shares between its jobs."""
from pyspark.sql import Column
from pyspark.sql import functions as F


def clean_name(column):
    # type: (Column) -> Column
    """The name without its surrounding spaces; a blank name is null."""
    trimmed = F.trim(column)
    return F.when(trimmed == "", F.lit(None).cast("string")).otherwise(trimmed)
