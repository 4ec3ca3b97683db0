def f():
    return undefined_thing + 1
try:
    f()
except NameError as e:
    print("NameError:", e)
try:
    del undefined_global
except NameError as e:
    print("NameError:", e)
x = 1
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
