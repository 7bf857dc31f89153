#!/usr/bin/env python3
"""Compare a front-end's program events with the oracle's (tests/strudel/expected.jsonl).

usage: python3 compare_programs.py expected.jsonl actual.jsonl [-v] [--ignore-block] [--only-subset corpus.json]

Both files: one {"id", "cps", "events": [{"whole","part","onset","value","block"}], "error"} per
line. Per program it checks: error (both null, or both non-null; messages are not compared), cps
(within 1e-9), and the events as a multiset of (whole, part, value, block), numbers within 1e-9,
object keys in any order. Programs missing from actual count as failures; ids only in actual are
ignored. With --only-subset, only programs with "subset": true in corpus.json are checked.
Exits 1 on any mismatch.
"""
import json
import sys

TOL = 1e-9


def canon(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        return round(float(v) / TOL) * TOL if abs(v) < 1e12 else float(v)
    if isinstance(v, list):
        return tuple(canon(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, canon(x)) for k, x in v.items()))
    return repr(v)


def key(e, ignore_block):
    return (
        tuple(e["whole"]) if e.get("whole") else None,
        tuple(e["part"]),
        repr(canon(e.get("value"))),
        None if ignore_block else e.get("block", 0),
    )


def load(path):
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                d = json.loads(line)
                out[d["id"]] = d
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    ignore_block = "--ignore-block" in sys.argv
    only = None
    if "--only-subset" in sys.argv:
        corpus = json.load(open(sys.argv[sys.argv.index("--only-subset") + 1]))
        only = {c["id"] for c in corpus if c.get("subset")}
        args = [a for a in args if a != sys.argv[sys.argv.index("--only-subset") + 1]]
    if len(args) != 2:
        print(__doc__)
        sys.exit(2)
    exp, act = load(args[0]), load(args[1])
    ok = bad = 0
    for pid, e in exp.items():
        if only is not None and pid not in only:
            continue
        a = act.get(pid)
        problems = []
        if a is None:
            problems.append("missing")
        else:
            if (e.get("error") is None) != (a.get("error") is None):
                problems.append(f"error: expected {e.get('error')!r}, got {a.get('error')!r}")
            ec, ac = e.get("cps"), a.get("cps")
            if ec is not None and (ac is None or abs(float(ec) - float(ac)) > TOL):
                problems.append(f"cps: expected {ec}, got {ac}")
            ke = sorted(key(x, ignore_block) for x in e.get("events", []))
            ka = sorted(key(x, ignore_block) for x in a.get("events", []))
            if ke != ka:
                se, sa = set(ke), set(ka)
                problems.append(f"events: expected {len(ke)}, got {len(ka)}")
                if verbose:
                    for k in sorted(se - sa, key=repr)[:8]:
                        problems.append(f"  missing {k}")
                    for k in sorted(sa - se, key=repr)[:8]:
                        problems.append(f"  extra   {k}")
        if problems:
            bad += 1
            print(f"FAIL {pid}: " + ("\n    ".join(problems) if verbose else problems[0]))
        else:
            ok += 1
    print(f"{ok} ok, {bad} failed")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
