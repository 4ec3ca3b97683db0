graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["f"], "e": ["f"], "f": []}
def bfs(start):
    seen, order, queue = {start}, [], [start]
    while queue:
        n = queue.pop(0)
        order.append(n)
        for m in graph[n]:
            if m not in seen:
                seen.add(m)
                queue.append(m)
    return order
def dfs(n, seen=None):
    seen = seen if seen is not None else []
    seen.append(n)
    for m in graph[n]:
        if m not in seen:
            dfs(m, seen)
    return seen
def topo():
    indeg = {n: 0 for n in graph}
    for ms in graph.values():
        for m in ms:
            indeg[m] += 1
    ready = sorted(n for n, d in indeg.items() if d == 0)
    out = []
    while ready:
        n = ready.pop(0)
        out.append(n)
        for m in graph[n]:
            indeg[m] -= 1
            if indeg[m] == 0:
                ready.append(m)
    return out
print(bfs("a"), dfs("a"), topo())
import math
dist = {n: math.inf for n in graph}
dist["a"] = 0
for _ in graph:
    for n, ms in graph.items():
        for m in ms:
            dist[m] = min(dist[m], dist[n] + len(n + m))
print(dist)
