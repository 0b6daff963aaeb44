#!/usr/bin/env python3
"""Regenerates vectors.json by running the document's own signing snippets.

The code run here is not rewritten: it is cut out of reference_snippets.md (the re-indented
Python copy and the verbatim JavaScript, both quoted from the provider's document) and executed
as is — the Python with exec(), the JavaScript with node. Each case is signed by both where the
snippet can express it; the two digests must agree, or this script fails.

    python3 tests/vectors/payin-payout/generate.py        # rewrites vectors.json
    python3 tests/vectors/payin-payout/generate.py --check  # fails if vectors.json is stale

Needs python3 and node on PATH. No network, no packages beyond the standard library.
"""

import json
import pathlib
import platform
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SNIPPETS = HERE / "reference_snippets.md"
OUT = HERE / "vectors.json"
FIXTURES = ROOT / "tests" / "fixtures" / "payin-payout"
DOC = ROOT.parent / "shared" / "docs" / "004_75f2303e42a745a5.txt"


def code_block(markdown: str, heading: str, lang: str) -> str:
    """The first ```lang block after the line that starts with `heading`."""
    start = markdown.index(heading)
    match = re.compile(r"```" + lang + r"\n(.*?)```", re.S).search(markdown, start)
    if match is None:
        raise SystemExit(f"no {lang} block after {heading!r} in {SNIPPETS}")
    return match.group(1)


def load_snippets():
    md = SNIPPETS.read_text(encoding="utf-8")
    python_verbatim = code_block(md, "## Python (verbatim", "python")
    python_runnable = code_block(md, "### Python, re-indented to run", "python")
    javascript = code_block(md, "## JavaScript (verbatim", "javascript")
    # The runnable copy differs from the quote in leading whitespace only.
    strip = lambda text: [line.lstrip() for line in text.splitlines()]
    if strip(python_verbatim) != strip(python_runnable):
        raise SystemExit("the re-indented Python differs from the verbatim quote beyond indentation")
    # When the document is at hand, the quotes must still be its lines.
    if DOC.exists():
        doc_lines = DOC.read_text(encoding="utf-8").splitlines()
        if python_verbatim.splitlines() != doc_lines[74:91]:
            raise SystemExit("the quoted Python is not lines 75-91 of the document")
        if javascript.splitlines() != doc_lines[92:106]:
            raise SystemExit("the quoted JavaScript is not lines 93-106 of the document")
    return python_runnable, javascript


def fixture(name: str):
    # json.load keeps the document's key order, which is the order the Python snippet signs.
    with open(FIXTURES / name, encoding="utf-8") as f:
        return json.load(f)


TS = "1790431844701"  # the document's own example timestamp
SECRET = "secret"
LONG_SECRET = "clé-" + "0123456789abcdef" * 5  # non-ASCII, longer than SHA-256's 64-byte block

# (name, note, secret, method, path, timestamp, python_body)
# python_body is the dict handed to the Python snippet; the JavaScript snippet gets the exact
# string Python's json.dumps made of it. Cases whose body line Python cannot produce carry
# python_body None and a js_body string instead (see JS_ONLY).
CASES = [
    ("get_balance", "GET with the {} body line (document example, Python snippet)",
     SECRET, "GET", "api/v1/balance", TS, {}),
    ("get_payout_status", "GET Payout Status for the document's order id",
     SECRET, "GET", "api/v1/payout/qweq-2d2fss-2234sd-44533/status", TS, {}),
    ("create_payin_link", "Payin Link request body of the document",
     SECRET, "POST", "api/v1/payin/generate/link", "1754304483000",
     fixture("create_payin_link.request.json")),
    ("get_payin_status", "Payin Status request body of the document (JSON reading)",
     SECRET, "POST", "api/v1/payin/transactions", "1754304483001",
     fixture("get_payin_status.request.json")),
    ("initiate_payout", "Payout Initiate request body of the document",
     SECRET, "POST", "api/v1/payout/initiate", TS,
     fixture("initiate_payout.request.json")),
    ("initiate_payout_signature_example", "the Signature section's example body",
     SECRET, "POST", "api/v1/payout/initiate", TS,
     fixture("initiate_payout.request.signature-example.json")),
    ("initiate_payout_decimal_amount", "an amount with paise",
     SECRET, "POST", "api/v1/payout/initiate", "1790431844702",
     dict(fixture("initiate_payout.request.json"), amount=100.5, order_id="ord-paise-1")),
    ("initiate_payout_non_ascii", "non-ASCII text: Python escapes it as \\uXXXX",
     SECRET, "POST", "api/v1/payout/initiate", TS,
     dict(fixture("initiate_payout.request.json"), beneficiary_name="Zoë Ñandú",
          beneficiary_address="Bengaluru – 560001", order_id="ord-uni-1")),
    ("initiate_payout_astral", "a character outside the BMP: Python writes a surrogate pair",
     SECRET, "POST", "api/v1/payout/initiate", TS,
     dict(fixture("initiate_payout.request.json"), remarks="thanks 🙏", order_id="ord-uni-2")),
    ("initiate_payout_long_secret", "a non-ASCII secret longer than the HMAC block",
     LONG_SECRET, "POST", "api/v1/payout/initiate", "1700000000000",
     fixture("initiate_payout.request.json")),
]

# Body lines only the string-taking snippet (JavaScript) can produce.
JS_ONLY = [
    ("get_balance_empty_line", "GET with an empty body line (the prose's reading; NOT what paygen sends)",
     SECRET, "GET", "api/v1/balance", TS, ""),
    ("initiate_payout_non_ascii_raw_utf8", "the non-ASCII body sent as raw UTF-8 instead of \\uXXXX",
     SECRET, "POST", "api/v1/payout/initiate", TS,
     json.dumps(dict(fixture("initiate_payout.request.json"), beneficiary_name="Zoë Ñandú",
                     beneficiary_address="Bengaluru – 560001", order_id="ord-uni-1"),
                separators=(",", ":"), ensure_ascii=False)),
]


def run_javascript(javascript: str, jobs):
    driver = javascript + """
const jobs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
// The timestamp goes in as a number, as Date.now() gives it; the snippet applies String().
const out = jobs.map(j => calculate_hmac(j.secret, Number(j.timestamp), j.body, j.path, j.method));
process.stdout.write(JSON.stringify(out));
"""
    with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False, encoding="utf-8") as f:
        f.write(driver)
        script = f.name
    try:
        done = subprocess.run(["node", script], input=json.dumps(jobs), capture_output=True,
                              text=True, encoding="utf-8", check=True)
    finally:
        pathlib.Path(script).unlink()
    return json.loads(done.stdout)


def main():
    python_code, javascript = load_snippets()
    scope = {}
    exec(python_code, scope)  # defines calculate_hmac exactly as the document writes it
    calculate_hmac = scope["calculate_hmac"]

    rows = []
    for name, note, secret, method, path, ts, body in CASES:
        body_line = json.dumps(body, separators=(",", ":"))  # what the snippet signs
        rows.append({
            "name": name, "note": note, "secret": secret, "method": method, "path": path,
            "timestamp": ts, "python_body": body, "body_line": body_line,
            "raw_utf8_body": json.dumps(body, separators=(",", ":"), ensure_ascii=False),
            "python": calculate_hmac(secret, ts, body, path, method),
        })
    for name, note, secret, method, path, ts, body in JS_ONLY:
        rows.append({
            "name": name, "note": note, "secret": secret, "method": method, "path": path,
            "timestamp": ts, "python_body": None, "body_line": body, "raw_utf8_body": body,
            "python": None,
        })

    digests = run_javascript(javascript, [
        {k: r[k] for k in ("secret", "timestamp", "path", "method")} | {"body": r["body_line"]}
        for r in rows
    ])
    for row, js in zip(rows, digests):
        row["javascript"] = js
        row["message"] = f"{row['method']}\n{row['path']}\n{row['body_line']}\n{row['timestamp']}\n"
        if row["python"] is not None and row["python"] != js:
            raise SystemExit(f"{row['name']}: Python {row['python']} != JavaScript {js}")
        row["signature"] = js

    result = {
        "about": "Signatures computed by the Payin & Payout document's own Python and JavaScript "
                 "snippets (tests/vectors/payin-payout/reference_snippets.md); regenerate with "
                 "python3 tests/vectors/payin-payout/generate.py",
        "python_version": platform.python_version(),
        "node_version": subprocess.run(["node", "--version"], capture_output=True, text=True,
                                       check=True).stdout.strip(),
        "cases": rows,
    }
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        old = json.loads(OUT.read_text(encoding="utf-8"))
        for key in ("python_version", "node_version"):
            old.pop(key, None)
            result.pop(key, None)
        if old != result:
            raise SystemExit(f"{OUT} is stale: run {pathlib.Path(__file__).name} again")
        print(f"{OUT.name}: {len(rows)} cases, up to date")
        return
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} cases")


if __name__ == "__main__":
    main()
