def read_lines():
    for i in range(12):
        yield f"line {i}: value={i * i}"
def parse(lines):
    for l in lines:
        k, _, v = l.partition(": ")
        yield k, int(v.split("=")[1])
def only_even(pairs):
    return ((k, v) for k, v in pairs if v % 2 == 0)
print(list(only_even(parse(read_lines()))))
print(sum(v for _, v in parse(read_lines())))
