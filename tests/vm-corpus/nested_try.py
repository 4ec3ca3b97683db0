def parse_all(items):
    out = []
    for it in items:
        try:
            try:
                out.append(int(it))
            except ValueError:
                out.append(float(it))
        except ValueError:
            out.append(None)
        except TypeError:
            out.append("type")
    return out
print(parse_all(["1", "2.5", "x", None, "7"]))
def reraise_different():
    try:
        {}["a"]
    except KeyError as e:
        raise ValueError("converted") from e
try:
    reraise_different()
except ValueError as e:
    print(e, type(e.__cause__).__name__, e.__cause__.args)
