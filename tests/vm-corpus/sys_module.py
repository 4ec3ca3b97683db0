import sys
print(type(sys.argv).__name__, sys.maxsize, sys.version_info[0], sys.version_info[:2] >= (3, 8))
sys.stdout.write("written\n")
print("to stdout", file=sys.stdout)
print("to stderr", file=sys.stderr)
print(sys.getrecursionlimit() >= 1000, "sys" in sys.modules)
