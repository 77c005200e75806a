def transform(df):
    # type: (DataFrame) -> DataFrame
    """The job's data logic. Keeps every row and column; trims the spaces around every string
    value and turns blank strings into nulls."""
    columns = []
    for name, data_type in df.dtypes:
        column = F.col("`" + name.replace("`", "``") + "`")
        if data_type == "string":
            trimmed = F.trim(column)
            column = F.when(trimmed == "", F.lit(None).cast("string")).otherwise(trimmed)
        columns.append(column.alias(name))
    return df.select(*columns)
