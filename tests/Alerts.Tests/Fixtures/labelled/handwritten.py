#!/usr/bin/env python3
"""Writes handwritten.jsonl: realistic documents written in the real formats of each source (field conventions in
docs/detection.md), each saying in "follows" which real document it follows. Texts paraphrase the real documents;
document numbers and citations are the published ones where noted "as published", otherwise illustrative.
Labels ("expected") are set by reading each document against the taxonomy (docs/detection.md, labelling guide in
README.md), not from the classifier. Run: python3 handwritten.py > handwritten.jsonl
"""
import json

out = []
FR = {"id": "federal-register", "kind": "federal-register", "jurisdiction": "US", "official": True}
ECFR = {"id": "ecfr-ear", "kind": "ecfr", "jurisdiction": "US", "official": True}
CSL = {"id": "csl-entity-list", "kind": "screening-list", "jurisdiction": "US", "official": True}
HTS = {"id": "hts-semiconductors", "kind": "hts", "jurisdiction": "US", "official": True}
NEWS = {"id": "news", "kind": "feed", "jurisdiction": "other", "official": False}

def exp(relevant, jurisdiction, topics, severity):
    return {"relevant": relevant, "jurisdiction": jurisdiction, "topics": sorted(topics), "severity": severity}

NEG = lambda j: exp(False, j, [], ["info"])

def fr(num, type_, title, abstract, follows, expected, citation="", action="", rins=(), agencies="Industry and Security Bureau", cfr="15 CFR 744", effective="", date="2025-01-15", correction_of="", change="added"):
    fields = {"stage": "published", "title": title, "type": type_, "abstract": abstract, "publication_date": date, "agencies": agencies,
              "citation": citation, "action": action, "effective_on": effective, "regulation_id_numbers": ", ".join(rins), "docket_ids": "",
              "cfr_references": cfr, "correction_of": correction_of}
    refs = ["FR:" + num] + (["CITATION:" + citation] if citation else []) + ["RIN:" + r for r in rins] + (["CORRECTS:" + correction_of] if correction_of else [])
    out.append({"id": "fr-" + num, "follows": follows, "source": FR, "changeType": change, "itemKey": num, "title": title, "summary": abstract,
                "documentType": type_, "language": "en", "fields": fields, "references": refs, "expected": expected})

def ecfr(ident, name, text, follows, expected, substantive=True, date="2025-01-16", part=None):
    part = part or ident.split(".")[0]
    fields = {"part": part, "name": name, "text": text, "amendment_date": date, "substantive": str(substantive).lower(), "removed": "false"}
    out.append({"id": f"ecfr-{ident}-{date}", "follows": follows, "source": ECFR, "changeType": "modified", "itemKey": ident, "title": name,
                "documentType": "CFR Section", "language": "en", "fields": fields, "references": [f"CFR:15 CFR {ident}", "AMENDED:" + date],
                "diff": [{"field": "text", "before": "(previous text)", "after": text[:200]}, {"field": "amendment_date", "before": "2024-12-02", "after": date}],
                "expected": expected})

def el(name, countries, notice, follows, expected, change="added", lst="EL", addresses="", alt="", policy="Presumption of denial.", req="For all items subject to the EAR. (See §744.11 of the EAR).", remarks="", diff=None):
    fields = {"list": lst, "name": name, "type": "Entity", "alt_names": alt, "addresses": addresses, "countries": countries, "federal_register_notice": notice,
              "start_date": "2024-12-05", "end_date": "", "license_requirement": req, "license_policy": policy, "remarks": remarks}
    out.append({"id": "el-" + name[:30].replace(" ", "_"), "follows": follows, "source": CSL, "changeType": change, "itemKey": "el-" + name[:40],
                "title": name, "documentType": "Entity List Entry", "language": "en", "fields": fields, "references": ["CITATION:" + notice] if notice else [],
                "diff": diff or [], "expected": expected})

def hts(code, description, follows, expected, diff, general="Free", footnotes="", other="35%"):
    fields = {"description": description, "indent": "2", "units": "No.", "general": general, "special": "", "other": other, "footnotes": footnotes, "additional_duties": ""}
    out.append({"id": "hts-hand-" + code, "follows": follows, "source": HTS, "changeType": "modified", "itemKey": code, "title": f"{code} {description}",
                "documentType": "Tariff Line", "language": "en", "fields": fields, "references": [], "diff": diff, "expected": expected})

def page(id_, source, title, text, follows, expected, lang, doctype="Announcement", date="2025-01-01"):
    fields = {"title": title, "link": f"https://example.invalid/{id_}", "date": date, "text": text}
    out.append({"id": id_, "follows": follows, "source": source, "changeType": "added", "itemKey": id_, "title": title, "documentType": doctype,
                "language": lang, "fields": fields, "references": [], "expected": expected})

def feed(id_, source, title, summary, follows, expected, doctype="News", lang="en"):
    fields = {"title": title, "summary": summary, "link": f"https://example.invalid/{id_}?utm_source=rss", "published": "Mon, 02 Dec 2024 15:00:00 GMT"}
    out.append({"id": id_, "follows": follows, "source": source, "changeType": "added", "itemKey": id_, "title": title, "summary": summary,
                "documentType": doctype, "language": lang, "fields": fields, "references": [], "expected": expected})

# ---------------------------------------------------------------- Federal Register
fr("2022-21658", "Rule", "Implementation of Additional Export Controls: Certain Advanced Computing and Semiconductor Manufacturing Items; Supercomputer and Semiconductor End Use; Entity List Modification",
   "In this rule, the Bureau of Industry and Security (BIS) amends the Export Administration Regulations (EAR) to implement necessary controls on advanced computing integrated circuits (ICs), computer commodities that contain such ICs, and certain semiconductor manufacturing items. In addition, BIS is expanding controls on transactions involving items for supercomputer and semiconductor manufacturing end uses, for example, items destined for a semiconductor fabrication facility in the PRC that fabricates ICs meeting specified criteria. BIS also adds new license requirements for items destined for entities on the Entity List and expands the scope of the foreign direct product rules. New ECCNs 3B090 and 4A090 are added and ECCN 3A090 is created.",
   "BIS interim final rule of 7 October 2022, 87 FR 62186 (number and citation as published)", exp(True, "US", ["ai-chips", "chip-equipment", "export-licensing", "entity-list"], ["critical"]),
   citation="87 FR 62186", action="Interim final rule; request for comments.", rins=["0694-AI94"], cfr="15 CFR 734, 15 CFR 736, 15 CFR 740, 15 CFR 742, 15 CFR 744, 15 CFR 772, 15 CFR 774", effective="2022-10-07", date="2022-10-13")
fr("2023-23055", "Rule", "Implementation of Additional Export Controls: Certain Advanced Computing Items; Supercomputer and Semiconductor End Use; Updates and Corrections",
   "BIS is revising the controls on advanced computing items and supercomputer and semiconductor end uses. The rule revises ECCNs 3A090 and 4A090 to use total processing performance and performance density parameters, adds .z paragraphs such as 5A992.z, creates License Exception Notified Advanced Computing (NAC), and expands the license requirements to additional destinations and to entities headquartered in Macau and Country Group D:5.",
   "BIS interim final rule of 17 October 2023 (advanced computing / supercomputer), 88 FR 73458 (as published)", exp(True, "US", ["ai-chips", "export-licensing"], ["critical"]),
   citation="88 FR 73458", action="Interim final rule; request for comments.", rins=["0694-AJ23"], cfr="15 CFR 734, 15 CFR 740, 15 CFR 742, 15 CFR 744, 15 CFR 774", effective="2023-11-17", date="2023-10-25")
fr("2023-23049", "Rule", "Export Controls on Semiconductor Manufacturing Items",
   "BIS amends the EAR to revise controls on semiconductor manufacturing equipment. The rule revises ECCN 3B090, adds items to ECCN 3B001 and 3D001, expands the scope of the end-use controls for advanced-node integrated circuits, and applies a de minimis rule for certain foreign-made semiconductor manufacturing equipment containing U.S.-origin integrated circuits. Licence applications will be reviewed under a presumption of denial for facilities in China producing advanced-node ICs.",
   "BIS interim final rule of 17 October 2023 (semiconductor manufacturing items), 88 FR 73424 (as published)", exp(True, "US", ["chip-equipment", "export-licensing"], ["critical"]),
   citation="88 FR 73424", action="Interim final rule; request for comments.", rins=["0694-AJ21"], effective="2023-11-17", date="2023-10-25")
fr("2024-28270", "Rule", "Foreign-Produced Direct Product Rule Additions, and Refinements to Controls for Advanced Computing and Semiconductor Manufacturing Items",
   "BIS is imposing additional controls on semiconductor manufacturing equipment (SME), software tools for developing or producing advanced-node integrated circuits, and high-bandwidth memory (HBM). The rule adds new ECCNs 3B993, 3B994, 3D992 and 3D993, adds a paragraph for HBM to ECCN 3A090, creates License Exception HBM, and adds two new foreign direct product rules for SME. It also revises the de minimis provisions.",
   "BIS interim final rule of 2 December 2024, 89 FR 96790 (as published)", exp(True, "US", ["chip-equipment", "hbm", "ai-chips", "export-licensing"], ["critical"]),
   citation="89 FR 96790", action="Interim final rule; request for comments.", rins=["0694-AJ74"], effective="2024-12-02", date="2024-12-05")
fr("2024-28267", "Rule", "Additions and Modifications to the Entity List; Removals From the Validated End-User (VEU) Program",
   "In this rule, BIS amends the EAR by adding 140 entries to the Entity List. These entities have been determined to be acting contrary to the national security interests of the United States; many are involved in the development of semiconductor manufacturing equipment and the production of advanced-node integrated circuits in China. This rule also modifies 14 existing entries and removes entities from the Validated End-User program.",
   "BIS final rule of 2 December 2024 adding 140 entries, 89 FR 96830 (as published)", exp(True, "US", ["entity-list", "export-licensing", "chip-equipment"], ["high", "critical"]),
   citation="89 FR 96830", action="Final rule.", rins=["0694-AJ88"], effective="2024-12-02", date="2024-12-05")
fr("2025-00636", "Rule", "Framework for Artificial Intelligence Diffusion",
   "BIS revises the EAR's controls on advanced computing integrated circuits and adds a new control on the model weights of certain advanced closed-weight artificial intelligence (AI) models (ECCN 4E091). The rule creates License Exceptions Artificial Intelligence Authorization (AIA), Advanced Compute Manufacturing (ACM) and Low Processing Performance (LPP), and revises the data center validated end user program.",
   "BIS interim final rule of 15 January 2025, 90 FR 4544 (as published)", exp(True, "US", ["ai-chips", "export-licensing"], ["critical"]),
   citation="90 FR 4544", action="Interim final rule; request for comments.", rins=["0694-AJ90"], effective="2025-01-13", date="2025-01-15")
fr("2025-00711", "Rule", "Implementation of Additional Due Diligence Measures for Advanced Computing Integrated Circuits",
   "BIS amends the EAR to require front-end fabricators and outsourced semiconductor assembly and test providers to apply additional due diligence before exporting integrated circuits that may be advanced computing items of ECCN 3A090 or 4A090. A presumption that ICs at or below the 16/14 nanometer node are 3A090 items applies unless the designer is on an approved list.",
   "BIS interim final rule of 16 January 2025 (foundry due diligence), 90 FR 4612", exp(True, "US", ["ai-chips", "export-licensing"], ["critical"]),
   citation="90 FR 4612", action="Interim final rule.", rins=["0694-AJ94"], effective="2025-01-16", date="2025-01-16")
fr("2025-00704", "Rule", "Additions to the Entity List",
   "In this rule, BIS amends the EAR by adding 25 entities under destinations of China and Singapore to the Entity List, including Sophgo Technologies and Zhipu AI, for their involvement in developing advanced computing integrated circuits and artificial intelligence models for military end uses.",
   "BIS final rule of 16 January 2025 adding Sophgo and Zhipu AI", exp(True, "US", ["entity-list", "ai-chips"], ["high", "critical"]),
   citation="90 FR 4660", action="Final rule.", rins=["0694-AJ92"], effective="2025-01-16", date="2025-01-16")
fr("2023-27520", "Rule", "Implementation of Additional Export Controls: Certain Advanced Computing Items; Supercomputer and Semiconductor End Use; Updates and Corrections; Correction",
   "BIS is correcting the interim final rule published on October 25, 2023, that revised the controls on advanced computing items (ECCNs 3A090 and 4A090) and supercomputer end uses. This document corrects paragraph numbering in License Exception NAC and a cross-reference in the end-use controls.",
   "BIS correction of December 2023 to the October 2023 advanced computing rule", exp(True, "US", ["ai-chips", "export-licensing"], ["low"]),
   citation="88 FR 89326", action="Interim final rule; correction.", rins=["0694-AJ23"], correction_of="2023-23055", date="2023-12-28")
fr("2025-06591", "Notice", "Notice of Request for Public Comments on Section 232 National Security Investigation of Imports of Semiconductors and Semiconductor Manufacturing Equipment",
   "On April 1, 2025, the Secretary of Commerce initiated an investigation under section 232 of the Trade Expansion Act of 1962 to determine the effects on national security of imports of semiconductors and semiconductor manufacturing equipment (SME), including their derivative products. Interested parties are invited to submit written comments on the need for tariffs.",
   "BIS notice of 16 April 2025 on the Section 232 semiconductor investigation", exp(True, "US", ["tariffs", "chip-equipment"], ["medium"]),
   citation="90 FR 15954", action="Notice of request for public comments.", cfr="", date="2025-04-16")
fr("2024-30563", "Notice", "Initiation of Section 301 Investigation; Hearing; and Request for Public Comments: China's Acts, Policies, and Practices Related to Targeting of the Semiconductor Industry for Dominance",
   "The Office of the United States Trade Representative is initiating an investigation under Section 301 of the Trade Act of 1974 into China's acts, policies and practices related to the targeting of the semiconductor industry for dominance, including foundational (legacy) semiconductors and their incorporation into downstream products.",
   "USTR notice of December 2024 initiating the Section 301 legacy chips investigation", exp(True, "US", ["tariffs"], ["medium"]),
   citation="89 FR 104577", action="Notice of initiation of investigation; hearing; request for comments.", agencies="Trade Representative, Office of United States", cfr="", date="2024-12-26")
fr("2024-21217", "Notice", "Notice of Modification: China's Acts, Policies and Practices Related to Technology Transfer, Intellectual Property and Innovation",
   "The U.S. Trade Representative has determined to modify the action in the Section 301 investigation following the four-year review. Tariffs on semiconductors classified in headings 8541 and 8542 increase to 50 percent on January 1, 2025; tariffs on certain critical minerals, tungsten products, polysilicon and wafers also increase. New headings in chapter 99 of the Harmonized Tariff Schedule (9903.91.xx) implement the increases.",
   "USTR notice of modification of 18 September 2024 (Section 301 four-year review), 89 FR 76581", exp(True, "US", ["tariffs", "critical-minerals"], ["high", "critical"]),
   citation="89 FR 76581", action="Notice of modification of action.", agencies="Trade Representative, Office of United States", cfr="", date="2024-09-18")
fr("2025-06063", "Presidential Document", "Regulating Imports With a Reciprocal Tariff To Rectify Trade Practices That Contribute to Large and Persistent Annual United States Goods Trade Deficits",
   "Executive Order 14257 imposes an additional ad valorem duty on imports from all trading partners under the International Emergency Economic Powers Act (IEEPA), with higher reciprocal tariff rates for listed countries. Articles listed in Annex II, including semiconductors, are not subject to the reciprocal tariffs.",
   "Executive Order 14257 of 2 April 2025 (reciprocal tariffs)", exp(True, "US", ["tariffs"], ["high", "critical"]),
   citation="90 FR 15041", action="Executive order.", agencies="Executive Office of the President", cfr="", date="2025-04-07")
fr("2024-20529", "Proposed Rule", "Establishment of Reporting Requirements for the Development of Advanced Artificial Intelligence Models and Computing Clusters",
   "BIS proposes to require U.S. persons developing dual-use foundation AI models or acquiring large-scale computing clusters with advanced AI chips to report their activities, model weights security measures and red-team results to the Department of Commerce on a quarterly basis.",
   "BIS proposed rule of 11 September 2024 on AI reporting", exp(True, "US", ["ai-chips"], ["medium"]),
   citation="89 FR 73612", action="Proposed rule.", rins=["0694-AJ55"], cfr="15 CFR 702", date="2024-09-11")
fr("2025-11111", "Proposed Rule", "Revisions to License Exception ACA for Advanced Computing Integrated Circuits",
   "BIS proposes to revise License Exception Advanced Compute Authorization to narrow the destinations eligible for exports of 3A090 integrated circuits and 4A090 computers, and requests comments on a licence fee or revenue-share condition for licences for data center GPUs.",
   "written example of a BIS proposed rule (hypothetical, in the format of 0694 proposed rules)", exp(True, "US", ["ai-chips", "export-licensing"], ["medium"]),
   citation="90 FR 22222", action="Proposed rule; request for comments.", rins=["0694-AJ99"], date="2025-05-20")
fr("2024-24441", "Notice", "Information Systems Technical Advisory Committee; Notice of Partially Closed Meeting",
   "The Information Systems Technical Advisory Committee (ISTAC) will meet on November 14, 2024. The Committee advises the Office of the Assistant Secretary for Export Administration on technical questions. Agenda: working group reports on Category 3 semiconductor manufacturing equipment and on advanced computing integrated circuit parameters (3A090); the closed session discusses matters exempt under the Sunshine Act.",
   "BIS ISTAC meeting notices (published several times a year)", exp(True, "US", ["ai-chips", "chip-equipment"], ["low"]),
   citation="89 FR 84533", action="Notice of partially closed meeting.", cfr="", date="2024-10-23")
fr("2024-11234", "Notice", "Sensors and Instrumentation Technical Advisory Committee; Notice of Partially Closed Meeting",
   "The Sensors and Instrumentation Technical Advisory Committee will meet on June 4, 2024. Agenda: welcome and introductions; remarks from the Bureau of Industry and Security; presentation on lasers and optical sensors; closed session.",
   "BIS SITAC meeting notices", NEG("US"), citation="89 FR 45678", action="Notice of partially closed meeting.", cfr="", date="2024-05-20")
fr("2024-07446", "Rule", "Revision of Firearms License Requirements",
   "BIS amends the EAR to revise license requirements and license review policies for firearms and related items controlled under ECCNs 0A501, 0A502 and 0A505, adds a new license requirement for certain destinations, and revises License Exception BAG for shotguns.",
   "BIS interim final rule of 30 April 2024 on firearms", NEG("US"), citation="89 FR 34680", action="Interim final rule.", rins=["0694-AJ44"], cfr="15 CFR 740, 15 CFR 742, 15 CFR 774", date="2024-04-30")
fr("2023-21000", "Rule", "Export Controls on Crime Control and Detection Items",
   "BIS amends the EAR to expand license requirements for crime control and detection items, including facial recognition systems and police equipment, to reflect human rights concerns; the license review policy for these items is revised.",
   "written example following BIS crime control rules (2020-2024)", NEG("US"), citation="88 FR 65000", action="Final rule.", rins=["0694-AI61"], cfr="15 CFR 742, 15 CFR 774", date="2023-09-25")
fr("2024-30000", "Rule", "Additions to the Entity List",
   "BIS amends the EAR by adding eleven entities under destinations of Russia, Turkey and the United Arab Emirates to the Entity List for supplying aircraft parts to Russian airlines in violation of the EAR.",
   "BIS Entity List additions concerning Russia (2023-2024)", exp(True, "US", ["entity-list"], ["high"]),
   citation="89 FR 88000", action="Final rule.", rins=["0694-AJ80"], date="2024-11-05")
fr("2024-18000", "Notice", "Allocation of Fiscal Year 2025 Tariff-Rate Quota for Raw Cane Sugar",
   "The Office of the United States Trade Representative is providing notice of country-by-country allocations of the fiscal year 2025 in-quota quantity of the tariff-rate quota for imported raw cane sugar under subheading 1701.14.10 of the Harmonized Tariff Schedule.",
   "USTR raw cane sugar tariff-rate quota notices (annual)", NEG("US"), citation="89 FR 71000", action="Notice.", agencies="Trade Representative, Office of United States", cfr="", date="2024-08-30")
fr("2024-26000", "Notice", "Certain Softwood Lumber Products From Canada: Final Results of Antidumping Duty Administrative Review",
   "The Department of Commerce determines that producers and exporters of certain softwood lumber products from Canada sold subject merchandise at less than normal value; antidumping duty rates are revised.",
   "ITA antidumping administrative review notices", NEG("US"), citation="89 FR 91000", action="Notice.", agencies="International Trade Administration", cfr="", date="2024-11-15")
fr("2024-25000", "Notice", "Raw Honey From Argentina, Brazil, India, and Vietnam: Final Results of Antidumping Duty Administrative Review",
   "Commerce determines that raw honey from the subject countries was sold at less than normal value during the period of review; cash deposit rates for antidumping duties are established.",
   "ITA antidumping notices on agricultural products", NEG("US"), citation="89 FR 88500", action="Notice.", agencies="International Trade Administration", cfr="", date="2024-11-01")
fr("2024-22000", "Notice", "Enforcement of Section 301 Action in the Large Civil Aircraft Dispute: Suspension of Tariffs on Products of the European Union",
   "USTR is extending the suspension of additional tariffs on certain products of the European Union, including wine, cheese and olive oil, imposed under Section 301 in the large civil aircraft dispute.",
   "USTR Section 301 large civil aircraft notices", NEG("US"), citation="89 FR 79000", action="Notice of suspension.", agencies="Trade Representative, Office of United States", cfr="", date="2024-09-27")
fr("2025-03000", "Presidential Document", "Adjusting Imports of Steel Into the United States",
   "By the authority vested in me by section 232 of the Trade Expansion Act of 1962, I hereby proclaim that the additional ad valorem tariff on steel articles and derivative steel articles is increased to 25 percent and all country exemptions are terminated.",
   "Proclamation 10896 of 10 February 2025 (Section 232 steel)", NEG("US"), citation="90 FR 9817", action="Proclamation.", agencies="Executive Office of the President", cfr="", date="2025-02-18")
fr("2024-05000", "Notice", "CHIPS Incentives Program: Notice of Funding Opportunity for Commercial Fabrication Facilities",
   "The CHIPS Program Office of the National Institute of Standards and Technology announces the availability of financial assistance for projects for the construction, expansion or modernization of commercial facilities for the fabrication of leading-edge, current-generation and mature-node semiconductors in the United States.",
   "NIST CHIPS for America funding notices", NEG("US"), citation="89 FR 12000", action="Notice of funding opportunity.", agencies="National Institute of Standards and Technology", cfr="", date="2024-02-28")
fr("2024-09000", "Rule", "Fisheries of the Exclusive Economic Zone Off Alaska; Pacific Cod in the Bering Sea",
   "NMFS is prohibiting directed fishing for Pacific cod by catcher vessels using trawl gear in the Bering Sea to prevent exceeding the total allowable catch.",
   "NOAA fisheries temporary rules (daily in the Federal Register)", NEG("US"), citation="89 FR 30000", action="Temporary rule; closure.", agencies="National Oceanic and Atmospheric Administration", cfr="50 CFR 679", date="2024-04-22")
fr("2024-10000", "Rule", "Air Plan Approval; Texas; Regional Haze",
   "The EPA is approving revisions to the Texas State Implementation Plan addressing regional haze requirements for the second implementation period.",
   "EPA state plan approvals", NEG("US"), citation="89 FR 40000", action="Final rule.", agencies="Environmental Protection Agency", cfr="40 CFR 52", date="2024-05-10")

# ---------------------------------------------------------------- eCFR (EAR sections)
ecfr("744.23", "§ 744.23 Supercomputer, advanced-node integrated circuits, and semiconductor manufacturing equipment end use controls.",
     "(a) General prohibitions. In addition to the license requirements in this part, you may not export, reexport, or transfer (in-country) without a license any item subject to the EAR when you know that the item is destined for the development or production of advanced-node integrated circuits, or of semiconductor manufacturing equipment specified in ECCN 3B001, 3B090, 3B993 or 3B994, or for a supercomputer, or of items specified in ECCN 3A090 or 4A090.",
     "15 CFR 744.23 as amended by the January 2025 rules", exp(True, "US", ["ai-chips", "chip-equipment", "export-licensing"], ["critical", "high"]))
ecfr("744.11", "§ 744.11 License requirements that apply to entities acting or at significant risk of acting contrary to the national security or foreign policy interests of the United States.",
     "BIS may impose foreign policy export and reexport license requirements, limitations on availability of license exceptions, and set license application review policy based on the criteria in this section. Entities for which there is reasonable cause to believe they have been involved in activities contrary to national security are listed on the Entity List in supplement no. 4 to this part.",
     "15 CFR 744.11 (Entity List criteria)", exp(True, "US", ["entity-list"], ["high", "critical"]), date="2024-12-05")
ecfr("734.9", "§ 734.9 Foreign-direct product (FDP) rules.",
     "(h) Advanced computing FDP rule. A foreign-produced item is subject to the EAR if it is a direct product of technology or software specified in ECCN 3D001, 3E001, 4D001 or 4E001 and is specified in ECCN 3A090, 4A090 or a .z paragraph. (k) Footnote 5 FDP rule: foreign-produced semiconductor manufacturing equipment specified in ECCN 3B001, 3B993 or 3B994 destined to entities with a footnote 5 designation is subject to the EAR.",
     "15 CFR 734.9 as amended on 2 December 2024", exp(True, "US", ["ai-chips", "chip-equipment", "export-licensing"], ["critical", "high"]), date="2024-12-02")
ecfr("740.8", "§ 740.8 Notified Advanced Computing (NAC) and Advanced Computing Authorized (ACA).",
     "License Exception NAC authorizes the export of items specified in ECCN 3A090.a, 4A090.a and corresponding .z items to destinations in Country Groups D:1, D:4 and D:5 provided a notification is submitted to BIS at least 25 days before the export.",
     "15 CFR 740.8 (License Exception NAC/ACA)", exp(True, "US", ["ai-chips", "export-licensing"], ["critical", "high"]), date="2025-01-15")
ecfr("774-sup1-cat3", "Supplement No. 1 to Part 774 Category 3—Electronics", 
     "3A090 Integrated circuits as follows (see List of Items Controlled): a. ICs with total processing performance of 4800 or more; c. high-bandwidth memory (HBM) having a memory bandwidth density greater than 2 GB/s/mm2. License Requirements: NS, RS, AT. 3B001 Equipment for the manufacturing of semiconductor devices: f. lithography equipment.",
     "15 CFR 774 Supplement 1, Category 3 (CCL) as amended in December 2024", exp(True, "US", ["ai-chips", "hbm", "chip-equipment", "export-licensing"], ["critical", "high"]), part="774", date="2024-12-02")
ecfr("744.6", "§ 744.6 Restrictions on specific activities of “U.S. persons”.",
     "No U.S. person may, without a license from BIS, support the development or production of integrated circuits at a semiconductor fabrication facility located in Macau or a destination in Country Group D:5 that fabricates integrated circuits meeting the criteria of advanced-node integrated circuits.",
     "15 CFR 744.6 (U.S. person controls) as amended in October 2022", exp(True, "US", ["export-licensing"], ["high", "critical"]), date="2022-10-07")
ecfr("740.16", "§ 740.16 Additional permissive reexports (APR).",
     "This license exception authorizes reexports and exports from abroad of commodities controlled for national security reasons to and among countries in Country Group A:1 and cooperating countries. Paragraph (a)(2) is revised to correct a cross-reference.",
     "15 CFR 740.16, editorial amendment", NEG("US"), substantive=False, date="2024-03-01")
ecfr("744.21", "§ 744.21 Restrictions on certain military end uses or military end users in Belarus, Burma, Cambodia, China, Nicaragua, Russia, or Venezuela.",
     "In addition to the license requirements for items specified on the Commerce Control List, you may not export any item subject to the EAR listed in supplement no. 2 to this part, including aircraft parts, marine engines and specific chemicals, when you know that the item is intended for a military end use.",
     "15 CFR 744.21 (military end-use rule)", NEG("US"), date="2024-04-10")

# ---------------------------------------------------------------- Entity List entries
ELX = "89 FR 96830"
el("Piotech Inc.", "CN", ELX, "Entity List addition of 2 December 2024 (SME maker)", exp(True, "US", ["entity-list"], ["high"]), addresses="No. 900 Shuijia Road, Shenyang, Liaoning, CN")
el("ACM Research (Shanghai), Inc.", "CN", ELX, "Entity List addition of 2 December 2024", exp(True, "US", ["entity-list"], ["high"]), addresses="Building 4, No. 1690 Cailun Road, Shanghai, CN")
el("SiCarrier Technologies Co., Ltd.", "CN", ELX, "Entity List addition of 2 December 2024", exp(True, "US", ["entity-list"], ["high"]), policy="Case-by-case review for 3A090 and 4A090 items; presumption of denial for all other items.")
el("Sophgo Technologies Ltd.", "CN", "90 FR 4660", "Entity List addition of January 2025", exp(True, "US", ["entity-list"], ["high"]), addresses="Beijing, CN")
el("Zhipu AI", "CN", "90 FR 4660", "Entity List addition of January 2025", exp(True, "US", ["entity-list"], ["high"]), alt="Beijing Zhipu Huazhang Technology Co., Ltd.")
el("Yangtze Memory Technologies Co., Ltd.", "CN", "87 FR 77505", "Entity List addition of December 2022 (YMTC)", exp(True, "US", ["entity-list"], ["high"]))
el("Semiconductor Manufacturing International Corporation", "CN", "85 FR 83416", "Entity List addition of December 2020 (SMIC), revised entry", exp(True, "US", ["entity-list"], ["medium", "high"]), change="modified",
   diff=[{"field": "license_policy", "before": "Case-by-case review.", "after": "Presumption of denial for items uniquely required for production at 10 nm and below."}])
el("Beijing Computational Science Research Center", "CN", "84 FR 29371", "Entity List entry removed (a removal is an entry no longer in the file)", exp(True, "US", ["entity-list"], ["high", "medium"]), change="removed")

# ---------------------------------------------------------------- Tariff lines
hts("8542.31.00", "Processors and controllers, whether or not combined with memories, converters, logic circuits, amplifiers, clock and timing circuits, or other circuits",
    "HTS 8542.31.00; a hypothetical general-rate change of the kind a Section 232 action would make", exp(True, "US", ["tariffs"], ["high"]),
    [{"field": "general", "before": "Free", "after": "25%"}], general="25%")
hts("8541.49.10", "Diodes, transistors and similar semiconductor devices: Other",
    "HTS 8541 line with the Section 301 footnote added in January 2025", exp(True, "US", ["tariffs"], ["high"]),
    [{"field": "footnotes", "before": "See 9903.88.01.", "after": "See 9903.88.01 and 9903.91.05."}], footnotes="See 9903.88.01 and 9903.91.05.")
hts("8486.20.00", "Machines and apparatus for the manufacture of semiconductor devices or of electronic integrated circuits",
    "HTS 8486.20.00 with the Section 301 exclusion footnote", exp(True, "US", ["tariffs", "chip-equipment"], ["high"]),
    [{"field": "footnotes", "before": "", "after": "See 9903.88.69."}], footnotes="See 9903.88.69.")
hts("9903.91.05", "Articles the product of China, as provided for in U.S. note 31(e) to this subchapter: semiconductors classified in headings 8541 or 8542",
    "HTS chapter 99 heading 9903.91.05 (Section 301 semiconductors at 50% from 1 January 2025)", exp(True, "US", ["tariffs"], ["high"]),
    [{"field": "general", "before": "The duty provided in the applicable subheading + 25%", "after": "The duty provided in the applicable subheading + 50%"}], general="The duty provided in the applicable subheading + 50%")
hts("9903.80.01", "Products of iron or steel provided for in the headings or subheadings enumerated in U.S. note 16 to this subchapter",
    "HTS chapter 99 Section 232 steel heading", NEG("US"),
    [{"field": "general", "before": "The duty provided in the applicable subheading + 10%", "after": "The duty provided in the applicable subheading + 25%"}], general="The duty provided in the applicable subheading + 25%")
hts("0201.10.05", "Carcasses and half-carcasses of bovine animals, fresh or chilled: Described in general note 15",
    "HTS chapter 02 beef line (tariff-rate quota)", NEG("US"), [{"field": "general", "before": "4.4 cents/kg", "after": "26.4%"}], general="26.4%")

# ---------------------------------------------------------------- China pages (zh)
MOFCOM = {"id": "mofcom-export-control", "kind": "page", "jurisdiction": "CN", "official": True}
TARIFFCOM = {"id": "china-tariff-commission", "kind": "page", "jurisdiction": "CN", "official": True}
CAC = {"id": "cac-announcements", "kind": "page", "jurisdiction": "CN", "official": True}
page("mofcom-2023-23", MOFCOM, "商务部 海关总署公告2023年第23号 关于对镓、锗相关物项实施出口管制的公告",
     "根据《中华人民共和国出口管制法》、《中华人民共和国对外贸易法》、《中华人民共和国海关法》有关规定，为维护国家安全和利益，经国务院批准，决定对镓、锗相关物项实施出口管制。一、满足以下特性的物项，未经许可，不得出口：（一）镓相关物项：金属镓、氮化镓、氧化镓、磷化镓、砷化镓。（二）锗相关物项：金属锗、区熔锗锭、磷锗锌、锗外延生长衬底、二氧化锗。二、出口经营者应当按照相关规定办理出口许可手续。本公告自2023年8月1日起正式实施。",
     "MOFCOM and GAC Announcement 2023 No. 23 of 3 July 2023 (gallium and germanium)", exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], ["critical", "high"]), "zh", date="2023-07-03")
page("mofcom-2023-39", MOFCOM, "商务部 海关总署公告2023年第39号 关于优化调整石墨物项临时出口管制措施的公告",
     "为维护国家安全和利益，经国务院批准，决定优化调整石墨物项临时出口管制措施。对高纯度、高强度、高密度的人造石墨材料及其制品，天然鳞片石墨及其制品实施出口管制，出口经营者应当向商务部申请出口许可。本公告自2023年12月1日起正式实施。",
     "MOFCOM and GAC Announcement 2023 No. 39 of 20 October 2023 (graphite)", exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], ["critical", "high"]), "zh", date="2023-10-20")
page("mofcom-2024-46", MOFCOM, "商务部公告2024年第46号 关于加强相关两用物项对美国出口管制的公告",
     "根据《中华人民共和国出口管制法》等法律法规有关规定，为维护国家安全和利益、履行防扩散等国际义务，决定加强相关两用物项对美国出口管制。一、禁止两用物项对美国军事用户或军事用途出口。二、原则上不予许可镓、锗、锑、超硬材料相关两用物项对美国出口；对石墨两用物项对美国出口，实施更严格的最终用户和最终用途审查。",
     "MOFCOM Announcement 2024 No. 46 of 3 December 2024 (dual-use items to the US)", exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], ["critical"]), "zh", date="2024-12-03")
page("mofcom-2025-10", MOFCOM, "商务部 海关总署公告2025年第10号 关于公布对钨、碲、铋、钼、铟相关物项实施出口管制决定的公告",
     "根据《中华人民共和国出口管制法》、《中华人民共和国两用物项出口管制条例》有关规定，为维护国家安全和利益、履行防扩散等国际义务，经国务院批准，决定对钨、碲、铋、钼、铟相关物项实施出口管制。出口经营者出口上述物项，应当依照有关规定申请许可。",
     "MOFCOM and GAC Announcement 2025 No. 10 of 4 February 2025", exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], ["critical", "high"]), "zh", date="2025-02-04")
page("mofcom-2025-18", MOFCOM, "商务部 海关总署公告2025年第18号 关于对部分中重稀土相关物项实施出口管制措施的决定",
     "经国务院批准，决定对钐、钆、铽、镝、镥、钪、钇等7类中重稀土相关物项实施出口管制。上述物项未经许可不得出口。本公告自公布之日起正式实施。",
     "MOFCOM and GAC Announcement 2025 No. 18 of 4 April 2025 (medium and heavy rare earths)", exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], ["critical", "high"]), "zh", date="2025-04-04")
page("mofcom-uel-2025-1", MOFCOM, "不可靠实体清单工作机制关于将部分美国实体列入不可靠实体清单的公告",
     "根据《不可靠实体清单规定》有关规定，不可靠实体清单工作机制决定将以下美国实体列入不可靠实体清单，并采取禁止从事与中国有关的进出口活动、禁止在中国境内新增投资等处理措施。",
     "Unreliable Entity List working mechanism announcements (2023-2025)", exp(True, "CN", ["china-countermeasures"], ["high", "critical"]), "zh", date="2025-01-02")
page("mofcom-ad-analog-2025", MOFCOM, "商务部公告 关于对原产于美国的进口相关模拟芯片进行反倾销立案调查的公告",
     "根据《中华人民共和国反倾销条例》的规定，商务部决定自公告之日起对原产于美国的进口相关模拟芯片进行反倾销立案调查。被调查产品为采用40纳米及以上工艺制程的通用接口芯片和栅极驱动芯片，属于集成电路。",
     "MOFCOM announcement of 13 September 2025 on an anti-dumping investigation into US analog chips", exp(True, "CN", ["china-countermeasures"], ["high", "critical"]), "zh", date="2025-09-13")
page("cac-micron-2023", CAC, "关于对美光公司在华销售产品进行网络安全审查的结论",
     "网络安全审查办公室依据《网络安全审查办法》对美光公司在华销售的产品进行了网络安全审查。审查发现，美光公司产品存在较严重网络安全问题隐患，对我国关键信息基础设施供应链造成重大安全风险。我国内关键信息基础设施的运营者应停止采购美光公司产品。",
     "CAC cybersecurity review conclusion on Micron of 21 May 2023", exp(True, "CN", ["china-countermeasures"], ["high", "critical"]), "zh", date="2023-05-21")
page("mofcom-brandy-2025", MOFCOM, "商务部公告2025年第 号 关于对原产于欧盟的进口相关白兰地反倾销调查最终裁定的公告",
     "商务部对原产于欧盟的进口相关白兰地进行了反倾销调查，裁定原产于欧盟的进口相关白兰地存在倾销，国内白兰地产业受到实质损害的威胁，决定对其征收反倾销税，实施期限为5年。",
     "MOFCOM final ruling on EU brandy anti-dumping of July 2025", NEG("CN"), "zh", date="2025-07-04")
page("tariffcom-2025-1", TARIFFCOM, "国务院关税税则委员会关于对原产于美国的部分进口商品加征关税的公告",
     "国务院关税税则委员会决定，对原产于美国的煤炭、液化天然气加征15%关税，对原油、农业机械、大排量汽车、皮卡加征10%关税。本公告自2025年2月10日起实施。",
     "State Council Tariff Commission announcement 2025 No. 1 of 4 February 2025", NEG("CN"), "zh", date="2025-02-04")
page("mofcom-tradein-2025", MOFCOM, "商务部等部门关于做好2025年消费品以旧换新工作的通知",
     "为贯彻落实党中央、国务院决策部署，扎实推进2025年消费品以旧换新工作，现就有关事项通知如下：扩大汽车报废更新支持范围，支持家电产品以旧换新。浏览次数：12345",
     "MOFCOM consumer trade-in notices", NEG("CN"), "zh", date="2025-01-08")

# ---------------------------------------------------------------- Japan METI (ja)
METI = {"id": "meti-export-control", "kind": "page", "jurisdiction": "JP", "official": True}
page("meti-2023-05-23", METI, "外国為替令等の一部を改正する政令等の公布について（半導体製造装置等23品目の輸出管理）",
     "経済産業省は、外国為替及び外国貿易法に基づく輸出貿易管理令の貨物等省令を改正し、先端半導体製造装置等23品目を輸出管理の対象に追加しました。露光装置、エッチング装置、成膜装置、洗浄装置等が対象となり、輸出には経済産業大臣の許可が必要となります。施行日は2023年7月23日です。",
     "METI announcement of 23 May 2023 (23 items of semiconductor manufacturing equipment)", exp(True, "JP", ["chip-equipment", "export-licensing"], ["critical", "high"]), "ja", date="2023-05-23")
page("meti-2025-01", METI, "輸出貿易管理令の一部改正について（先端半導体及び量子関連品目の追加）",
     "経済産業省は、外為法に基づく輸出管理の対象に、先端半導体の製造に用いられる装置及び技術、量子コンピュータ関連品目を追加する省令改正を公布しました。該当貨物の輸出には許可申請が必要です。",
     "METI amendment of January 2025 adding advanced semiconductor and quantum items", exp(True, "JP", ["chip-equipment", "export-licensing"], ["critical", "high"]), "ja", date="2025-01-31")
page("meti-wage-2025", METI, "中小企業の賃上げ環境整備に向けた支援策を取りまとめました",
     "経済産業省は、中小企業・小規模事業者の賃上げを後押しするため、価格転嫁対策、生産性向上のための補助金、事業承継支援を含む支援策パッケージを取りまとめました。",
     "METI SME support press releases", NEG("JP"), "ja", date="2025-03-01")
page("meti-energy-2025", METI, "電気・ガス料金支援について",
     "経済産業省は、冬季の電気・ガス料金の負担軽減のため、家庭及び企業向けの料金支援を実施します。最終更新日時：2025年1月10日 10:15",
     "METI energy price support notices", NEG("JP"), "ja", date="2025-01-10")

# ---------------------------------------------------------------- Netherlands (nl)
NLGOV = {"id": "nl-export-control", "kind": "page", "jurisdiction": "NL", "official": True}
page("nl-2023-06-30", NLGOV, "Kabinet neemt aanvullende exportcontrolemaatregelen voor geavanceerde halfgeleiderproductieapparatuur",
     "De minister voor Buitenlandse Handel en Ontwikkelingssamenwerking heeft een nationale regeling gepubliceerd waarmee een vergunningplicht geldt voor de export van geavanceerde halfgeleiderproductieapparatuur, waaronder geavanceerde DUV-immersielithografiesystemen en depositie-apparatuur. De regeling is gebaseerd op artikel 9 van de EU-dual-use-verordening (Verordening (EU) 2021/821) en treedt in werking op 1 september 2023.",
     "Dutch government announcement of 30 June 2023 (Regeling geavanceerde productieapparatuur voor halfgeleiders)", exp(True, "NL", ["chip-equipment", "export-licensing", "eu-dual-use"], ["critical", "high"]), "nl", date="2023-06-30")
page("nl-2024-09-06", NLGOV, "Kabinet breidt vergunningplicht uit voor ASML DUV-lithografiesystemen 1970i en 1980i",
     "Het kabinet past de nationale regeling aan: voor de export van de DUV-immersielithografiesystemen NXT:1970i en NXT:1980i van ASML is voortaan een exportvergunning van Nederland nodig in plaats van de Verenigde Staten.",
     "Dutch government announcement of 6 September 2024", exp(True, "NL", ["chip-equipment", "export-licensing"], ["critical", "high"]), "nl", date="2024-09-06")
page("nl-2025-01-15", NLGOV, "Uitbreiding exportcontrole op meet- en inspectieapparatuur voor halfgeleiders",
     "Met een wijziging van de regeling wordt de vergunningplicht uitgebreid naar specifieke meet- en inspectieapparatuur en software voor de productie van geavanceerde halfgeleiders. Laatst bijgewerkt op 15-01-2025.",
     "Dutch government announcement of 15 January 2025 (metrology and inspection equipment)", exp(True, "NL", ["chip-equipment", "export-licensing"], ["critical", "high"]), "nl", date="2025-01-15")
page("nl-stikstof-2024", NLGOV, "Kabinet investeert in aanpak stikstof en toekomst landbouw",
     "Het kabinet trekt extra geld uit voor boeren die willen extensiveren of verplaatsen en voor natuurherstel in gebieden rond Natura 2000.",
     "Dutch government agriculture announcements", NEG("NL"), "nl", date="2024-10-01")
page("nl-huur-2024", NLGOV, "Nieuwe regels voor huurwoningen in de middenhuur",
     "Vanaf 1 juli 2024 geldt voor middenhuurwoningen een maximale huurprijs op basis van het woningwaarderingsstelsel.",
     "Dutch government housing announcements", NEG("NL"), "nl", date="2024-06-28")

# ---------------------------------------------------------------- EU, UK, official press releases
EU = {"id": "eu-commission-press", "kind": "feed", "jurisdiction": "EU", "official": True}
USTR = {"id": "ustr-press", "kind": "feed", "jurisdiction": "US", "official": True}
BISPR = {"id": "bis-press", "kind": "feed", "jurisdiction": "US", "official": True}
UKGOV = {"id": "uk-export-control", "kind": "feed", "jurisdiction": "UK", "official": True}
feed("eu-2025-annex1", EU, "Commission updates the EU control list of dual-use items",
     "The Commission adopted a Delegated Regulation amending Annex I to Regulation (EU) 2021/821, updating the EU list of dual-use items subject to export authorisation, including new controls on semiconductor manufacturing and testing equipment and quantum computing items agreed outside the Wassenaar Arrangement.",
     "Commission delegated regulation updating Annex I (September 2025)", exp(True, "EU", ["eu-dual-use", "export-licensing", "chip-equipment"], ["medium", "high"]), doctype="Press Release")
feed("eu-windaid-2025", EU, "Commission approves €1 billion German scheme to support offshore wind",
     "The European Commission has approved, under EU State aid rules, a German scheme to support the construction of offshore wind farms in the North Sea.",
     "Commission State aid press releases", NEG("EU"), doctype="Press Release")
feed("uk-2024-04", UKGOV, "New export controls on semiconductor and quantum technologies",
     "The Export Control Joint Unit announces that the UK government has introduced new controls on the export of semiconductor manufacturing and testing equipment, quantum computers and related technology. Exporters will need a licence.",
     "UK Export Control Joint Unit notice to exporters of April 2024", exp(True, "UK", ["chip-equipment", "export-licensing"], ["medium", "high"]), doctype="Press Release")
feed("bis-pr-2024-12-02", BISPR, "Commerce Strengthens Export Controls to Restrict China's Capability to Produce Advanced Semiconductors for Military Applications",
     "The Bureau of Industry and Security announced a package of rules that imposes new controls on 24 types of semiconductor manufacturing equipment and 3 types of software tools, new controls on high-bandwidth memory (HBM), and adds 140 entities to the Entity List.",
     "BIS press release of 2 December 2024", exp(True, "US", ["chip-equipment", "hbm", "entity-list", "export-licensing"], ["medium", "high"]), doctype="Press Release")
feed("bis-pr-2025-05-13", BISPR, "Department of Commerce Announces Rescission of Biden-Era Artificial Intelligence Diffusion Rule, Strengthens Chip-Related Export Controls",
     "BIS announced it will not enforce the AI Diffusion rule and issued guidance that using Huawei Ascend chips anywhere in the world risks violating U.S. export controls, and warned of the consequences of allowing U.S. AI chips to be used for training Chinese AI models.",
     "BIS press release of 13 May 2025", exp(True, "US", ["ai-chips", "export-licensing"], ["medium", "high"]), doctype="Press Release")
feed("bis-pr-penalty-2024", BISPR, "BIS Imposes Penalty on Florida Company for Unlicensed Exports of Aircraft Parts to Iran",
     "The Bureau of Industry and Security imposed a civil penalty of $2.1 million on an aviation parts supplier for exporting aircraft parts to Iran without the required licenses.",
     "BIS enforcement press releases", NEG("US"), doctype="Press Release")
feed("ustr-pr-2024-12-23", USTR, "USTR Initiates Section 301 Investigation of China's Targeting of the Semiconductor Industry",
     "The Office of the U.S. Trade Representative initiated a Section 301 investigation into China's acts, policies and practices targeting foundational semiconductors (legacy chips) for dominance, which could lead to tariffs.",
     "USTR press release of 23 December 2024", exp(True, "US", ["tariffs"], ["medium"]), doctype="Press Release")
feed("ustr-pr-sugar-2024", USTR, "USTR Announces Fiscal Year 2025 Tariff-Rate Quota Allocations for Raw Cane Sugar, Refined and Special Sugar Products",
     "The Office of the U.S. Trade Representative announced country-by-country allocations of the tariff-rate quota for imported raw cane sugar.",
     "USTR sugar TRQ press releases", NEG("US"), doctype="Press Release")

# ---------------------------------------------------------------- News
feed("news-h20-licence", NEWS, "Nvidia says US government requires licence for H20 chip exports to China",
     "Nvidia said the U.S. government informed it that exports of its H20 AI chips to China will require a license indefinitely, and it expects a $5.5 billion charge.",
     "news of 15-16 April 2025 (Reuters, Bloomberg)", exp(True, "US", ["ai-chips", "export-licensing"], ["low", "medium"]))
feed("news-revenue-share", NEWS, "Nvidia and AMD to pay US government 15% of China chip sales revenue in exchange for export licences",
     "Under an unusual arrangement with the Trump administration, Nvidia and AMD agreed to give the U.S. government 15 percent of revenue from sales of H20 and MI308 chips to China in exchange for export licenses.",
     "news of 11 August 2025", exp(True, "US", ["ai-chips", "export-licensing"], ["low", "medium"]))
feed("news-cn-ban-gallium", NEWS, "China bans exports of gallium, germanium and antimony to the United States",
     "China's commerce ministry said it would ban exports of gallium, germanium and antimony to the United States, a day after Washington's latest crackdown on China's chip sector.",
     "news of 3 December 2024", exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], ["low", "medium"]))
feed("news-nl-asml", NEWS, "Netherlands expands export restrictions on ASML chipmaking machines",
     "The Dutch government said it would require ASML to apply for licences to export more of its DUV lithography machines to China, aligning with U.S. curbs.",
     "news of 6 September 2024", exp(True, "NL", ["chip-equipment", "export-licensing"], ["low", "medium"]))
feed("news-jp-23", NEWS, "Japan to restrict exports of 23 types of chipmaking equipment",
     "Japan's Ministry of Economy, Trade and Industry said it would add 23 types of semiconductor manufacturing equipment, including lithography and etching tools, to its export control list from July.",
     "news of 31 March 2023", exp(True, "JP", ["chip-equipment", "export-licensing"], ["low", "medium"]))
feed("news-micron-review", NEWS, "China says Micron products failed security review, bars use in critical infrastructure",
     "China's cyberspace regulator said Micron Technology's products sold in the country had failed its cybersecurity review and operators of critical infrastructure should stop buying them.",
     "news of 21 May 2023", exp(True, "CN", ["china-countermeasures"], ["low", "medium"]))
feed("news-analog-probe", NEWS, "China launches anti-dumping probe into US analog chips",
     "China's commerce ministry said it has launched an anti-dumping investigation into certain analog integrated circuits imported from the United States, ahead of trade talks in Madrid.",
     "news of 13 September 2025", exp(True, "CN", ["china-countermeasures"], ["low", "medium"]))
feed("news-inspur-el", NEWS, "US adds dozens of Chinese companies to trade blacklist, including Inspur units",
     "The Commerce Department added 80 companies to the Entity List, including six subsidiaries of Inspur Group, for helping develop supercomputers and advanced AI chips for China's military.",
     "news of 25 March 2025", exp(True, "US", ["entity-list", "ai-chips"], ["low", "medium"]))
feed("news-100pct", NEWS, "Trump says US will impose 100% tariff on semiconductors, with exemptions for companies building in US",
     "President Trump said the United States would impose a tariff of about 100% on imported chips and semiconductors, exempting companies that are building manufacturing plants in the country.",
     "news of 6 August 2025", exp(True, "US", ["tariffs"], ["low", "medium"]))
feed("news-kr-hbm", NEWS, "South Korea designates HBM technology as national core technology, tightening export approval",
     "South Korea's Ministry of Trade, Industry and Energy designated high-bandwidth memory technology as a national core technology, meaning exports of the technology require government approval.",
     "news of 2024 on Korea's national core technology designations", exp(True, "KR", ["hbm", "export-licensing"], ["low", "medium"]))
feed("news-tw-el", NEWS, "Taiwan adds Huawei and SMIC to export control entity list",
     "Taiwan's International Trade Administration added Huawei and SMIC to its strategic high-tech commodities entity list, meaning Taiwanese firms need government permission to ship to them.",
     "news of 15 June 2025", exp(True, "TW", ["entity-list", "export-licensing"], ["low", "medium"]))
feed("news-nvidia-earnings", NEWS, "Nvidia revenue jumps as demand for H100 AI chips soars",
     "Nvidia reported quarterly revenue well above analysts' estimates as cloud providers raced to buy its H100 graphics processors for generative AI.",
     "business news of 2023-2024 (chip news that is not policy)", NEG(None))
feed("news-tsmc-arizona", NEWS, "TSMC begins production at its Arizona fab",
     "Taiwan Semiconductor Manufacturing Co has begun producing advanced chips for customers at its first factory in Phoenix, Arizona, a milestone for the chipmaker.",
     "business news of January 2025", NEG(None))
feed("news-samsung-hbm4", NEWS, "Samsung ships HBM4 memory samples to customers",
     "Samsung Electronics said it has started shipping samples of its sixth-generation high-bandwidth memory to customers, hoping to catch up with SK Hynix.",
     "business news of 2025", NEG(None))
feed("news-asml-demand", NEWS, "ASML says demand for EUV machines remains strong",
     "ASML chief executive said orders for its extreme ultraviolet lithography machines remained strong, driven by AI chip demand, as the company reported results.",
     "business news (chip news that is not policy)", NEG(None))
feed("news-intel-ceo", NEWS, "Intel names new chief executive",
     "Intel appointed a semiconductor industry veteran as chief executive, ending a months-long search after the departure of Pat Gelsinger.",
     "business news of March 2025", NEG(None))
feed("news-cn-exports", NEWS, "China's exports rise 8% in November, beating forecasts",
     "China's exports grew faster than expected in November as factories rushed out shipments, customs data showed.",
     "economic news", NEG(None))
feed("news-eu-ev", NEWS, "EU imposes tariffs of up to 35% on Chinese electric vehicles",
     "The European Union will impose tariffs of up to 35.3% on imports of electric vehicles made in China after an anti-subsidy investigation.",
     "news of 29 October 2024 (tariffs, not chips)", NEG(None))
feed("news-steel", NEWS, "US raises tariffs on steel and aluminum imports to 50%",
     "The administration doubled tariffs on imported steel and aluminum to 50 percent, hitting Canada and Mexico.",
     "news of 4 June 2025 (tariffs, not chips)", NEG(None))
feed("news-magnets", NEWS, "Rare earth magnet prices rise as electric vehicle demand grows",
     "Prices of neodymium magnets climbed for a third month as carmakers increased orders for electric motors.",
     "commodity news (critical minerals, not policy)", NEG(None))
feed("news-iphone", NEWS, "Apple unveils new iPhone with faster A19 chip",
     "Apple introduced its new smartphone lineup with a faster processor and improved cameras at an event in Cupertino.",
     "consumer technology news", NEG(None))

for d in out:
    print(json.dumps(d, ensure_ascii=False))
import sys; print(len(out), file=sys.stderr)
