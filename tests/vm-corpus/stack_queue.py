class Stack:
    def __init__(self):
        self._items = []
    def push(self, x):
        self._items.append(x)
    def pop(self):
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()
    def __bool__(self):
        return bool(self._items)
def balanced(s):
    pairs = {")": "(", "]": "[", "}": "{"}
    st = Stack()
    for ch in s:
        if ch in "([{":
            st.push(ch)
        elif ch in pairs:
            try:
                if st.pop() != pairs[ch]:
                    return False
            except IndexError:
                return False
    return not st
print([balanced(s) for s in ["()", "([]{})", "(]", "((", "", "}{"]])
q = []
for i in range(5):
    q.append(i)
print([q.pop(0) for _ in range(3)], q)
