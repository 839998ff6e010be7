"""Task tables: column headers, rows cut into wrapped cells, page breaks, group rows."""
from datetime import date

import pytest

from engine.extraction import AgencyMatcher
from engine.extraction.tasks.table_tasks import TableReader
from engine.extraction.tasks.task_tables import read_appendix, read_bar_table
from engine.extraction.layout.line import split_lines
from engine.extraction.layout.regions import analyse
from engine.extraction.layout.table_header import column_kinds, header_at
from engine.extraction.structure.table_rows import split_text_rows

from .conftest import CORPUS


@pytest.fixture(scope="module")
def reader(registry):
    return TableReader(AgencyMatcher(registry, on=date(2025, 4, 4)), 2025)


@pytest.mark.parametrize("header, kinds", [
    ("tt noi dung nhiem vu don vi chu tri don vi phoi hop thoi gian thuc hien thoi gian hoan thanh "
     "san pham ket qua", ["tt", "content", "lead", "coord", "timpl", "tdone", "product"]),
    ("stt nhiem vu co quan chu tri co quan phoi hop thoi gian hoan thanh san pham",
     ["tt", "content", "lead", "coord", "tdone", "product"]),
    ("stt noi dung cong viec don vi thuc hien thoi gian ghi chu", ["tt", "content", "lead", "time", "note"]),
])
def test_column_kinds(header, kinds):
    assert column_kinds(header) == kinds


DUMP = """PHỤ LỤC 01
(Kèm theo Kế hoạch số 15/KH-UBND)

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

Sản
phẩm

1

Xây dựng kế hoạch
chuyển đổi số năm
2025

Sở Khoa
học và

Công nghệ

Sở Tài
chính; các Sở

ngành liên quan

3/2025 6/2025

Kế hoạch
của UBND
tỉnh

2
Triển khai nền tảng
số nông nghiệp

Sở Nông
nghiệp và

Sở Khoa học
và Công

Năm
2025

9

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

Sản
phẩm

dùng chung của tỉnh

Môi trường

nghệ, các địa
phương

Năm
2026

3
Nhóm nhiệm vụ về
dữ liệu

3.1
Làm sạch dữ liệu
dân cư

Công an tỉnh

Thường
xuyên
"""


def test_rows_of_a_text_layer_table():
    lines = split_lines(DUMP)
    start = next(i for i in range(len(lines)) if header_at(lines, i))
    end, kinds = header_at(lines, start)
    rows = split_text_rows(lines, end, len(lines))
    assert [r.label for r in rows] == ["1", "2", "3", "3.1"]        # "2025", "9" are not rows
    assert [len(r.pieces) for r in rows] == [1, 2, 1, 1]


def test_cells_of_a_text_layer_table(reader):
    tasks = {t.ref: t for t in read_appendix(analyse(DUMP).appendices[0], reader)}
    assert set(tasks) == {"PL01.1", "PL01.2", "PL01.3.1"}            # row 3 only groups 3.1
    first = tasks["PL01.1"]
    assert first.content == "Xây dựng kế hoạch chuyển đổi số năm 2025"
    assert first.lead.resolved == ["Sở Khoa học và Công nghệ"]
    assert first.coord.resolved == ["Sở Tài chính", "@so_ban_nganh"]
    assert (first.deadline.kind, first.deadline.value) == ("month", "2025-06")
    assert first.implementation_time == "3/2025"
    assert first.product == "Kế hoạch của UBND tỉnh"
    cut = tasks["PL01.2"]                     # every cell of row 2 is cut by the page break
    assert cut.continued
    assert cut.content == "Triển khai nền tảng số nông nghiệp dùng chung của tỉnh"
    assert cut.lead.resolved == ["Sở Nông nghiệp và Môi trường"]
    assert cut.coord.resolved == ["Sở Khoa học và Công nghệ", "@ubnd_cap_huyen"]
    assert (cut.deadline.kind, cut.deadline.value) == ("year", "2026")
    assert cut.implementation_time == "Năm 2025"
    assert tasks["PL01.3.1"].deadline.kind == "recurring"
    assert tasks["PL01.3.1"].lead.resolved == ["Công an tỉnh"]


def test_bar_rendered_table_with_group_rows(reader):
    text = "\n".join([
        "| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện | Thời gian hoàn thành |",
        "| I | Dữ liệu | | | | |",
        "| 1 | Nhóm nhiệm vụ dữ liệu dân cư | Công an tỉnh | Sở Tư pháp | | |",
        "| 1.1 | Làm sạch dữ liệu | | | 3/2025 | |",
        "| 1.2 | Kết nối dữ liệu hộ tịch | Sở Tư pháp | | 4/2025 | 12/2025 |",
        "| 2 | Số hóa hồ sơ | Sở Kế hoạch và Đầu tư | | | Quý III/2025 |",
    ])
    tasks = {t.ref: t for t in read_bar_table(split_lines(text), reader, "B1")}
    assert set(tasks) == {"B1.I.1.1", "B1.I.1.2", "B1.I.2"}
    inherited = tasks["B1.I.1.1"]
    assert inherited.inherited and inherited.lead.resolved == ["Công an tỉnh"]
    assert inherited.coord.resolved == ["Sở Tư pháp"]
    assert (inherited.deadline.kind, inherited.deadline.value) == ("month", "2025-03")
    assert tasks["B1.I.1.2"].implementation_time == "4/2025"
    assert tasks["B1.I.1.2"].deadline.value == "2025-12"
    unknown = tasks["B1.I.2"]
    assert unknown.lead.resolved == [] and [m.text for m in unknown.lead.unknown] == ["Sở Kế hoạch và Đầu tư"]
    assert unknown.deadline.value == "2025-09"


def test_corpus_002_appendix_rows(reader):
    text = (CORPUS / "002_91be600319c8ab5d.txt").read_text(encoding="utf-8")
    layout = analyse(text)
    tasks = read_appendix(layout.appendices[0], reader)
    assert len(tasks) == 52
    assert read_appendix(layout.appendices[1], reader) == []        # Phụ lục 02 assigns people
    by_ref = {t.ref: t for t in tasks}
    assert by_ref["PL01.I.21"].lead.resolved == ["Sở Nông nghiệp và Môi trường"]
    assert by_ref["PL01.I.26"].lead.resolved == [
        "Ngân hàng Nhà nước chi nhánh khu vực XVI", "Sở Công Thương", "Chi cục Thuế khu vực XIX", "Sở Tài chính"]
    assert by_ref["PL01.I.16"].deadline.kind == "conditional"
    assert by_ref["PL01.I.3"].deadline.kind == "none"
