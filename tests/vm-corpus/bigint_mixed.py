big = 10 ** 25
print(big + 0.5, big * 1.0, big / 10 ** 20, big // 3.0, big > 1e24, big == 1e25, int(1e25) == big)
print(-big // 7, -big % 7, big & 0xFFFF, big ^ (big >> 3), -(big >> 60))
print(max(big, 3), min(-big, 2), sorted([big, 1, -big]), abs(-big) == big, hash(big) == hash(big))
print(round(big / 3), int(str(big)[::-1] or 0), divmod(big, 10 ** 12))
