"""Structures that must survive a poor scan: roles and formulas with a misread letter,
nested item numbers read with a letter, a table whose repeated header is garbled, and
a remark in brackets inside a table cell."""
from engine.extraction import extract_text

from .ocr_damage import damage, damage_harshly
from .test_tables_anywhere import DECISION, _appendix_plan


def _tasks(text, registry):
    return {t["ref"]: t for t in extract_text(text, registry)["tasks"]}


def test_a_role_with_a_misread_letter_still_stands_before_the_agencies(registry):
    text = """Ủy ban nhân dân tỉnh yêu cầu:
1. Cha tich Uy ban nhan dan xa Vinh Hau, xa Nhon Hoi khan truong giai quyet vuong mac
ve mat bang, hoan thanh truoc ngay 30/11/2025.
2. Giao So Y te theo doi; dinh ky 6 thang, nam tong bop, bao cao Uy ban nhan dan tinh.
"""
    tasks = _tasks(text, registry)
    assert tasks["1"]["lead"] == ["UBND xã Vĩnh Hậu", "UBND xã Nhơn Hội"]
    assert tasks["2"]["deadline"]["kind"] == "recurring"


def test_nested_numbers_read_with_a_letter(registry):
    text = """I. TỔ CHỨC THỰC HIỆN
l. So Noi vu
l.1. Tham muu Uy ban nhan dan tinh ke hoach tuyen dung, hoan thanh trong thang 12/2025.
l.2. Huong dan cac co quan xay dung de an vi tri viec lam truoc ngay 15/12/2025.
2. So Tai chinh bo tri kinh phi tuyen dung nam 2026.
"""
    tasks = _tasks(text, registry)
    assert tasks["I.1.1"]["lead"] == ["Sở Nội vụ"]
    assert tasks["I.1.2"]["deadline"]["value"] == "2025-12-15"
    assert tasks["I.2"]["lead"] == ["Sở Tài chính"]


def test_column_table_with_a_garbled_repeated_header(registry):
    text = _appendix_plan().replace("Cơ quan           Cơ quan             Thời hạn     Sản phẩm\n"
                                    "                                     chủ trì           phối hợp"
                                    "            hoàn thành\n\n     hậu quả",
                                    "Co quan           Co quan             Tboi han     San pbam\n"
                                    "                                     chu tri           phoi bop"
                                    "            boan thamh\n\n     hậu quả")
    assert "boan thamh" in text
    tasks = _tasks(text, registry)
    assert set(tasks) == {"PL.1", "PL.2", "PL.3", "PL.4", "PL.5"}
    assert tasks["PL.3"]["content"].endswith("hậu quả thiên tai năm 2025")
    assert tasks["PL.4"]["lead"] == ["Bộ Chỉ huy Quân sự tỉnh"]


def test_damaged_copies_of_the_table_documents(registry):
    for seed in (1, 2):
        tasks = _tasks(damage(_appendix_plan(), seed), registry)
        assert len(tasks) == 5
        assert tasks["PL.1"]["lead"] == ["Sở Nông nghiệp và Môi trường"]
        assert tasks["PL.2"]["deadline"]["value"] == "2025-10-30"
    tasks = _tasks(damage_harshly(DECISION, 1), registry)
    assert {t["lead"][0] for t in tasks.values() if t["lead"]} >= {"Sở Y tế", "Sở Tài chính", "Công an tỉnh"}
    assert not any(ref.startswith("Điều") for ref in tasks)


def test_a_bracketed_remark_stays_in_its_cell(registry):
    text = DECISION.replace("Sở Y tế\n\n30/11/2025", "Ủy ban nhân dân cấp xã\n(mới)\n\nQuý IV/2025")
    tasks = _tasks(text, registry)
    second = tasks["KH.II.I.2"]
    assert second["coordinating_groups"] == ["@ubnd_cap_xa"]
    assert (second["deadline"]["kind"], second["deadline"]["value"]) == ("month", "2025-12")


def test_a_misread_row_number_of_a_scanned_table_takes_its_place_in_the_sequence():
    from engine.extraction.structure.table_rows import misread_label

    assert misread_label("3.3", {"5.2.1", "5.3", "6"}, "5.4") == "5.3"       # 5 read as 3
    assert misread_label("1Ó", {"12.1", "13"}, "14") == "13"
    assert misread_label("3.13", {"5.12.1", "5.13", "6"}, None) == "5.13"   # the table's last row
    assert misread_label("3.13", {"5.12.1", "5.13", "6"}, "III") == "5.13"
    # what the next number does not allow, or a number unlike every expected one, is no row
    assert misread_label("3.3", {"5.2.1", "5.3", "6"}, "5.7") is None
    assert misread_label("2025", {"4.1", "5"}, "5") is None
    assert misread_label("1", {"4.1", "5"}, "5") is None
    assert misread_label("số", {"6.1", "7"}, "8") is None                  # a word, no digit
    assert misread_label("5.3", {"5.2.1", "5.3", "6"}, "5.4") is None      # expected: not misread


def test_an_item_letter_d_after_d_is_the_vietnamese_letter_after_it(registry):
    text = """Ủy ban nhân dân tỉnh yêu cầu:
1. Giao So Noi vu:
c) Huong dan cac xa sap xep bo may, hoan thanh truoc ngay 30/11/2025.
d) Tham muu ke hoach tuyen dung nam 2026.
d) Bao cao ket qua truoc ngay 15/12/2025.
e) Theo doi viec thuc hien.
"""
    assert [ref for ref in _tasks(text, registry)] == ["1.c", "1.d", "1.đ", "1.e"]


_SCANNED_TABLE = """PHỤ LỤC 01
BẢNG PHÂN CÔNG NHIỆM VỤ

TT Nội dung nhiệm vụ
Đơn vị
chủ trì

Đơn vị phối
hợp

Thời
gian
thực
hiện

Thời
gian
hoàn
thành

1

Xây dựng đề án nâng
cao năng lực cho các
Trung tâm

Sở Khoa
học và

Công nghệ

Sở Tài
chính; các
Sở ngành
liên quan

3/2025 9/2025

TT Nội dung nhiệm vụ
Đơn vị

chủ trì

Đơn vị phối
hợp

Thời
gian
thực
hiện

Thời
gian
hoàn
thành

Tập trung hỗ trợ cho
doanh nghiệp đổi mới
công nghệ, thiết bị

Sở Khoa
học và

Công nghệ

Các Sở
ngành liên
quan

4/2025 12/2025
"""


def _scanned_rows(text, registry):
    from engine.extraction.agencies.matcher import AgencyMatcher
    from engine.extraction.layout.regions import analyse
    from engine.extraction.layout.table_finder import find_tables
    from engine.extraction.structure.table_rows import split_text_rows
    from engine.extraction.tasks.unnumbered_rows import UnnumberedRows

    lines = analyse(text).appendices[0]
    span = find_tables(lines, in_body=False)[0]
    return UnnumberedRows(AgencyMatcher(registry)).split(split_text_rows(lines, span.body, span.end))


def test_a_row_whose_number_the_scan_lost_after_the_page_header_is_its_own_row(registry):
    """The two time cells read side by side on one line ("3/2025 9/2025") end a row, and an
    agency cut after "và" ("Sở Khoa / học và / Công nghệ") is one cell, not a row's start."""
    rows = [(r.label, r.inferred) for r in _scanned_rows(_SCANNED_TABLE, registry)]
    assert rows == [("1", False), ("2", True)]


def test_an_agency_cut_after_và_is_one_cell_of_the_row_after_a_lost_number(registry):
    text = _SCANNED_TABLE[:_SCANNED_TABLE.index("TT Nội dung nhiệm vụ\nĐơn vị\n\nchủ trì")] + """Thành lập tổ chuyên gia
tư vấn về lĩnh vực khoa học

Sở Khoa
học và

Công nghệ

Các Sở
ngành liên
quan

3/2025 4/2025
"""
    rows = _scanned_rows(text, registry)
    assert [(r.label, r.inferred) for r in rows] == [("1", False), ("2", True)]
    assert next(ln.stripped for ln in rows[1].lines if not ln.blank) == "Thành lập tổ chuyên gia"


def test_a_row_number_the_scan_garbled_marks_where_the_next_row_starts(registry):
    text = _SCANNED_TABLE[:_SCANNED_TABLE.index("TT Nội dung nhiệm vụ\nĐơn vị\n\nchủ trì")] + """Quyết

định của
Thủ tướng

Lý.

Triển khai Trung tâm
điều hành thông minh

Sở Khoa học và Công nghệ

Các Sở, ban,
ngành, địa

phương

Năm
2025 6/2025
"""
    rows = _scanned_rows(text, registry)
    assert [(r.label, r.inferred) for r in rows] == [("1", False), ("2", True)]
    assert next(ln.stripped for ln in rows[1].lines if not ln.blank) == "Triển khai Trung tâm"
    assert "Thủ tướng" in [ln.stripped for ln in rows[0].lines]      # the product stays with its row


def test_a_time_cell_the_scan_ran_into_an_agency_line_after_a_page_break_is_the_time(registry):
    from engine.extraction.agencies.matcher import AgencyMatcher
    from engine.extraction.layout.line import split_lines
    from engine.extraction.tasks.table_tasks import TableReader

    reader = TableReader(AgencyMatcher(registry))
    block = split_lines("Công nghệ\nNăm 2026")
    assert [[ln.stripped for ln in part] for part in reader._cut_at_times(block)] == [["Công nghệ"], ["Năm 2026"]]
    sentence = split_lines("hoàn thành trong\nNăm 2026")        # a time that ends a sentence stays in it
    assert len(reader._cut_at_times(sentence)) == 1
