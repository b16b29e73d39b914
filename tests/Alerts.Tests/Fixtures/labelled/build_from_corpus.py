#!/usr/bin/env python3
"""Builds corpus.jsonl: labelled documents taken from /work/shared/corpus (real captures), in the item format each
source produces (docs/detection.md). Labels are set per category by reading the category, never from the classifier:
- HTS chapter 01 (live animals) and 14 (vegetable plaiting materials) lines, and chapter 85 lines of motors,
  heaters, lamps (8501, 8516, 8539): not chip-related.
- HTS 8541 (diodes, transistors, photovoltaic cells) and 8542 (integrated circuits) lines: tariffs, chip-related.
- HTS 8486 (machines for making semiconductor boules, wafers, devices) lines: tariffs + chip-equipment.
- Consolidated Screening List entries of the BIS Entity List, MEU and UVL lists: entity-list, US, high;
  entries of other lists (SDN, SSI, PLC, ISN, DTC, DPL, FSE, CAP): not chip-related.
- eCFR title 3 and 4 sections (the President, GAO): not chip-related.
- News feed items (Guardian, NYT, Reuters world, The Verge, breakingnews.ie, Moscow Times): none is about chip policy
  (each title was read): not chip-related.
Run: python3 build_from_corpus.py /work/shared/corpus > corpus.jsonl
"""
import csv, json, sys, re, os
import xml.etree.ElementTree as ET

corpus = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/corpus'
out = []
NEG = {"relevant": False, "jurisdiction": None, "topics": [], "severity": ["info"]}

def emit(id, follows, source, item, expected):
    d = {"id": id, "follows": follows, "source": source}
    d.update(item)
    d["expected"] = expected
    out.append(d)

def hts_item(row):
    notes = "; ".join(sorted({(f.get("value") or "").strip() for f in (row.get("footnotes") or []) if (f.get("value") or "").strip()}))
    fields = {"description": row["description"].strip(), "indent": str(row.get("indent") or ""), "units": "; ".join(sorted(row.get("units") or [])),
              "general": row.get("general") or "", "special": row.get("special") or "", "other": row.get("other") or "",
              "footnotes": notes, "additional_duties": row.get("additionalDuties") or ""}
    return {"changeType": "added", "itemKey": row["htsno"], "title": f'{row["htsno"]} {row["description"].strip()}', "documentType": "Tariff Line",
            "language": "en", "fields": fields, "references": []}

HTS_SRC = {"id": "hts-semiconductors", "kind": "hts", "jurisdiction": "US", "official": True}
def hts(file):
    return [r for r in json.load(open(os.path.join(corpus, 'usitc-hts', file))) if r.get("htsno")]

ch01 = hts('hts-chapter-01-live-animals.json'); ch14 = hts('hts-chapter-14.json')
ch85 = hts('hts-chapter-85-electrical.json'); ch84 = hts('hts-chapter-84-machinery.json')
for r in ch01[::4][:14] + ch14[::2][:8]:
    emit("hts-" + r["htsno"], "corpus usitc-hts chapter 01/14 line (real)", HTS_SRC, hts_item(r), dict(NEG, jurisdiction="US"))
neg85 = [r for r in ch85 if r["htsno"][:4] in ("8501", "8516", "8539") and len(r["htsno"]) >= 10]
for r in neg85[::6][:10]:
    emit("hts-" + r["htsno"], "corpus usitc-hts chapter 85 non-semiconductor line (real)", HTS_SRC, hts_item(r), dict(NEG, jurisdiction="US"))
semi = [r for r in ch85 if r["htsno"][:4] in ("8541", "8542") and len(r["htsno"]) >= 10]
for r in semi[::3]:
    emit("hts-" + r["htsno"], "corpus usitc-hts chapter 85 semiconductor line (real)", HTS_SRC, hts_item(r),
         {"relevant": True, "jurisdiction": "US", "topics": ["tariffs"], "severity": ["medium", "high"]})
sme = [r for r in ch84 if r["htsno"][:4] == "8486" and len(r["htsno"]) >= 10]
for r in sme[::2]:
    emit("hts-" + r["htsno"], "corpus usitc-hts chapter 84 heading 8486 line (real)", HTS_SRC, hts_item(r),
         {"relevant": True, "jurisdiction": "US", "topics": ["chip-equipment", "tariffs"], "severity": ["medium", "high"]})

CSL_SRC = {"id": "csl-entity-list", "kind": "screening-list", "jurisdiction": "US", "official": True}
def code(source):
    m = re.search(r"\(([A-Z]+)\)", source or "")
    return m.group(1) if m else (source or "")
seen = set()
for f in ['csl-consolidated-current-format-sample.csv', 'csl-consolidated-legacy-2018-sample.csv']:
    for r in csv.DictReader(open(os.path.join(corpus, 'trade-gov-csl', f), encoding='utf-8-sig')):
        lst = code(r.get("source"))
        key = (lst, r["name"])
        if key in seen:
            continue
        seen.add(key)
        addr = r.get("addresses") or ""
        countries = sorted({a.strip().split(",")[-1].strip() for a in addr.split(";") if a.strip()})
        fields = {"list": lst, "name": r["name"], "type": r.get("type") or "", "alt_names": "; ".join(sorted(x.strip() for x in (r.get("alt_names") or "").split(";") if x.strip())),
                  "addresses": "; ".join(sorted(a.strip() for a in addr.split(";") if a.strip())), "countries": "; ".join(countries),
                  "federal_register_notice": (r.get("federal_register_notice") or "").strip(), "start_date": r.get("start_date") or "",
                  "end_date": r.get("end_date") or "", "license_requirement": r.get("license_requirement") or "",
                  "license_policy": r.get("license_policy") or "", "remarks": r.get("remarks") or ""}
        refs = ["CITATION:" + fields["federal_register_notice"]] if re.match(r"^\d+ FR \d+$", fields["federal_register_notice"]) else []
        item = {"changeType": "added", "itemKey": (r.get("_id") or r["name"])[:60], "title": r["name"], "documentType": "Entity List Entry", "language": "en", "fields": fields, "references": refs}
        bis_party = lst in ("EL", "MEU", "UVL")
        exp = {"relevant": True, "jurisdiction": "US", "topics": ["entity-list"], "severity": ["high"]} if bis_party else dict(NEG, jurisdiction="US")
        if bis_party or len([o for o in out if o["id"].startswith("csl-") and not o["expected"]["relevant"]]) < 18:
            emit(f"csl-{lst}-{len(out)}", f"corpus trade-gov-csl {f} ({r.get('source')}) (real)", CSL_SRC, item, exp)

ECFR_SRC = {"id": "ecfr-ear", "kind": "ecfr", "jurisdiction": "US", "official": True}
for f in ['versioner-versions-title-3-chapter-I.json', 'versioner-versions-title-4-chapter-I.json']:
    cv = json.load(open(os.path.join(corpus, 'ecfr', f)))["content_versions"]
    for v in cv[::max(1, len(cv) // 8)][:8]:
        fields = {"part": v["part"], "name": v["name"], "text": "", "amendment_date": v["amendment_date"], "substantive": str(v["substantive"]).lower(), "removed": str(v["removed"]).lower()}
        item = {"changeType": "modified", "itemKey": v["identifier"], "title": v["name"], "documentType": "CFR Section", "language": "en", "fields": fields,
                "references": [f'CFR:{v["title"]} CFR {v["identifier"]}', "AMENDED:" + v["amendment_date"]],
                "diff": [{"field": "amendment_date", "before": "", "after": v["amendment_date"]}]}
        emit(f"ecfr-t{v['title']}-{v['identifier']}-{v['date']}", f"corpus ecfr {f} (real)", ECFR_SRC, item, dict(NEG, jurisdiction="US"))

NEWS_SRC = {"id": "news", "kind": "feed", "jurisdiction": "other", "official": False}
for f, n in [('news-rss20-guardian-us.xml', 14), ('news-rss20-nytimes-homepage.xml', 8), ('news-rss20-reuters-world.xml', 5), ('news-atom-theverge.xml', 5), ('news-rss20-breakingnews-ie-feedburner.xml', 4), ('news-rss20-moscowtimes-bom.xml', 6)]:
    t = ET.parse(os.path.join(corpus, 'feeds', f))
    items = [e for e in t.iter() if e.tag.split('}')[-1] in ('item', 'entry')]
    for it in items[:n * 2:2]:
        def get(name):
            for c in it:
                if c.tag.split('}')[-1] == name:
                    return "".join(c.itertext()).strip()
            return ""
        title = re.sub(r"<[^>]+>", "", get("title"))
        summary = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", get("description") or get("summary") or get("content"))).strip()[:600]
        link = get("link") or next((c.get("href") for c in it if c.tag.split('}')[-1] == "link"), "")
        item = {"changeType": "added", "itemKey": link or title, "title": title, "summary": summary, "documentType": "News", "language": "en",
                "fields": {"title": title, "summary": summary, "link": link or "", "published": get("pubDate") or get("updated") or ""}, "references": []}
        emit(f"news-{f.split('-')[2]}-{len(out)}", f"corpus feeds/{f} item (real)", NEWS_SRC, item, dict(NEG))

for d in out:
    print(json.dumps(d, ensure_ascii=False))
print(len(out), file=sys.stderr)
