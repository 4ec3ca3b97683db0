import sys
print("exiting", len(sys.argv))
sys.exit(3)
