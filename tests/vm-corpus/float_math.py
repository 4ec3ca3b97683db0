import math
print(math.sqrt(2), math.exp(1), math.log(10), math.log10(1000), math.log2(1024))
print(math.sin(0), math.cos(0), math.tan(math.pi / 4), math.atan2(1, 1), math.degrees(math.pi), math.radians(180))
print(math.floor(3.7), math.ceil(3.2), math.trunc(-3.7), math.fabs(-2), math.copysign(3, -1), math.fmod(7, 3))
print(math.isinf(math.inf), math.isnan(math.nan), math.isfinite(1.0), math.fsum([0.1] * 10), math.prod([1, 2, 3, 4]))
print(math.comb(10, 3), math.isqrt(99), math.gcd(0, 5), math.factorial(0), math.hypot(5, 12))
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError", e)
