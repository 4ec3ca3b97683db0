class Record:
    def __init__(self, **fields):
        for k, v in fields.items():
            setattr(self, k, v)
    def __getattr__(self, name):
        return f"<no {name}>"
r = Record(a=1, b="two")
print(r.a, r.b, r.missing, getattr(r, "c"), hasattr(r, "anything"))
print("ok")
