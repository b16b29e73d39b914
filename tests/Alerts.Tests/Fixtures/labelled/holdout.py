#!/usr/bin/env python3
"""Writes holdout.jsonl: documents written and labelled AFTER the dictionary was tuned on corpus.jsonl and
handwritten.jsonl, and run once without changing the dictionary afterwards, so their scores (printed per file by the
evaluation test) are an honest estimate. Same format and labelling guide as handwritten.py.
Run: python3 holdout.py > holdout.jsonl
"""
import json, sys, importlib.util, io, contextlib
spec = importlib.util.spec_from_file_location("hw", __file__.replace("holdout.py", "handwritten.py"))
hw = importlib.util.module_from_spec(spec)
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    spec.loader.exec_module(hw)
hw.out.clear()
exp, NEG, fr, ecfr, el, hts, page, feed, NEWS = hw.exp, hw.NEG, hw.fr, hw.ecfr, hw.el, hw.hts, hw.page, hw.feed, hw.NEWS

fr("2023-21345", "Rule", "Entity List Additions; Revisions",
   "BIS adds 13 entities based in China to the Entity List, including Biren Technology and Moore Threads Technology, for their involvement in the development of advanced computing chips that could support China's military modernization.",
   "BIS Entity List rule of 17 October 2023 (Biren, Moore Threads)", exp(True, "US", ["entity-list", "ai-chips"], ["high", "critical"]), citation="88 FR 71991", action="Final rule.", rins=["0694-AJ30"], date="2023-10-19")
fr("2024-15007", "Rule", "Implementation of Wassenaar Arrangement 2023 Plenary Decisions",
   "BIS amends the Commerce Control List to implement changes agreed at the Wassenaar Arrangement 2023 Plenary, including revised controls on semiconductor manufacturing equipment in ECCN 3B001 and on related software and technology, and corresponding license requirements.",
   "BIS rules implementing Wassenaar plenary decisions (published yearly)", exp(True, "US", ["chip-equipment", "export-licensing"], ["critical", "high"]), citation="89 FR 60000", action="Final rule.", rins=["0694-AJ60"], date="2024-07-10")
fr("2024-20033", "Proposed Rule", "Securing the Information and Communications Technology and Services Supply Chain: Connected Vehicles",
   "BIS proposes to prohibit the import and sale of connected vehicles that integrate specific hardware and software with a nexus to the People's Republic of China or Russia, including vehicle connectivity systems and automated driving systems.",
   "BIS ICTS connected vehicles proposed rule of 26 September 2024", NEG("US"), citation="89 FR 79088", action="Proposed rule.", rins=["0694-AJ56"], cfr="15 CFR 791", date="2024-09-26")
fr("2025-06800", "Notice", "Notice of Request for Public Comments on Section 232 National Security Investigation of Imports of Processed Critical Minerals and Derivative Products",
   "The Secretary of Commerce initiated an investigation under section 232 to determine the effects on national security of imports of processed critical minerals, including gallium, germanium and rare earth elements, and their derivative products, and whether tariffs are warranted.",
   "BIS notice of April 2025 on the Section 232 critical minerals investigation", exp(True, "US", ["tariffs", "critical-minerals"], ["medium"]), citation="90 FR 17000", action="Notice of request for public comments.", cfr="", date="2025-04-25")
fr("2025-09500", "Notice", "Notice of Product Exclusion Extensions: China's Acts, Policies, and Practices Related to Technology Transfer, Intellectual Property, and Innovation",
   "USTR extends until August 31, 2025 certain exclusions from Section 301 tariffs, including 14 exclusions for machinery used in domestic manufacturing of solar wafers and semiconductor manufacturing equipment classified in heading 8486.",
   "USTR exclusion extension notice of May 2025", exp(True, "US", ["tariffs", "chip-equipment"], ["medium", "high"]), citation="90 FR 23000", action="Notice of product exclusion extensions.", agencies="Trade Representative, Office of United States", cfr="", date="2025-05-30")
fr("2025-01999", "Notice", "Agency Information Collection Activities; Submission to the Office of Management and Budget; Multi-Purpose Application",
   "The Department of Commerce will submit an information collection on the BIS multi-purpose application form used for export license applications to OMB for review under the Paperwork Reduction Act.",
   "BIS information collection notices", NEG("US"), citation="90 FR 8000", action="Notice.", cfr="", date="2025-01-30")
fr("2024-23456", "Rule", "Additions to the Entity List",
   "BIS adds five entities in China and Pakistan to the Entity List for contributing to Pakistan's ballistic missile program.",
   "BIS Entity List additions concerning Pakistan's missile program", exp(True, "US", ["entity-list"], ["high"]), citation="89 FR 82000", action="Final rule.", rins=["0694-AJ81"], date="2024-10-11")
fr("2024-24000", "Rule", "Medical Devices; Neurological Devices; Classification of the Computerized Behavioral Therapy Device",
   "The Food and Drug Administration is classifying the computerized behavioral therapy device for psychiatric disorders into class II (special controls).",
   "FDA device classification orders", NEG("US"), citation="89 FR 84000", action="Final amendment; final order.", agencies="Food and Drug Administration", cfr="21 CFR 882", date="2024-10-20")
fr("2025-02408", "Presidential Document", "Imposing Duties To Address the Synthetic Opioid Supply Chain in the People's Republic of China",
   "Executive Order 14195 imposes an additional 10 percent ad valorem duty on all products of the People's Republic of China under the International Emergency Economic Powers Act.",
   "Executive Order 14195 of 1 February 2025 (IEEPA tariffs on China)", exp(True, "US", ["tariffs"], ["high", "critical"]), citation="90 FR 9121", action="Executive order.", agencies="Executive Office of the President", cfr="", date="2025-02-07")

ecfr("740.2", "§ 740.2 Restrictions on all license exceptions.",
     "(a)(9) The item is specified in ECCN 3A090, 4A090, or a .z paragraph, and the export is to a destination in Country Group D:1, D:4 or D:5, except as authorized by License Exception NAC or ACA.",
     "15 CFR 740.2 as amended for advanced computing items", exp(True, "US", ["ai-chips", "export-licensing"], ["critical", "high"]), date="2023-11-17")
ecfr("742.6", "§ 742.6 Regional stability.",
     "(a)(6)(iii) A license is required for items specified in ECCNs 3A090, 4A090, 3B001.a.4, c, d, f.1, k to n, p.2, p.4, r, and 3B993 to any destination in Country Group D:5 or Macau.",
     "15 CFR 742.6 (RS controls) as amended in December 2024", exp(True, "US", ["ai-chips", "chip-equipment", "export-licensing"], ["critical", "high"]), date="2024-12-02")
ecfr("736.2", "§ 736.2 General prohibitions and determination of applicability.",
     "Paragraph (b)(3)(i) is amended by correcting a typographical error in a cross-reference to part 734.",
     "15 CFR 736.2 editorial amendment", NEG("US"), substantive=False, date="2024-06-01")

el("Huawei Technologies Co., Ltd.", "CN", "84 FR 22961", "Huawei's Entity List entry, license policy revised", exp(True, "US", ["entity-list"], ["medium", "high"]), change="modified",
   diff=[{"field": "license_policy", "before": "Case-by-case review for items subject to the EAR.", "after": "Presumption of denial for all items subject to the EAR."}])
el("Inspur Electronic Information Industry Co., Ltd.", "CN", "90 FR 13000", "Military End-User List addition", exp(True, "US", ["entity-list"], ["high"]), lst="MEU")
el("Sichuan Silicon Valley Technology Co.", "CN", "", "Treasury SDN designation of a Chinese technology firm (not a BIS list)", NEG("US"), lst="SDN", policy="", req="")

hts("8541.42.00", "Photovoltaic cells not assembled in modules or made up into panels",
    "HTS 8541.42.00 with a Section 301 footnote change", exp(True, "US", ["tariffs"], ["high"]),
    [{"field": "footnotes", "before": "See 9903.88.01.", "after": "See 9903.88.01 and 9903.91.02."}], footnotes="See 9903.88.01 and 9903.91.02.")
hts("8473.30.11", "Parts and accessories of the machines of heading 8471: printed circuit assemblies",
    "HTS 8473 computer parts line", NEG("US"), [{"field": "general", "before": "Free", "after": "Free"}])
hts("2804.61.00", "Silicon containing by weight not less than 99.99 percent of silicon",
    "HTS 2804.61.00 (polysilicon), a hypothetical rate change following the Section 301 four-year review", exp(True, "US", ["tariffs"], ["high"]),
    [{"field": "general", "before": "Free", "after": "50%"}], general="50%")
hts("8112.92.10", "Gallium: unwrought; powders",
    "HTS 8112.92.10 (gallium), a hypothetical rate change", exp(True, "US", ["tariffs", "critical-minerals"], ["high"]),
    [{"field": "general", "before": "3%", "after": "25%"}], general="25%")

MOFCOM, METI, NLGOV = hw.MOFCOM, hw.METI, hw.NLGOV
page("mofcom-2025-61", MOFCOM, "商务部公告2025年第61号 关于对境外相关稀土物项实施出口管制的决定",
     "根据《中华人民共和国出口管制法》有关规定，决定对境外制造的含有中国稀土成分的相关物项以及稀土开采、冶炼分离、磁材制造等技术实施出口管制，出口经营者应当申请两用物项出口许可。",
     "MOFCOM Announcement 2025 No. 61 of 9 October 2025 (rare earth items abroad)", exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], ["critical", "high"]), "zh", date="2025-10-09")
page("mofcom-pom-2024", MOFCOM, "商务部公告 关于对原产于美国、欧盟、台湾地区和日本的进口共聚聚甲醛反倾销调查最终裁定的公告",
     "商务部裁定原产于美国、欧盟、台湾地区和日本的进口共聚聚甲醛存在倾销，决定征收反倾销税。",
     "MOFCOM anti-dumping ruling on POM copolymer (2024)", NEG("CN"), "zh", date="2024-05-18")
page("miit-ic-policy", {"id": "miit-policy", "kind": "page", "jurisdiction": "CN", "official": True}, "关于促进集成电路产业和软件产业高质量发展的若干政策",
     "为进一步优化集成电路产业和软件产业发展环境，深化产业国际合作，制定财税、投融资、研究开发、人才等方面的支持政策。",
     "State Council policy on the IC and software industries (2020)", NEG("CN"), "zh", date="2020-08-04")
page("meti-catchall-2025", METI, "補完的輸出規制（キャッチオール規制）の見直しについて",
     "経済産業省は、外為法に基づく補完的輸出規制を見直し、先端半導体や通常兵器の開発に用いられるおそれがある貨物の輸出について、許可申請を求める対象を拡大します。",
     "METI catch-all control revision of 2025", exp(True, "JP", ["export-licensing"], ["high", "critical"]), "ja", date="2025-04-09")
page("nl-2025-quantum", NLGOV, "Nederland breidt vergunningplicht uit voor halfgeleiderproductieapparatuur en kwantumtechnologie",
     "Voor de uitvoer van bepaalde halfgeleiderproductieapparatuur en kwantumcomputers geldt vanaf 15 januari een vergunningplicht, op grond van een nationale regeling.",
     "Dutch national control list extension of January 2025", exp(True, "NL", ["chip-equipment", "export-licensing"], ["critical", "high"]), "nl", date="2025-01-15")
feed("eu-russia-16", hw.EU, "EU adopts 16th package of sanctions against Russia",
     "The Council adopted new export bans on chemical precursors, CNC machine tools and electronic components including integrated circuits, to deprive Russia's military of technology.",
     "Council press release of 24 February 2025", exp(True, "EU", ["export-licensing"], ["medium", "high"]), doctype="Press Release")
feed("tw-moea-2025", {"id": "tw-moea", "kind": "feed", "jurisdiction": "TW", "official": True}, "MOEA adds Huawei and SMIC to the Strategic High-Tech Commodities Entity List",
     "Taiwan's International Trade Administration added 601 entities, including Huawei and SMIC, to the entity list; exports of strategic high-tech commodities to them require a permit.",
     "Taiwan ITA announcement of June 2025", exp(True, "TW", ["entity-list", "export-licensing"], ["medium", "high"]), doctype="Press Release")
feed("uk-steel-2025", hw.UKGOV, "Government launches consultation on steel safeguard measures",
     "The Department for Business and Trade is consulting on the future of steel safeguard tariffs after June 2026.",
     "UK DBT consultations", NEG("UK"), doctype="Press Release")

feed("news-rtx6000d", NEWS, "China tells tech firms to stop buying Nvidia's RTX Pro 6000D chips",
     "China's internet regulator told major technology companies to stop buying and testing Nvidia's RTX Pro 6000D AI chips, escalating efforts to wean the country off U.S. chips.",
     "news of 17 September 2025 (purchasing guidance)", exp(True, "CN", ["china-countermeasures", "ai-chips"], ["low", "medium"]))
feed("news-malaysia", NEWS, "Malaysia to require permits for exports of US AI chips",
     "Malaysia will require a trade permit for exports and transshipments of high-performance AI chips of U.S. origin, its trade ministry said.",
     "news of 14 July 2025", exp(True, "other", ["ai-chips", "export-licensing"], ["low", "medium"]))
feed("news-lawmakers-asml", NEWS, "US lawmakers urge tighter curbs on ASML and Tokyo Electron sales to China",
     "A House committee urged the administration to restrict exports of chipmaking equipment by allied firms to China, citing a surge in Chinese purchases.",
     "news of 2024-2025", exp(True, "US", ["chip-equipment", "export-licensing"], ["low", "medium"]))
feed("news-huawei-roadmap", NEWS, "Huawei unveils three-year Ascend AI chip roadmap",
     "Huawei said it would release new Ascend processors each year and build large computing clusters, in a rare public roadmap.",
     "business news of September 2025", NEG(None))
feed("news-micron-ny", NEWS, "Micron breaks ground on New York memory megafab",
     "Micron began construction of a memory chip factory near Syracuse supported by CHIPS Act grants.",
     "business news of January 2026", NEG(None))
feed("news-gold", NEWS, "Gold prices hit record as tariff fears mount",
     "Gold climbed to an all-time high as investors sought safety amid worries about new tariffs on trading partners.",
     "market news", NEG(None))
feed("news-rapidus", NEWS, "Japan's Rapidus starts 2nm prototype production in Hokkaido",
     "Chip venture Rapidus began prototype production of 2-nanometre chips at its plant in Chitose, backed by government subsidies.",
     "business news of July 2025", NEG(None))
feed("news-tsmc-veu", NEWS, "US revokes TSMC's fast-track status for shipping chipmaking tools to its Nanjing plant",
     "The Commerce Department will revoke TSMC's validated end-user authorization, which let it ship U.S. chipmaking tools to its Nanjing fab without individual licences.",
     "news of 2 September 2025", exp(True, "US", ["chip-equipment", "export-licensing"], ["low", "medium"]))
feed("news-rare-earth-cars", NEWS, "China's rare earth export controls disrupt carmakers' supply chains",
     "European carmakers warned that China's export controls on rare earth magnets had halted some production lines as licence approvals lagged.",
     "news of June 2025", exp(True, "CN", ["china-countermeasures", "critical-minerals", "export-licensing"], ["low", "medium"]))

for d in hw.out:
    d["follows"] = "holdout: " + d["follows"]
    print(json.dumps(d, ensure_ascii=False))
print(len(hw.out), file=sys.stderr)
