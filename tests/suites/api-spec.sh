#!/bin/sh
# The control API's answers (tests/cli/api_transcript_test.c: every route
# armvm serves, successes and each error class) checked against
# Firecracker's API description, ../shared/peers/firecracker/firecracker.yaml
# (SKIP without ../shared): the path and method exist there (else the
# answer is Firecracker's 400 for an invalid path or method); the status is
# one the operation lists, or its default; a 204 has no body; a body
# matches the schema for that status (required fields, types, enums; no
# field the schema lacks but armvm's own, prefixed armvm_); errors are the
# Error object. The requests armvm accepts (204) must match the request
# schema in the same way.
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
spec=${FIRECRACKER_YAML:-../shared/peers/firecracker/firecracker.yaml}
[ -f "$spec" ] || spec=/work/shared/peers/firecracker/firecracker.yaml
if [ ! -f "$spec" ]; then
	echo "SKIP: api-spec (needs ../shared/peers/firecracker/firecracker.yaml)"
	exit 0
fi
if ! python3 -c 'import yaml' 2>/dev/null; then
	echo "FAIL: api-spec python3-yaml is missing (scripts/setup.sh installs it)"
	exit 1
fi
prog=$B/host/tests/cli/api_transcript_test
make -s --no-print-directory B="$B" "$prog" >/dev/null || { echo "FAIL: api-spec cannot build $prog"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
API_TRANSCRIPT=$tmp/t.jsonl "$prog" >/dev/null || { echo "FAIL: api-spec the transcript program failed"; exit 1; }
python3 - "$spec" "$tmp/t.jsonl" <<'PY'
import json, re, sys, yaml

spec = yaml.safe_load(open(sys.argv[1]))
defs = spec["definitions"]
failures = 0

def resolve(s):
    while isinstance(s, dict) and "$ref" in s:
        s = defs[s["$ref"].split("/")[-1]]
    return s

def check(value, schema, where, errs, partial=False):
    schema = resolve(schema)
    t = schema.get("type", "object" if "properties" in schema else None)
    types = {"string": str, "boolean": bool, "array": list, "object": dict}
    if t == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            errs.append(f"{where}: {value!r} is not an integer")
            return
        if "minimum" in schema and value < schema["minimum"]:
            errs.append(f"{where}: {value} below the minimum {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errs.append(f"{where}: {value} above the maximum {schema['maximum']}")
    elif t in types and not isinstance(value, types[t]):
        errs.append(f"{where}: {value!r} is not {t}")
        return
    if "enum" in schema and value not in schema["enum"]:
        errs.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if t == "object" and isinstance(value, dict):
        props = schema.get("properties", {})
        for r in ([] if partial else schema.get("required", [])):
            if r not in value:
                errs.append(f"{where}: required field {r} missing")
        for k, v in value.items():
            if k in props:
                check(v, props[k], f"{where}.{k}", errs)
            elif not k.startswith("armvm_"):
                errs.append(f"{where}: field {k} is not in the schema")
    if t == "array" and isinstance(value, list):
        for i, v in enumerate(value):
            check(v, schema.get("items", {}), f"{where}[{i}]", errs)

def find(path):
    for p, ops in spec["paths"].items():
        pat = "^" + re.sub(r"\{[^}]+\}", "[^/]+", p) + "$"
        if re.match(pat, path):
            return p, ops
    return None, None

n = 0
for line in open(sys.argv[2]):
    t = json.loads(line)
    n += 1
    name = f"{t['method']} {t['path']} -> {t['status']}"
    errs = []
    body = json.loads(t["response"]) if t["response"] else None
    tmpl, ops = find(t["path"].split("?")[0])
    op = ops.get(t["method"].lower()) if ops else None
    if op is None:
        # Not in the API: Firecracker answers 400 with an Error.
        if t["status"] != 400:
            errs.append("a path/method the spec lacks must get 400")
        check(body, {"$ref": "#/definitions/Error"}, "response", errs)
    else:
        resp = op["responses"]
        r = resp.get(t["status"], resp.get(str(t["status"]), resp.get("default")))
        if r is None:
            errs.append(f"status {t['status']} is not listed for {t['method']} {tmpl}")
        elif t["status"] == 204:
            if body is not None:
                errs.append("a 204 with a body")
        elif "schema" in r:
            if body is None:
                errs.append("no body where the spec has a schema")
            else:
                check(body, r["schema"], "response", errs)
        if t["status"] >= 400 and (not isinstance(body, dict) or
                                   not isinstance(body.get("fault_message"), str)):
            errs.append("an error without fault_message")
        if t["status"] == 204 and t["request"]:
            params = [p for p in op.get("parameters", []) if p.get("in") == "body"]
            if params:
                # PATCH bodies are "a subset" of the schema: nothing required.
                check(json.loads(t["request"]), params[0]["schema"], "request", errs,
                      partial=t["method"] == "PATCH")
    if errs:
        failures += 1
        print(f"FAIL: api-spec {name}: " + "; ".join(errs))
print(f"{'PASS' if not failures else 'FAIL'}: api-spec ({n} answers checked against {sys.argv[1].split('/')[-1]} {spec['info']['version']})")
sys.exit(1 if failures else 0)
PY
