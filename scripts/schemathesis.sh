#!/usr/bin/env bash
# Fuzzes a running server against its own OpenAPI document with schemathesis (PyPI): every
# operation, as the signed-in user of TOKEN, checking that no response is a server error and
# that every status code, content type and body is the documented one.
#
#   scripts/schemathesis.sh PORT TOKEN        (TOKEN: an access token, without "Bearer ")
#
# Prints one line `schemathesis: N operations, M cases, X server errors, Y schema violations`
# and exits non-zero on any failure. HJ_SCHEMATHESIS_EXAMPLES (default 25) bounds the cases
# per operation and phase; the report is kept in HJ_SCHEMATHESIS_REPORT when set.
set -euo pipefail
port=${1:?usage: scripts/schemathesis.sh PORT TOKEN}
token=${2:?usage: scripts/schemathesis.sh PORT TOKEN}
venv="$HOME/.cache/huanjian/schemathesis-venv"
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'schemathesis>=4.3,<5'
fi
report=${HJ_SCHEMATHESIS_REPORT:-$(mktemp -d /tmp/huanjian-schemathesis.XXXXXX)}
mkdir -p "$report"
status=0
# Run inside the report directory: schemathesis keeps its cache (.schemathesis/) in the cwd.
(cd "$report" && "$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/openapi.json" \
  --url "http://127.0.0.1:$port" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${HJ_SCHEMATHESIS_EXAMPLES:-25}" \
  --workers 2 \
  --seed 20261202 \
  --report ndjson --report-dir "$report" \
  --no-color) >"$report/run.log" 2>&1 || status=$?
summary=$("$venv/bin/python" - "$report" <<'PY'
import glob, json, sys

operations, cases, server_errors, violations, errors = set(), set(), 0, 0, 0
schema_checks = {"status_code_conformance", "content_type_conformance", "response_schema_conformance"}
for path in glob.glob(f"{sys.argv[1]}/*.ndjson"):
    for line in open(path, encoding="utf-8"):
        event = json.loads(line)
        if "NonFatalError" in event:
            errors += 1
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        # Operations are "METHOD /path"; the stateful phase records itself as one more label.
        if recorder.get("interactions") and recorder["label"].split(" ")[0].isupper():
            operations.add(recorder["label"])
        cases.update(recorder.get("interactions", {}).keys())
        for case_id, interaction in recorder.get("interactions", {}).items():
            response = interaction.get("response") or {}
            if response.get("status_code", 0) >= 500:
                server_errors += 1
        for checks in recorder.get("checks", {}).values():
            violations += sum(1 for c in checks if c["name"] in schema_checks and c["status"] == "failure")
print(f"schemathesis: {len(operations)} operations, {len(cases)} cases, "
      f"{server_errors} server errors, {violations} schema violations"
      + (f", {errors} errors" if errors else ""))
PY
)
echo "$summary"
if [ "$status" != 0 ] || ! echo "$summary" | grep -q ' 0 server errors, 0 schema violations$'; then
  grep -E '^(_{5,}|- |    (Received|Documented|Reference)|\[[0-9]{3}\])' "$report/run.log" | head -60 >&2 || true
  echo "schemathesis found problems; full output: $report/run.log" >&2
  exit 1
fi
