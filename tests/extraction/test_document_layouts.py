"""Document facts in headers laid out in other ways: the number and the place-date on one
line, a signer printed beside the list of recipients, a centred title whose second line
starts with a place name, a decision issued by the chairman."""
from engine.extraction import extract_text

NOTICE = """UBND TỈNH AN GIANG
VĂN PHÒNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 518/TB-VPUBND An Giang, ngày 16 tháng 10 năm 2025

THÔNG BÁO
Ý kiến kết luận của Phó Chủ tịch UBND tỉnh Đỗ Quang Huy tại buổi làm việc
về tiến độ xây dựng nhà ở xã hội

Ngày 10/10/2025, Phó Chủ tịch UBND tỉnh Đỗ Quang Huy làm việc với các sở, ngành về
tiến độ xây dựng nhà ở xã hội. Sau khi nghe báo cáo, Phó Chủ tịch UBND tỉnh Đỗ Quang Huy
kết luận như sau:
1. Giao Sở Xây dựng đôn đốc chủ đầu tư đẩy nhanh tiến độ, hoàn thành trong tháng 12/2025.

Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:                                              KT. CHÁNH VĂN PHÒNG
- Sở Xây dựng;                                         PHÓ CHÁNH VĂN PHÒNG
- Lưu: VT, KT.                                         Phạm Thị Ngọc Lan
"""


def test_the_issuer_is_not_taken_from_a_persons_name(registry):
    doc = extract_text(NOTICE, registry)["document"]
    assert doc["issuer"] == "Văn phòng UBND tỉnh An Giang"
    assert doc["number"] == "518/TB-VPUBND" and doc["date"] == "2025-10-16"


def test_a_signer_beside_the_recipients(registry):
    doc = extract_text(NOTICE, registry)["document"]
    assert doc["signer"] == "Phạm Thị Ngọc Lan"
    assert doc["signer_title"] == "KT. Chánh Văn phòng / Phó Chánh Văn phòng" or \
        doc["signer_title"].startswith("Phó Chánh Văn phòng")


CENTRED = """      ỦY BAN NHÂN DÂN                   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
       TỈNH AN GIANG                           Độc lập - Tự do - Hạnh phúc

     Số: 402/KH-UBND                      An Giang, ngày 21 tháng 10 năm 2025

                                      KẾ HOẠCH
         Phát triển du lịch cộng đồng gắn với xây dựng nông thôn mới tỉnh
                             An Giang giai đoạn 2025 - 2030

I. NHIỆM VỤ
1. Sở Văn hóa, Thể thao và Du lịch xây dựng bộ tiêu chí du lịch cộng đồng, hoàn thành
trong quý I/2026./.

Nơi nhận:                                               TM. ỦY BAN NHÂN DÂN
- Các sở, ban, ngành tỉnh;                               KT. CHỦ TỊCH
- Lưu: VT, KGVX.                                         PHÓ CHỦ TỊCH

- UBND các xã, phường, đặc khu;                         Võ Thành Đạt
"""


def test_a_centred_title_continues_on_a_line_starting_with_a_place(registry):
    doc = extract_text(CENTRED, registry)["document"]
    assert doc["title"] == ("Phát triển du lịch cộng đồng gắn với xây dựng nông thôn mới tỉnh "
                            "An Giang giai đoạn 2025 - 2030")
    assert doc["signer"] == "Võ Thành Đạt"
    assert doc["type"] == "KH" and doc["issuer"] == "UBND tỉnh An Giang"


DECISION = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 2301/QĐ-UBND
An Giang, ngày 11 tháng 11 năm 2025
QUYẾT ĐỊNH
Về việc thành lập Tổ công tác rà soát thủ tục hành chính
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG
Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Điều 1. Thành lập Tổ công tác rà soát thủ tục hành chính.
Điều 2. Giao Văn phòng Ủy ban nhân dân tỉnh chủ trì rà soát thủ tục hành chính, hoàn
thành trước ngày 30/12/2025.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Thanh Bình
"""


def test_a_decision_of_the_chairman(registry):
    result = extract_text(DECISION, registry)
    doc = result["document"]
    assert doc["issuer"] == "Chủ tịch UBND tỉnh An Giang"
    assert doc["type"] == "QD" and doc["signer"] == "Nguyễn Thanh Bình"
    assert [t["lead"] for t in result["tasks"]] == [["Văn phòng UBND tỉnh"]]


def test_a_title_ending_in_tinh_does_not_swallow_the_first_paragraph(registry):
    text = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 21/CT-UBND
An Giang, ngày 02 tháng 12 năm 2025
CHỈ THỊ
Về tăng cường phòng, chống cháy rừng trên địa bàn tỉnh
Từ đầu mùa khô đến nay, trên địa bàn tỉnh đã xảy ra 12 vụ cháy rừng.
1. Sở Nông nghiệp và Môi trường tổ chức trực phòng cháy 24/24 giờ, thực hiện thường xuyên.
"""
    doc = extract_text(text, registry)["document"]
    assert doc["title"] == "Về tăng cường phòng, chống cháy rừng trên địa bàn tỉnh"
