def documented():
    """This function has a docstring."""
    return 1
class D:
    """Class doc."""
    def m(self):
        "method doc"
        pass
print(documented(), D().m())
if True:
    pass
for _ in range(2):
    ...
print(...)
