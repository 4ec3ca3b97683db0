import sys
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print("RecursionError caught")
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(500))
print(sys.getrecursionlimit())
