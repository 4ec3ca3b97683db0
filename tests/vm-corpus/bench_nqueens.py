import sys

def permutations(seq):
    if len(seq) <= 1:
        yield tuple(seq)
        return
    for i in range(len(seq)):
        rest = seq[:i] + seq[i + 1:]
        for p in permutations(rest):
            yield (seq[i],) + p

def n_queens(n):
    cols = list(range(n))
    out = []
    for vec in permutations(cols):
        if n == len(set(vec[i] + i for i in cols)) == len(set(vec[i] - i for i in cols)):
            out.append(vec)
    return out

def solve_backtrack(n):
    count = 0
    def place(row, cols, d1, d2):
        nonlocal count
        if row == n:
            count += 1
            return
        for c in range(n):
            if c not in cols and (row + c) not in d1 and (row - c) not in d2:
                cols.add(c); d1.add(row + c); d2.add(row - c)
                place(row + 1, cols, d1, d2)
                cols.remove(c); d1.remove(row + c); d2.remove(row - c)
    place(0, set(), set(), set())
    return count

n = int(sys.argv[1]) if len(sys.argv) > 1 else 6
sols = n_queens(n)
print(len(sols), sols[:2])
print(solve_backtrack(n + 1))
