# A free variable read in a hot loop before and after its cell is filled:
# machine code reads the cell inline, and an empty one raises NameError.
def outer():
    def inner(k):
        t = 0
        for i in range(k):
            t += x + i
        return t
    try:
        inner(300)
    except NameError as e:
        print("NameError:", e)
    x = 5
    print(inner(300))
for _ in range(3):
    outer()
