CONST = "constant"
def square(x):
    return x * x
