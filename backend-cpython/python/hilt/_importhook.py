"""A meta-path finder so that ``import foo`` finds ``foo.hpy0.so``."""
import importlib.abc
import importlib.machinery
import os
import sys

SUFFIX = ".hpy0.so"


class HiltLoader(importlib.abc.Loader):
    def __init__(self, path):
        self.path = path

    def create_module(self, spec):
        from . import _hilt, mode_for
        return _hilt.load(spec.name, self.path, spec, mode_for(spec.name))

    def exec_module(self, module):
        # Everything (HPy_mod_exec slots included) ran in create_module.
        pass


class HiltFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        short = fullname.rpartition(".")[2]
        for entry in (path if path is not None else sys.path):
            candidate = os.path.join(entry or ".", short + SUFFIX)
            if os.path.isfile(candidate):
                return importlib.machinery.ModuleSpec(
                    fullname, HiltLoader(candidate), origin=candidate)
        return None


def install():
    if not any(isinstance(f, HiltFinder) for f in sys.meta_path):
        sys.meta_path.append(HiltFinder())
