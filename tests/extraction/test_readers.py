"""read_document / extract_file: text files in several encodings, DOCX with tables, text
PDF with a ruled table, a scanned PDF, and files that cannot be read."""
import unicodedata

import pytest
from docx import Document

from engine.extraction import ExtractionError, extract_file, read_document

from .pdf_builder import PdfPage, build_pdf, scanned_pdf

SAMPLE = ("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 470/UBND-KGVX\n"
          "An Giang, ngày 03 tháng 4 năm 2025\n\n1. Giao Sở Y tế rà soát hồ sơ, "
          "hoàn thành trước ngày 30/6/2025.\n")
TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 spelling: base letters precomposed, tone marks combining."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_text_files_in_common_encodings(tmp_path, encoding):
    path = tmp_path / "cv.txt"
    path.write_bytes(_cp1258(SAMPLE) if encoding == "cp1258" else SAMPLE.encode(encoding))
    assert read_document(path).text == SAMPLE


def _docx_plan(path):
    doc = Document()
    header = doc.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 2150/KH-UBND"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nAn Giang, ngày 12 tháng 9 năm 2025"
    for text in ("KẾ HOẠCH", "Triển khai dịch vụ công trực tuyến toàn trình", "III. TỔ CHỨC THỰC HIỆN",
                 "1. Sở Nội vụ: theo dõi, đôn đốc việc thực hiện Kế hoạch; hoàn thành trước ngày 30/10/2025.",
                 "2. Giao Sở KH&CN nâng cấp hệ thống thông tin giải quyết thủ tục hành chính trong quý IV/2025.",
                 "Nơi nhận:", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Phước", "PHỤ LỤC"):
        doc.add_paragraph(text)
    rows = [
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"],
        ["I", "Hoàn thiện thể chế", "", "", "", ""],
        ["1", "Rà soát, đề xuất cắt giảm thủ tục hành chính", "Sở Tư pháp", "Các sở, ban, ngành tỉnh",
         "Tháng 10/2025", "Quyết định của Chủ tịch UBND tỉnh"],
        ["2", "Số hóa hồ sơ còn hiệu lực", "UBND các xã, phường, đặc khu", "Sở Khoa học và Công nghệ",
         "Thường xuyên", ""],
    ]
    table = doc.add_table(rows=len(rows), cols=6)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    merged = table.cell(1, 1).merge(table.cell(1, 5))
    merged.text = "Hoàn thiện thể chế"
    doc.save(path)


def test_docx_paragraphs_and_tables(tmp_path, registry):
    path = tmp_path / "kh.docx"
    _docx_plan(path)
    text = read_document(path).text
    lines = text.split("\n")
    assert "Số: 2150/KH-UBND" in lines
    assert "| 1 | Rà soát, đề xuất cắt giảm thủ tục hành chính | Sở Tư pháp | Các sở, ban, ngành tỉnh " \
           "| Tháng 10/2025 | Quyết định của Chủ tịch UBND tỉnh |" in lines
    assert "| I | Hoàn thiện thể chế |" in lines          # a merged row is listed once
    result = extract_file(path, registry)
    assert result["source"] == "kh.docx"
    assert result["document"]["number"] == "2150/KH-UBND"
    assert result["document"]["date"] == "2025-09-12"
    tasks = {t["ref"]: t for t in result["tasks"]}
    assert tasks["III.1"]["lead"] == ["Sở Nội vụ"]
    assert tasks["III.1"]["deadline"]["value"] == "2025-10-30"
    assert tasks["III.2"]["lead"] == ["Sở Khoa học và Công nghệ"]
    assert (tasks["III.2"]["deadline"]["kind"], tasks["III.2"]["deadline"]["value"]) == ("month", "2025-12")
    assert tasks["PL.I.1"]["lead"] == ["Sở Tư pháp"]
    assert tasks["PL.I.1"]["coordinating_groups"] == ["@so_ban_nganh"]
    assert tasks["PL.I.1"]["deadline"]["value"] == "2025-10"
    assert tasks["PL.I.1"]["product"] == "Quyết định của Chủ tịch UBND tỉnh"
    assert tasks["PL.I.2"]["lead"] == ["@ubnd_cap_xa"]
    assert tasks["PL.I.2"]["deadline"]["kind"] == "recurring"


def _pdf_directive() -> bytes:
    page = PdfPage()
    lines = ["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG", "Số: 84/TB-VP", "An Giang, ngày 11 tháng 8 năm 2025",
             "THÔNG BÁO", "Kết luận về cải cách hành chính", "1. Giao Sở Nội vụ tổng hợp kết quả,",
             "hoàn thành chậm nhất 15/8/2025.", "2. Các nhiệm vụ theo bảng sau:"]
    for n, line in enumerate(lines):
        page.text(60, 50 + n * 16, line)
    page.grid(40, 220, [25, 190, 110, 110, 80], [22, 30, 30])
    cells = [["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"],
             ["1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Sở Nội vụ", "Quý IV/2025"],
             ["2", "Hỗ trợ dịch vụ công", "Trung tâm Phục vụ", "Công an tỉnh", "30/9/2025"]]
    xs = [44, 70, 260, 370, 480]
    for r, row in enumerate(cells):
        for x, value in zip(xs, row):
            page.text(x, 226 + r * (22 if r < 2 else 26), value, 8)
    page.text(262, 296, "hành chính công tỉnh", 8)
    return build_pdf([page])


def test_text_pdf_with_a_ruled_table(tmp_path, registry):
    path = tmp_path / "tb.pdf"
    path.write_bytes(_pdf_directive())
    text = read_document(path).text
    assert "Số: 84/TB-VP" in text.split("\n")
    assert "| 1 | Rà soát thủ tục hành chính | Sở Tư pháp | Sở Nội vụ | Quý IV/2025 |" in text
    result = extract_file(path, registry)
    assert result["document"]["number"] == "84/TB-VP"
    tasks = {t["ref"]: t for t in result["tasks"]}
    assert tasks["1"]["lead"] == ["Sở Nội vụ"]
    assert (tasks["1"]["deadline"]["kind"], tasks["1"]["deadline"]["value"]) == ("date", "2025-08-15")
    assert tasks["B1.1"]["lead"] == ["Sở Tư pháp"]
    assert tasks["B1.1"]["deadline"]["value"] == "2025-12"
    assert tasks["B1.2"]["lead"] == ["Trung tâm Phục vụ hành chính công tỉnh"]
    assert tasks["B1.2"]["coordinating"] == ["Công an tỉnh"]


def test_a_scan_without_any_letters_names_the_page_it_could_not_read(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    with pytest.raises(ExtractionError, match="Trang 1 — không nhận dạng được chữ nào"):
        read_document(path)


@pytest.mark.parametrize("name, payload, message", [
    ("bang.xlsx", b"PK\x03\x04 not really", "không được hỗ trợ"),
    ("cv.doc", b"\xd0\xcf\x11\xe0 old word", ".docx"),
    ("hong.docx", b"this is not a zip file", "DOCX"),
    ("hong.pdf", b"%PDF-1.4 garbage", "PDF"),
    ("rong.txt", b"", "rỗng"),
    ("nhi_phan.txt", b"\x00\x01\x02abc", "văn bản thuần"),
])
def test_unreadable_files(tmp_path, name, payload, message):
    path = tmp_path / name
    path.write_bytes(payload)
    with pytest.raises(ExtractionError, match=message):
        read_document(path)


def test_missing_file(tmp_path):
    with pytest.raises(ExtractionError, match="Không tìm thấy"):
        read_document(tmp_path / "khong_co.pdf")
