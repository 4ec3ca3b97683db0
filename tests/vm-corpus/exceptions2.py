class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, key):
        super().__init__(key)
        self.key = key
    def __str__(self):
        return f"not found: {self.key}"
def lookup(d, k):
    try:
        return d[k]
    except KeyError:
        raise NotFound(k) from None
try:
    lookup({}, "x")
except AppError as e:
    print(type(e).__name__, e, e.key, e.__cause__, isinstance(e, Exception))
def cleanup_order():
    out = []
    try:
        try:
            out.append("try")
            raise ValueError
        finally:
            out.append("inner finally")
    except ValueError:
        out.append("except")
    else:
        out.append("else")
    finally:
        out.append("outer finally")
    return out
print(cleanup_order())
def swallow():
    try:
        return 1
    finally:
        return 2
print(swallow())
errors = []
for v in ["1", "x", None, "3"]:
    try:
        errors.append(int(v))
    except (ValueError, TypeError) as e:
        errors.append(type(e).__name__)
print(errors)
try:
    raise AppError("a", "b")
except AppError as e:
    print(e.args, str(e))
