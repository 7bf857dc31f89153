#!/usr/bin/env python3
"""Checks that every snippet of tests/tidal/corpus/*.tidal is code that plays when pasted into
stock Tidal + SuperDirt: (1) stock Tidal accepts it, and (2) every sound it plays is a stock
SuperDirt sound.

1. Tidal accepts it.

The check is Tidal 1.7.10 (Debian's `libghc-tidal-dev`) in ghci. Each snippet is evaluated the
way an editor plugin sends a block to Tidal: inside `:{` / `:}`, after a prelude that is
Tidal 1.7.10's own BootTidal.hs with the `tidal` stream taken out. Every stream action keeps its
real type (`p :: ID -> ControlPattern -> IO ()`, `d1 = p 1 . (|< orbit 0)` … `d16`, `hush`,
`once`, `first`, `asap`, `setcps = asap . cps`, `resetCycles`, `solo`, `mute`, `all`, `xfade`,
`xfadeIn`, `jumpIn`, `clutch`, `anticipate`, … `setI`/`setF`/…, and the
`default (Pattern String, Integer, Double)` declaration). Instead of sending OSC, a stream
action queries the pattern for cycles 0–4 and forces every event's arcs and values (a
state, pattern or list value only to its constructor, as those are resolved later) (5 s time-out), so a
mini-notation syntax error or any other exception raised while the pattern is queried shows up
as a runtime error, as it would stop the pattern in Tidal. Transitions query the transition
function applied to `[new pattern, silence]`.

Many snippets run in one ghci session, separated by marker lines written to stderr. Between
snippets `:load` clears every binding, and the prelude is sent again, so a `let` in one snippet
never helps another.

A snippet that ghci rejects as one block is tried again as a musician would run it piece by
piece: first each blank-line-separated paragraph, then each top-level statement (a line that
starts in column 0 with a letter starts a new one), in order and keeping the bindings of earlier
pieces. The mode that succeeded is reported (`block`, `paragraphs`, `statements`).

A failing snippet must be listed in EXPECTED_FAILURES with its reason (a name Tidal 1.9 added,
or the author's own typo); the script exits with status 1 if any other snippet fails, or if a
listed one passes (and likewise for check 2).

2. It plays only stock SuperDirt sounds. The sound names a snippet plays are collected from
the strings given to `s`/`sound` (`s "bd*2"`, `# s "superpiano"`, and every string inside a
`(…)` or `$ …` argument, as in `sound (samples "arpy*8" (run 8))` or
`s (fit 3 ["bd", "sn"] "0 1")`), the first string of `samples`, `pS "s" "…"`, and bare-string
control patterns (`d1 $ "bd sn"`, `… $ "808" <| n (run 8)`). Comments are ignored. From each
such string the mini-notation is stripped (`:3`, `*2`, `/2`, `!`, `?`, `@`, `%`, `(3,8)`, `~`,
`_`, `.`, `,`, `|`, brackets and all numbers). Strings given to other params (`n`, `note`,
`vowel`, …) or bound to variables are not looked at. A name must be a Dirt-Samples folder
(tests/tidal/corpus/dirt-samples.txt), a synth SuperDirt defines at startup
(SUPERDIRT_SYNTHS), or `midi`. A snippet that names an unknown sound, or no sound at all (it
plays nothing), fails unless EXPECTED_UNKNOWN_SOUNDS lists it. Each is reported as
`SOUND <id>: …`.

usage: python3 scripts/tidal_corpus_check.py [--verbose] [--sounds-only] [--json OUT]
       [FILE.tidal | ID ...]
(from the repository root; default: every file of tests/tidal/corpus). `--sounds-only` runs
only check 2 (no ghci). `--verbose` also prints each snippet's sounds.
"""
import glob
import json
import os
import re
import subprocess
import sys

CORPUS = "tests/tidal/corpus"

# Snippets that fail in Tidal 1.7.10 for an accepted reason: id -> reason.
EXPECTED_FAILURES = {
    # Names or types that Tidal 1.9 (or 1.10, the current release line) added or changed.
    "doc-7": "1.9: setCycle (BootTidal 1.9 adds it)",
    "doc-13": "1.9: rolledBy",
    "doc-14": "1.9: metatune",
    "doc-26": "1.9: qtrigger without the ID argument (1.7.10: `qtrigger :: Show a => a -> Pattern b -> Pattern b` takes an ID first)",
    "doc-72": "1.9: qtrigger without the ID argument (1.7.10: `qtrigger :: Show a => a -> Pattern b -> Pattern b` takes an ID first)",
    "haddock-13": "1.9: echoWith",
    "haddock-26": "1.10: normal",
    "haddock-45": "1.9: ghostWith",
    # The author's own mistakes: the code fails in every Tidal version.
    "tguide-12": "author's error: `sound $ samples … # speed …` applies `#` to a Pattern String",
    "blog-19": "author's error: `\"{-12..[0, 5]}%[5, 7]\"` starts a `{-` comment in mini-notation",
    "haddock-12": "documentation's own error: `spread' slow \"1%4 2 1 3\"` does not type-check in any version",
    "xinniw-4": "author's pattern `\"[[bd] [.]]\"` hits ParseBP's \"Can't happen, feet are pre-processed\" (all versions)",
}

# `:set -XFlexibleContexts`: ghci of GHC >= 9.2 (what Tidal users install today) defaults to
# GHC2021, which includes FlexibleContexts; the Debian GHC 9.0 here does not, and without it a
# `let` whose inferred type has `IsString (Pattern a)` is rejected.
PRELUDE = r""":set -XOverloadedStrings
:set -XFlexibleContexts
import Sound.Tidal.Context
import System.IO (hSetEncoding, stdout, utf8)
import qualified System.IO
import qualified System.Timeout
import qualified Control.Exception
import qualified Sound.Tidal.Transition
import qualified Sound.Tidal.ID
import qualified Data.Map
hSetEncoding stdout utf8
System.IO.hSetBuffering stdout System.IO.NoBuffering
:{
let stubPlay :: ControlPattern -> IO ()
    stubPlay pat = do
      let forceV v = case v of
            VState _ -> 1
            VPattern _ -> 1
            VList _ -> 1
            _ -> length (show v)
          forceE e = length (show (whole e)) + length (show (part e))
                     + sum (map forceV (Data.Map.elems (value e)))
      r <- System.Timeout.timeout 5000000 (Control.Exception.evaluate (sum (map forceE (queryArc pat (Arc 0 4)))))
      case r of
        Nothing -> System.IO.hPutStrLn System.IO.stderr "@@TIMEOUT"
        Just _ -> return ()
    stubTransition :: Bool -> (Time -> [ControlPattern] -> ControlPattern) -> Sound.Tidal.ID.ID -> ControlPattern -> IO ()
    stubTransition _ f _ pat = stubPlay (f 0 [pat, silence])
:}
:{
let only = (hush >>)
    p :: Sound.Tidal.ID.ID -> ControlPattern -> IO ()
    p _ pat = stubPlay pat
    hush = return () :: IO ()
    panic = do hush
               once $ sound "superpanic"
    list = return () :: IO ()
    mute = const (return ()) :: Sound.Tidal.ID.ID -> IO ()
    unmute = const (return ()) :: Sound.Tidal.ID.ID -> IO ()
    unmuteAll = return () :: IO ()
    unsoloAll = return () :: IO ()
    solo = const (return ()) :: Sound.Tidal.ID.ID -> IO ()
    unsolo = const (return ()) :: Sound.Tidal.ID.ID -> IO ()
    once = stubPlay
    first = stubPlay
    asap = once
    nudgeAll = const (return ()) :: Double -> IO ()
    all = (\f -> stubPlay (f (sound "bd"))) :: (ControlPattern -> ControlPattern) -> IO ()
    resetCycles = return () :: IO ()
    setcps = asap . cps
    getcps = return 0.5625 :: IO Double
    getnow = return 0 :: IO Double
    xfade i = stubTransition True (Sound.Tidal.Transition.xfadeIn 4) i
    xfadeIn i t = stubTransition True (Sound.Tidal.Transition.xfadeIn t) i
    histpan i t = stubTransition True (Sound.Tidal.Transition.histpan t) i
    wait i t = stubTransition True (Sound.Tidal.Transition.wait t) i
    waitT i f t = stubTransition True (Sound.Tidal.Transition.waitT f t) i
    jump i = stubTransition True (Sound.Tidal.Transition.jump) i
    jumpIn i t = stubTransition True (Sound.Tidal.Transition.jumpIn t) i
    jumpIn' i t = stubTransition True (Sound.Tidal.Transition.jumpIn' t) i
    jumpMod i t = stubTransition True (Sound.Tidal.Transition.jumpMod t) i
    jumpMod' i t p = stubTransition True (Sound.Tidal.Transition.jumpMod' t p) i
    mortal i lifespan release = stubTransition True (Sound.Tidal.Transition.mortal lifespan release) i
    interpolate i = stubTransition True (Sound.Tidal.Transition.interpolate) i
    interpolateIn i t = stubTransition True (Sound.Tidal.Transition.interpolateIn t) i
    clutch i = stubTransition True (Sound.Tidal.Transition.clutch) i
    clutchIn i t = stubTransition True (Sound.Tidal.Transition.clutchIn t) i
    anticipate i = stubTransition True (Sound.Tidal.Transition.anticipate) i
    anticipateIn i t = stubTransition True (Sound.Tidal.Transition.anticipateIn t) i
    forId i t = stubTransition False (Sound.Tidal.Transition.mortalOverlay t) i
    d1 = p 1 . (|< orbit 0)
    d2 = p 2 . (|< orbit 1)
    d3 = p 3 . (|< orbit 2)
    d4 = p 4 . (|< orbit 3)
    d5 = p 5 . (|< orbit 4)
    d6 = p 6 . (|< orbit 5)
    d7 = p 7 . (|< orbit 6)
    d8 = p 8 . (|< orbit 7)
    d9 = p 9 . (|< orbit 8)
    d10 = p 10 . (|< orbit 9)
    d11 = p 11 . (|< orbit 10)
    d12 = p 12 . (|< orbit 11)
    d13 = p 13
    d14 = p 14
    d15 = p 15
    d16 = p 16
:}
:{
let getState = (\_ -> return Nothing) :: String -> IO (Maybe Value)
    setI = (\_ _ -> return ()) :: String -> Pattern Int -> IO ()
    setF = (\_ _ -> return ()) :: String -> Pattern Double -> IO ()
    setS = (\_ _ -> return ()) :: String -> Pattern String -> IO ()
    setR = (\_ _ -> return ()) :: String -> Pattern Rational -> IO ()
    setB = (\_ _ -> return ()) :: String -> Pattern Bool -> IO ()
:}
default (Pattern String, Integer, Double)
"""


def corpus(files):
    """[(id, file, header, code)] in file order."""
    out = []
    for f in files:
        cur = None
        for line in open(f, encoding="utf-8").read().split("\n"):
            if line.startswith("-- snippet: "):
                cur = [line[12:].split(" | ")[0].strip(), f, line, []]
                out.append(cur)
            elif cur is not None:
                cur[3].append(line)
    return [(i, f, h, "\n".join(c).rstrip("\n")) for i, f, h, c in out]


def pieces(code, mode):
    """The code cut into the pieces a musician would evaluate one after another."""
    lines = code.split("\n")
    if mode == "block":
        return [code]
    chunks, cur = [], []
    for line in lines:
        if mode == "paragraphs":
            new = line.strip() == ""
        else:
            new = line.strip() == "" or (re.match(r"[A-Za-z_]", line) is not None and any(
                l.strip() and not l.lstrip().startswith("--") for l in cur))
        if new and cur:
            chunks.append("\n".join(cur))
            cur = []
        if line.strip():
            cur.append(line)
    if cur:
        chunks.append("\n".join(cur))
    # A piece of comments only is nothing to evaluate.
    return [c for c in chunks if any(l.strip() and not l.lstrip().startswith("--") for l in c.split("\n"))]


def send(code):
    """ghci input for one piece of code, as an editor sends it."""
    lines = code.split("\n")
    if any(l.strip() in (":{", ":}") for l in lines):
        return code + "\n"  # the snippet is already written for the ghci prompt
    return ":{\n" + code + "\n:}\n"


def run_ghci(jobs):
    """jobs: [(key, [piece, ...])] -> {key: error text ('' when accepted)}."""
    script = ""
    for key, ps in jobs:
        script += ":load\n" + PRELUDE
        script += f'System.IO.hPutStrLn System.IO.stderr "@@BEGIN {key}"\n'
        for piece in ps:
            script += send(piece)
        script += f'System.IO.hPutStrLn System.IO.stderr "@@END {key}"\n'
    proc = subprocess.run(["ghci", "-v0", "-ignore-dot-ghci"], input=script, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=60 + 30 * len(jobs))
    results, cur, buf, stray = {}, None, [], []
    for line in proc.stdout.split("\n"):
        m = re.match(r"@@(BEGIN|END) (\S+)$", line)
        if m and m.group(1) == "BEGIN":
            cur, buf = m.group(2), []
        elif m:
            results[cur] = "\n".join(buf).strip()
            cur = None
        elif cur is not None:
            buf.append(line)
        elif line.strip():
            stray.append(line)
    if stray:
        sys.exit("ghci printed outside any snippet (prelude broken?):\n" + "\n".join(stray[:40]))
    return results


def is_error(text):
    return ("error:" in text or "*** Exception" in text or "@@TIMEOUT" in text
            or "parse error" in text)


# ---------------------------------------------------------------------------------------------
# Second check: every sound a snippet plays exists in stock SuperDirt.
#
# Stock SuperDirt's sounds are the Dirt-Samples folders (tests/tidal/corpus/dirt-samples.txt),
# the synths SuperDirt defines at startup, and `midi` (the MIDI target of the Tidal MIDI
# guide). SuperDirt's `loadSynthDefs` loads every `synths/*.scd`; `try-load-extra-synths.scd`
# there loads `library/default-synths-extra.scd` (the `super…`/`sos…` synths) when sc3-plugins
# is installed, as the Tidal installation guide asks. Internal synths (`dirt_*`) are not
# sounds and are left out. Source: musikinformatik/SuperDirt @ 0c1416808c5bbdd576082f15d1f9566100341b28.
SUPERDIRT_SYNTHS = {
    # synths/default-synths.scd
    "imp", "psin", "pmsin", "in", "in1", "from", "superpanic", "inr", "gabor", "dirac", "cyclo",
    "debug",
    # synths/tutorial-synths.scd
    "tutorial1", "tutorial2", "tutorial3", "tutorial4", "tutorial5",
    # library/default-synths-extra.scd (needs sc3-plugins)
    "supermandolin", "supergong", "superpiano", "superhex", "superkick", "super808", "superhat",
    "supersnare", "superclap", "supersiren", "supersquare", "supersaw", "superpwm",
    "supercomparator", "superchip", "supernoise", "superfork", "superhammond", "supervibe",
    "superhoover", "superzow", "superstatic", "supergrind", "superprimes", "superwavemechanics",
    "supertron", "superreese", "superfm", "soskick", "soshats", "sostoms", "sossnare",
}
OTHER_TARGETS = {"midi"}

# Snippets accepted although they name a sound outside stock SuperDirt, or no sound the check
# can see: id -> reason. Empty: every snippet plays only stock sounds.
EXPECTED_UNKNOWN_SOUNDS = {}

# Tidal params whose string argument is never a sound name (a bare string after `n $` or
# `note (` is notes, not a sound pattern).
NON_SOUND_PARAMS = {
    "n", "note", "up", "midinote", "octave", "speed", "gain", "pan", "shape", "vowel", "cutoff",
    "resonance", "hcutoff", "hresonance", "bandf", "bandq", "crush", "coarse", "accelerate",
    "legato", "sustain", "begin", "end", "room", "size", "orbit", "delay", "delaytime",
    "delayfeedback", "squiz", "cps", "nudge", "cut", "unit", "lpf", "hpf", "bpf", "amp",
    "velocity", "channel", "struct", "mask", "sew", "while", "euclid", "ccv", "ccn", "nrpn",
    "arp", "chord", "scale", "toScale", "detune", "voice", "release", "attack", "hold",
    "distort", "triode", "krush", "kcutoff", "ring", "ringf", "lpq", "hpq", "dry", "lock",
}

HS_TOKEN = re.compile(r"""
    (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<ident>[A-Za-z_][A-Za-z0-9_']*)
  | (?P<num>[0-9][0-9.]*(?:e-?[0-9]+)?)
  | (?P<op>[!#$%&*+./<=>?@\\^|~:-]+)
  | (?P<open>[(\[])
  | (?P<close>[)\]])
  | (?P<comma>,)
  | (?P<nl>\n(?=[A-Za-z_]))
""", re.X)


def strip_comments(code):
    """The code without `--` line comments, `{- -}` block comments and ghci `:{`/`:}` lines."""
    out, i, depth, in_str = [], 0, 0, False
    while i < len(code):
        c = code[i]
        if depth:
            if code.startswith("{-", i):
                depth, i = depth + 1, i + 2
            elif code.startswith("-}", i):
                depth, i = depth - 1, i + 2
            else:
                if c == "\n":
                    out.append(c)
                i += 1
            continue
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < len(code):
                out.append(code[i + 1])
                i += 1
            elif c == '"' or c == "\n":
                in_str = False
            i += 1
            continue
        if c == '"':
            in_str = True
        elif code.startswith("{-", i):
            depth, i = 1, i + 2
            continue
        elif (code.startswith("--", i) and (i == 0 or code[i - 1] not in "!#$%&*+./<=>?@\\^|~:")
              and re.match(r"-*(?:[^!#$%&*+./<=>?@\\^|~:-]|$)", code[i:])):
            while i < len(code) and code[i] != "\n":
                i += 1
            continue
        out.append(c)
        i += 1
    return "\n".join(l for l in "".join(out).split("\n") if l.strip() not in (":{", ":}"))


def hs_tokens(code):
    return [(m.lastgroup, m.group()) for m in HS_TOKEN.finditer(strip_comments(code))]


def is_control_op(op):
    """A Tidal operator that combines control patterns (`#`, `|<`, `<|`, `|+|`, `|+`, `+|`, …)."""
    return "#" in op or (("|" in op) and op not in ("||", "|"))


def sound_strings(code):
    """The string literals of a snippet that hold sound names: the argument of `s`/`sound`
    (a string, or every string inside a `(…)` or `$ …` argument, as in `sound (samples "…" …)`,
    `s (fit 3 ["bd", "sn"] "0 1")`), the first string given to `samples`, `pS "s" "…"`, and
    bare-string control patterns (`d1 $ "bd sn"`, `… $ "techno" <| n …`, `("bd" # …)`)."""
    toks = hs_tokens(code)
    out = []

    def argument(j):
        """Strings of the argument that starts at token j (after `s`/`sound`)."""
        kind, text = toks[j]
        if kind == "str":
            return [text]
        res, depth = [], 0
        if kind == "open":
            for k in range(j, len(toks)):
                kk, tt = toks[k]
                depth += kk == "open"
                depth -= kk == "close"
                if kk == "str":
                    res.append(tt)
                if depth == 0:
                    break
        elif kind == "op" and text == "$":
            for k in range(j + 1, len(toks)):
                kk, tt = toks[k]
                if depth == 0 and (kk in ("close", "comma", "nl") or (kk == "op" and is_control_op(tt))):
                    break
                depth += kk == "open"
                depth -= kk == "close"
                if kk == "str":
                    res.append(tt)
        return res

    for i, (kind, text) in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else (None, None)
        prev = toks[i - 1] if i > 0 else (None, None)
        if kind == "ident" and text in ("s", "sound") and (
                nxt[0] in ("str", "open") or nxt == ("op", "$")):
            out += argument(i + 1)
        elif kind == "ident" and text == "samples" and nxt[0] == "str":
            out.append(nxt[1])
        elif kind == "ident" and text == "pS" and nxt == ("str", '"s"') and i + 2 < len(toks) \
                and toks[i + 2][0] == "str":
            out.append(toks[i + 2][1])
        elif kind == "str" and prev in (("op", "$"), ("open", "(")):
            before = toks[i - 2] if i > 1 else (None, None)
            if before[0] == "ident" and before[1] in NON_SOUND_PARAMS | {"s", "sound", "samples"}:
                continue
            if nxt[0] == "op" and is_control_op(nxt[1]):
                out.append(text)
            elif prev == ("op", "$") and nxt[0] in (None, "nl"):
                # `… $ "bd sn"` ending a top-level statement: the string is the control pattern.
                depth = sum((k == "open") - (k == "close") for k, _ in toks[:i])
                if depth == 0:
                    out.append(text)
    return out


def sound_names(pattern):
    """The sound names in one mini-notation string: `"bd*2 [~ sn:3]?"` -> ["bd", "sn"].
    Sample numbers (`:3`), operators and their arguments (`*2`, `!`, `@3`, `?0.3`, `/2`, `%4`),
    euclid arguments `(3,8)`, rests `~`, `_`, `.`, `,`, `|` and brackets are dropped, and so is
    every plain number (which also drops the `808` and `909` folders: they are stock anyway)."""
    body = pattern[1:-1]
    body = re.sub(r":[0-9]+", " ", body)
    names = []
    for tok in re.findall(r"[A-Za-z0-9_][A-Za-z0-9_'-]*", body):
        tok = tok.rstrip("-")
        if re.fullmatch(r"[0-9]+(e-?[0-9]+)?|_+", tok):
            continue
        names.append(tok)
    return names


def stock_sounds():
    folders = set()
    for line in open(os.path.join(CORPUS, "dirt-samples.txt"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            folders.add(line.split()[0])
    return folders | SUPERDIRT_SYNTHS | OTHER_TARGETS


def check_sounds(snippets, verbose):
    """Prints each snippet that plays a sound stock SuperDirt lacks, or no sound at all;
    returns the number of unexpected results."""
    stock = stock_sounds()
    bad = 0
    for sid, f, _, code in snippets:
        names = []
        for st in sound_strings(code):
            for n in sound_names(st):
                if n not in names:
                    names.append(n)
        unknown = [n for n in names if n not in stock]
        expected = EXPECTED_UNKNOWN_SOUNDS.get(sid)
        if expected is not None:
            if unknown or not names:
                print(f"sound {sid}: expected: {expected}")
            else:
                bad += 1
                print(f"SOUND {sid}: plays only stock sounds, but EXPECTED_UNKNOWN_SOUNDS lists it")
        elif unknown:
            bad += 1
            print(f"SOUND {sid} ({os.path.basename(f)}): not in stock SuperDirt: {', '.join(unknown)}")
        elif not names:
            bad += 1
            print(f"SOUND {sid} ({os.path.basename(f)}): plays no sound (no `s`/`sound` string)")
        elif verbose:
            print(f"sound {sid}: {' '.join(names)}")
    print(f"{len(snippets)} snippets: {len(snippets) - bad} play only stock SuperDirt sounds, "
          f"{bad} do not")
    return bad

def main():
    args = sys.argv[1:]
    verbose = "--verbose" in args
    sounds_only = "--sounds-only" in args
    args = [a for a in args if a not in ("--verbose", "--sounds-only")]
    json_out = None
    if "--json" in args:
        i = args.index("--json")
        json_out = args[i + 1]
        del args[i:i + 2]
    files = [a for a in args if a.endswith(".tidal")] or sorted(glob.glob(os.path.join(CORPUS, "*.tidal")))
    only = {a for a in args if not a.endswith(".tidal")}
    snippets = [s for s in corpus(files) if not only or s[0] in only]

    bad_sounds = check_sounds(snippets, verbose)
    if sounds_only:
        sys.exit(1 if bad_sounds else 0)

    status = {}
    todo = snippets
    for mode in ("block", "paragraphs", "statements"):
        jobs = [(sid, pieces(code, mode)) for sid, _, _, code in todo]
        if mode != "block":  # only worth retrying when the cut changes something
            jobs = [(k, ps) for k, ps in jobs if len(ps) > 1]
        res = {}
        for i in range(0, len(jobs), 40):
            res.update(run_ghci(jobs[i:i + 40]))
        for sid, _ in jobs:
            err = res.get(sid, "no output")
            if not is_error(err):
                status[sid] = (mode, "")
            elif mode == "block":
                status[sid] = ("fail", err)
        todo = [s for s in todo if status[s[0]][0] == "fail"]

    unexpected = 0
    counts = {}
    for sid, f, _, _ in snippets:
        mode, err = status[sid]
        counts[mode] = counts.get(mode, 0) + 1
        expected = EXPECTED_FAILURES.get(sid)
        if mode == "fail" and expected is None:
            unexpected += 1
            print(f"FAIL {sid} ({os.path.basename(f)})")
            print("    " + "\n    ".join(err.split("\n")[:12 if not verbose else 200]))
        elif mode == "fail":
            print(f"fail {sid}: expected: {expected}")
            if verbose:
                print("    " + "\n    ".join(err.split("\n")))
        elif expected is not None:
            unexpected += 1
            print(f"PASS {sid} ({mode}) but EXPECTED_FAILURES lists it: {expected}")
        elif verbose or mode != "block":
            print(f"ok   {sid} ({mode})")
    print(f"{len(snippets)} snippets: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if json_out:
        json.dump({sid: {"mode": m, "error": e} for sid, (m, e) in status.items()},
                  open(json_out, "w"), indent=1)
    sys.exit(1 if unexpected or bad_sounds else 0)


if __name__ == "__main__":
    main()
