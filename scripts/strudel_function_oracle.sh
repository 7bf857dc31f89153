#!/usr/bin/env bash
# Writes tests/strudel/functions.expected.jsonl: Strudel 1.2.6's events for each case of
# tests/strudel/functions.json (its `strudel` expression over its `cycles`), from the node
# oracle (tests/conformance/README.md: @strudel/core, mini, tonal 1.2.6 installed with npm).
# The oracle's scope must include @strudel/tonal: this script makes a copy of the oracle
# with `import('@strudel/tonal')` spread into its scope when the given one lacks it.
#
# Usage: STRUDEL_ORACLE=/path/to/oracle-dir scripts/strudel_function_oracle.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
oracle="${STRUDEL_ORACLE:-/tmp/so_tonal}"
script="$oracle/oracle.mjs"
if ! grep -q "@strudel/tonal" "$script"; then
  script="$oracle/oracle_tonal.mjs"
  sed -e "s|const miniMod = await import('@strudel/mini');|const miniMod = await import('@strudel/mini');\nconst tonalMod = await import('@strudel/tonal');|" \
      -e "s|const scope = { ...core, ...miniMod };|const scope = { ...core, ...miniMod, ...tonalMod };|" \
      "$oracle/oracle.mjs" > "$script"
fi
cases="$(mktemp)"
python3 - "$here/tests/strudel/functions.json" "$cases" <<'PY'
import json, sys
cases = json.load(open(sys.argv[1]))
json.dump([{"id": c["id"], "expr": c["strudel"], "cycles": c["cycles"]} for c in cases], open(sys.argv[2], "w"))
PY
(cd "$oracle" && node "$script" "$cases") 2>/dev/null > "$here/tests/strudel/functions.expected.jsonl"
rm -f "$cases"
echo "wrote $(wc -l < "$here/tests/strudel/functions.expected.jsonl") cases"
