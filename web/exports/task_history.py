"""One task's full history as a printable document — DOCX (python-docx) and PDF
(fpdf2 with the DejaVu Sans font, which has every Vietnamese letter): the task's
"6 rõ", the state of the audit chain around its rows, then every entry of its
history with who, acting for which agency, when, what and what changed."""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.shared import Pt
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from engine.domain.errors import DomainError
from engine.domain.formatting import fmt_day, fmt_moment
from engine.usecases.audit_log import TaskChainStatus
from web.blueprints.task_labels import action_label, change_label, change_value, phase_label

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
FONT_DIRS = [Path(p) for p in os.environ.get("CHIDAO_FONT_DIRS", "").split(":") if p] + [
    Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


@dataclass
class HistoryDocument:
    """What both formats print, already worded."""

    title: str
    facts: list[tuple[str, str]]
    chain: list[str]
    entries: list[tuple[str, str, str, str]]     # when, who, what, details
    footer: str


def _details(e: dict) -> str:
    lines = []
    if e.get("step_title"):
        lines.append(e["step_title"])
    for item in e.get("values") or []:
        text = item["text"] if isinstance(item["text"], str) else ", ".join(f["filename"] for f in item["text"])
        lines.append(f"{item['label']}: {text}")
    for c in e.get("changes") or []:
        lines.append(f"{change_label(c['key'])}: {change_value(c, 'before')} → {change_value(c, 'after')}")
    if e.get("transfer"):
        lines.append(f"{e['transfer']['from']} → {e['transfer']['to']}")
    return "\n".join(lines)


def _chain_lines(status: TaskChainStatus, lang: str) -> list[str]:
    if status.intact:
        lines = [_("Chuỗi băm: %(n)s dòng của nhiệm vụ khớp mã băm và nối tiếp đúng dòng trước; mốc kiểm chứng "
                   "có chữ ký hợp lệ.", n=status.rows)]
    else:
        lines = [_("Chuỗi băm BỊ PHÁ VỠ quanh các dòng của nhiệm vụ:")]
        lines += [f"– {p.message(lang)}" for p in status.problems]
        if not status.checkpoint_signed:
            lines.append("– " + _("Mốc kiểm chứng đầu chuỗi không có chữ ký hợp lệ."))
    check = status.last_check
    if check is None:
        lines.append(_("Toàn bộ chuỗi chưa được kiểm chứng lần nào."))
    elif check.intact:
        lines.append(_("Lần kiểm chứng toàn chuỗi gần nhất: %(when)s, %(n)s dòng, nguyên vẹn.",
                       when=fmt_moment(check.at), n=check.checked))
    else:
        lines.append(_("Lần kiểm chứng toàn chuỗi gần nhất: %(when)s, %(n)s dòng, %(p)s vấn đề.",
                       when=fmt_moment(check.at), n=check.checked, p=check.problems))
    return lines


def history_document(t: dict, status: TaskChainStatus, exported_by: str, now, lang: str) -> HistoryDocument:
    directive = t["directive"]
    facts = [
        (_("Văn bản"), f"{directive['number'] or ''} — {directive['title']}".strip(" —")),
        (_("Nhiệm vụ"), f"{t['task']['ref']}. {t['task']['summary']}"),
        (_("Cơ quan chủ trì"), t["lead"]["name"]),
        (_("Chuyên viên thực hiện"), t["officer"]["name"] if t["officer"] else "—"),
        (_("Thời hạn"), fmt_day(t["due_date"]) or (t["task"]["deadline_text"] or "—")),
        (_("Tình trạng"), f"{t['status']['label']} ({phase_label(t['phase'])})"),
    ]
    entries = [(fmt_moment(e["at"]), f"{e['actor_name']} ({e['agency_name'] or e['agency']})",
                action_label(e["action"]), _details(e)) for e in t["timeline"]]
    return HistoryDocument(
        title=_("Lịch sử xử lý nhiệm vụ số %(id)s", id=t["id"]), facts=facts, chain=_chain_lines(status, lang),
        entries=entries, footer=_("Xuất lúc %(when)s bởi %(who)s từ chidao.", when=fmt_moment(now), who=exported_by))


def to_docx(doc: HistoryDocument) -> bytes:
    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(12)
    document.add_heading(doc.title, level=1)
    facts = document.add_table(rows=0, cols=2)
    for label, value in doc.facts:
        row = facts.add_row().cells
        row[0].text, row[1].text = label, value
    document.add_heading(_("Tình trạng chuỗi nhật ký"), level=2)
    for line in doc.chain:
        document.add_paragraph(line)
    document.add_heading(_("Lịch sử"), level=2)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (_("Thời điểm"), _("Người thực hiện"), _("Hành động"),
                                                _("Chi tiết"))):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for entry in doc.entries:
        for cell, text in zip(table.add_row().cells, entry):
            cell.text = text
    document.add_paragraph(doc.footer)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _font(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise DomainError("export.no_font")


def to_pdf(doc: HistoryDocument) -> bytes:
    regular, bold = _font("DejaVuSans.ttf"), _font("DejaVuSans-Bold.ttf")
    pdf = FPDF(orientation="portrait", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, doc.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for label, value in doc.facts:
        pdf.multi_cell(0, 6, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 7, _("Tình trạng chuỗi nhật ký"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for line in doc.chain:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 8)
    with pdf.table(col_widths=(22, 38, 34, 96), line_height=4.5, first_row_as_headings=True,
                   headings_style=FontFace(emphasis="BOLD")) as table:
        table.row([_("Thời điểm"), _("Người thực hiện"), _("Hành động"), _("Chi tiết")])
        for entry in doc.entries:
            table.row(list(entry))
    pdf.ln(3)
    pdf.multi_cell(0, 5, doc.footer, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
