"""The layout of an administrative letter under Nghị định 30/2020/NĐ-CP (công tác văn
thư), in python-docx: an A4 page with its margins, Times New Roman, the heading block
(issuer with the number left for the clerk; national motto with place and date), the
«V/v» subject line and the closing block (Nơi nhận, signature). Shared by the letters
chidao prints (the urging letter, the monthly report); the words come from the caller."""
from __future__ import annotations

from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"
# ND30 Phụ lục I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}


def new_document() -> Document:
    """An empty A4 letter: margins, Times New Roman 14 (Vietnamese glyphs included)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = BODY_SIZE
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    return doc


def letter_date(place: str, day: date) -> str:
    """«An Giang, ngày 05 tháng 02 năm 2025»: a day below 10 and the months 1 and 2 take
    a leading zero (ND30 Phụ lục I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text.capitalize()


def run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
        underline: bool = False):
    piece = paragraph.add_run(text)
    piece.bold, piece.italic, piece.underline = bold, italic, underline
    if size:
        piece.font.size = Pt(size)
    return piece


def _cell_paragraph(cell, first: bool, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = align
    return paragraph


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _two_columns(doc, left: float, right: float):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for cell, width in zip(table.rows[0].cells, (left, right)):
        cell.width = Cm(width)
    return table.rows[0].cells


def add_heading_block(doc, issuer_parent: str, issuer: str, number_hint: str, place: str, day: date) -> None:
    """Left: the parent body (upper case), the issuer (upper case, bold), a short rule and
    «Số: …»; right: the national motto, its line, and the place and date in italics."""
    issuer_cell, motto_cell = _two_columns(doc, 6.5, 10.0)
    first = True
    if issuer_parent:
        run(_cell_paragraph(issuer_cell, first), issuer_parent.upper(), size=13)
        first = False
    run(_cell_paragraph(issuer_cell, first), issuer.upper(), bold=True, size=13)
    run(_cell_paragraph(issuer_cell, False), "––––––––", size=10)
    run(_cell_paragraph(issuer_cell, False), f"Số: {number_hint}", size=13)
    run(_cell_paragraph(motto_cell, True), MOTTO, bold=True, size=12.5)
    run(_cell_paragraph(motto_cell, False), MOTTO_LINE, bold=True, size=13.5)
    run(_cell_paragraph(motto_cell, False), "––––––––––––––––––", size=10)
    run(_cell_paragraph(motto_cell, False), letter_date(place, day), italic=True, size=13.5)


def add_subject(doc, text: str) -> None:
    """The «V/v …» summary of a letter (công văn), under the number, size 13."""
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(12)
    words = text if text.startswith("V/v") else f"V/v {text}"
    run(paragraph, words, size=13)


def add_title(doc, text: str) -> None:
    """The kind of a document that has one in place of «V/v» (BÁO CÁO, KẾ HOẠCH…): centred,
    upper case, bold, 14."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(12)
    run(paragraph, text.upper(), bold=True, size=14)


def add_body_paragraph(doc, text: str, *, bold: bool = False, italic: bool = False,
                       align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    """A body paragraph: justified, first line indented 1 cm, 6 pt apart."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.first_line_indent = Cm(1) if align == WD_ALIGN_PARAGRAPH.JUSTIFY else None
    paragraph.paragraph_format.space_after = Pt(6)
    run(paragraph, text, bold=bold, italic=italic)
    return paragraph


def add_signature_block(doc, recipients: list[str], signer_title: str, signer_name: str = "") -> None:
    """Left: «Nơi nhận:» (bold italic 12) and one line per recipient (11), the last ending
    in «.»; right: the signer's title (upper case, bold; lines split by «\\n»), room for the
    signature and the signer's name (bold)."""
    doc.add_paragraph()
    recipients_cell, signer_cell = _two_columns(doc, 7.5, 9.0)
    run(_cell_paragraph(recipients_cell, True, WD_ALIGN_PARAGRAPH.LEFT), "Nơi nhận:", bold=True, italic=True,
        size=12)
    for index, name in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        run(_cell_paragraph(recipients_cell, False, WD_ALIGN_PARAGRAPH.LEFT), f"- {name}{end}", size=11)
    first = True
    for line in signer_title.split("\n"):
        run(_cell_paragraph(signer_cell, first), line.upper(), bold=True, size=13)
        first = False
    for _ in range(4):
        _cell_paragraph(signer_cell, False)
    if signer_name:
        run(_cell_paragraph(signer_cell, False), signer_name, bold=True, size=14)
