import _helper_mod
from _helper_mod import square, CONST as C
import math, random
print(_helper_mod.square(4), square(5), C, _helper_mod.__name__)
print(math.sqrt(16), math.pi, math.floor(-2.5), math.ceil(2.1), math.gcd(12, 18), math.factorial(20))
print(math.isclose(0.1 + 0.2, 0.3), math.log(math.e), math.log(8, 2), math.hypot(3, 4), math.inf > 10 ** 100)
