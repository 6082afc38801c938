#!/usr/bin/env python3
"""The Python host's cost per operation on the reference workloads, beside the C++ benchmark run
in the same invocation:

    python3 bindings/python/benchmarks/bench.py [--cpp build/release/benchmarks/livediff_core_benchmark]

Each operation is timed as the C++ suite times it: render (in Python, through the binding) plus
diff plus encoding, from a client state restored untimed before every iteration; before timing,
each diff is merged by the client model and must show the full render. The table has the C++
time, the Python time with the array calls (one call per table: rows formatted every render,
then each row's values formatted once and kept with the row), and one call per row and one
call per value; then the same operations when the app marks unchanged rows
(BM_Table1kTracked), and each side's diff bytes, which must be equal."""

import argparse
import gc
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import livediff  # noqa: E402
import workloads as w  # noqa: E402

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


def check(before_full, diff, after):
    client = livediff.ClientModel()
    client.join(before_full)
    if diff != before_full:
        client.merge(diff)
    want = after.html("phx-view")
    if client.html != want:
        raise SystemExit("a diff does not merge into the rendered state")


def time_op(render, pristine, min_time, restore=True):
    """Mean seconds per render + diff, from `pristine` restored untimed each time (or, without
    `restore`, from where the previous render left the client, as for the counter)."""
    r, differ, state = livediff.Rendered(), livediff.Differ(), livediff.DiffState()
    state.copy_from(pristine)
    total, n = 0.0, 0
    diff = b""
    gc.disable()
    try:
        while total < min_time or n < 3:
            if restore:
                state.copy_from(pristine)
            t0 = time.perf_counter()
            render(r)
            diff = differ.diff_bytes(r, state)
            total += time.perf_counter() - t0
            n += 1
    finally:
        gc.enable()
    return total / n, len(diff)


def python_numbers(min_time):
    out = {}
    # Counter: inc, dec, inc... the one-digit diff of LiveView's 9 bytes.
    pristine = livediff.DiffState()
    r, differ = livediff.Rendered(), livediff.Differ()
    w.render_counter(r, 0)
    differ.diff(r, pristine)
    count = [0]

    def counter(rr):
        count[0] ^= 1  # inc, dec, inc...: the one-digit diff LiveView's 9 bytes were measured on
        w.render_counter(rr, count[0])
    out["counter"] = {"array": time_op(counter, pristine, min_time, restore=False)}

    before = w.make_rows(1, 1000)
    for name, op in [("initial", None)] + list(w.TABLE_OPERATIONS.items()):
        after = op(list(before)) if op else before
        pristine = livediff.DiffState()
        r = livediff.Rendered()
        w.render_table(r, before)
        before_full = differ.diff(r, pristine)
        if op is None:
            pristine.clear()
        check_state = livediff.DiffState()
        check_state.copy_from(pristine)
        w.render_table(r, after)
        check(before_full, differ.diff(r, check_state), r)
        entry = {}
        for style, render in [("array", w.render_table), ("cached", w.render_table_cached),
                              ("row", w.render_table_by_row), ("value", w.render_table_by_value)]:
            entry[style] = time_op(lambda rr, f=render: f(rr, after), pristine, min_time)
        if op is not None:
            # The app knows which rows it changed: the others are unchanged entries.
            dirty = [not (1 <= row.id <= 1000 and before[row.id - 1].label == row.label)
                     for row in after]
            changed = [row for row, d in zip(after, dirty) if d]
            unchanged = bytes(0 if d else 1 for d in dirty)
            s = livediff.DiffState()
            s.copy_from(pristine)
            w.render_table_tracked(r, after, changed, unchanged)
            tracked = differ.diff(r, s)
            oracle = livediff.Rendered()
            w.render_table(oracle, after)
            check(before_full, tracked, oracle)
            entry["tracked"] = time_op(
                lambda rr: w.render_table_tracked(rr, after, changed, unchanged), pristine,
                min_time)
        out[f"table_{name}"] = entry
    return out


def cpp_numbers(binary, min_time):
    names = "BM_CounterIncrement$|BM_Table1k/|BM_Table1kTracked/"
    res = subprocess.run([binary, f"--benchmark_filter={names}", "--benchmark_format=json",
                          f"--benchmark_min_time={min_time}"],
                         capture_output=True, text=True, check=True)
    out = {}
    for b in json.loads(res.stdout)["benchmarks"]:
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        out[b["name"]] = (b["real_time"] * scale, int(b.get("diff_bytes", 0)))
    return out


def fmt(seconds):
    return f"{seconds * 1e6:9.2f}"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cpp", default=os.path.join(REPO, "build", "release", "benchmarks",
                                                 "livediff_core_benchmark"))
    p.add_argument("--min-time", type=float, default=0.3, help="seconds per operation and side")
    p.add_argument("--json", help="also write the numbers here")
    args = p.parse_args()

    cpp = cpp_numbers(args.cpp, args.min_time)
    py = python_numbers(args.min_time)
    rows = [("counter increment", "BM_CounterIncrement", "counter")]
    rows += [(f"1k table {n}", f"BM_Table1k/{n}", f"table_{n}") for n in ["initial"] + list(w.TABLE_OPERATIONS)]
    print(f"liblivediff_c: {livediff.library_path}")
    print(f"{'operation (µs per op)':28} {'C++':>9} {'Python':>9} {'ratio':>6} {'cached':>9} "
          f"{'ratio':>6} {'per row':>9} {'per value':>9}   bytes C++ / Python")
    report = {}
    mismatched = False
    for label, cname, pname in rows:
        c_time, c_bytes = cpp[cname]
        entry = py[pname]
        a_time, a_bytes = entry["array"]
        line = f"{label:28} {fmt(c_time)} {fmt(a_time)} {a_time / c_time:5.1f}x"
        if "row" in entry:
            cached = entry["cached"][0]
            line += (f" {fmt(cached)} {cached / c_time:5.1f}x {fmt(entry['row'][0])}"
                     f" {fmt(entry['value'][0])}")
            report_cached = cached * 1e6
        else:
            line += " " * 37
            report_cached = None
        print(f"{line}   {c_bytes} / {a_bytes}")
        mismatched |= c_bytes != a_bytes
        report[label] = {"cpp_us": c_time * 1e6, "python_us": a_time * 1e6,
                         "python_cached_us": report_cached, "bytes": [c_bytes, a_bytes]}
    print(f"\n{'unchanged rows marked':28} {'C++':>9} {'Python':>9} {'ratio':>6}")
    for n in w.TABLE_OPERATIONS:
        c_time, c_bytes = cpp[f"BM_Table1kTracked/{n}"]
        t_time, t_bytes = py[f"table_{n}"]["tracked"]
        print(f"{'1k table ' + n:28} {fmt(c_time)} {fmt(t_time)} {t_time / c_time:5.1f}x"
              f"{' ' * 40}{c_bytes} / {t_bytes}")
        mismatched |= c_bytes != t_bytes
        report[f"1k table {n} (marked)"] = {"cpp_us": c_time * 1e6, "python_us": t_time * 1e6,
                                            "bytes": [c_bytes, t_bytes]}
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
    if mismatched:
        raise SystemExit("the Python host and the C++ benchmark sent different bytes")


if __name__ == "__main__":
    main()
