"""The urging letter (văn bản đôn đốc) as DOCX in the layout of Nghị định 30/2020
(web/exports/nd30.py): heading with the number left for the clerk, «V/v đôn đốc…»,
the addressees, then per agency a table of its late tasks with the deadline in force
and the days late, the request, «Nơi nhận» and the signer's block. It prints the same
letter model (engine.domain.urging.UrgingLetter) the preview page shows."""
from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from engine.domain.urging import (
    NUMBER_HINT, TABLE_HEADINGS, UrgingLetter, closing, group_heading, opening, recipients, signer_title)
from engine.domain.formatting import fmt_day
from web.exports.nd30 import (
    add_body_paragraph, add_heading_block, add_signature_block, add_subject, new_document, run)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
COLUMN_WIDTHS = (1.0, 2.6, 1.1, 7.0, 2.5, 1.8)   # cm, within the 16.5 cm between the margins
TABLE_SIZE = 12


def _addressees(doc, letter: UrgingLetter) -> None:
    names = letter.addressees
    if len(names) == 1:
        add_body_paragraph(doc, f"Kính gửi: {names[0]}.", align=WD_ALIGN_PARAGRAPH.CENTER)
        return
    add_body_paragraph(doc, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.CENTER)
    for index, name in enumerate(names):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(5)
        run(paragraph, f"- {name}{'.' if index == len(names) - 1 else ';'}")


def _task_table(doc, group) -> None:
    table = doc.add_table(rows=1, cols=len(TABLE_HEADINGS))
    table.style = "Table Grid"
    for cell, heading, width in zip(table.rows[0].cells, TABLE_HEADINGS, COLUMN_WIDTHS):
        cell.width = Cm(width)
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(paragraph, heading, bold=True, size=TABLE_SIZE)
    for number, line in enumerate(group.lines, start=1):
        values = (str(number), line.directive_label, line.task_ref, line.task_summary, fmt_day(line.due_date),
                  str(line.days_late))
        cells = table.add_row().cells
        for index, (cell, value, width) in enumerate(zip(cells, values, COLUMN_WIDTHS)):
            cell.width = Cm(width)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if index == 3 else WD_ALIGN_PARAGRAPH.CENTER
            run(paragraph, value, size=TABLE_SIZE)
    doc.add_paragraph().paragraph_format.space_after = Pt(6)


def urging_docx(letter: UrgingLetter) -> bytes:
    doc = new_document()
    add_heading_block(doc, letter.issuer_parent, letter.issuer, NUMBER_HINT, letter.place, letter.day)
    add_subject(doc, letter.subject)
    _addressees(doc, letter)
    add_body_paragraph(doc, opening(letter))
    for number, group in enumerate(letter.groups, start=1):
        add_body_paragraph(doc, group_heading(number, group), bold=True)
        _task_table(doc, group)
    add_body_paragraph(doc, closing(letter))
    add_signature_block(doc, recipients(letter), signer_title(letter.issuer))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def file_name(urging_id: int | None, letter: UrgingLetter) -> str:
    return f"van-ban-don-doc-{urging_id or 'du-thao'}-{letter.day:%Y%m%d}.docx"
