"""Job as Glue's, without bookmarks: init and commit are recorded, nothing else."""


class Job(object):
    def __init__(self, glue_context):
        self.glue_context = glue_context
        self.name = None
        self.committed = False

    def init(self, name, args):
        self.name = name

    def commit(self):
        self.committed = True
