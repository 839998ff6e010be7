"""The .docx and text-PDF variants of a fixture directive, made the way such files
arrive, from the directive's text:

* the header as Word and PDF letters print it: a two-column table (issuer, number and
  "V/v …" on the left; the national motto and the place and date on the right);
* body lines joined back into paragraphs (a line continues the paragraph when the line
  before it was a long one, wrapped without ending its sentence, and it starts no item;
  the short lines of an appendix's table cells stay lines);
* page breaks wherever the layout falls, in the middle of items: in the PDF by the
  page's height (with the page number printed at the top of every page but the
  first, Nghị định 30/2020's place for it); in the DOCX as Word records them
  (``w:lastRenderedPageBreak`` inside a paragraph) and as an explicit break before an
  appendix;
* footnotes on the first citations ("… số 12/QĐ-UBND¹ …"): in the PDF a superscript
  mark and the note in small print at the foot of that page; in the DOCX a real Word
  footnote and, as documents converted from PDF carry them, a small-print footnote
  paragraph between the two halves of an item.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
_ITEM = re.compile(r"^\s*(?:[IVX]{1,4}\s*[.)]|\d{1,2}(?:\.\d{1,2}){0,3}[.)]?\s|[a-zđ]\)|[-–+•]\s|\|)")
_RIGHT = re.compile(r"^(?:CỘNG HÒA|Độc lập|.{2,40},\s*ngày\b)", re.IGNORECASE)
_DATE = re.compile(r"^.{2,40},\s*ngày\b", re.IGNORECASE)
_CITATION = re.compile(r"\bsố\s+\d{1,5}[-/][\w/Đ-]+")
_NOTE = "Văn bản được dẫn chiếu đăng trên Cổng thông tin điện tử tỉnh, mục Văn bản chỉ đạo điều hành."


@dataclass
class Paragraph:
    text: str
    starts_appendix: bool = False


def split_header(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(left column, right column, the rest) — the header ends with the date line."""
    end = next((i for i, ln in enumerate(lines[:30]) if _DATE.match(ln.strip())), None)
    if end is None:
        return [], [], lines
    left, right = [], []
    for ln in lines[:end + 1]:
        if ln.strip():
            (right if _RIGHT.match(ln.strip()) else left).append(ln.strip())
    return left, right, lines[end + 1:]


def paragraphs(lines: list[str]) -> list[Paragraph | None]:
    """Body paragraphs; ``None`` for a blank line."""
    out: list[Paragraph | None] = []
    last_line, in_appendix = "", False
    for raw in lines:
        line = raw.strip()
        if not line:
            out.append(None)
            last_line = ""
            continue
        starts_appendix = bool(re.match(r"^PHỤ LỤC\b", line))
        in_appendix = in_appendix or starts_appendix
        previous = out[-1] if out else None
        wrapped = len(last_line) >= 60 and not last_line.endswith((".", ":", ";", "./."))
        if previous is not None and wrapped and not in_appendix and not _ITEM.match(line):
            previous.text += " " + line
        else:
            out.append(Paragraph(line, starts_appendix))
        last_line = line
    return out


def _cited(text: str, done: int) -> tuple[str, str] | None:
    """The paragraph cut after its first citation, when it has one."""
    m = _CITATION.search(text)
    if not m or done >= 2:
        return None
    return text[:m.end()], text[m.end():]


# ----------------------------------------------------------------------------- DOCX

def _footnotes_part(document, notes: list[str]):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                   f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {note}</w:t></w:r></w:p></w:footnote>'
                   for n, note in enumerate(notes, start=1))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}>'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
           f'</w:footnote>{body}</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def _run_with(paragraph, tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(name), value)
    run._r.append(element)
    return run


def to_docx(text: str) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(13)
    left, right, rest = split_header(text.split("\n"))
    if left or right:
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "\n".join(left)
        table.cell(0, 1).text = "\n".join(right)
    notes, since_break, converted_note = [], 0, False
    for para in paragraphs(rest):
        if para is None:
            document.add_paragraph("")
            continue
        if para.starts_appendix:
            _run_with(document.add_paragraph(), "w:br", **{"w:type": "page"})
            since_break = 0
        cited = _cited(para.text, len(notes))
        p = document.add_paragraph()
        if cited:
            p.add_run(cited[0])
            notes.append(_NOTE)
            reference = _run_with(p, "w:footnoteReference", **{"w:id": str(len(notes))})
            reference.font.superscript = True
            p.add_run(cited[1])
        elif since_break > 1400 and len(para.text) > 120 and not converted_note:
            # converted from PDF: the page's footnote printed between the item's two halves
            words = para.text.split(" ")
            half = len(words) // 2
            p.add_run(" ".join(words[:half]))
            small = document.add_paragraph()
            small.add_run(f"1 {_NOTE}").font.size = Pt(10)
            rest_of_item = document.add_paragraph()
            _run_with(rest_of_item, "w:lastRenderedPageBreak")
            rest_of_item.add_run(" ".join(words[half:]))
            converted_note, since_break = True, 0
            continue
        elif since_break > 2200 and len(para.text) > 80:
            words = para.text.split(" ")
            p.add_run(" ".join(words[:len(words) // 2]) + " ")
            _run_with(p, "w:lastRenderedPageBreak")
            p.add_run(" ".join(words[len(words) // 2:]))
            since_break = 0
        else:
            p.add_run(para.text)
        since_break += len(para.text)
    if notes:
        _footnotes_part(document, notes)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ----------------------------------------------------------------------------- PDF

def to_text_pdf(text: str) -> bytes:
    from fpdf import FPDF

    class Letter(FPDF):
        notes_by_page: dict[int, list[str]] = {}

        def header(self):
            if self.page_no() > 1:
                self.set_font("Serif", size=12)
                self.set_y(10)
                self.cell(0, 6, str(self.page_no()), align="C")
                self.set_y(25)

        def footer(self):
            notes = self.notes_by_page.get(self.page_no()) or []
            if not notes:
                return
            self.set_y(-12 - 5 * len(notes))
            self.line(self.l_margin, self.get_y(), self.l_margin + 50, self.get_y())
            self.set_font("Serif", size=9)
            for n, note in notes:
                self.set_x(self.l_margin)
                self.multi_cell(0, 4.5, f"{n} {note}")

    pdf = Letter(format="A4", unit="mm")
    pdf.notes_by_page = {}
    pdf.set_margins(30, 20, 20)
    pdf.set_auto_page_break(True, margin=30)
    pdf.add_font("Serif", "", FONT)
    pdf.add_font("Serif", "B", FONT_BOLD)
    pdf.add_page()
    left, right, rest = split_header(text.split("\n"))
    if left or right:
        top = pdf.get_y()
        pdf.set_font("Serif", size=11)
        pdf.set_xy(15, top)
        pdf.multi_cell(75, 5.5, "\n".join(left), align="C")
        after_left = pdf.get_y()
        pdf.set_xy(95, top)
        pdf.multi_cell(100, 5.5, "\n".join(right), align="C")
        pdf.set_y(max(after_left, pdf.get_y()) + 4)
    pdf.set_font("Serif", size=12)
    footnotes = 0
    for para in paragraphs(rest):
        if para is None:
            if pdf.will_page_break(12):
                pdf.add_page()             # an empty paragraph at the top of the next page
            pdf.ln(6)                      # an empty paragraph, one line high
            continue
        if para.starts_appendix and pdf.get_y() > 40:
            pdf.add_page()
        pdf.set_x(pdf.l_margin)
        cited = _cited(para.text, footnotes)
        if cited:
            footnotes += 1
            pdf.write(6, cited[0])
            pdf.char_vpos = "SUP"
            pdf.write(6, str(footnotes))
            pdf.char_vpos = "LINE"
            pdf.notes_by_page.setdefault(pdf.page_no(), []).append((footnotes, _NOTE))
            pdf.write(6, cited[1])
            pdf.ln(6)
        else:
            pdf.multi_cell(0, 6, para.text, align="L")
    return bytes(pdf.output())
