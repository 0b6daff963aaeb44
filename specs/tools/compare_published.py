#!/usr/bin/env python3
"""Compare specs/cashfree-pg.yaml with Cashfree's published PG OpenAPI (v2025-01-01).

Usage (from the repository root):

    python3 specs/tools/compare_published.py PUBLISHED.yaml [--ours specs/cashfree-pg.yaml]
                                             [--json OUT.json] [--only-open] [--quiet]

PUBLISHED.yaml is Cashfree's published OpenAPI document (e.g. `api/openapi.yaml` of the public
repository cashfree/cashfree-pg, v5 / API 2025-01-01). It is not committed here.

For each of our operations, matched to the published one by method + path, the script resolves
the request body and the first 2xx response schema on both sides ($ref, allOf; oneOf/anyOf
branches are merged into one object with optional keys, which is how our spec models them) and
reports, per field path:

  missing   a property the reference has and we lack
  extra     a property we have and the reference lacks
  required  a difference in an object's required list
  type      a type difference (our `number`+`format: decimal` matches their `number`/`integer`
            amount; our `string`+`x-accept-number` matches their string, integer or number)
  format    a meaningful format difference (date-time, date, binary, uuid, email); numeric width
            formats (double, float64, int32, int64) and free-text ones are ignored
  enum      enum values that differ (their inline or named enum vs our named enum component);
            also a field that is an enum on one side only
  param     query/path parameter names, locations, required flags and types

Differences that are recorded, deliberate choices (specs/DISCREPANCIES.md) are
classified as `deliberate` with the entry id; the rest are `open`. Exit status is 0 always
(this is a report, not a gate) unless the inputs cannot be read.
"""
import argparse
import fnmatch
import json
import sys
from collections import OrderedDict, defaultdict

import yaml

METHODS = ("get", "put", "post", "delete", "patch")
IGNORED_FORMATS = {None, "double", "float", "float64", "int32", "int64", "string", "BANKR",
                   "decimal"}
FORMAT_ALIASES = {"ISO8601": "date-time", "UUID": "uuid"}

# Deliberate, recorded deviations: (category, glob on "operationId:location") -> reason.
# Locations look like `request.customer_details.customer_bank_code` or
# `response[].payment_method.netbanking.netbanking_bank_code`.
DELIBERATE = [
    # PG-16: ids shown as string and number -> string + x-accept-number; path ids as string.
    ("param", "get_disputes_for_payment:path.cf_payment_id", "PG-16 ids taken as strings"),
    ("param", "*:path.dispute_id", "PG-16 ids taken as strings"),
    ("type", "*.dispute_id", "PG-16 ids accept numbers"),
    ("type", "*.document_id", "PG-16 ids accept numbers"),
    # PG-31 / PG-10: bank codes.
    ("type", "*request.customer_details.customer_bank_code", "PG-31 integer bank code"),
    ("type", "*.customer_details.customer_bank_code", "PG-31 integer bank code"),
    ("enum", "*.customer_details.customer_bank_code", "PG-10 integer enum kept open"),
    ("type", "*.payment_method_details[].code", "PG-31 integer code"),
    # PG-9: netbanking code read as string-or-number in responses.
    ("type", "*response*.netbanking.netbanking_bank_code", "PG-9 accepts both spellings"),
    # PG-31: EMI plan amounts are amounts.
    ("type", "*.emi_plans[].emi", "PG-31 amounts as decimal"),
    ("type", "*.emi_plans[].total_interest", "PG-31 amounts as decimal"),
    ("type", "*.emi_plans[].total_amount", "PG-31 amounts as decimal"),
    # PG-15: upi_intent is any JSON value.
    ("type", "*.link_meta.upi_intent", "PG-15 string or boolean"),
    # PG-26: settlement recon example-driven corrections.
    ("type", "*.event_details.event_remarks", "PG-26 examples send strings"),
    ("type", "*.payment_details.forex_conversion_handling_charge", "PG-26 examples send numbers"),
    ("type", "*.payment_details.forex_conversion_handling_tax", "PG-26 examples send numbers"),
    ("extra", "*.dispute_details.resolved_on", "PG-26 example field"),
    # PG-27: update order extended requires neither field.
    ("required", "update_order_extended:request", "PG-27 either field may be sent"),
    # PG-7, PG-23: extra status values from the documents.
    ("enum", "*.payment_status", "PG-7 FLAGGED from doc 021"),
    ("enum", "*.refund_status", "PG-23 FAILED from the description"),
    # PG-6, PG-13, PG-8: plain strings in the reference that we type as enums.
    ("enum", "*.order_status", "PG-6 OrderStatus from doc 021"),
    ("enum", "*.link_status", "PG-13 LinkStatus from docs 079/083"),
    ("enum", "*.payment_group", "PG-8 PaymentGroup from the description"),
    # PG-3: one error schema; PG-12: union of provider spellings.
    ("enum", "*.emi.card_bank_name", "PG-12 union of documented values"),
    ("enum", "*.paylater.provider", "PG-12 union of documented values"),
    ("enum", "*.cardless_emi.provider", "PG-12 union of documented values"),
    # PG-20: dispute evidence upload.
    ("format", "submit_dispute_evidence:request.file", "PG-20 a file part is binary"),
    ("enum", "submit_dispute_evidence:request.doc_type", "PG-20 documented values as enum"),
    # PG-19: accept returns DisputesEntity (currency optional).
    ("extra", "accept_dispute:response.dispute_amount_currency", "PG-19 one dispute type"),
    # PG-29: offer payment-method object keyed like the schema.
    ("missing", "*.payment_method.wallet*", "PG-29 examples' stale keys"),
    # PG-8 / PG-35: payment-method keys that doc 089's payloads show.
    ("extra", "*.payment_method.card.card_sub_type", "PG-8 doc 089 field"),
    ("extra", "*.payment_method.card.par", "PG-8 doc 089 field"),
    ("extra", "*.payment_method.card.emi_details", "PG-8 doc 089 field"),
    ("extra", "*.payment_method.upi.upi_instrument", "PG-8 doc 089 field"),
    ("extra", "*.payment_method.upi.upi_instrument_number", "PG-8 doc 089 field"),
    ("extra", "*.payment_method.app.upi_id", "PG-8 doc 089 field"),
    ("extra", "*.payment_method.cardless_emi.emi_details", "PG-35 doc 089 field"),
    # PG-35: settlement recon example fields.
    ("extra", "*.settlement_details.adjustment", "PG-35 example field"),
    ("extra", "*.settlement_details.amount_settled", "PG-35 example field"),
    # PG-32: enums built from the reference's own descriptions.
    ("enum", "*.payment_method.emi.type", "PG-32 EmiOfferType from the description"),
    ("enum", "*request.filters.payment_methods[]", "PG-32 EligibilityPaymentMethod"),
    ("enum", "*.event_type", "PG-32 ReconEventType from the description"),
    ("enum", "*.sale_type", "PG-32 SaleType from the description"),
    ("enum", "*.refund_mode", "PG-32 RefundMode (refund speeds)"),
    ("param", "get_link_orders:query.status", "PG-32 [ALL, PAID] from the description"),
    # PG-33: counts kept integers.
    ("type", "*.emi_tenure", "PG-33 whole months"),
    ("type", "*.upi_expiry_minutes", "PG-33 whole minutes"),
    # PG-34: one-value `entity` enum kept a string.
    ("enum", "*.entity", "PG-34 entity kept a plain string"),
]


class Spec:
    def __init__(self, doc, name):
        self.doc = doc
        self.name = name

    def deref(self, node):
        """Follow $ref chains; return (node, last ref name or None)."""
        name = None
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                break
            seen.add(ref)
            if not ref.startswith("#/"):
                raise ValueError("external $ref not supported: " + ref)
            cur = self.doc
            for part in ref[2:].split("/"):
                cur = cur[part]
            name = ref.rsplit("/", 1)[-1]
            node = cur
        return node, name


def norm(spec, node, depth=0):
    """Flatten a schema: follow $ref, merge allOf, merge oneOf/anyOf branches as optional.

    Returns a dict with keys: name, type, format, enum, enum_name, props (OrderedDict),
    required (set), items (normalised), accept_number, additional, branches (bool), raw.
    """
    node, name = spec.deref(node)
    if not isinstance(node, dict):
        node = {}
    out = {"name": name, "type": node.get("type"), "format": node.get("format"),
           "enum": node.get("enum"), "enum_name": None, "props": OrderedDict(),
           "required": set(node.get("required") or []), "items": None,
           "accept_number": bool(node.get("x-accept-number")),
           "additional": node.get("additionalProperties"), "branches": False, "raw": node}
    if out["enum"] is not None:
        out["enum_name"] = name
    for k, v in (node.get("properties") or {}).items():
        out["props"][k] = v
    if depth > 40:
        return out
    for sub in node.get("allOf") or []:
        s = norm(spec, sub, depth + 1)
        for k, v in s["props"].items():
            out["props"].setdefault(k, v)
        out["required"] |= s["required"]
        for key in ("type", "format", "enum", "items", "additional"):
            if out[key] is None and s[key] is not None:
                out[key] = s[key]
        if out["enum"] is not None and out["enum_name"] is None:
            out["enum_name"] = s["enum_name"] or s["name"]
        out["accept_number"] = out["accept_number"] or s["accept_number"]
        if out["name"] is None:
            out["name"] = s["name"]
    for key in ("oneOf", "anyOf"):
        for sub in node.get(key) or []:
            s = norm(spec, sub, depth + 1)
            out["branches"] = True
            for k, v in s["props"].items():
                out["props"].setdefault(k, v)
            if out["type"] is None and s["type"] not in (None, "object"):
                out["type"] = s["type"]
    if out["props"] and out["type"] is None:
        out["type"] = "object"
    if out["type"] == "array" and node.get("items") is not None:
        out["items"] = node["items"]
    return out


def fmt_norm(f):
    f = FORMAT_ALIASES.get(f, f)
    return None if f in IGNORED_FORMATS else f


def type_matches(ours, theirs):
    """Return None if compatible, else a short description."""
    ot, tt = ours["type"], theirs["type"]
    if tt is None or ot is None:
        if tt is None and ot is None:
            return None
        if tt is None:
            return None  # reference leaves it untyped; anything goes
        if ot is None and not ours["raw"]:
            return None
        if ot is None:
            return "ours untyped (any JSON), theirs %s" % tt
    if ot == tt:
        return None
    if ot == "number" and ours["format"] == "decimal" and tt in ("number", "integer"):
        return None if tt == "number" else "ours decimal amount, theirs integer"
    if ot == "string" and ours["accept_number"] and tt in ("string", "integer", "number"):
        return None
    if ot == "integer" and tt == "number" and theirs["format"] in ("int32", "int64"):
        return None
    return "ours %s%s, theirs %s%s" % (
        ot, ("/" + ours["format"]) if ours["format"] else "",
        tt, ("/" + theirs["format"]) if theirs["format"] else "")


class Comparer:
    def __init__(self, ours, theirs):
        self.ours = ours
        self.theirs = theirs
        self.diffs = []

    def add(self, op, cat, loc, detail, key):
        self.diffs.append({"op": op, "category": cat, "location": loc, "detail": detail,
                           "key": key})

    def schema(self, op, loc, o_node, t_node, key_prefix, stack=()):
        o = norm(self.ours, o_node)
        t = norm(self.theirs, t_node)
        tkey = t["name"] or key_prefix
        pair = (o["name"], t["name"])
        if o["name"] and t["name"] and pair in stack:
            return
        stack = stack + (pair,)
        # type
        d = type_matches(o, t)
        if d:
            self.add(op, "type", loc, d, tkey)
        # format
        of, tf = fmt_norm(o["format"]), fmt_norm(t["format"])
        if of != tf and (o["type"] == t["type"] or t["type"] is None):
            self.add(op, "format", loc, "ours %s, theirs %s" % (of, tf), tkey)
        # enum
        oe = o["enum"]
        te = t["enum"]
        if te is not None or oe is not None:
            if te is None:
                self.add(op, "enum", loc, "ours enum %s, theirs no enum" % o["enum_name"], tkey)
            elif oe is None:
                self.add(op, "enum", loc, "theirs enum %s, ours none" % list(te), tkey)
            else:
                ts = [str(v) for v in te]
                os_ = [str(v) for v in oe]
                miss = [v for v in ts if v not in os_]
                extra = [v for v in os_ if v not in ts]
                if miss or extra:
                    self.add(op, "enum", loc, "missing %s; extra %s (ours %s)" % (
                        miss, extra, o["enum_name"]), tkey)
        # objects
        if t["props"] or o["props"]:
            for k, v in t["props"].items():
                sub = loc + "." + k
                if k not in o["props"]:
                    self.add(op, "missing", sub, "property absent on our side", tkey + "." + k)
                else:
                    self.schema(op, sub, o["props"][k], v, tkey + "." + k, stack)
            for k in o["props"]:
                if k not in t["props"] and t["props"]:
                    self.add(op, "extra", loc + "." + k, "property absent in reference",
                             tkey + "." + k)
            if not t["branches"] and not o["branches"]:
                treq = t["required"] & set(t["props"]) if t["props"] else t["required"]
                oreq = o["required"]
                if treq != oreq:
                    self.add(op, "required", loc, "missing %s; extra %s" % (
                        sorted(treq - oreq), sorted(oreq - treq)), tkey)
        # arrays
        if t["type"] == "array" or o["type"] == "array":
            ti = t["items"]
            oi = o["items"]
            if ti is not None and oi is not None:
                self.schema(op, loc + "[]", oi, ti, tkey + "[]", stack)

    def params(self, op, o_op, t_op, o_item, t_item):
        def collect(spec, op_node, item):
            res = {}
            for p in (item.get("parameters") or []) + (op_node.get("parameters") or []):
                p, _ = spec.deref(p)
                if p.get("in") in ("path", "query"):
                    res[(p["in"], p["name"])] = p
            return res
        ours = collect(self.ours, o_op, o_item)
        theirs = collect(self.theirs, t_op, t_item)
        for k, tp in theirs.items():
            loc = "%s.%s" % k
            if k not in ours:
                self.add(op, "param", loc, "parameter absent on our side (required=%s)" %
                         bool(tp.get("required")), loc)
                continue
            op_ = ours[k]
            if bool(op_.get("required")) != bool(tp.get("required")):
                self.add(op, "param", loc, "required: ours %s, theirs %s" % (
                    bool(op_.get("required")), bool(tp.get("required"))), loc)
            o = norm(self.ours, op_.get("schema") or {})
            t = norm(self.theirs, tp.get("schema") or {})
            d = type_matches(o, t)
            if d:
                self.add(op, "param", loc, "type " + d, loc)
            te, oe = t["enum"], o["enum"]
            if (te or oe) and sorted(map(str, te or [])) != sorted(map(str, oe or [])):
                self.add(op, "param", loc, "enum: ours %s, theirs %s" % (oe, te), loc)
        for k in ours:
            if k not in theirs:
                loc = "%s.%s" % k
                self.add(op, "param", loc, "parameter absent in reference", loc)


def body_schema(spec, op_node):
    rb = op_node.get("requestBody")
    if rb is None:
        return None, None
    rb, _ = spec.deref(rb)
    content = rb.get("content") or {}
    for ct in ("application/json", "multipart/form-data"):
        if ct in content:
            return ct, content[ct].get("schema")
    return None, None


def ok_schema(spec, op_node):
    for code in sorted((op_node.get("responses") or {}).keys(), key=str):
        if str(code).startswith("2"):
            r, _ = spec.deref(op_node["responses"][code])
            c = (r.get("content") or {}).get("application/json")
            return str(code), (c or {}).get("schema")
    return None, None


def classify(d):
    target = "%s:%s" % (d["op"], d["location"])
    for cat, pat, why in DELIBERATE:
        if cat == d["category"] and fnmatch.fnmatchcase(target, pat):
            return why
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("published")
    ap.add_argument("--ours", default="specs/cashfree-pg.yaml")
    ap.add_argument("--json")
    ap.add_argument("--only-open", action="store_true")
    ap.add_argument("--quiet", action="store_true", help="summary only")
    a = ap.parse_args(argv)
    ours = Spec(yaml.safe_load(open(a.ours)), "ours")
    theirs = Spec(yaml.safe_load(open(a.published)), "theirs")
    cmp_ = Comparer(ours, theirs)
    unmatched = []
    nops = 0
    for path, item in ours.doc["paths"].items():
        for m, op in item.items():
            if m not in METHODS:
                continue
            nops += 1
            opid = op.get("operationId", m + " " + path)
            t_item = theirs.doc["paths"].get(path)
            if not t_item or m not in t_item:
                unmatched.append("%s %s (%s)" % (m.upper(), path, opid))
                continue
            t_op = t_item[m]
            cmp_.params(opid, op, t_op, item, t_item)
            oct_, ob = body_schema(ours, op)
            tct, tb = body_schema(theirs, t_op)
            if (ob is None) != (tb is None):
                cmp_.add(opid, "missing" if ob is None else "extra", "request",
                         "request body only on %s side" % ("their" if ob is None else "our"),
                         "request")
            elif ob is not None:
                if oct_ != tct:
                    cmp_.add(opid, "format", "request", "content type ours %s, theirs %s" % (
                        oct_, tct), "request")
                cmp_.schema(opid, "request", ob, tb, "request")
            ocode, orr = ok_schema(ours, op)
            tcode, trr = ok_schema(theirs, t_op)
            if ocode != tcode:
                cmp_.add(opid, "type", "response", "success status ours %s, theirs %s" % (
                    ocode, tcode), "response")
            if orr is not None and trr is not None:
                cmp_.schema(opid, "response", orr, trr, "response")
            elif (orr is None) != (trr is None):
                cmp_.add(opid, "type", "response", "response body only on %s side" % (
                    "their" if orr is None else "our"), "response")
    for d in cmp_.diffs:
        d["deliberate"] = classify(d)
    cats = ["missing", "extra", "required", "type", "format", "enum", "param"]
    total = defaultdict(int)
    open_ = defaultdict(int)
    uniq_open = defaultdict(set)
    for d in cmp_.diffs:
        total[d["category"]] += 1
        if not d["deliberate"]:
            open_[d["category"]] += 1
            uniq_open[d["category"]].add(d["key"])
    if not a.quiet:
        byop = OrderedDict()
        for d in cmp_.diffs:
            if a.only_open and d["deliberate"]:
                continue
            byop.setdefault(d["op"], []).append(d)
        for opid, ds in byop.items():
            print("== %s" % opid)
            for d in ds:
                tag = "  [deliberate: %s]" % d["deliberate"] if d["deliberate"] else ""
                print("  %-8s %-60s %s%s" % (d["category"], d["location"], d["detail"], tag))
    print()
    print("operations: %d ours, %d matched, %d not in the reference" % (
        nops, nops - len(unmatched), len(unmatched)))
    for u in unmatched:
        print("  not in reference: " + u)
    print("%-9s %7s %7s %13s" % ("category", "all", "open", "open(unique)"))
    for c in cats:
        print("%-9s %7d %7d %13d" % (c, total[c], open_[c], len(uniq_open[c])))
    print("%-9s %7d %7d %13d" % ("total", sum(total.values()), sum(open_.values()),
                                 sum(len(v) for v in uniq_open.values())))
    if a.json:
        json.dump({"unmatched": unmatched, "diffs": cmp_.diffs,
                   "summary": {c: {"all": total[c], "open": open_[c],
                                   "open_unique": len(uniq_open[c])} for c in cats}},
                  open(a.json, "w"), indent=1, default=list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
