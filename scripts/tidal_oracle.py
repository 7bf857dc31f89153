#!/usr/bin/env python3
"""Writes tests/tidal/oracle/TOPIC.expected.jsonl: Tidal's own events for every case of
tests/tidal/oracle/TOPIC.json (`id`, `tidal`: the expression, in Tidal's syntax and Phonon's,
`cycles`: [from, to]; optional `differs`: why Phonon's result differs from Tidal's on purpose,
a difference LANGUAGE.md's "For Tidal users" lists).

The oracle is Tidal 1.7.10 from Debian (`apt-get install libghc-tidal-dev`), queried in ghci.
Each event becomes one JSON object in the format of tests/conformance/expected.jsonl: `whole`
and `part` as exact "n/d" strings, `value` a map of control names to numbers or strings.

usage: python3 scripts/tidal_oracle.py [TOPIC.json ...]   (from the repository root; default:
every topic file)
"""
import glob, json, re, subprocess, sys

PRELUDE = """:set -XOverloadedStrings
import Sound.Tidal.Context
import qualified Data.Map as Map
import Data.Ratio
let showR r = show (numerator r) ++ "/" ++ show (denominator r)
let showA (Arc b e) = showR b ++ " " ++ showR e
let showV v = case v of { VF x -> "F" ++ show x; VN (Note x) -> "F" ++ show x; VI x -> "F" ++ show x; VS x -> "S" ++ x; VR x -> "F" ++ show (fromRational x :: Double); _ -> "?" ++ show v }
let showM m = concatMap (\\(k, v) -> k ++ "=" ++ showV v ++ ";") (Map.toList m)
let dump p b e = mapM_ (\\ev -> putStrLn ("EV " ++ maybe "null" showA (whole ev) ++ "|" ++ showA (part ev) ++ "|" ++ showM (value ev))) (queryArc p (Arc b e))
"""


def parse_cases(path):
    return [(c["id"], c["tidal"], c["cycles"][0], c["cycles"][1]) for c in json.load(open(path))]


def main():
    files = sys.argv[1:] or sorted(
        f for f in glob.glob("tests/tidal/oracle/*.json") if not f.endswith(".expected.json")
    )
    for path in files:
        run(path, path[: -len(".json")] + ".expected.jsonl")


def run(path, out_path):
    cases = parse_cases(path)
    script = PRELUDE
    for cid, expr, a, b in cases:
        script += f'putStrLn "CASE {cid}"\n'
        script += f"dump ({expr}) {a} {b}\n"
    out = subprocess.run(["ghci", "-v0"], input=script, capture_output=True, text=True).stdout
    results, current = {}, None
    for line in out.splitlines():
        if line.startswith("CASE "):
            current = line[5:].strip()
            results[current] = []
        elif line.startswith("EV ") and current:
            whole, part, vals = line[3:].split("|")
            value = {}
            for kv in filter(None, vals.split(";")):
                k, v = kv.split("=", 1)
                value[k] = float(v[1:]) if v[0] == "F" else v[1:]
            w = None if whole == "null" else whole.split(" ")
            results[current].append({"whole": w, "part": part.split(" "), "value": value})
    with open(out_path, "w") as f:
        for cid, expr, a, b in cases:
            if cid not in results:
                sys.exit(f"{path}: ghci gave nothing for {cid}:\n{out}")
            f.write(json.dumps({"id": cid, "events": results[cid]}) + "\n")
    print(f"{len(cases)} cases -> {out_path}")


if __name__ == "__main__":
    main()
