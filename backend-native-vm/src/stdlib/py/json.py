"""The Hilt VM's json module: so far only JSONDecodeError (extensions such
as ported-exts/hjson raise it); dumps/loads are not implemented yet."""


class JSONDecodeError(ValueError):
    """Subclass of ValueError with the position of the error."""

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        ValueError.__init__(self, "%s: line %d column %d (char %d)" % (msg, lineno, colno, pos))
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno


def _missing(name):
    def f(*args, **kwargs):
        raise NotImplementedError("hilt does not support json." + name + " yet (its json module has JSONDecodeError only)")
    return f


dumps = _missing("dumps")
loads = _missing("loads")
dump = _missing("dump")
load = _missing("load")
