class Broken(Exception):
    pass
def level3():
    raise Broken("deep failure")
def level2():
    try:
        level3()
    except Broken:
        raise RuntimeError("wrapped")
def level1():
    level2()
print("start")
level1()
