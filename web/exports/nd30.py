"""The layout of an administrative document by Nghị định 30/2020/NĐ-CP (Phụ lục I), for
python-docx: A4, Times New Roman, the decree's margins; the heading block (issuer and
number on the left, the national motto with place and date on the right); the
subject line; the recipients ("Nơi nhận") and the signer's block. The number is left
for the clerk ("Số: …/BC-…"), as the document is numbered when it is signed."""
from __future__ import annotations

from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_SIZE = Pt(13)
SMALL_SIZE = Pt(12)
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def new_document():
    """An empty A4 document in Times New Roman 13 with ND30's margins (top and bottom
    20 mm, left 30 mm, right 15 mm)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = BODY_SIZE
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(3)
    return doc


def _line(cell_or_doc, text: str, *, bold=False, italic=False, size=None, align=WD_ALIGN_PARAGRAPH.CENTER,
          first=False):
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.name = FONT
    run.font.size = size or BODY_SIZE
    return paragraph


def vietnamese_date(place: str, day: date) -> str:
    """«An Giang, ngày 05 tháng 10 năm 2025» (day and month below 10 written with a 0,
    ND30 Phụ lục I)."""
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def add_heading_block(doc, issuer_parent: str, issuer: str, number_hint: str, place: str, day: date) -> None:
    """The two-column heading: the issuing body (its parent above it), a rule and «Số:
    …» on the left; the national name, the motto, and place and date on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    _line(left, issuer_parent.upper(), size=SMALL_SIZE, first=True)
    _line(left, issuer.upper(), bold=True, size=SMALL_SIZE)
    _line(left, "––––––––", size=SMALL_SIZE)
    _line(left, f"Số: {number_hint}", size=BODY_SIZE)
    _line(right, NATION, bold=True, size=SMALL_SIZE, first=True)
    _line(right, MOTTO, bold=True)
    _line(right, "–––––––––––––––––––––", size=SMALL_SIZE)
    _line(right, vietnamese_date(place, day), italic=True)
    doc.add_paragraph()


def add_subject(doc, text: str) -> None:
    """The document's subject (trích yếu), centred in bold."""
    _line(doc, text, bold=True)
    doc.add_paragraph()


def add_signature_block(doc, recipients: list[str], signer_title: str, signer_name: str = "") -> None:
    """«Nơi nhận:» with one recipient a line on the left; the signer's title, room to
    sign and the signer's name on the right (left blank when not known yet)."""
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    _line(left, "Nơi nhận:", bold=True, italic=True, size=SMALL_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for recipient in recipients:
        _line(left, f"- {recipient};", size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, "- Lưu: VT.", size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(right, signer_title.upper(), bold=True, first=True)
    for _ in range(4):
        _line(right, "")
    _line(right, signer_name, bold=True)
