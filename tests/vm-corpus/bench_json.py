import sys
# A JSON-like serializer and parser written from scratch, round-tripping
# nested data.

def dumps(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        out = ['"']
        for ch in v:
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch == "\n":
                out.append("\\n")
            elif ord(ch) < 32:
                out.append("\\u%04x" % ord(ch))
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(dumps(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(dumps(str(k)) + ": " + dumps(x) for k, x in v.items()) + "}"
    raise TypeError("cannot serialize " + type(v).__name__)

class Parser:
    def __init__(self, text):
        self.s = text
        self.i = 0
    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \n\t\r":
            self.i += 1
    def value(self):
        self.ws()
        c = self.s[self.i]
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c == '"':
            return self.string()
        for word, val in (("null", None), ("true", True), ("false", False)):
            if self.s.startswith(word, self.i):
                self.i += len(word)
                return val
        return self.number()
    def obj(self):
        self.i += 1
        out = {}
        self.ws()
        if self.s[self.i] == "}":
            self.i += 1
            return out
        while True:
            self.ws()
            k = self.string()
            self.ws()
            assert self.s[self.i] == ":"
            self.i += 1
            out[k] = self.value()
            self.ws()
            if self.s[self.i] == ",":
                self.i += 1
                continue
            self.i += 1
            return out
    def arr(self):
        self.i += 1
        out = []
        self.ws()
        if self.s[self.i] == "]":
            self.i += 1
            return out
        while True:
            out.append(self.value())
            self.ws()
            if self.s[self.i] == ",":
                self.i += 1
                continue
            self.i += 1
            return out
    def string(self):
        self.i += 1
        out = []
        while self.s[self.i] != '"':
            c = self.s[self.i]
            if c == "\\":
                self.i += 1
                e = self.s[self.i]
                if e == "n":
                    out.append("\n")
                elif e == "u":
                    out.append(chr(int(self.s[self.i + 1:self.i + 5], 16)))
                    self.i += 4
                else:
                    out.append(e)
            else:
                out.append(c)
            self.i += 1
        self.i += 1
        return "".join(out)
    def number(self):
        st = self.i
        while self.i < len(self.s) and self.s[self.i] in "+-0123456789.eE":
            self.i += 1
        t = self.s[st:self.i]
        return float(t) if any(ch in t for ch in ".eE") else int(t)

def make(n):
    return {"id": n, "name": "item %d" % n, "tags": ["a", "b\n", 'q"t'], "price": n * 1.25,
            "nested": {"ok": n % 2 == 0, "none": None, "list": list(range(n % 5))}}

n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
data = [make(i) for i in range(n)]
text = dumps(data)
back = Parser(text).value()
print(len(text), back == data, dumps(back[:2]))
