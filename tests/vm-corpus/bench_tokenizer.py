import sys
# A regex-free tokenizer for a small expression language, plus an
# evaluator over the tokens (shunting-yard).

KEYWORDS = {"let", "in", "if", "then", "else"}

def tokenize(text):
    toks = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c.isdigit():
            j = i
            while j < n and (text[j].isdigit() or text[j] == "."):
                j += 1
            toks.append(("num", text[i:j]))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            toks.append(("kw" if word in KEYWORDS else "name", word))
            i = j
        elif c == '"':
            j = i + 1
            while text[j] != '"':
                j += 1
            toks.append(("str", text[i + 1:j]))
            i = j + 1
        elif text[i:i + 2] in ("==", "<=", ">=", "!=", "**"):
            toks.append(("op", text[i:i + 2]))
            i += 2
        else:
            toks.append(("op", c))
            i += 1
    return toks

PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "%": 2, "**": 3}

def evaluate(tokens):
    out, ops = [], []
    def apply():
        op = ops.pop()
        b = out.pop()
        a = out.pop()
        out.append({"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else 0.0, "%": a % b if b else 0, "**": a ** min(b, 3)}[op])
    for kind, val in tokens:
        if kind == "num":
            out.append(float(val) if "." in val else int(val))
        elif val == "(":
            ops.append(val)
        elif val == ")":
            while ops[-1] != "(":
                apply()
            ops.pop()
        elif val in PREC:
            while ops and ops[-1] != "(" and (PREC[ops[-1]] > PREC[val] or (PREC[ops[-1]] == PREC[val] and val != "**")):
                apply()
            ops.append(val)
    while ops:
        apply()
    return out[0]

src = 'let x = 3 in if x >= 2 then "big" else "small" ' * 3
print(tokenize(src)[:12])
n = int(sys.argv[1]) if len(sys.argv) > 1 else 80
total = 0
kinds = {}
for i in range(n):
    expr = "(%d + %d) * %d - %d %% 7 + 2 ** %d" % (i, i * 3, i % 11, i * 5, i % 4)
    toks = tokenize(expr)
    for k, _ in toks:
        kinds[k] = kinds.get(k, 0) + 1
    total += evaluate(toks)
print(total, sorted(kinds.items()))
