from setuptools import Extension, setup

# hilt_ext_modules: each becomes a universal binary, greet.hpy0.so.
setup(
    name="greet",
    version="0.1",
    hilt_ext_modules=[Extension("greet", ["greet.c"], define_macros=[("GREETING", None)])],
)
