class Event:
    def __init__(self, t, name):
        self.t, self.name = t, name
    def __lt__(self, o):
        return (self.t, self.name) < (o.t, o.name)
def heappush(h, x):
    h.append(x)
    i = len(h) - 1
    while i > 0:
        p = (i - 1) // 2
        if h[i] < h[p]:
            h[i], h[p] = h[p], h[i]
            i = p
        else:
            break
def heappop(h):
    top = h[0]
    last = h.pop()
    if h:
        h[0] = last
        i = 0
        while True:
            l, r, m = 2 * i + 1, 2 * i + 2, i
            if l < len(h) and h[l] < h[m]:
                m = l
            if r < len(h) and h[r] < h[m]:
                m = r
            if m == i:
                break
            h[i], h[m] = h[m], h[i]
            i = m
    return top
h = []
for t, n in [(5, "e"), (1, "a"), (3, "c"), (1, "b"), (4, "d"), (2, "x")]:
    heappush(h, Event(t, n))
print([(e.t, e.name) for e in [heappop(h) for _ in range(len(h))]])
