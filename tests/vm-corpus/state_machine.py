TRANSITIONS = {
    ("idle", "start"): "running",
    ("running", "pause"): "paused",
    ("paused", "resume"): "running",
    ("running", "stop"): "idle",
    ("paused", "stop"): "idle",
}
def run(events):
    state = "idle"
    trace = [state]
    for ev in events:
        nxt = TRANSITIONS.get((state, ev))
        if nxt is None:
            trace.append(f"!{ev}")
            continue
        state = nxt
        trace.append(state)
    return trace
print(run(["start", "pause", "resume", "stop", "pause", "start"]))
