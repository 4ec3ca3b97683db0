"""Trace mode: every API call of a module in trace mode is counted and
timed, hooks see each call, and results are those of universal mode."""
import sys

import pytest

import hilt.trace


@pytest.fixture
def traced(ext):
    mod = ext("LEAK", "trace")
    hilt.trace.reset()
    yield mod
    hilt.trace.set_trace_functions()
    hilt.trace.reset()


def test_counts_equal_the_calls_made(traced):
    n = 57
    for i in range(n):
        assert traced.ok(i) == i + 1
    # ok() makes one int (HPyLong_FromLong is HPyLong_FromInt64_t), one
    # addition and one close per call.
    assert hilt.trace.get_call_counts() == {"HPyLong_FromInt64_t": n, "HPy_Add": n, "HPy_Close": n}


def test_durations_and_report_cover_the_functions_called(traced):
    traced.ok(1)
    durations = hilt.trace.get_durations()
    assert set(durations) == {"HPyLong_FromInt64_t", "HPy_Add", "HPy_Close"}
    assert all(d >= 0 for d in durations.values())
    text = hilt.trace.report(top=2)
    assert text.splitlines()[0].split()[:2] == ["API", "function"]
    assert len(text.splitlines()) == 1 + 2 + 1 and "(1 more functions)" in text


def test_hooks_see_every_call_in_order(traced):
    entered, exited = [], []
    hilt.trace.set_trace_functions(entered.append, exited.append)
    traced.ok(2)
    assert entered == exited == ["HPyLong_FromInt64_t", "HPy_Add", "HPy_Close"]


def test_a_failing_hook_changes_no_result(traced, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(str(u.exc_value)))

    def bad(name):
        raise RuntimeError("hook failed on " + name)
    hilt.trace.set_trace_functions(on_enter=bad)
    assert traced.ok(5) == 6
    assert seen == ["hook failed on HPyLong_FromInt64_t", "hook failed on HPy_Add", "hook failed on HPy_Close"]


def test_reset_forgets_counts(traced):
    traced.ok(1)
    hilt.trace.reset()
    assert hilt.trace.get_call_counts() == {}
