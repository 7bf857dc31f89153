#!/usr/bin/env bash
# The plugin validators on the bundles in target/bundled/ (scripts/test.sh builds them in debug
# with `assert_process_allocs`): clap-validator 0.4.1 (every test; a failed, crashed or warning
# result fails) and Steinberg's VST3 validator, normal and extensive suites (every test passes).
# The validators are the prebuilt binaries in ../shared/tools/validators (or $PHONON_VALIDATORS).
set -euo pipefail
cd "$(dirname "$0")/.."
v=${PHONON_VALIDATORS:-../shared/tools/validators}
[ -x "$v/clap-validator" ] && [ -x "$v/vst3-validator" ] || { echo "validators not found in $v" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$v/clap-validator" validate --json target/bundled/Phonon.clap > "$out/clap.json" 2> "$out/clap.log" || { tail -n 40 "$out/clap.log"; exit 1; }
python3 - "$out/clap.json" <<'PY'
import json, sys, collections
results = json.load(open(sys.argv[1]))["results"]
codes = collections.Counter(r["status"]["code"] for r in results)
print("clap-validator:", ", ".join(f"{n} {c}" for c, n in sorted(codes.items())))
bad = [r for r in results if r["status"]["code"] in ("failed", "crashed", "warning")]
for r in bad:
    print("  ", r["status"]["code"], json.dumps(r["test"]), r["status"].get("details"))
sys.exit(1 if bad or not codes.get("success") else 0)
PY

for suite in "" "-e"; do
    "$v/vst3-validator" $suite target/bundled/Phonon.vst3 > "$out/vst3.txt" 2>&1 || true
    result=$(grep '^Result:' "$out/vst3.txt" | tail -n 1)
    echo "vst3-validator ${suite:-(normal)}: ${result:-no result line}"
    case "$result" in
        *" 0 tests failed") ;;
        *) grep -i 'fail' "$out/vst3.txt" | head -n 20; exit 1 ;;
    esac
done
