#!/usr/bin/env python3
"""Verify an export of the export-policy alerts change log without the service's code.

    python3 tools/verify_log.py export.ndjson [--anchor anchors.jsonl ...] [--start SEQUENCE]

The export is NDJSON from GET /api/changes?format=ndjson or `alerts changes --json` (any order). Each entry's
canonical JSON is rebuilt from its fields as docs/verifying-the-log.md specifies, hashed with SHA-256 and compared
with its `hash` and its served `canonical`; the entries must link (`previousHash`) and have gap-free sequences from 1
(or from --start); each anchor (JSON lines {"sequence": N, "hash": "..."}, as committed to GitHub) must match the
entry at its sequence. Exit 0: intact; 1: broken (the first bad entry is named); 2: bad usage or unreadable file.
Python 3.11 to 3.14 (Unicode 14.0 to 16.0, which the escaping rule needs), standard library only.
"""
import argparse, hashlib, json, math, re, sys, unicodedata
from decimal import Decimal

GENESIS = "0" * 64
# Canonical property order and kind: s string, i integer, n number, b boolean, d date-time, l list of strings.
CHANGE = [("id", "s"), ("sequence", "i"), ("sourceId", "s"), ("itemKey", "s"), ("changeType", "s"), ("title", "s"),
          ("url", "s"), ("publishedAt", "d"), ("detectedAt", "d"), ("documentType", "s"), ("official", "b"),
          ("jurisdiction", "s"), ("topics", "l"), ("severity", "s"), ("relevance", "n"), ("matched", "l"),
          ("summary", "s"), ("description", "s"), ("storyId", "s"), ("previousChangeId", "s"), ("references", "l"),
          ("contentVersion", "s"), ("previousContentVersion", "s"), ("diff", "diff"), ("evidence", "evidence"),
          ("previousHash", "s")]
SUB = {"diff": [("field", "s"), ("before", "s"), ("after", "s")],
       "evidence": [("url", "s"), ("fetchedAt", "d"), ("status", "i"), ("eTag", "s"), ("lastModified", "s"),
                    ("contentType", "s"), ("contentSha256", "s"), ("contentLength", "i")]}
SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
# BMP code points assigned in Unicode 15.0-16.0 (the table .NET 10 escapes by); older Pythons call them unassigned.
NEWER = {0x897, 0xCF3, 0xECE, 0x1B4E, 0x1B4F, 0x1B7F, 0x1C89, 0x1C8A, 0x2427, 0x2428, 0x2429, 0x2FFC, 0x2FFD, 0x2FFE,
         0x2FFF, 0x31E4, 0x31E5, 0x31EF, 0xA7CB, 0xA7CC, 0xA7CD, 0xA7DA, 0xA7DB, 0xA7DC}
DATE = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?(Z|[+-]\d\d:\d\d)\Z")


def escaped(ch, fffd):
    cp, cat = ord(ch), unicodedata.category(ch)
    return (cp > 0xFFFF or cat in ("Cc", "Co", "Cs", "Zl", "Zp") or (cat == "Zs" and cp != 0x20) or cp == 0xFEFF
            or (cat == "Cn" and cp not in NEWER) or (fffd and cp == 0xFFFD))


def string(s, fffd):
    if not isinstance(s, str):
        raise ValueError("%r is not a string" % (s,))
    out = []
    for ch in s:
        if ch in SHORT:
            out.append(SHORT[ch])
        elif escaped(ch, fffd):  # \uXXXX, upper-case hex; outside the BMP, its UTF-16 surrogate pair
            b = ch.encode("utf-16-be", "surrogatepass")
            out.extend("\\u%02X%02X" % (b[i], b[i + 1]) for i in range(0, len(b), 2))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def number(x):  # .NET's shortest round-trip form of a double: 0.35, 1, 0.0001, 1E-05, 1E+17
    x = float(x)
    if x == 0:
        return "-0" if math.copysign(1, x) < 0 else "0"
    sign, digits, exp = Decimal(repr(x)).as_tuple()
    d = "".join(map(str, digits)).rstrip("0")
    point, s = len(digits) + exp, "-" if sign else ""  # the decimal point sits after `point` digits of d
    if point > 17 or point < -3:
        return "%s%s%sE%s%02d" % (s, d[0], "." + d[1:] if len(d) > 1 else "", "+" if point > 0 else "-", abs(point - 1))
    if point <= 0:
        return s + "0." + "0" * -point + d
    return s + (d + "0" * (point - len(d)) if point >= len(d) else d[:point] + "." + d[point:])


def value(v, kind, fffd):
    want = {"s": str, "i": int, "n": (int, float), "b": bool, "d": str, "l": list, "diff": list}.get(kind, dict)
    if not isinstance(v, want) or (isinstance(v, bool) and kind != "b") or (kind == "n" and not math.isfinite(v)):
        raise ValueError("%r is not what %s needs" % (v, {"s": "a string", "i": "an integer", "n": "a number",
                                                           "b": "a boolean", "d": "a date-time"}.get(kind, "a " + kind)))
    if kind == "d":
        m = DATE.match(v)
        if not m:
            raise ValueError("%r is not a date-time" % (v,))
        frac = (m.group(2) or "").rstrip("0")
        return '"%s%s%s"' % (m.group(1), "." + frac if frac else "", "+00:00" if m.group(3) == "Z" else m.group(3))
    if kind in ("s", "l", "diff"):
        item = (lambda x: obj(x, SUB["diff"], fffd)) if kind == "diff" else (lambda x: string(x, fffd))
        return item(v) if kind == "s" else "[" + ",".join(item(x) for x in v) + "]"
    return number(v) if kind == "n" else json.dumps(v) if kind in ("i", "b") else obj(v, SUB[kind], fffd)


def obj(o, spec, fffd):
    if not isinstance(o, dict):
        raise ValueError("%r is not an object" % (o,))
    return "{" + ",".join('"%s":%s' % (k, value(o[k], kind, fffd)) for k, kind in spec if o.get(k) is not None) + "}"


def canonical(entry, fffd=False):
    return obj(entry, CHANGE, fffd)


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_lines(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except (OSError, UnicodeDecodeError) as e:
        print("verify_log: cannot read %s %s: %s" % (what, path, e), file=sys.stderr)
        sys.exit(2)
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield n, json.loads(line)
            except ValueError as e:
                print("BROKEN: line %d of %s %s is not JSON (%s)" % (n, what, path, e))
                sys.exit(1)


def main():
    p = argparse.ArgumentParser(description="Verify a change-log export (see docs/verifying-the-log.md).")
    p.add_argument("export", help="NDJSON export: GET /api/changes?format=ndjson or `alerts changes --json`")
    p.add_argument("--anchor", action="append", default=[], help="anchors file (JSON lines), repeatable")
    p.add_argument("--start", type=int, default=1, help="sequence the export starts at (default 1)")
    a = p.parse_args()
    anchors = {}
    for path in a.anchor:
        for n, an in read_lines(path, "anchors file"):
            if not isinstance(an, dict) or not isinstance(an.get("sequence"), int) or not isinstance(an.get("hash"), str):
                print("BROKEN: line %d of anchors file %s is not an anchor" % (n, path))
                return 1
            anchors.setdefault(an["sequence"], []).append(("%s:%d" % (path, n), an["hash"]))
    entries = [e for _, e in read_lines(a.export, "export")]
    if not entries:
        print("BROKEN: the export %s has no entries" % a.export)
        return 1
    if not all(isinstance(e, dict) and isinstance(e.get("sequence"), int) for e in entries):
        print("BROKEN: an export line is not a change with a sequence")
        return 1
    entries.sort(key=lambda e: e["sequence"])
    previous, checked, served = (GENESIS if a.start == 1 else None), 0, 0
    known = {k for k, _ in CHANGE} | {"hash", "canonical"}
    for i, e in enumerate(entries):
        seq, why = e["sequence"], None
        try:
            text = canonical(e)
            if sha256(text) != e.get("hash") and "\ufffd" in text and sha256(canonical(e, True)) == e.get("hash"):
                text = canonical(e, True)  # U+FFFD written as \uFFFD: a lone surrogate in the original text
        except (ValueError, KeyError) as x:
            text, why = None, "its fields cannot be put in canonical form: %s" % x
        if seq != a.start + i:
            why = "expected sequence %d here (a gap, a duplicate, or the export does not start at --start %d)" % (a.start + i, a.start)
        elif why is None and sha256(text) != e.get("hash"):
            extra = sorted(set(e) - known)
            why = "its fields hash to %s but its hash is %s (the entry was edited)%s%s" % (
                sha256(text), e.get("hash"), "; fields this tool does not know: " + ", ".join(extra) if extra else "",
                "" if unicodedata.unidata_version.split(".")[0] in ("14", "15", "16") else
                "; this Python's Unicode database is %s, not 14.0 to 16.0" % unicodedata.unidata_version)
        elif why is None and "canonical" in e and e["canonical"] != text:
            why = "its served canonical text differs from the canonical form of its fields"
        elif why is None and previous is not None and e.get("previousHash") != previous:
            why = "it links to previous hash %s but entry %d has hash %s" % (e.get("previousHash"), seq - 1, previous)
        for where, h in anchors.get(seq - 1, []) if i == 0 and why is None else []:
            if h != e.get("previousHash"):
                why = "the anchor %s says sequence %d has hash %s, but this entry links to %s" % (where, seq - 1, h, e.get("previousHash"))
        for where, h in anchors.get(seq, []) if why is None else []:
            if h != e["hash"]:
                why = "the anchor %s says it has hash %s, but it has %s (the history was rewritten at or before this entry)" % (where, h, e["hash"])
        if why:
            print("BROKEN at sequence %s (%s): %s" % (seq, e.get("id"), why))
            return 1
        previous, checked, served = e["hash"], checked + 1, served + ("canonical" in e)
    last = entries[-1]["sequence"]
    beyond = sorted(s for s in anchors if s > last)
    if beyond:
        print("BROKEN at sequence %d: the anchor %s says the log reached sequence %d, but the export ends at %d "
              "(entries are missing, or the export is older than the anchor)" % (last + 1, anchors[beyond[0]][0][0], beyond[0], last))
        return 1
    used = sum(len(v) for s, v in anchors.items() if a.start - 1 <= s <= last and s > 0)
    skipped = sum(len(v) for s, v in anchors.items() if s < a.start - 1)
    print("OK: %d entries, sequences %d to %d, chain head %s%s%s%s." % (
        checked, a.start, last, entries[-1]["hash"], ", agrees with %d anchor%s" % (used, "" if used == 1 else "s") if a.anchor else "",
        " (%d before the export's start not checked)" % skipped if skipped else "",
        "; %d entries had no served canonical text to compare" % (checked - served) if served < checked else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
