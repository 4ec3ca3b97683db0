CONFIG = {"debug": False}
def enable():
    CONFIG["debug"] = True
def get():
    return CONFIG["debug"]
print(get()); enable(); print(get())
counter = 0
def incr():
    global counter
    counter += 1
for _ in range(5):
    incr()
print(counter, __name__)
