"""A million calls leave nothing behind: reference counts of the objects
passed in come back to where they were, and no objects accumulate."""
import gc
import sys

N = 1_000_000


def object_count():
    gc.collect()
    return len(gc.get_objects())


def test_million_calls_do_not_leak(load_ext):
    mod = load_ext("leak_check")
    payload = object()
    box = mod.Box(payload)
    before_refs = sys.getrefcount(payload)
    before_objects = object_count()
    echo, pair, get = mod.echo, mod.pair, box.get
    for _ in range(N):
        echo(payload)
        pair(payload, payload)
        get()
    assert sys.getrefcount(payload) == before_refs
    assert object_count() - before_objects < 50


def test_allocations_and_fields_are_freed(load_ext):
    mod = load_ext("leak_check")
    payload = object()
    before_refs = sys.getrefcount(payload)
    before_objects = object_count()
    for _ in range(N // 10):
        mod.Box(payload)
    assert sys.getrefcount(payload) == before_refs
    assert object_count() - before_objects < 50


def test_cycles_through_fields_are_collected(load_ext):
    mod = load_ext("leak_check")
    before = object_count()
    for _ in range(1000):
        lst = []
        lst.append(mod.Box(lst))  # list -> Box -> list, only reachable through the field
    del lst
    assert object_count() - before < 50
