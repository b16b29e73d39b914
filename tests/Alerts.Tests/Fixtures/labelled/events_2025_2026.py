#!/usr/bin/env python3
"""Writes events-2025-2026.jsonl: documents of the events of 2025-2026 (AI-chip licence policy and its reversals,
licence requirements on named accelerators, end-user rules and their suspension, Entity List rules, tariff actions on
chips and critical minerals, China's mineral controls and their suspension, Dutch and Japanese equipment controls, EU
dual-use updates), with traps of the same period. Labelled by reading each document with the guide in README.md,
before the classifier was run on them.

The texts are RECONSTRUCTED SUMMARIES written from the public record as the author knew it, not verbatim captures.
Federal Register document numbers and page citations are reconstructed too unless `follows` says "(citation known)";
dates, agencies, document types and the substance are those of the real documents.

Formats: Federal Register documents are API v1 document objects (`federalRegister`), read by the real
FederalRegisterSource.ToItem; a thin one (no abstract, or a presidential document) carries `fullText`, the text its
raw_text_url would give (a reconstructed excerpt), read as the source would read it. News and official feeds are feed
items and official pages are page listings, in the item format FeedSource and PageSource produce.
Run: python3 events_2025_2026.py > events-2025-2026.jsonl
"""
import json

out = []
FR = {"id": "federal-register", "kind": "federal-register", "jurisdiction": "US", "official": True}
NEWS = {"id": "news", "kind": "feed", "jurisdiction": "other", "official": False}
MOFCOM = {"id": "mofcom-export-control", "kind": "page", "jurisdiction": "CN", "official": True}
METI = {"id": "meti-export-control", "kind": "page", "jurisdiction": "JP", "official": True}
NLGOV = {"id": "nl-export-control", "kind": "page", "jurisdiction": "NL", "official": True}
EU = {"id": "eu-commission-press", "kind": "feed", "jurisdiction": "EU", "official": True}
BISPR = {"id": "bis-press", "kind": "feed", "jurisdiction": "US", "official": True}
USTR = {"id": "ustr-press", "kind": "feed", "jurisdiction": "US", "official": True}
TWGOV = {"id": "tw-trade-administration", "kind": "page", "jurisdiction": "TW", "official": True}
WH = {"id": "white-house-actions", "kind": "feed", "jurisdiction": "US", "official": True}

AG = {
    "BIS": ("Industry and Security Bureau", "Bureau of Industry and Security", "industry-and-security-bureau"),
    "EOP": ("Executive Office of the President", "Executive Office of the President", "executive-office-of-the-president"),
    "USTR": ("Trade Representative, Office of United States", "Office of the United States Trade Representative", "trade-representative-office-of-united-states"),
    "ITA": ("International Trade Administration", "International Trade Administration", "international-trade-administration"),
    "CBP": ("U.S. Customs and Border Protection", "U.S. Customs and Border Protection", "u-s-customs-and-border-protection"),
    "OFAC": ("Foreign Assets Control Office", "Office of Foreign Assets Control", "foreign-assets-control-office"),
    "FDA": ("Food and Drug Administration", "Food and Drug Administration", "food-and-drug-administration"),
    "DOS": ("State Department", "Department of State", "state-department"),
}


def exp(relevant, jurisdiction, topics, severity):
    return {"relevant": relevant, "jurisdiction": jurisdiction, "topics": sorted(topics), "severity": severity}


NEG = lambda j: exp(False, j, [], ["info"])
HIGH = ["high", "critical"]


def fr(num, type_, title, abstract, follows, expected, citation, date, agency="BIS", action=None, rins=(), dockets=(), cfr=(), effective=None,
       correction_of=None, full_text=None):
    name, raw, slug = AG[agency]
    y, m, d = date.split("-")
    doc = {
        "title": title, "type": type_, "abstract": abstract, "document_number": num,
        "html_url": f"https://www.federalregister.gov/documents/{y}/{m}/{d}/{num}/x",
        "pdf_url": f"https://www.govinfo.gov/content/pkg/FR-{date}/pdf/{num}.pdf",
        "raw_text_url": f"https://www.federalregister.gov/documents/full_text/text/{y}/{m}/{d}/{num}.txt",
        "publication_date": date, "agencies": [{"raw_name": raw, "name": name, "slug": slug}],
        "citation": citation, "regulation_id_numbers": list(rins), "docket_ids": list(dockets),
        "cfr_references": [{"title": t, "part": p} for t, p in cfr], "action": action, "effective_on": effective,
        "correction_of": correction_of, "significant": False, "signing_date": None,
    }
    rec = {"id": "ev-fr-" + num, "follows": follows, "source": FR, "changeType": "added", "itemKey": num, "title": title, "summary": abstract,
           "documentType": type_, "language": "en", "federalRegister": doc, "expected": expected}
    if full_text:
        rec["fullText"] = full_text
    out.append(rec)


def news(id_, outlet, date, title, summary, expected, lang="en", source=NEWS, doctype="News"):
    fields = {"title": title, "summary": summary, "link": f"https://example.invalid/{id_}", "published": date}
    out.append({"id": "ev-" + id_, "follows": f"{outlet}, {date}", "source": source, "changeType": "added", "itemKey": id_, "title": title,
                "summary": summary, "documentType": doctype, "language": lang, "fields": fields, "references": [], "expected": expected})


def page(id_, source, date, title, text, follows, expected, lang, doctype="Announcement"):
    fields = {"title": title, "link": f"https://example.invalid/{id_}", "date": date, "text": text}
    out.append({"id": "ev-" + id_, "follows": follows, "source": source, "changeType": "added", "itemKey": id_, "title": title,
                "documentType": doctype, "language": lang, "fields": fields, "references": [], "expected": expected})


# ====================================================================== Federal Register: BIS rules
fr("2025-00711", "Rule", "Implementation of Additional Due Diligence Measures for Advanced Computing Integrated Circuits",
   "BIS revises the EAR to require front-end fabricators and OSAT companies to apply additional due diligence before exporting advanced-node integrated circuits, with a presumption that logic chips at 16/14 nm or below with 30 billion or more transistors are 3A090 items unless produced for an approved IC designer or authorized OSAT.",
   "BIS 'foundry due diligence' interim final rule of 15 January 2025", exp(True, "US", ["ai-chips", "export-licensing"], HIGH), "90 FR 4612", "2025-01-16",
   action="Interim final rule.", rins=["0694-AJ94"], cfr=[(15, 740), (15, 744)])
fr("2025-00704", "Rule", "Additions to the Entity List",
   "BIS adds 25 entities in China and Singapore to the Entity List, including Sophgo Technologies and Zhipu AI, for supporting the development of advanced computing integrated circuits for entities already on the Entity List.",
   "BIS Entity List rule of 15 January 2025 (Sophgo, Zhipu)", exp(True, "US", ["entity-list", "ai-chips"], HIGH), "90 FR 4700", "2025-01-16",
   action="Final rule.", rins=["0694-AJ95"], cfr=[(15, 744)])
fr("2025-05313", "Rule", "Additions to the Entity List",
   "BIS adds 80 entities to the Entity List, including subsidiaries of Inspur Group and entities in China developing exascale supercomputers and advanced AI chips for military end users.",
   "BIS Entity List rule of 25 March 2025 (Inspur subsidiaries)", exp(True, "US", ["entity-list", "ai-chips"], HIGH), "90 FR 14034", "2025-03-28",
   action="Final rule.", rins=["0694-AJ97"], cfr=[(15, 744)])
fr("2025-05314", "Rule", "Additions to the Entity List; Removal From the Entity List",
   "BIS adds entities in Iran, Pakistan and the United Arab Emirates to the Entity List for supporting Iran's unmanned aerial vehicle and Pakistan's nuclear programs, and removes one entity.",
   "BIS Entity List rule of March 2025 on Iranian UAV and Pakistani nuclear procurement", exp(True, "US", ["entity-list"], ["high"]), "90 FR 14050", "2025-03-28",
   action="Final rule.", rins=["0694-AJ98"], cfr=[(15, 744)])
fr("2025-17893", "Rule", "Expansion of End-User Controls To Cover Affiliates of Certain Listed Entities",
   "BIS extends the license requirements that apply to entities on the Entity List and the Military End-User List to foreign entities that are 50 percent or more owned, directly or indirectly, by one or more listed entities.",
   "BIS 'affiliates rule' interim final rule of 29 September 2025", exp(True, "US", ["entity-list", "export-licensing"], HIGH), "90 FR 47201", "2025-09-30",
   action="Interim final rule.", rins=["0694-AK25"], cfr=[(15, 744)])
fr("2025-20551", "Rule", "Suspension of the Affiliates Rule",
   "BIS suspends for one year, until November 10, 2026, the interim final rule that extended Entity List and Military End-User List license requirements to affiliates 50 percent or more owned by listed entities.",
   "BIS rule of November 2025 suspending the affiliates rule after the Busan meeting", exp(True, "US", ["entity-list", "export-licensing"], HIGH), "90 FR 50857", "2025-11-10",
   action="Final rule; suspension.", rins=["0694-AK35"], cfr=[(15, 744)])
fr("2025-16803", "Rule", "Revocation of Validated End-User Authorizations in the People's Republic of China",
   "BIS removes Intel Semiconductor (Dalian), Samsung China Semiconductor and SK hynix Semiconductor (China) from the list of Validated End-Users for the PRC, effective December 31, 2025; exports of semiconductor manufacturing equipment to these fabs will require a license.",
   "BIS VEU revocation for Samsung and SK hynix fabs in China, 2 September 2025", exp(True, "US", ["chip-equipment", "export-licensing"], HIGH), "90 FR 42321", "2025-09-02",
   action="Final rule.", rins=["0694-AK20"], cfr=[(15, 748)])
fr("2025-11420", "Rule", "Entity List Additions",
   "BIS adds 23 entities, of which 12 are in China, to the Entity List, including firms that acquired chip-making equipment for SMIC and for Chinese military end users.",
   "BIS Entity List rule of September 2025", exp(True, "US", ["entity-list", "chip-equipment"], HIGH), "90 FR 44550", "2025-09-16",
   action="Final rule.", rins=["0694-AK21"], cfr=[(15, 744)])
fr("2026-00812", "Rule", "Revision to License Review Policy for Advanced Computing Commodities",
   "BIS revises the license review policy for exports to China and Macau of advanced computing commodities such as the Nvidia H200 and AMD MI325X from a presumption of denial to case-by-case review, subject to conditions on end users, third-party testing in the United States and volume limits.",
   "BIS rule of January 2026 on H200-class licence review", exp(True, "US", ["ai-chips", "export-licensing"], HIGH), "91 FR 2050", "2026-01-15",
   action="Final rule.", rins=["0694-AK40"], cfr=[(15, 742)])
fr("2025-08823", "Rule", "Rescission of the Framework for Artificial Intelligence Diffusion",
   "BIS rescinds the interim final rule 'Framework for Artificial Intelligence Diffusion' published January 15, 2025, before its compliance date, and restores the license requirements for advanced computing items in effect before that rule.",
   "BIS rescission of the AI diffusion rule (announced 13 May 2025)", exp(True, "US", ["ai-chips", "export-licensing"], HIGH), "90 FR 21700", "2025-05-16",
   action="Interim final rule; rescission.", rins=["0694-AJ90"], cfr=[(15, 734), (15, 740), (15, 742)])
fr("2025-02001", "Rule", "Framework for Artificial Intelligence Diffusion; Correction",
   "BIS corrects the interim final rule published on January 15, 2025 by fixing the paragraph designation of License Exception AIA and a cross-reference to ECCN 4E091.",
   "Correction to the AI diffusion rule (2025)", exp(True, "US", ["ai-chips", "export-licensing"], ["low"]), "90 FR 9000", "2025-02-05",
   action="Interim final rule; correction.", rins=["0694-AJ90"], cfr=[(15, 740)], correction_of="2025-00636")
fr("2025-12001", "Proposed Rule", "Securing the Information and Communications Technology and Services Supply Chain: Unmanned Aircraft Systems",
   "BIS proposes to prohibit certain transactions involving information and communications technology integral to unmanned aircraft systems designed or supplied by persons owned by or subject to the jurisdiction of China or Russia.",
   "BIS ICTS drones proposed rule (2025)", NEG("US"), "90 FR 30000", "2025-07-01", action="Proposed rule.", rins=["0694-AJ99"], cfr=[(15, 791)])
fr("2025-13001", "Notice", "Information Systems Technical Advisory Committee; Notice of Partially Closed Meeting",
   "The Information Systems Technical Advisory Committee will meet to discuss export controls on semiconductors, advanced computing and related technologies; part of the meeting will be closed.",
   "ISTAC meeting notices (quarterly)", exp(True, "US", ["export-licensing"], ["low"]), "90 FR 31000", "2025-07-15", action="Notice of partially closed meeting.")
fr("2025-14001", "Rule", "Revisions to the Firearms Export Controls",
   "BIS revises controls on firearms and ammunition in the Commerce Control List, restoring certain license exceptions for shipments to allies.",
   "BIS firearms rule (2025)", NEG("US"), "90 FR 35000", "2025-08-01", action="Final rule.", rins=["0694-AK10"], cfr=[(15, 740), (15, 774)])
fr("2025-15001", "Rule", "Russia and Belarus: Additional Controls on Industrial Items",
   "BIS adds industrial machinery, chemicals and consumer goods identified by HTS codes to the list of items requiring a license for export to Russia and Belarus.",
   "BIS Russia industrial items rules", NEG("US"), "90 FR 38000", "2025-08-15", action="Final rule.", rins=["0694-AK12"], cfr=[(15, 746)])
fr("2025-18001", "Rule", "Entity List Additions; Correction",
   "BIS corrects the address of one entity added to the Entity List in the rule published September 16, 2025.",
   "Correction to the September 2025 Entity List rule", exp(True, "US", ["entity-list"], ["low"]), "90 FR 46000", "2025-09-25",
   action="Final rule; correction.", rins=["0694-AK21"], cfr=[(15, 744)], correction_of="2025-11420")
fr("2025-06500", "Notice", "Export Privileges: Order Denying Export Privileges",
   "BIS issues an order denying the export privileges of a company in Hong Kong for transshipping controlled aircraft parts to Russia.",
   "BIS denial orders", NEG("US"), "90 FR 16000", "2025-04-10", action="Notice.")
fr("2025-21001", "Rule", "Additions to the Entity List: Entities Supporting Huawei's Advanced Chip Production",
   "BIS adds entities in China that produce advanced-node integrated circuits and high-bandwidth memory for Huawei, including SiCarrier affiliates, to the Entity List with a footnote 5 foreign direct product rule designation.",
   "BIS Entity List rule on Huawei's chip suppliers (reconstructed from 2025 reporting)", exp(True, "US", ["entity-list", "hbm", "export-licensing"], HIGH), "90 FR 52000", "2025-11-20",
   action="Final rule.", rins=["0694-AK36"], cfr=[(15, 744)])

# ====================================================================== Federal Register: presidential documents (thin: no abstract)
PRES = dict(agency="EOP")
fr("2025-02406", "Presidential Document", "Imposing Duties To Address the Flow of Illicit Drugs Across Our Northern Border", None,
   "Executive Order 14193 of 1 February 2025 (IEEPA duties on Canada) (citation known)", exp(True, "US", ["tariffs"], HIGH), "90 FR 9113", "2025-02-07",
   action="Executive order.", full_text="Executive Order 14193 ... all articles that are products of Canada shall be, consistent with law, subject to an additional 25 percent ad valorem rate of duty, under the International Emergency Economic Powers Act ...", **PRES)
fr("2025-02408", "Presidential Document", "Imposing Duties To Address the Synthetic Opioid Supply Chain in the People's Republic of China", None,
   "Executive Order 14195 of 1 February 2025 (IEEPA duties on China) (citation known)", exp(True, "US", ["tariffs"], HIGH), "90 FR 9121", "2025-02-07",
   action="Executive order.", full_text="Sec. 2. Imposition of Duties. All articles that are products of the PRC as defined by the Harmonized Tariff Schedule of the United States shall be subject to an additional 10 percent ad valorem rate of duty ... under the International Emergency Economic Powers Act (IEEPA).", **PRES)
fr("2025-03775", "Presidential Document", "Further Amendment to Duties Addressing the Synthetic Opioid Supply Chain in the People's Republic of China", None,
   "Executive Order 14228 of 3 March 2025 (China duties to 20 percent) (citation known)", exp(True, "US", ["tariffs"], HIGH), "90 FR 11463", "2025-03-07",
   action="Executive order.", full_text="Section 1 ... the additional ad valorem rate of duty on all products of the PRC is increased from 10 percent to 20 percent. The Secretary of Homeland Security shall modify the HTSUS as necessary.", **PRES)
fr("2025-06063", "Presidential Document", "Regulating Imports With a Reciprocal Tariff To Rectify Trade Practices That Contribute to Large and Persistent Annual United States Goods Trade Deficits", None,
   "Executive Order 14257 of 2 April 2025 (reciprocal tariffs) (citation known)", exp(True, "US", ["tariffs"], HIGH), "90 FR 15041", "2025-04-07",
   action="Executive order.", full_text="Sec. 3 ... all articles imported into the customs territory of the United States shall be subject to an additional ad valorem rate of duty of 10 percent ... The articles in Annex II, including semiconductors of headings 8541 and 8542, shall not be subject to the additional ad valorem duties.", **PRES)
fr("2025-06378", "Presidential Document", "Modifying Reciprocal Tariff Rates To Reflect Trading Partner Retaliation and Alignment", None,
   "Executive Order 14266 of 9 April 2025 (reciprocal rates, China to 125 percent) (citation known)", exp(True, "US", ["tariffs"], HIGH), "90 FR 15625", "2025-04-15",
   action="Executive order.", full_text="Sec. 2 ... the ad valorem rate of duty on articles that are products of the People's Republic of China is increased to 125 percent ... Sec. 4 ... the rates for other trading partners are modified as set out in Annex I to reflect a 90-day pause.", **PRES)
fr("2025-08900", "Presidential Document", "Modifying Reciprocal Tariff Rates To Reflect Discussions With the People's Republic of China", None,
   "Executive Order 14298 of 12 May 2025 (Geneva 90-day reduction)", exp(True, "US", ["tariffs"], HIGH), "90 FR 21831", "2025-05-16",
   action="Executive order.", full_text="Section 1 ... the additional ad valorem rate of duty on articles that are products of the PRC shall be 10 percent for 90 days, as agreed in Geneva ... the Harmonized Tariff Schedule of the United States is modified as set forth in the Annex.", **PRES)
fr("2025-06700", "Presidential Document", "Clarification of Exceptions Under Executive Order 14257", None,
   "Presidential memorandum of 11 April 2025 exempting electronics and semiconductors from reciprocal tariffs", exp(True, "US", ["tariffs"], HIGH), "90 FR 15983", "2025-04-16",
   action="Memorandum.", full_text="... the following articles shall not be subject to the additional ad valorem duties imposed under Executive Order 14257: articles classified in subheadings 8471, 8473.30, 8486, 8517.13.00, 8524, 8528.52.00 and 8542 ... smartphones, computers and semiconductor manufacturing machines.", **PRES)
fr("2025-06920", "Presidential Document", "Ensuring National Security and Economic Resilience Through Section 232 Actions on Processed Critical Minerals and Derivative Products", None,
   "Executive Order 14272 of 15 April 2025 (Section 232 critical minerals investigation)", exp(True, "US", ["tariffs", "critical-minerals"], HIGH), "90 FR 16447", "2025-04-18",
   action="Executive order.", full_text="Sec. 2. The Secretary of Commerce shall initiate an investigation under section 232 of the Trade Expansion Act of 1962 to determine the effects on the national security of imports of processed critical minerals, including rare earth elements, gallium and germanium, and their derivative products, and shall recommend tariffs or other actions.", **PRES)
fr("2026-00900", "Presidential Document", "Adjusting Imports of Semiconductors, Semiconductor Manufacturing Equipment, and Their Derivative Products Into the United States", None,
   "Proclamation of 14 January 2026 (Section 232 semiconductors: 25 percent on certain advanced computing chips)", exp(True, "US", ["tariffs", "ai-chips", "chip-equipment"], HIGH), "91 FR 2301", "2026-01-20",
   action="Proclamation.", full_text="Clause 1. An additional ad valorem duty of 25 percent is imposed on imports of advanced computing chips meeting the parameters in Annex I, such as the NVIDIA H200 and AMD MI325X, classified in subheading 8471.50 or 8542.31, except those imported for use in United States data centers ... Annex II lists new heading 9903.79.01.", **PRES)
fr("2025-14500", "Presidential Document", "Adjusting Imports of Copper Into the United States", None,
   "Proclamation of 30 July 2025 (Section 232 copper)", NEG("US"), "90 FR 37371", "2025-08-05",
   action="Proclamation.", full_text="Clause 2. A 50 percent ad valorem tariff is imposed on imports of semi-finished copper products and intensive copper derivative products ... under section 232 of the Trade Expansion Act of 1962.", **PRES)
fr("2025-19100", "Presidential Document", "Adjusting Imports of Timber, Lumber, and Their Derivative Products Into the United States", None,
   "Proclamation of 29 September 2025 (Section 232 timber and lumber)", NEG("US"), "90 FR 48127", "2025-10-03",
   action="Proclamation.", full_text="Clause 1. A 10 percent ad valorem duty is imposed on softwood timber and lumber, and 25 percent on upholstered furniture and kitchen cabinets ...", **PRES)
fr("2025-19800", "Presidential Document", "Adjusting Imports of Medium- and Heavy-Duty Trucks and Parts Into the United States", None,
   "Proclamation of 17 October 2025 (Section 232 trucks)", NEG("US"), "90 FR 49000", "2025-10-22",
   action="Proclamation.", full_text="Clause 1. A 25 percent ad valorem duty is imposed on imports of medium- and heavy-duty trucks and their parts, and 10 percent on buses ...", **PRES)
fr("2025-03900", "Presidential Document", "Adjusting Imports of Aluminum Into the United States", None,
   "Proclamation 10895 of 10 February 2025 (Section 232 aluminum)", NEG("US"), "90 FR 9807", "2025-02-18",
   action="Proclamation.", full_text="... the additional ad valorem tariff on aluminum articles and derivative aluminum articles is increased to 25 percent ...", **PRES)
fr("2025-21500", "Presidential Document", "Modifying the Scope of the Reciprocal Tariff With Respect to Certain Agricultural Products", None,
   "Executive order of 14 November 2025 exempting beef, coffee and fruit from reciprocal tariffs", NEG("US"), "90 FR 52500", "2025-11-19",
   action="Executive order.", full_text="Section 1. The articles listed in the Annex, including coffee, tea, tropical fruits, fruit juices, cocoa, spices, bananas, oranges, tomatoes and beef, shall not be subject to the reciprocal tariff imposed by Executive Order 14257.", **PRES)
fr("2025-21300", "Presidential Document", "Modifying Duties Addressing the Synthetic Opioid Supply Chain in the People's Republic of China", None,
   "Executive order of 4 November 2025 lowering the China fentanyl duty to 10 percent after the Busan meeting", exp(True, "US", ["tariffs"], HIGH), "90 FR 50720", "2025-11-07",
   action="Executive order.", full_text="Section 1. The additional ad valorem rate of duty on all products of the PRC imposed by Executive Order 14195, as amended, is reduced from 20 percent to 10 percent, effective November 10, 2025.", **PRES)
fr("2025-16000", "Presidential Document", "Further Modifying Reciprocal Tariff Rates To Reflect Ongoing Discussions With the People's Republic of China", None,
   "Executive order of 11 August 2025 extending the China tariff truce to 10 November", exp(True, "US", ["tariffs"], HIGH), "90 FR 39305", "2025-08-14",
   action="Executive order.", full_text="Section 1 ... the suspension of the heightened reciprocal ad valorem rate of duty on articles that are products of the PRC is extended until November 10, 2025.", **PRES)
fr("2025-02500", "Presidential Document", "America First Trade Policy", None,
   "Presidential memorandum of 20 January 2025 directing trade reviews (including export controls)", exp(True, "US", ["export-licensing"], ["high", "critical", "medium"]), "90 FR 8951", "2025-01-30",
   action="Memorandum.", full_text="Sec. 2(h) ... The Secretary of Commerce shall review the United States export control system and advise on modifications in light of strategic adversaries, including enforcement of export controls on advanced semiconductors and the elimination of loopholes ... Sec. 2(a) ... investigate the causes of large and persistent annual trade deficits.", **PRES)
fr("2025-01900", "Presidential Document", "Protecting the Meaning and Value of American Citizenship", None,
   "Executive order of 20 January 2025 (trap: presidential document on another subject)", NEG("US"), "90 FR 8449", "2025-01-29", action="Executive order.",
   full_text="Section 1. Purpose ... the privilege of United States citizenship does not automatically extend to persons born in the United States ...", **PRES)

# ====================================================================== Federal Register: USTR, ITA, CBP notices
fr("2025-00500", "Notice", "Initiation of Section 301 Investigation: China's Acts, Policies, and Practices Related to Targeting of the Semiconductor Industry for Dominance",
   "USTR initiates an investigation of China's targeting of the semiconductor industry, including foundational (legacy) semiconductors, and their incorporation into downstream products, and requests comments and announces a hearing.",
   "USTR Section 301 legacy chips initiation (December 2024, hearing March 2025)", exp(True, "US", ["tariffs"], ["medium", "high"]), "89 FR 104123", "2024-12-27",
   agency="USTR", action="Notice of initiation of investigation; hearing; and request for public comments.", dockets=["USTR-2024-0027"])
fr("2025-22800", "Notice", "Notice of Determination and Action: China's Acts, Policies, and Practices Related to Targeting of the Semiconductor Industry for Dominance",
   "USTR determines that China's targeting of the semiconductor industry is actionable under Section 301 and imposes additional duties on semiconductors of China, initially at 0 percent and increasing in June 2027.",
   "USTR Section 301 legacy chips determination of December 2025", exp(True, "US", ["tariffs"], ["high", "critical"]), "90 FR 59000", "2025-12-29",
   agency="USTR", action="Notice of determination and action.", dockets=["USTR-2024-0027"])
fr("2025-09800", "Notice", "Notice of Product Exclusion Extensions: China's Acts, Policies, and Practices Related to Technology Transfer, Intellectual Property, and Innovation",
   "USTR extends until August 31, 2025 certain exclusions from the Section 301 duties, including exclusions for machines classified in heading 8486 used to manufacture semiconductor wafers.",
   "USTR Section 301 exclusion extension of May 2025", exp(True, "US", ["tariffs", "chip-equipment"], ["medium", "high"]), "90 FR 23500", "2025-06-02",
   agency="USTR", action="Notice of product exclusion extensions.", dockets=["USTR-2024-0010"])
fr("2025-16300", "Notice", "Notice of Request for Public Comments on Section 232 National Security Investigation of Imports of Polysilicon and Its Derivatives",
   "The Secretary of Commerce initiated an investigation under section 232 into imports of polysilicon and its derivatives, including silicon wafers used to make semiconductors and solar cells, and requests comments.",
   "BIS Section 232 polysilicon investigation notice of July 2025", exp(True, "US", ["tariffs"], ["medium", "high"]), "90 FR 36500", "2025-07-16",
   action="Notice of request for public comments.", dockets=["BIS-2025-0040"])
fr("2025-06591", "Notice", "Notice of Request for Public Comments on Section 232 National Security Investigation of Imports of Semiconductors and Semiconductor Manufacturing Equipment",
   "The Secretary of Commerce initiated on April 1, 2025 an investigation to determine the effects on national security of imports of semiconductors, semiconductor manufacturing equipment and their derivative products, and requests public comments.",
   "BIS Section 232 semiconductors investigation notice of 16 April 2025", exp(True, "US", ["tariffs", "chip-equipment"], ["medium", "high"]), "90 FR 15950", "2025-04-16",
   action="Notice of request for public comments.", dockets=["BIS-2025-0022"])
fr("2025-07000", "Notice", "Notice of Request for Public Comments on Section 232 National Security Investigation of Imports of Pharmaceuticals and Pharmaceutical Ingredients",
   "The Secretary of Commerce initiated an investigation under section 232 into imports of pharmaceuticals and pharmaceutical ingredients and their derivative products.",
   "BIS Section 232 pharmaceuticals investigation (trap)", NEG("US"), "90 FR 15951", "2025-04-16", action="Notice of request for public comments.", dockets=["BIS-2025-0023"])
fr("2025-07100", "Notice", "Notice of Request for Public Comments on Section 232 National Security Investigation of Imports of Processed Critical Minerals and Derivative Products",
   "The Secretary of Commerce initiated an investigation into imports of processed critical minerals, including rare earth elements, and their derivative products such as permanent magnets.",
   "BIS Section 232 critical minerals comment request of April 2025", exp(True, "US", ["tariffs", "critical-minerals"], ["medium", "high"]), "90 FR 17000", "2025-04-25",
   action="Notice of request for public comments.", dockets=["BIS-2025-0025"])
fr("2025-08000", "Notice", "Notice of Action Under Section 301: China's Targeting of the Maritime, Logistics, and Shipbuilding Sectors for Dominance",
   "USTR imposes fees on vessel operators and owners of China and on Chinese-built vessels entering U.S. ports, and additional duties on ship-to-shore cranes.",
   "USTR Section 301 shipbuilding action of April 2025 (trap)", NEG("US"), "90 FR 17114", "2025-04-21", agency="USTR", action="Notice of action.", dockets=["USTR-2024-0005"])
fr("2025-10200", "Notice", "Crystalline Silicon Photovoltaic Cells From the People's Republic of China: Final Results of Antidumping Duty Administrative Review",
   "Commerce determines that crystalline silicon photovoltaic cells from China were sold at less than normal value; antidumping duty cash deposit rates are revised.",
   "ITA antidumping review of Chinese solar cells (2025)", NEG("US"), "90 FR 25000", "2025-06-10", agency="ITA", action="Notice.")
fr("2025-11000", "Notice", "Guidance on Implementation of Additional Duties on Products of the People's Republic of China",
   "CBP provides guidance on the HTSUS chapter 99 headings 9903.01.24 and 9903.01.25 used to report the additional duties on products of China, including articles of headings 8541 and 8542.",
   "CBP CSMS guidance (as a Federal Register notice) on China duties, 2025", exp(True, "US", ["tariffs"], ["medium", "high"]), "90 FR 28000", "2025-06-25",
   agency="CBP", action="General notice.")
fr("2025-05000", "Notice", "Sanctions Actions Pursuant to Executive Orders 13846 and 13902",
   "OFAC is publishing the names of persons whose property is blocked for involvement in the Iranian petroleum trade.",
   "OFAC sanctions list notices (trap: other lists)", NEG("US"), "90 FR 13000", "2025-03-20", agency="OFAC", action="Notice.")
fr("2025-17000", "Notice", "Medical Devices; Exemption From Premarket Notification",
   "FDA is publishing an order exempting certain class II devices from premarket notification requirements.",
   "FDA device exemptions (trap)", NEG("US"), "90 FR 40000", "2025-08-20", agency="FDA", action="Notice.")

# ====================================================================== BIS / USTR / White House press and feeds
news("bis-pr-2025-05-13", "BIS press release", "2025-05-13", "Department of Commerce Announces Rescission of Biden-Era Artificial Intelligence Diffusion Rule, Strengthens Chip-Related Export Controls",
     "BIS issued guidance that using Huawei Ascend chips anywhere in the world violates U.S. export controls, warned of the consequences of allowing U.S. AI chips to train Chinese AI models, and guidance on diversion tactics.",
     exp(True, "US", ["ai-chips", "export-licensing"], ["medium", "high"]), source=BISPR, doctype="Press Release")
news("bis-pr-2025-09-29", "BIS press release", "2025-09-29", "Commerce Closes Loophole Allowing Affiliates of Listed Entities to Evade Export Controls",
     "BIS published an interim final rule extending Entity List and Military End-User List restrictions to entities owned 50 percent or more by listed parties.",
     exp(True, "US", ["entity-list", "export-licensing"], ["medium", "high"]), source=BISPR, doctype="Press Release")
news("bis-pr-2025-03-25", "BIS press release", "2025-03-25", "Commerce Adds 80 Entities to Entity List to Protect National Security",
     "The additions include entities that developed supercomputers and advanced AI chips for China's military modernization, and entities that supported Pakistan's unsafeguarded nuclear activities.",
     exp(True, "US", ["entity-list", "ai-chips"], ["medium", "high"]), source=BISPR, doctype="Press Release")
news("ustr-pr-2025-12-23", "USTR press release", "2025-12-23", "USTR Concludes Section 301 Investigation on China's Targeting of the Semiconductor Industry",
     "USTR determined that China's practices are actionable and will impose tariffs on Chinese semiconductors, starting at zero percent and increasing in June 2027.",
     exp(True, "US", ["tariffs"], ["medium", "high"]), source=USTR, doctype="Press Release")
news("wh-fs-2025-04-02", "White House fact sheet", "2025-04-02", "Fact Sheet: President Donald J. Trump Declares National Emergency to Increase our Competitive Edge, Protect our Sovereignty",
     "The President imposes a 10 percent reciprocal tariff on all countries and higher individualized reciprocal tariffs; semiconductors, pharmaceuticals and certain critical minerals are not subject to the reciprocal tariff.",
     exp(True, "US", ["tariffs", "critical-minerals"], ["medium", "high"]), source=WH, doctype="Press Release")
news("wh-fs-2025-07-23", "White House", "2025-07-23", "America's AI Action Plan",
     "The plan calls for exporting the American AI technology stack to allies, strengthening enforcement of AI compute export controls with location verification, and plugging loopholes in semiconductor manufacturing subsystem export controls.",
     exp(True, "US", ["ai-chips", "chip-equipment", "export-licensing"], ["medium", "high"]), source=WH, doctype="Press Release")
news("wh-fs-2025-08-06", "White House", "2025-08-06", "Fact Sheet: President Donald J. Trump Welcomes Apple's Investment in American Manufacturing",
     "Apple will invest an additional $100 billion in U.S. manufacturing, including chip supply chain partners; the President noted companies building in America will be exempt from forthcoming semiconductor tariffs.",
     exp(True, "US", ["tariffs"], ["medium", "high", "low"]), source=WH, doctype="Press Release")

# ====================================================================== China: MOFCOM and related pages
page("mofcom-2025-4", MOFCOM, "2025-02-04", "商务部公告2025年第4号 关于将相关美国实体列入不可靠实体清单的公告",
     "根据《不可靠实体清单规定》，工作机制决定将PVH集团、因美纳公司列入不可靠实体清单。", "MOFCOM Announcement 2025 No. 4 (PVH, Illumina on the unreliable entity list)",
     exp(True, "CN", ["china-countermeasures"], HIGH), "zh")
page("mofcom-2025-13", MOFCOM, "2025-03-04", "商务部公告2025年第13号 关于将15家美国实体列入出口管制管控名单的公告",
     "依据《中华人民共和国出口管制法》，决定将15家美国实体列入出口管制管控名单，禁止出口经营者向其出口两用物项。", "MOFCOM Announcement 2025 No. 13 (15 US entities on the export control control list)",
     exp(True, "CN", ["china-countermeasures", "export-licensing"], HIGH), "zh")
page("mofcom-2025-55", MOFCOM, "2025-10-09", "商务部公告2025年第55号 关于对超硬材料相关物项实施出口管制的决定",
     "对人造金刚石微粉、单晶、线锯及相关设备和技术等超硬材料相关物项实施出口管制，出口经营者应当申请两用物项出口许可。", "MOFCOM Announcement 2025 No. 55 (superhard materials)",
     exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], HIGH), "zh")
page("mofcom-2025-56", MOFCOM, "2025-10-09", "商务部公告2025年第56号 关于对部分稀土设备和原辅料相关物项实施出口管制的决定",
     "对稀土生产线设备及部分原辅料相关物项实施出口管制，未经许可，不得出口。", "MOFCOM Announcement 2025 No. 56 (rare earth equipment and materials)",
     exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], HIGH), "zh")
page("mofcom-2025-57", MOFCOM, "2025-10-09", "商务部公告2025年第57号 关于对部分中重稀土相关物项实施出口管制的决定",
     "对钬、铒、铥、铕、镱等中重稀土相关物项实施出口管制。", "MOFCOM Announcement 2025 No. 57 (medium and heavy rare earths)",
     exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], HIGH), "zh")
page("mofcom-2025-58", MOFCOM, "2025-10-09", "商务部公告2025年第58号 关于对锂电池和人造石墨负极材料相关物项实施出口管制的决定",
     "对高性能锂离子电池、正极材料、人造石墨负极材料及相关设备和技术实施出口管制。", "MOFCOM Announcement 2025 No. 58 (lithium batteries and graphite anodes)",
     exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], HIGH), "zh")
page("mofcom-2025-62", MOFCOM, "2025-10-09", "商务部公告2025年第62号 关于对稀土相关技术实施出口管制的决定",
     "对稀土开采、冶炼分离、金属冶炼、磁材制造及稀土二次资源回收利用相关技术及其载体实施出口管制。", "MOFCOM Announcement 2025 No. 62 (rare earth technologies)",
     exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], HIGH), "zh")
page("mofcom-2025-70", MOFCOM, "2025-11-07", "商务部公告2025年第70号 关于暂停实施2025年第55号、56号、57号、58号、61号、62号公告的公告",
     "决定暂停实施商务部公告2025年第55号至58号、第61号、第62号公告规定的出口管制措施，至2026年11月10日。", "MOFCOM Announcement 2025 No. 70 (suspension of the October rare earth controls)",
     exp(True, "CN", ["china-countermeasures", "export-licensing"], HIGH), "zh")
page("mofcom-2025-72", MOFCOM, "2025-11-09", "商务部公告2025年第72号 关于暂停实施对美国两用物项出口管制有关措施的公告",
     "暂停实施2024年第46号公告第二款关于镓、锗、锑、超硬材料相关两用物项原则上不予许可对美国出口的规定，至2026年11月27日。", "MOFCOM Announcement 2025 No. 72 (suspension of the gallium/germanium/antimony ban on the US)",
     exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], HIGH), "zh")
page("mofcom-2025-analog", MOFCOM, "2025-09-13", "商务部公告 关于对原产于美国的进口相关模拟芯片进行反倾销立案调查的公告",
     "商务部决定对原产于美国的进口相关模拟芯片（40nm及以上工艺的通用接口芯片和栅极驱动芯片）进行反倾销立案调查。", "MOFCOM anti-dumping investigation of US analog chips, 13 September 2025",
     exp(True, "CN", ["china-countermeasures"], ["high", "critical", "medium"]), "zh")
page("mofcom-2025-antidisc", MOFCOM, "2025-09-13", "商务部关于对美国对华芯片领域相关措施进行反歧视调查的公告",
     "商务部决定对美国在集成电路领域对华采取的相关歧视性措施进行反歧视调查。", "MOFCOM anti-discrimination investigation of US chip measures, 13 September 2025",
     exp(True, "CN", ["china-countermeasures"], ["high", "critical", "medium"]), "zh")
page("mofcom-2025-brandy", MOFCOM, "2025-07-04", "商务部公告2025年第30号 关于对原产于欧盟的进口相关白兰地反倾销调查最终裁定的公告",
     "商务部裁定原产于欧盟的进口相关白兰地存在倾销，决定征收反倾销税，同时接受部分企业的价格承诺。", "MOFCOM brandy anti-dumping ruling, July 2025 (trap)", NEG("CN"), "zh")
page("mofcom-2025-canola", MOFCOM, "2025-08-12", "商务部关于对原产于加拿大的进口油菜籽反倾销调查的初裁公告",
     "商务部初步裁定原产于加拿大的进口油菜籽存在倾销，自8月14日起采取保证金形式的临时反倾销措施。", "MOFCOM canola anti-dumping preliminary ruling, August 2025 (trap)", NEG("CN"), "zh")
page("mofcom-2025-nexperia", MOFCOM, "2025-10-04", "商务部公告 关于禁止安世半导体中国公司及其分包商出口特定成品及零部件的公告",
     "禁止安世中国及其分包商出口在中国生产的特定成品及零部件。", "MOFCOM/Nexperia export ban, 4 October 2025 (reconstructed)",
     exp(True, "CN", ["china-countermeasures", "export-licensing"], ["high", "critical", "medium"]), "zh")
page("cac-2025-nvidia", {"id": "cac-announcements", "kind": "page", "jurisdiction": "CN", "official": True}, "2025-07-31", "国家互联网信息办公室约谈英伟达公司",
     "国家互联网信息办公室约谈英伟达公司，要求其就对华销售的H20算力芯片存在漏洞后门安全风险问题进行说明并提交相关证明材料。", "CAC summons Nvidia over H20 security risks, 31 July 2025",
     exp(True, "CN", ["china-countermeasures", "ai-chips"], ["high", "critical", "medium"]), "zh")
page("samr-2025-nvidia", {"id": "samr", "kind": "page", "jurisdiction": "CN", "official": True}, "2025-09-15", "市场监管总局关于英伟达公司涉嫌违反反垄断法的初步调查结果",
     "初步调查显示，英伟达公司违反《反垄断法》及附加限制性条件批准迈络思收购案的决定，市场监管总局将进一步调查。", "SAMR preliminary finding on Nvidia (Mellanox), 15 September 2025",
     exp(True, "CN", ["china-countermeasures"], ["high", "critical", "medium"]), "zh")

# ====================================================================== Netherlands, Japan, EU, Taiwan, Korea official
page("nl-2025-01-15", NLGOV, "2025-01-15", "Kabinet breidt exportcontrolemaatregelen voor geavanceerde halfgeleiderproductieapparatuur uit",
     "Vanaf 1 april 2025 geldt een vergunningplicht voor meer meet- en inspectieapparatuur voor de productie van geavanceerde halfgeleiders.", "Dutch measurement/inspection equipment controls of 15 January 2025",
     exp(True, "NL", ["chip-equipment", "export-licensing"], HIGH), "nl")
page("nl-2025-10-12", NLGOV, "2025-10-12", "Minister van Economische Zaken grijpt in bij Nexperia op grond van de Wet beschikbaarheid goederen",
     "De minister heeft een besluit genomen op grond van de Wet beschikbaarheid goederen om de continuïteit van de levering van chips van Nexperia aan Europese afnemers te waarborgen.", "Dutch Goods Availability Act order on Nexperia, October 2025",
     exp(True, "NL", ["export-licensing"], ["high", "critical", "medium"]), "nl")
page("meti-2025-01", METI, "2025-01-31", "外国為替及び外国貿易法に基づく輸出貿易管理令の一部改正について（半導体製造装置等の追加）",
     "半導体製造装置や量子コンピュータ関連品目など、新たに規制対象とする品目を追加するため、輸出貿易管理令等の改正を行います。", "METI export control amendment of January 2025 (semiconductor equipment, quantum)",
     exp(True, "JP", ["chip-equipment", "export-licensing"], HIGH), "ja")
page("meti-2025-eul", METI, "2025-01-08", "「外国ユーザーリスト」の改正について",
     "大量破壊兵器等の開発等の懸念が払拭されない外国所在団体の情報を提供する外国ユーザーリストを改正し、中国の団体等を追加しました。", "METI End User List revision, January 2025",
     exp(True, "JP", ["export-licensing"], ["medium", "high"]), "ja")
news("eu-2025-2003", "European Commission", "2025-09-08", "Commission updates the EU control list of dual-use items",
     "The Commission adopted a delegated regulation updating Annex I to Regulation (EU) 2021/821, adding items agreed in multilateral regimes and national controls on quantum computing and semiconductor manufacturing equipment.",
     exp(True, "EU", ["eu-dual-use", "chip-equipment"], ["medium", "high"]), source=EU, doctype="Press Release")
news("eu-2025-whitepaper", "European Commission", "2025-01-29", "Commission publishes progress report on export controls and outbound investment",
     "The report reviews national export control measures of Member States on semiconductor equipment and the implementation of the dual-use regulation.",
     exp(True, "EU", ["eu-dual-use", "chip-equipment"], ["medium", "high", "low"]), source=EU, doctype="Press Release")
news("eu-2025-steel", "European Commission", "2025-10-07", "Commission proposes new measure to protect EU steel industry from global overcapacity",
     "The proposal halves tariff-free import quotas for steel and raises the out-of-quota tariff to 50 percent.", NEG("EU"), source=EU, doctype="Press Release")
page("tw-2025-06-shtc", TWGOV, "2025-06-14", "經濟部國際貿易署公告修正「戰略性高科技貨品輸出入管理辦法」實體管理名單",
     "新增華為、中芯國際及其子公司等601個實體至實體管理名單，出口戰略性高科技貨品至名單內實體須申請許可證。", "Taiwan adds Huawei and SMIC to its entity list, June 2025",
     exp(True, "TW", ["entity-list", "export-licensing"], ["medium", "high"]), "zh-TW", doctype="Press Release")
page("kr-2025-strategic", {"id": "kr-motie", "kind": "page", "jurisdiction": "KR", "official": True}, "2025-05-20", "산업통상자원부, 전략물자 수출입고시 개정 시행",
     "반도체 제조 장비와 첨단 컴퓨팅 품목 등 전략물자 통제 목록을 개정하고 수출허가 심사를 강화한다.", "Korea MOTIE strategic items notice revision (reconstructed)",
     exp(True, "KR", ["chip-equipment", "export-licensing", "ai-chips"], ["medium", "high"]), "ko")

# ====================================================================== News, English
N = lambda *a, **k: news(*a, **k)
REL = lambda j, t, s=("low", "medium"): exp(True, j, t, list(s))
N("r-2025-04-15-h20", "Reuters", "2025-04-15", "Nvidia says US government will require licence for H20 chip exports to China",
  "Nvidia expects a $5.5 billion charge after the U.S. government told it that H20 exports to China would require a license indefinitely.", REL("US", ["ai-chips", "export-licensing"]))
N("r-2025-04-16-amd", "Reuters", "2025-04-16", "AMD expects $800 million charge as US curbs MI308 exports to China",
  "AMD said new U.S. export controls require a license to ship its MI308 AI chips to China.", REL("US", ["ai-chips", "export-licensing"]))
N("r-2025-05-13-ascend", "Reuters", "2025-05-13", "US says using Huawei's Ascend AI chips anywhere breaks its export controls",
  "The Commerce Department issued guidance that using Huawei Ascend chips anywhere in the world violates U.S. export controls.", REL("US", ["ai-chips", "export-licensing"]))
N("r-2025-05-29-eda", "Reuters", "2025-05-29", "US orders chip design software firms to stop selling to China",
  "The Commerce Department told Synopsys, Cadence and Siemens EDA to stop supplying electronic design automation software to Chinese customers without a license.", REL("US", ["export-licensing"]))
N("r-2025-07-03-eda-lift", "Reuters", "2025-07-03", "US lifts export restrictions on chip design software to China",
  "Synopsys and Cadence said the Commerce Department rescinded the license requirement for EDA exports to China after the London trade framework.", REL("US", ["export-licensing"]))
N("r-2025-07-15-h20-resume", "Reuters", "2025-07-15", "Nvidia to resume H20 sales to China after US assurances on licences",
  "Nvidia said the U.S. government assured it that licenses would be granted to export H20 chips to China.", REL("US", ["ai-chips", "export-licensing"]))
N("ft-2025-08-11-15pct", "Financial Times", "2025-08-11", "Nvidia and AMD to pay US government 15% of China chip sales revenue in exchange for export licences",
  "The unusual arrangement covers H20 and MI308 sales to China under export licences granted by the Commerce Department.", REL("US", ["ai-chips", "export-licensing"]))
N("r-2025-08-06-100pct", "Reuters", "2025-08-06", "Trump says US will impose 100% tariff on chips, with exemptions for companies investing in US",
  "President Trump said semiconductors imported into the United States would face a tariff of about 100 percent unless the company is building in the US.", REL("US", ["tariffs"]))
N("r-2025-09-02-veu", "Reuters", "2025-09-02", "US revokes waivers for Samsung, SK Hynix to ship chipmaking tools to China plants",
  "The Commerce Department said it would revoke validated end-user authorizations allowing Samsung and SK Hynix to receive US semiconductor equipment at their China fabs.", REL("US", ["chip-equipment", "export-licensing"]))
N("r-2025-09-29-affiliates", "Reuters", "2025-09-29", "US expands export blacklist to subsidiaries of listed companies",
  "A new Commerce Department rule applies Entity List restrictions to companies at least 50% owned by entities on the list.", REL("US", ["entity-list", "export-licensing"]))
N("r-2025-11-01-suspend", "Reuters", "2025-11-01", "US to suspend affiliates rule for a year as part of trade truce with China",
  "The White House said the Commerce Department would suspend the rule extending Entity List restrictions to affiliates, while China suspends its rare earth export controls.", REL("US", ["entity-list", "export-licensing", "critical-minerals"]))
N("r-2025-10-09-rare", "Reuters", "2025-10-09", "China expands rare earth export controls, targets overseas chip users",
  "China's commerce ministry added five rare earths and related technologies to its export control list and said licences for chips below 14nm would be reviewed case by case.", REL("CN", ["china-countermeasures", "critical-minerals", "export-licensing"]))
N("r-2025-11-09-gallium", "Reuters", "2025-11-09", "China suspends ban on gallium, germanium, antimony exports to US",
  "China's commerce ministry suspended its December ban on exports of gallium, germanium and antimony to the United States until November 2026.", REL("CN", ["china-countermeasures", "critical-minerals", "export-licensing"]))
N("r-2025-02-04-tungsten", "Reuters", "2025-02-04", "China curbs exports of tungsten, tellurium and other metals in response to US tariffs",
  "China's commerce ministry announced export controls on tungsten, tellurium, bismuth, molybdenum and indium products.", REL("CN", ["china-countermeasures", "critical-minerals", "export-licensing"]))
N("r-2025-04-04-samarium", "Reuters", "2025-04-04", "China hits back at US tariffs with export controls on seven rare earths",
  "Beijing placed samarium, gadolinium, terbium, dysprosium, lutetium, scandium and yttrium under export controls, requiring licences.", REL("CN", ["china-countermeasures", "critical-minerals", "export-licensing"]))
N("r-2025-09-13-analog", "Reuters", "2025-09-13", "China launches anti-dumping probe into US analog chips",
  "China's commerce ministry opened an anti-dumping investigation into analog chips from the United States made by Texas Instruments and others.", REL("CN", ["china-countermeasures"]))
N("r-2025-07-31-cac", "Reuters", "2025-07-31", "China's cyberspace regulator summons Nvidia over H20 chip security risks",
  "The Cyberspace Administration of China said it summoned Nvidia over alleged backdoor risks in H20 chips sold in China.", REL("CN", ["china-countermeasures", "ai-chips"]))
N("ft-2025-09-17-ban", "Financial Times", "2025-09-17", "China bans tech companies from buying Nvidia's AI chips",
  "The Cyberspace Administration of China told companies including ByteDance and Alibaba to stop buying Nvidia's RTX Pro 6000D and cancel orders.", REL("CN", ["china-countermeasures", "ai-chips"]))
N("r-2025-10-13-nexperia", "Reuters", "2025-10-13", "Dutch government takes control of Chinese-owned chipmaker Nexperia",
  "The Netherlands invoked the Goods Availability Act to take control of Nexperia; China responded by banning exports of Nexperia chips made in China.", REL("NL", ["export-licensing"]))
N("r-2025-01-15-dutch", "Reuters", "2025-01-15", "Netherlands expands export controls on chipmaking equipment",
  "The Dutch government said more measurement and inspection equipment for advanced semiconductor production would require an export licence from April 1.", REL("NL", ["chip-equipment", "export-licensing"]))
N("nk-2025-01-31-meti", "Nikkei Asia", "2025-01-31", "Japan adds chipmaking equipment and quantum items to export control list",
  "Japan's Ministry of Economy, Trade and Industry will require export licences for additional semiconductor manufacturing equipment.", REL("JP", ["chip-equipment", "export-licensing"]))
N("r-2026-01-13-h200", "Reuters", "2026-01-13", "US formally allows Nvidia H200 exports to China under new licence policy",
  "The Commerce Department changed its licence review policy for H200-class chips to case by case, with a 25% share of revenue to the US government.", REL("US", ["ai-chips", "export-licensing"]))
N("r-2026-01-14-232", "Reuters", "2026-01-14", "Trump imposes 25% tariff on some advanced AI chips under Section 232",
  "The proclamation covers advanced computing chips such as Nvidia's H200 that are imported and re-exported, with exemptions for chips used in US data centers.", REL("US", ["tariffs", "ai-chips"]))
N("r-2025-12-08-h200", "Reuters", "2025-12-08", "Trump says Nvidia can sell H200 chips to China with 25% cut for US",
  "President Trump said the US would allow exports of Nvidia's H200 AI chips to approved customers in China, with the government taking 25%.", REL("US", ["ai-chips", "export-licensing"]))
N("r-2025-04-11-exempt", "Reuters", "2025-04-11", "US exempts smartphones, computers and chips from reciprocal tariffs",
  "Customs guidance excluded smartphones, computers and semiconductors from the reciprocal tariffs, including products under heading 8542.", REL("US", ["tariffs"]))
N("r-2025-05-12-geneva", "Reuters", "2025-05-12", "US and China agree to slash reciprocal tariffs for 90 days",
  "The US will cut tariffs on Chinese goods to 30% from 145% and China will lower its duties on US goods to 10%, and suspend non-tariff countermeasures including rare earth controls.", REL("US", ["tariffs", "critical-minerals"]))
N("r-2025-12-23-301", "Reuters", "2025-12-23", "US to impose tariffs on Chinese legacy chips from 2027 after Section 301 probe",
  "USTR said it would impose tariffs on Chinese semiconductors, starting at zero and rising in June 2027.", REL("US", ["tariffs"]))
N("r-2025-06-14-taiwan", "Reuters", "2025-06-14", "Taiwan adds China's Huawei, SMIC to export control entity list",
  "Taiwan's International Trade Administration added Huawei and SMIC to its entity list; Taiwanese firms will need government approval to ship to them.", REL("TW", ["entity-list", "export-licensing"]))
N("r-2025-03-25-inspur", "Reuters", "2025-03-25", "US adds dozens of Chinese companies to export blacklist, including Inspur subsidiaries",
  "The Commerce Department added 80 companies to the Entity List, including Inspur units that developed supercomputers for China's military.", REL("US", ["entity-list", "ai-chips"]))
N("bb-2025-05-28-chips-law", "Bloomberg", "2025-05-28", "US court blocks Trump's IEEPA tariffs, ruling he exceeded his authority",
  "The Court of International Trade struck down the reciprocal tariffs and fentanyl tariffs imposed under the International Emergency Economic Powers Act.", REL("US", ["tariffs"]))
N("r-2025-11-05-scotus", "Reuters", "2025-11-05", "Supreme Court justices skeptical of Trump's IEEPA tariffs",
  "The Supreme Court heard arguments on whether the International Emergency Economic Powers Act authorizes the reciprocal tariffs.", REL("US", ["tariffs"]))
# traps, English
N("r-2025-05-28-earnings", "Reuters", "2025-05-28", "Nvidia revenue jumps 69% on data center demand for Blackwell",
  "Nvidia reported first-quarter revenue of $44 billion, driven by demand for its Blackwell GPUs from cloud providers.", NEG(None))
N("r-2025-07-10-tsmc", "Reuters", "2025-07-10", "TSMC June sales rise 27% on AI chip demand", "Taiwan Semiconductor Manufacturing Co reported strong sales for June.", NEG(None))
N("r-2025-03-03-tsmc-invest", "Reuters", "2025-03-03", "TSMC announces $100 billion investment in Arizona chip plants",
  "TSMC will build three more fabs, two packaging facilities and a research center in Arizona.", NEG(None))
N("r-2025-08-22-intel", "Reuters", "2025-08-22", "US government takes 10% stake in Intel", "The Commerce Department converted CHIPS Act grants into a 9.9% equity stake in Intel.", NEG(None))
N("r-2025-07-10-mp", "Reuters", "2025-07-10", "Pentagon to become largest shareholder in rare earths miner MP Materials",
  "The Defense Department will buy preferred stock in MP Materials and guarantee a price floor for its neodymium-praseodymium output.", NEG(None))
N("r-2025-06-01-samsung-hbm", "Reuters", "2025-06-01", "Samsung HBM3E chips pass Nvidia qualification tests, sources say",
  "Samsung's 12-layer HBM3E memory chips passed Nvidia's tests for use in its AI accelerators.", NEG(None))
N("r-2025-04-09-eggs", "Reuters", "2025-04-09", "US egg prices hit record as bird flu cuts supply", "Wholesale egg prices rose despite imports from Turkey and Brazil.", NEG(None))
N("r-2025-07-30-brazil-coffee", "Reuters", "2025-07-30", "Coffee prices surge as US tariffs on Brazil take effect",
  "A 50% tariff on Brazilian goods pushed arabica coffee futures higher.", NEG(None))
N("r-2025-02-10-steel", "Reuters", "2025-02-10", "Trump raises steel and aluminum tariffs to 25% with no exemptions",
  "President Trump restored a 25% tariff on steel imports and raised aluminum duties under Section 232.", NEG(None))
N("r-2025-09-30-lumber", "Reuters", "2025-09-30", "Trump imposes tariffs on lumber, kitchen cabinets and furniture", "New Section 232 tariffs take effect October 14.", NEG(None))
N("r-2025-06-30-blue-chip", "Reuters", "2025-06-30", "Blue-chip stocks close first half at record highs", "The Dow Jones and S&P 500 ended the quarter at records as tariff fears eased.", NEG(None))
N("r-2025-08-15-fab", "Reuters", "2025-08-15", "Micron breaks ground on new Idaho memory fab", "Micron started construction of its second Boise fab for DRAM production.", NEG(None))
N("r-2025-10-30-iphone", "Reuters", "2025-10-30", "Apple iPhone 17 sales lift revenue to record", "Apple's quarterly revenue rose on iPhone demand in the US and Europe.", NEG(None))
N("r-2025-02-20-ofac", "Reuters", "2025-02-20", "US sanctions Chinese refineries over Iranian oil purchases", "Treasury added refineries and tankers to the SDN list.", NEG(None))

# ====================================================================== News in other languages
N("de-hb-2025-04-15", "Handelsblatt", "2025-04-15", "USA verschärfen Exportkontrollen: Nvidia darf H20-Chips nicht mehr ohne Lizenz nach China liefern",
  "Die US-Regierung verlangt eine Exportlizenz für den KI-Chip H20; Nvidia rechnet mit Belastungen von 5,5 Milliarden Dollar.", REL("US", ["ai-chips", "export-licensing"]), lang="de")
N("de-faz-2025-08-07", "FAZ", "2025-08-07", "Trump kündigt Zölle von 100 Prozent auf Halbleiter an",
  "Unternehmen, die in den USA produzieren, sollen von den Chipzöllen ausgenommen werden.", REL("US", ["tariffs"]), lang="de")
N("de-sz-2025-10-09", "Süddeutsche Zeitung", "2025-10-09", "China verschärft Exportkontrollen für Seltene Erden",
  "Das chinesische Handelsministerium stellt weitere Seltene Erden und Technologien unter Genehmigungspflicht, auch für Chiphersteller im Ausland.", REL("CN", ["china-countermeasures", "critical-minerals", "export-licensing"]), lang="de")
N("de-hb-2025-01-15", "Handelsblatt", "2025-01-15", "Niederlande weiten Ausfuhrkontrollen für ASML-Anlagen aus",
  "Die niederländische Regierung unterstellt weitere Mess- und Inspektionsanlagen für die Chipherstellung einer Genehmigungspflicht.", REL("NL", ["chip-equipment", "export-licensing"]), lang="de")
N("de-trap-chips", "Lebensmittel Zeitung", "2025-05-02", "Zölle auf Kartoffelchips aus Belgien belasten den Handel",
  "Die Snackhersteller klagen über höhere Kosten.", NEG(None), lang="de")
N("de-trap-zoll", "WAZ", "2025-06-01", "Zeche Zollverein meldet Besucherrekord", "Das Welterbe in Essen zählte mehr Gäste als je zuvor.", NEG(None), lang="de")
N("de-trap-antimon", "Heise", "2025-09-15", "Antimonopolverfahren gegen Nvidia in China: Aktie gibt nach",
  "Chinas Marktaufsicht wirft Nvidia einen Verstoß gegen Auflagen vor.", exp(True, "CN", ["china-countermeasures"], ["low", "medium"]), lang="de")
N("fr-lm-2025-05-13", "Le Monde", "2025-05-13", "Washington abroge la règle de diffusion de l'IA et durcit les contrôles à l'exportation de puces",
  "Le département américain du Commerce avertit que l'utilisation des puces Ascend de Huawei viole les contrôles à l'exportation américains.", REL("US", ["ai-chips", "export-licensing"]), lang="fr")
N("fr-les-echos-2025-04-03", "Les Echos", "2025-04-03", "Droits de douane réciproques : les semi-conducteurs épargnés",
  "Les puces électroniques et les produits pharmaceutiques échappent aux nouveaux droits de douane annoncés par Donald Trump.", REL("US", ["tariffs"]), lang="fr")
N("fr-2025-10-09", "Le Figaro", "2025-10-09", "Pékin étend ses contrôles à l’exportation sur les terres rares",
  "Le ministère chinois du Commerce impose des licences d’exportation pour de nouvelles terres rares et technologies, visant aussi les fabricants de puces.", REL("CN", ["china-countermeasures", "critical-minerals", "export-licensing"]), lang="fr")
N("fr-trap-puces", "Le Parisien", "2025-06-10", "Le marché aux puces de Saint-Ouen face aux droits de douane sur les antiquités américaines",
  "Les marchands s'inquiètent des taxes à l'importation.", NEG(None), lang="fr")
N("it-sole-2025-08-07", "Il Sole 24 Ore", "2025-08-07", "Trump annuncia dazi del 100% sui semiconduttori", "Esenzioni per le aziende che producono negli Stati Uniti.", REL("US", ["tariffs"]), lang="it")
N("it-2025-11-09", "ANSA", "2025-11-09", "La Cina sospende il divieto di esportazione di gallio, germanio e antimonio verso gli USA",
  "Il ministero del Commercio cinese sospende le restrizioni all'esportazione fino a novembre 2026.", REL("CN", ["china-countermeasures", "critical-minerals", "export-licensing"]), lang="it")
N("it-trap-tariffe", "Corriere", "2025-03-01", "Nuove tariffe telefoniche: aumenti per gli smartphone con chip 5G", "Gli operatori rivedono i piani.", NEG(None), lang="it")
N("es-pais-2025-09-29", "El País", "2025-09-29", "EE UU amplía sus controles de exportación a las filiales de empresas sancionadas",
  "El Departamento de Comercio extiende las restricciones de la lista de entidades a las empresas participadas al 50%; afecta a fabricantes de chips.", REL("US", ["entity-list", "export-licensing"]), lang="es")
N("es-2025-04-04", "Expansión", "2025-04-04", "China responde a los aranceles con controles a la exportación de tierras raras",
  "Pekín exige licencias para exportar siete tierras raras usadas en semiconductores e imanes.", REL("CN", ["china-countermeasures", "critical-minerals", "export-licensing"]), lang="es")
N("es-trap-aceite", "El País", "2025-04-10", "Aranceles al aceite de oliva español: el sector pide ayuda", "Los productores temen perder el mercado estadounidense.", NEG(None), lang="es")
N("ko-yh-2025-09-02", "Yonhap", "2025-09-02", "미국 상무부, 삼성전자·SK하이닉스 중국 공장 VEU 지위 철회", "미국산 반도체 장비를 중국 공장에 반입하려면 수출허가를 받아야 한다.", REL("US", ["chip-equipment", "export-licensing"]), lang="ko")
N("ko-2025-08-07", "Chosun Ilbo", "2025-08-07", "트럼프, 반도체에 100% 관세 부과 발표…미국 투자 기업은 면제", "삼성전자와 SK하이닉스는 면제 대상이 될 전망이다.", REL("US", ["tariffs"]), lang="ko")
N("ko-2025-11-09", "Yonhap", "2025-11-09", "중국, 미국에 대한 갈륨·게르마늄 수출 금지 조치 1년 유예", "중국 상무부는 희토류 수출통제 조치도 유예했다.", REL("CN", ["china-countermeasures", "critical-minerals", "export-licensing"]), lang="ko")
N("ko-trap-earnings", "Yonhap", "2025-07-31", "삼성전자 2분기 반도체 실적 부진…주가 하락", "메모리 가격 약세로 영업이익이 감소했다.", NEG(None), lang="ko")
N("tw-cna-2025-06-14", "CNA", "2025-06-14", "經濟部將華為、中芯列入出口管制實體清單", "出口戰略性高科技貨品至華為、中芯須事先申請許可證。", REL("TW", ["entity-list", "export-licensing"]), lang="zh-TW")
N("tw-2026-01-14", "Liberty Times", "2026-01-14", "川普對部分先進AI晶片課徵25%關稅，輝達H200受影響", "美國依232條款對再出口的先進運算晶片加徵關稅。", REL("US", ["tariffs", "ai-chips"]), lang="zh-TW")
N("tw-trap-tsmc", "Economic Daily", "2025-10-16", "台積電第三季財報亮眼，營收創新高", "AI需求帶動先進製程營收成長。", NEG(None), lang="zh-TW")
N("zh-2025-10-09", "Xinhua", "2025-10-09", "商务部：对稀土相关技术实施出口管制", "商务部公告，对稀土开采、冶炼分离等技术实施出口管制。", REL("CN", ["china-countermeasures", "critical-minerals", "export-licensing"]), lang="zh")
N("zh-2025-09-13", "Caixin", "2025-09-13", "商务部对美国模拟芯片发起反倾销调查", "调查涉及原产于美国的40nm及以上工艺通用接口芯片。", REL("CN", ["china-countermeasures"]), lang="zh")
N("ja-2025-01-31", "Nikkei", "2025-01-31", "経産省、半導体製造装置の輸出管理を強化", "輸出貿易管理令を改正し、新たな品目を許可対象に追加する。", REL("JP", ["chip-equipment", "export-licensing"]), lang="ja")
N("nl-fd-2025-10-13", "Het Financieele Dagblad", "2025-10-13", "Kabinet grijpt in bij chipmaker Nexperia", "Minister gebruikt Wet beschikbaarheid goederen; China reageert met exportverbod.", REL("NL", ["export-licensing"]), lang="nl")

if __name__ == "__main__":
    for r in out:
        print(json.dumps(r, ensure_ascii=False))
