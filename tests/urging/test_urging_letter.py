"""The urging letter as DOCX, opened again with python-docx: the ND30 heading (issuer,
number left for the clerk, motto, place and date), «V/v đôn đốc…», each addressed
agency with a table of exactly its selected late tasks (deadline in force, days late),
«Nơi nhận» and an A4 page with ND30's margins."""
from __future__ import annotations

import io
from datetime import date

from docx import Document

from engine.usecases.urging import issue_urging
from engine.usecases.urging_history import issued_letter
from tests.conftest import user
from tests.urging.scenario import late_world
from web.exports.nd30 import letter_date
from web.exports.urging_letter import urging_docx


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _task_tables(doc) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables if t.rows[0].cells[0].text == "STT"]


def test_the_docx_names_every_selected_task_and_agency(services):
    world = late_world(services)
    urging = issue_urging(services, user(services, "theodoi"), [world.noivu, world.khcn])
    _, letter = issued_letter(services, user(services, "theodoi"), urging.id)
    doc = Document(io.BytesIO(urging_docx(letter)))
    text = _text(doc)
    heading = [c.text for c in doc.tables[0].rows[0].cells]
    assert "UBND TỈNH AN GIANG" in heading[0] and "VĂN PHÒNG UBND TỈNH" in heading[0]
    assert "Số: ……/……" in heading[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading[1] and "Độc lập - Tự do - Hạnh phúc" in heading[1]
    assert "An Giang, ngày 20 tháng 6 năm 2025" in heading[1]
    assert "V/v đôn đốc thực hiện nhiệm vụ được giao tại 99/KH-UBND" in text
    assert "- Sở Khoa học và Công nghệ;" in text and "- Sở Nội vụ." in text          # Kính gửi
    assert "1. Sở Khoa học và Công nghệ (1 nhiệm vụ)" in text and "2. Sở Nội vụ (1 nhiệm vụ)" in text
    tables = _task_tables(doc)
    assert len(tables) == 2
    for table in tables:
        assert table[0] == ["STT", "Văn bản giao", "Mục", "Nhiệm vụ", "Thời hạn đang áp dụng", "Số ngày quá hạn"]
        assert table[1:] == [["1", "99/KH-UBND", "1", "Xây dựng cơ sở dữ liệu thử nghiệm", "10/06/2025", "10"]]
    assert "Nơi nhận:" in text and "- Lưu: VT." in text and "CHÁNH VĂN PHÒNG" in text
    section = doc.sections[0]
    sizes = (section.page_width, section.page_height, section.left_margin, section.right_margin, section.top_margin)
    assert [round(size.mm) for size in sizes] == [210, 297, 30, 15, 20]             # A4, ND30's margins
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_a_letter_to_one_agency_lists_only_its_tasks(services):
    world = late_world(services)
    urging = issue_urging(services, user(services, "theodoi"), [world.noivu])
    _, letter = issued_letter(services, user(services, "theodoi"), urging.id)
    text = _text(Document(io.BytesIO(urging_docx(letter))))
    assert "Kính gửi: Sở Nội vụ." in text and "Sở Khoa học và Công nghệ" not in text


def test_dates_take_the_leading_zeros_of_nd30():
    assert letter_date("An Giang", date(2025, 2, 5)) == "An Giang, ngày 05 tháng 02 năm 2025"
    assert letter_date("An Giang", date(2025, 11, 20)) == "An Giang, ngày 20 tháng 11 năm 2025"
