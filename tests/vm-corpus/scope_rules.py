x = 1
def read():
    return x
def local_shadow():
    x = 2
    return x
def unbound():
    try:
        print(x)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    x = 3
print(read(), local_shadow(), x)
unbound()
class K:
    y = 10
    z = [y * 2]
    def m(self):
        return y_global
y_global = "global"
print(K.y, K.z, K().m())
def nested_global():
    def inner():
        global x
        x = 100
    inner()
nested_global()
print(x)

def deleted_parameter(a, b=2, *rest, **named):
    # Parameters are bound on entry; `del` unbinds one, `except as` another.
    total = 0
    for i in range(3000):
        total += a + b + len(rest) + len(named)
    del a
    try:
        return a
    except UnboundLocalError as e:
        print("UnboundLocalError:", e, total)
    try:
        raise KeyError(b)
    except KeyError as b:
        pass
    try:
        return b
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
deleted_parameter(1, 5, 6, k=7)
