"""The document facts of a directive as the pipeline reports them: number and symbol,
type, issuer (from the header, the symbol or the closing formula, resolved to the
registry), date, signer, title; and the day group membership is judged on.

The pieces are read by document_facts; this module picks among them.
"""
from __future__ import annotations

import re
from datetime import date

from engine.extraction.agencies.matcher import AgencyMatcher
from engine.extraction.fields import document_facts as facts
from engine.extraction.layout.regions import Layout

ANY_DATE = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b")


def _dates_in(text: str) -> list[date]:
    out = []
    for d, m, y in ANY_DATE.findall(text):
        try:
            out.append(date(int(y), int(m), int(d)))
        except ValueError:
            pass
    return out


def reference_date(issued: str | None, text: str) -> date | None:
    """The day group membership is judged on: the issue date, else the latest date
    the text mentions (a directive is issued before its deadlines)."""
    if issued:
        parts = [int(p) for p in issued.split("-")]
        return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 15)
    found = [d for d in _dates_in(text) if 1990 <= d.year <= 2100]
    return max(found) if found else None


def read_document_facts(layout: Layout, matcher: AgencyMatcher) -> tuple[dict, str | None]:
    lines = layout.lines
    number = None
    for ln in lines[:40]:
        if ln.stripped[:1] == "S" and re.match(r"^\s*s[o0]\s*[:.]?\s*\d{0,5}\s*[/-]", ln.skey):
            number = facts.parse_number(ln.stripped)
            if number:
                break
    issued = None
    for ln in lines[:45]:
        if re.search(r",\s*ngay\b.*thang", ln.key) or re.match(r"^\s*ngay\s.*thang.*nam\s*\d{4}", ln.skey):
            issued = facts.parse_issue_date(ln.text)
            if issued:
                break
    title, type_word = facts.find_title(lines, None)
    appendix_start = layout.appendices[0][0].no - 1 if layout.appendices else len(lines)
    signer, signer_title = facts.find_signer(lines, layout.body_end, appendix_start)
    province = facts.province_of(lines)
    issuer = None
    for candidate in (facts.header_issuer(lines),
                      _issuer_from_symbol(number, province),
                      _issuer_from_closing(layout)):
        if candidate:
            result = matcher.match(candidate)
            issuer = result.agency_name if result.agency_name and not result.agency_name.startswith("@") else None
            if issuer:
                break
    if issuer and province and province not in issuer and issuer.rstrip().endswith("tỉnh"):
        issuer = f"{issuer} {province}"
    if issuer and issuer.startswith("UBND tỉnh") and facts.chairman_decides(lines):
        issuer = f"Chủ tịch {issuer}"
    doc = {
        "number": number.number if number else None,
        "type": (number.type if number and number.type != "CV" else None) or type_word
                or (number.type if number else None),
        "issuer": issuer,
        "date": issued,
        "signer": signer,
        "title": title,
    }
    if signer_title:
        doc["signer_title"] = signer_title
    if number:
        doc["number_text"] = re.sub(r"\s+", " ", number.text.split(number.symbol)[0] + number.symbol)
    return doc, issued


def _issuer_from_symbol(number, province) -> str | None:
    if not number or not number.issuer_code:
        return None
    code = number.issuer_code.split("-")[0]
    expansions = {"UBND": "UBND tỉnh", "VP": "VP UBND tỉnh", "VPUBND": "VP UBND tỉnh"}
    return expansions.get(code.upper(), code)


def _issuer_from_closing(layout: Layout) -> str | None:
    if not layout.closing:
        return None
    first = " ".join(ln.stripped for ln in layout.closing)
    m = re.match(r"^(.{3,60}?)\s+(?:thông báo|yêu cầu|đề nghị)", first)
    return m.group(1) if m else None
