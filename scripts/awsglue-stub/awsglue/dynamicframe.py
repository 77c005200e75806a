"""DynamicFrame as a thin wrapper of a Spark DataFrame."""


class DynamicFrame(object):
    def __init__(self, df, glue_ctx=None, name=None):
        self._df = df
        self.glue_ctx = glue_ctx
        self.name = name

    def toDF(self):  # noqa: N802 (Glue's name)
        return self._df

    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name):  # noqa: N802 (Glue's name)
        return cls(dataframe, glue_ctx, name)
