class Tree:
    def __init__(self):
        self.root = None
    def insert(self, k):
        if self.root is None:
            self.root = [k, None, None]
            return
        n = self.root
        while True:
            i = 1 if k < n[0] else 2
            if n[i] is None:
                n[i] = [k, None, None]
                return
            n = n[i]
    def inorder(self, n="start"):
        if n == "start":
            n = self.root
        if n is None:
            return []
        return self.inorder(n[1]) + [n[0]] + self.inorder(n[2])
    def height(self, n="start"):
        if n == "start":
            n = self.root
        return 0 if n is None else 1 + max(self.height(n[1]), self.height(n[2]))
t = Tree()
for k in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65]:
    t.insert(k)
print(t.inorder(), t.height())
