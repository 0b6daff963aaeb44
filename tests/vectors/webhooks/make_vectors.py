#!/usr/bin/env python3
"""Computes webhook signature vectors by running the documents' own reference snippets.

Run from the repository root: python3 tests/vectors/webhooks/make_vectors.py
Writes tests/vectors/webhooks/vectors.json. Needs python3 and node.

The two "Compute signature and verify manually" snippets of the dispute-webhook and
Collect-from-India webhook pages (../shared/docs/pages/026_… and 052_…) are run as the
documents give them:

* Node: the `verify(ts, rawBody)` function is taken from the page text at run time and
  evaluated by node, with the request object it reads (`req.headers`, `req.rawBody`) in scope.
* Python: `generateSignature()`. The page text lost the snippet's line breaks; PYTHON_SNIPPET
  below restores them, and this script checks that, whitespace aside, it is the page's text
  character for character before running it with a stand-in for Flask's `request`.

Both snippets hard-code the secret (`""` and `"Secret_Key"`); the only change made to them is
putting each vector's secret in its place. Every vector must come out the same from both.
"""
import base64
import json
import os
import re
import subprocess
import sys

ROOT = os.getcwd()
PAGES = os.path.join(ROOT, "..", "shared", "docs", "pages")
FIXTURES = os.path.join("src", "webhooks", "samples")
OUT = os.path.join("tests", "vectors", "webhooks", "vectors.json")

PYTHON_SNIPPET = '''import base64
import hashlib
import hmac
def generateSignature():
    # Get the raw body from the request
    raw_body = request.data
    # Decode the raw body bytes into a string
    payload = raw_body.decode('utf-8')
    #verify_signature
    timestamp = request.headers['x-webhook-timestamp']
    signatureData = timestamp+payload
    message = bytes(signatureData, 'utf-8')
    secretkey=bytes("Secret_Key",'utf-8') #Get Secret_Key from Cashfree Merchant Dashboard.
    signature = base64.b64encode(hmac.new(secretkey, message, digestmod=hashlib.sha256).digest())
    computed_signature = str(signature, encoding='utf8')
    return computed_signature #compare with "x-webhook-signature"
'''

# Timestamps from the documents: the 2025-01-01 and 2023-08-01 sample headers of the payment
# webhook page, and the one in the signature formula.
TS_2025 = "1746427759733"
TS_2023 = "1746426425612"
TS_FORMULA = "1617695238078"

CLIENT_SECRET = "cfsk_ma_test_webhook_vectors_7f3a"
PARTNER_KEY = "partner_api_key_test_vectors_91bd"


def page_text(prefix):
    for name in sorted(os.listdir(PAGES)):
        if name.startswith(prefix):
            with open(os.path.join(PAGES, name), encoding="utf-8") as f:
                return f.read()
    sys.exit(f"page {prefix} not found")


def manual_snippets(text):
    """The node and python blocks of the 'Compute signature and verify manually' section."""
    section = text[text.index("Compute signature and verify manually"):]
    found = {}
    for lang, body in re.findall(r"```(node|python) [^`]*?theme=\{\"dark\"\}(.*?)```", section, re.S):
        found.setdefault(lang, body.strip())
    return found["node"], found["python"]


def squash(s):
    return " ".join(s.split())


snippets = [manual_snippets(page_text(p)) for p in ("026_", "052_")]
node_snippet, python_page_text = snippets[0]
for other_node, other_python in snippets[1:]:
    assert squash(other_node) == squash(node_snippet), "the pages' Node snippets differ"
    assert squash(other_python) == squash(python_page_text), "the pages' Python snippets differ"
assert squash(PYTHON_SNIPPET) == squash(python_page_text), "PYTHON_SNIPPET is not the page's snippet"
NODE_SECRET_LINE = 'const secretKey = "";'
PY_SECRET_TEXT = 'bytes("Secret_Key",'
assert node_snippet.count(NODE_SECRET_LINE) == 1 and PYTHON_SNIPPET.count(PY_SECRET_TEXT) == 1


def python_signature(secret, timestamp, body):
    class Request:  # what the snippet reads from Flask's request
        data = body
        headers = {"x-webhook-timestamp": timestamp}

    code = PYTHON_SNIPPET.replace(PY_SECRET_TEXT, f"bytes({json.dumps(secret)},")
    scope = {"request": Request}
    exec(code, scope)
    return scope["generateSignature"]()


NODE_RUNNER = r"""
const crypto = require('crypto');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = [];
for (const c of cases) {
  const req = { headers: { 'x-webhook-timestamp': c.timestamp },
                rawBody: Buffer.from(c.body_b64, 'base64').toString('utf8') };
  const verify = new Function('req', 'crypto',
      SNIPPET.replace('const secretKey = "";', 'const secretKey = ' + JSON.stringify(c.secret) + ';')
      + '\nreturn verify;')(req, crypto);
  out.push(verify(c.timestamp, req.rawBody));
}
process.stdout.write(JSON.stringify(out));
"""


def node_signatures(cases):
    script = "const SNIPPET = " + json.dumps(node_snippet) + ";\n" + NODE_RUNNER
    payload = json.dumps([
        {"secret": c["secret"], "timestamp": c["timestamp"],
         "body_b64": base64.b64encode(c["bytes"]).decode()} for c in cases
    ])
    done = subprocess.run(["node", "-e", script], input=payload.encode(), capture_output=True, check=True)
    return json.loads(done.stdout)


cases = []
for name in sorted(os.listdir(FIXTURES)):
    if not (name.endswith(".json") or name.endswith(".txt")):
        continue
    path = os.path.join(FIXTURES, name)
    with open(path, "rb") as f:
        body = f.read()
    if name.startswith("gc."):
        secret, ts = PARTNER_KEY, TS_2025
    elif "2023-08-01" in name:
        secret, ts = CLIENT_SECRET, TS_2023
    elif "2025-01-01" in name or name.startswith("pg.payment_method"):
        secret, ts = CLIENT_SECRET, TS_2025
    else:
        secret, ts = CLIENT_SECRET, TS_FORMULA
    cases.append({"name": name, "body_file": f"{FIXTURES}/{name}", "secret": secret,
                  "timestamp": ts, "bytes": body})

inline = [
    # The document's warning: re-serialising 170.00 as 170 changes the signature.
    ("amount-170.00", b'{"data":{"payment":{"payment_amount":170.00}},"type":"PAYMENT_SUCCESS_WEBHOOK"}'),
    ("amount-170-reserialised", b'{"data":{"payment":{"payment_amount":170}},"type":"PAYMENT_SUCCESS_WEBHOOK"}'),
    ("non-ascii-body", '{"data":{"customer_details":{"customer_name":"Zoë Rāo ₹"}},"type":"X"}'.encode()),
    ("empty-body", b""),
    ("trailing-newline", b'{"type":"PAYMENT_SUCCESS_WEBHOOK"}\n'),
    ("no-trailing-newline", b'{"type":"PAYMENT_SUCCESS_WEBHOOK"}'),
]
for name, body in inline:
    cases.append({"name": name, "body": body.decode(), "secret": CLIENT_SECRET,
                  "timestamp": TS_FORMULA, "bytes": body})
cases.append({"name": "non-ascii-secret", "body": '{"type":"PAYMENT_FAILED_WEBHOOK"}',
              "secret": "sécrèt-₹-key", "timestamp": TS_2025,
              "bytes": b'{"type":"PAYMENT_FAILED_WEBHOOK"}'})
cases.append({"name": "seconds-timestamp", "body": '{"type":"DISPUTE_CLOSED"}',
              "secret": CLIENT_SECRET, "timestamp": "1617695238",
              "bytes": b'{"type":"DISPUTE_CLOSED"}'})

node = node_signatures(cases)
vectors = []
for case, node_sig in zip(cases, node):
    py_sig = python_signature(case["secret"], case["timestamp"], case["bytes"])
    if py_sig != node_sig:
        sys.exit(f"{case['name']}: Python snippet gives {py_sig}, Node snippet {node_sig}")
    v = {k: case[k] for k in ("name", "secret", "timestamp") }
    if "body_file" in case:
        v["body_file"] = case["body_file"]
    else:
        v["body"] = case["body"]
    v["signature"] = py_sig
    vectors.append(v)

doc = {
    "generated_by": "tests/vectors/webhooks/make_vectors.py",
    "scheme": "base64(HMAC-SHA256(key = secret, message = x-webhook-timestamp + raw body))",
    "snippets": ["../shared/docs/pages/026 and 052: Node verify(ts, rawBody)",
                 "../shared/docs/pages/026 and 052: Python generateSignature()"],
    "vectors": vectors,
}
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(doc, f, indent=2, ensure_ascii=False)
    f.write("\n")
print(f"{len(vectors)} vectors, Node and Python snippets agree; wrote {OUT}")
