import _helper_mod as hm
import math as m
from math import sqrt, pi as PI
print(hm.square(3), m.floor(2.5), sqrt(9), round(PI, 3), hm.CONST.upper())
import _helper_mod
print(_helper_mod is hm)
try:
    import no_such_module_here
except ImportError as e:
    print(type(e).__name__, e)
