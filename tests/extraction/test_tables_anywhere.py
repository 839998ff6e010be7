"""Task tables recognised by their header wherever they stand — an appendix, the body of
a plan attached to a decision, the body of a letter — and in either text rendering:
cells one after another, or columns side by side (with wrapped cells, centred headers,
a row cut by a page break). Empty and unreadable cells are reported truthfully."""
from engine.extraction import extract_text

from .table_text import render


def _tasks(text, registry):
    result = extract_text(text, registry)
    return {t["ref"]: t for t in result["tasks"]}, result


def _dl(task):
    return task["deadline"]["kind"], task["deadline"]["value"]


HEADER = [["TT"], ["Nội dung nhiệm vụ"], ["Cơ quan", "chủ trì"], ["Cơ quan", "phối hợp"],
          ["Thời hạn", "hoàn thành"], ["Sản phẩm"]]
WIDTHS = [3, 30, 16, 18, 11, 15]
PAGE_ONE = [
    [["1"], ["Rà soát, cập nhật phương án", "ứng phó thiên tai theo cấp độ", "rủi ro trên địa bàn tỉnh"],
     ["Sở Nông nghiệp", "và Môi trường"], ["Bộ Chỉ huy Quân", "sự tỉnh; Công an", "tỉnh"],
     ["Tháng", "11/2025"], ["Phương án được", "phê duyệt"]],
    [["2"], ["Kiểm tra an toàn hồ chứa,", "đê bao xung yếu trước mùa", "mưa lũ"], ["Sở Xây dựng"],
     ["UBND các xã,", "phường, đặc khu"], ["Trước ngày", "30/10/2025"], ["Báo cáo kiểm", "tra"]],
    [["3"], ["Bố trí kinh phí dự phòng", "cho công tác khắc phục"], ["Sở Tài chính"], ["Sở Nông nghiệp"],
     [], []],
]
PAGE_TWO = [
    [[], ["hậu quả thiên tai năm 2025"], [], ["và Môi trường"], ["Quý IV/2025"],
     ["Quyết định phân", "bổ kinh phí"]],
    [["4"], ["Tổ chức diễn tập ứng phó", "bão kết hợp tìm kiếm cứu nạn", "cấp tỉnh"],
     ["Bộ Chỉ huy Quân", "sự tỉnh"], ["Sở Y tế; Hội Chữ", "thập đỏ tỉnh"], ["Thường xuyên"],
     ["Kịch bản diễn", "tập"]],
    [["5"], ["Cung cấp bản tin dự báo", "thời tiết nguy hiểm cho các", "địa phương"],
     ["Đài Khí tượng", "Thủy văn tỉnh"], ["Văn phòng UBND", "tỉnh"], ["Hằng ngày"], ["Bản tin dự báo"]],
]


def _appendix_plan():
    head = """ỦY BAN NHÂN DÂN                        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
 TỈNH AN GIANG                              Độc lập - Tự do - Hạnh phúc

Số: 310/KH-UBND                          An Giang, ngày 02 tháng 10 năm 2025

                              KẾ HOẠCH
        Phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa bão năm 2025

I. MỤC ĐÍCH
Chủ động phòng ngừa, giảm thiểu thiệt hại do thiên tai gây ra.
II. NHIỆM VỤ
Các nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này./.

Nơi nhận:                                          KT. CHỦ TỊCH
- Các sở, ban, ngành tỉnh;                         PHÓ CHỦ TỊCH
- Lưu: VT.
                                                   Trần Văn Bình
\f                                  PHỤ LỤC
              DANH MỤC NHIỆM VỤ PHÒNG, CHỐNG THIÊN TAI NĂM 2025
     (Kèm theo Kế hoạch số 310/KH-UBND ngày 02/10/2025 của UBND tỉnh)

"""
    table = render(HEADER, PAGE_ONE, WIDTHS, middle=(4, 5))
    table += ["", "                                        6", "\f"]
    table += render(HEADER, PAGE_TWO, WIDTHS, middle=(4, 5))
    return head + "\n".join(table) + "\n"


def test_column_table_in_an_appendix(registry):
    tasks, result = _tasks(_appendix_plan(), registry)
    assert set(tasks) == {"PL.1", "PL.2", "PL.3", "PL.4", "PL.5"}
    first = tasks["PL.1"]
    assert first["lead"] == ["Sở Nông nghiệp và Môi trường"]
    assert first["coordinating"] == ["Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh"]
    assert _dl(first) == ("month", "2025-11")
    assert first["product"] == "Phương án được phê duyệt"
    assert first["summary"].startswith("Rà soát, cập nhật phương án ứng phó thiên tai")
    assert tasks["PL.2"]["lead"] == ["Sở Xây dựng"]
    assert tasks["PL.2"]["coordinating_groups"] == ["@ubnd_cap_xa"]
    assert _dl(tasks["PL.2"]) == ("date", "2025-10-30") and tasks["PL.2"]["deadline"]["before"]


def test_a_row_cut_by_a_page_break_continues_after_the_repeated_header(registry):
    tasks, _ = _tasks(_appendix_plan(), registry)
    third = tasks["PL.3"]
    assert third["content"].endswith("khắc phục hậu quả thiên tai năm 2025")
    assert third["lead"] == ["Sở Tài chính"]
    assert third["coordinating"] == ["Sở Nông nghiệp và Môi trường"]
    assert _dl(third) == ("month", "2025-12")
    assert "6" not in third["content"].split()


def test_unknown_agencies_in_cells_are_named_not_dropped(registry):
    tasks, result = _tasks(_appendix_plan(), registry)
    assert tasks["PL.4"]["lead"] == ["Bộ Chỉ huy Quân sự tỉnh"]
    assert tasks["PL.4"]["coordinating"] == ["Sở Y tế"]
    assert tasks["PL.4"]["unresolved_agencies"] == ["Hội Chữ thập đỏ tỉnh"]
    assert _dl(tasks["PL.4"]) == ("recurring", None)
    fifth = tasks["PL.5"]
    assert fifth["lead"] == [] and fifth["unresolved_agencies"][0] == "Đài Khí tượng Thủy văn tỉnh"
    assert any("PL.5" in p and "Đài Khí tượng Thủy văn tỉnh" in p and "chủ trì" in p for p in result["problems"])
    assert not any("không ghi cơ quan chủ trì" in p for p in result["problems"])


def test_signer_beside_the_recipients_and_centred_title(registry):
    doc = extract_text(_appendix_plan(), registry)["document"]
    assert doc["signer"] == "Trần Văn Bình"
    assert doc["number"] == "310/KH-UBND" and doc["date"] == "2025-10-02"


DECISION = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 2210/QĐ-UBND
An Giang, ngày 03 tháng 11 năm 2025
QUYẾT ĐỊNH
Ban hành Kế hoạch tiêm chủng bổ sung vắc xin sởi năm 2025
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Luật Phòng, chống bệnh truyền nhiễm;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tiêm chủng bổ sung vắc xin sởi năm 2025.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Y tế và các cơ quan có liên
quan chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Lê Minh Tâm
KẾ HOẠCH
Tiêm chủng bổ sung vắc xin sởi năm 2025
(Ban hành kèm theo Quyết định số 2210/QĐ-UBND ngày 03/11/2025
của Chủ tịch Ủy ban nhân dân tỉnh)
I. MỤC ĐÍCH
1. Bảo đảm tỷ lệ tiêm chủng đạt trên 95% số trẻ trong độ tuổi.
II. NHIỆM VỤ, GIẢI PHÁP
STT
Nhiệm vụ
Đơn vị
chủ trì

Đơn vị phối hợp

Thời gian
hoàn thành

I
Chuẩn bị

1

Lập danh sách cơ sở khám bệnh,
chữa bệnh tham gia đợt
cao điểm

Sở Y tế

Bảo hiểm Xã hội
tỉnh

15/11/2025

2

Bố trí kinh phí mua vắc xin
bổ sung

Sở Tài chính

Sở Y tế

30/11/2025

II
Triển khai

3

Tổ chức tiêm chủng tại các
trạm y tế xã, phường

Ủy ban nhân dân các
xã, phường, đặc khu

Sở Y tế

Tháng 12/2025

4

Bảo đảm an ninh trật tự tại
các điểm tiêm

Công an tỉnh

Ủy ban nhân dân các
xã, phường, đặc khu

Trong thời gian
tiêm chủng

III. TỔ CHỨC THỰC HIỆN
1. Sở Y tế là cơ quan thường trực, theo dõi, đôn đốc việc thực hiện Kế hoạch; báo cáo
Chủ tịch Ủy ban nhân dân tỉnh kết quả trước ngày 31/12/2025.
2. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan phản ánh về Sở Y tế
để tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân tỉnh xem xét./.
CHỦ TỊCH
Lê Minh Tâm
"""


def test_cell_table_in_the_body_of_an_attached_plan(registry):
    tasks, result = _tasks(DECISION, registry)
    assert set(tasks) == {"KH.II.I.1", "KH.II.I.2", "KH.II.II.3", "KH.II.II.4", "KH.III.1"}
    assert tasks["KH.II.I.1"]["lead"] == ["Sở Y tế"]
    assert tasks["KH.II.I.1"]["coordinating"] == ["Bảo hiểm Xã hội tỉnh"]
    assert _dl(tasks["KH.II.I.1"]) == ("date", "2025-11-15")
    assert tasks["KH.II.I.2"]["lead"] == ["Sở Tài chính"]
    assert tasks["KH.II.II.3"]["lead"] == ["@ubnd_cap_xa"]       # numbering runs on after a section
    assert _dl(tasks["KH.II.II.3"]) == ("month", "2025-12")
    assert tasks["KH.II.II.4"]["lead"] == ["Công an tỉnh"]
    assert tasks["KH.III.1"]["lead"] == ["Sở Y tế"]
    assert _dl(tasks["KH.III.1"]) == ("date", "2025-12-31")
    assert not any("không ghi cơ quan chủ trì" in p for p in result["problems"])


LETTER_HEAD = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 1877/UBND-KT
V/v khắc phục ngập úng đô thị
An Giang, ngày 14 tháng 10 năm 2025
Kính gửi: Các sở, ban, ngành tỉnh.

Để chủ động khắc phục tình trạng ngập úng trong mùa mưa, Chủ tịch Ủy ban nhân dân tỉnh
giao nhiệm vụ cụ thể như sau:

"""
LETTER_TAIL = """
Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""
LETTER_ROWS = [
    [["1"], ["Khảo sát hiện trạng hệ thống", "thoát nước đô thị"], ["Sở Xây dựng"],
     ["UBND phường Long", "Xuyên"], ["15/12/2025"]],
    [["2"], ["Xây dựng cơ sở dữ liệu điểm", "ngập úng"], [], ["Sở Khoa học và", "Công nghệ"], ["Năm 2026"]],
    [["3"], ["Quan trắc mực nước các tuyến", "kênh chính"], ["Trung tâm Quan", "trắc môi trường", "tỉnh"],
     ["Sở Nông nghiệp và", "Môi trường"], ["Thường xuyên"]],
]
LETTER_HEADER = [["STT"], ["Nội dung công việc"], ["Đơn vị chủ trì"], ["Đơn vị phối hợp"], ["Thời gian"]]


def test_column_table_in_a_letter_body_with_centred_headers(registry):
    table = render(LETTER_HEADER, LETTER_ROWS, [4, 30, 22, 22, 12], centre_header=True)
    tasks, result = _tasks(LETTER_HEAD + "\n".join(table) + LETTER_TAIL, registry)
    assert set(tasks) == {"B.1", "B.2", "B.3"}
    assert tasks["B.1"]["lead"] == ["Sở Xây dựng"]
    assert tasks["B.1"]["coordinating"] == ["UBND phường Long Xuyên"]
    assert _dl(tasks["B.1"]) == ("date", "2025-12-15")
    assert tasks["B.2"]["lead"] == [] and _dl(tasks["B.2"]) == ("year", "2026")
    assert tasks["B.3"]["unresolved_agencies"][0] == "Trung tâm Quan trắc môi trường tỉnh"
    assert any("B.2" in p and "ô cơ quan chủ trì để trống" in p for p in result["problems"])
    assert any("B.3" in p and "Trung tâm Quan trắc môi trường tỉnh" in p for p in result["problems"])


def test_columns_that_run_together_are_flagged(registry):
    table = render(LETTER_HEADER, LETTER_ROWS, [4, 30, 22, 22, 12])
    n = next(i for i, ln in enumerate(table) if ln.startswith("1 "))
    table[n] = table[n][:6] + "Khảo sát hiện trạng hệ thống cống thoát Sở Xây dựng" + table[n][60:]
    tasks, result = _tasks(LETTER_HEAD + "\n".join(table) + LETTER_TAIL, registry)
    assert len(tasks) == 3
    assert any("các cột không tách bạch" in p for p in result["problems"])
    assert tasks["B.1"]["lead"] == ["Sở Xây dựng"]


def test_column_table_without_a_number_column(registry):
    header = [["Tên nhiệm vụ"], ["Đơn vị thực hiện"], ["Thời hạn"], ["Ghi chú"]]
    rows = [[["Rà soát quy hoạch các", "khu dân cư ven sông"], ["Sở Xây dựng"], ["Quý I/2026"], []],
            [["Di dời hộ dân khỏi vùng", "sạt lở nguy hiểm"], ["UBND các xã,", "phường, đặc khu"],
             ["Trước ngày", "31/3/2026"], ["Ưu tiên"]]]
    text = ("An Giang, ngày 20 tháng 11 năm 2025\nKính gửi: Các sở, ngành.\n"
            "Ủy ban nhân dân tỉnh giao nhiệm vụ như sau:\n\n" + "\n".join(render(header, rows, [26, 18, 12, 10]))
            + "\nYêu cầu các cơ quan thực hiện./.\n")
    tasks, result = _tasks(text, registry)
    assert [t["lead"] for t in tasks.values()] == [["Sở Xây dựng"], ["@ubnd_cap_xa"]]
    assert [_dl(t) for t in tasks.values()] == [("month", "2026-03"), ("date", "2026-03-31")]


def test_rows_between_bars_are_left_to_the_bar_reader(registry):
    text = """Nơi nhận:
- Lưu: VT.
PHỤ LỤC
DANH MỤC NHIỆM VỤ

| TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm |
| 1 | Rà soát điểm sạt lở ven sông | Sở Nông nghiệp và Môi trường | Sở Xây dựng | Tháng 12/2025 | Báo cáo |
| 2 | Di dời hộ dân vùng nguy hiểm | UBND các xã, phường, đặc khu | Sở Tài chính | Quý I/2026 | Danh sách |
"""
    result = extract_text("An Giang, ngày 01 tháng 11 năm 2025\n" + text, registry)
    assert [(t["ref"], t["lead"]) for t in result["tasks"]] == [
        ("PL.1", ["Sở Nông nghiệp và Môi trường"]), ("PL.2", ["@ubnd_cap_xa"])]
    assert not any("tách bạch" in p for p in result["problems"])
