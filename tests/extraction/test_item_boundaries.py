"""Where one task ends and the next begins: bullets with their own content and sub-bullets,
closing paragraphs addressed to every agency, formula items of "Tổ chức thực hiện",
target sections, and item numbers misread by OCR."""
from engine.extraction import extract_text
from engine.extraction.layout.regions import analyse


def _tasks(text, registry):
    result = extract_text(text, registry)
    return {t["ref"]: t for t in result["tasks"]}, result


BULLETS = """Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:
1. Nhiệm vụ của các cơ quan

- Sở Nông nghiệp và Môi trường: Chủ trì kiểm tra các cơ sở chăn nuôi, xử lý nghiêm vi
phạm về môi trường; đợt kiểm tra thứ nhất hoàn thành trước ngày 20/11/2025.

+ Riêng Ủy ban nhân dân các xã Vĩnh Hậu, Nhơn Hội: phối hợp lực lượng biên phòng kiểm soát việc vận
chuyển gia cầm qua biên giới.

+ Tổng hợp danh sách cơ sở vi phạm, gửi Sở Tư pháp trong tháng 12/2025.

- Sở Công Thương: Chỉ đạo lực lượng quản lý thị trường tăng cường kiểm tra các chợ:

+ Kiểm tra nguồn gốc thịt gia cầm tại các chợ đầu mối, hoàn thành trước ngày 30/11/2025.

+ Xử lý các trường hợp buôn bán gia cầm không rõ nguồn gốc.

2. Giao Sở Y tế theo dõi, đôn đốc việc thực hiện Chỉ thị này.

Các cơ quan, đơn vị, địa phương báo cáo kết quả thực hiện về Sở Nông nghiệp và Môi
trường trước ngày 15/12/2025 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh./.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def test_a_bullet_with_its_own_content_is_a_task_and_so_are_its_sub_bullets(registry):
    tasks, _ = _tasks(BULLETS, registry)
    assert set(tasks) == {"1.-1", "1.-1.+1", "1.-1.+2", "1.-2.+1", "1.-2.+2", "2"}
    parent = tasks["1.-1"]
    assert parent["lead"] == ["Sở Nông nghiệp và Môi trường"]
    assert parent["summary"].startswith("Chủ trì kiểm tra các cơ sở chăn nuôi")
    assert (parent["deadline"]["kind"], parent["deadline"]["value"]) == ("date", "2025-11-20")
    # the parent's own deadline is not the sub-bullets' deadline; its lead is theirs
    first = tasks["1.-1.+1"]
    assert first["deadline"]["kind"] == "none"
    assert first["lead"] == ["UBND xã Vĩnh Hậu", "UBND xã Nhơn Hội"]
    assert tasks["1.-1.+2"]["lead"] == ["Sở Nông nghiệp và Môi trường"]
    assert tasks["1.-1.+2"]["deadline"]["value"] == "2025-12"


def test_a_bullet_that_only_introduces_is_not_a_task(registry):
    tasks, _ = _tasks(BULLETS, registry)
    assert "1.-2" not in tasks
    assert tasks["1.-2.+2"]["lead"] == ["Sở Công Thương"]


def test_closing_paragraph_to_every_agency_is_not_part_of_the_last_item(registry):
    tasks, result = _tasks(BULLETS, registry)
    assert tasks["2"]["deadline"]["kind"] == "none"
    assert "15/12/2025" not in tasks["2"]["content"]
    assert "trước ngày 15/12/2025" in result["document"]["reporting_rule"]
    layout = analyse(BULLETS)
    assert layout.closing[0].stripped.startswith("Các cơ quan, đơn vị, địa phương báo cáo")


PLAN = """II. MỤC TIÊU, CHỈ TIÊU
- Đến hết năm 2025, 90% hộ gia đình được cấp nước sạch.
- Trong năm 2026, 100% trường học có công trình vệ sinh đạt chuẩn.

III. TỔ CHỨC THỰC HIỆN
1. Sở Xây dựng là cơ quan thường trực, theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng
hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 20/12/2025.
2. Các sở, ban, ngành tỉnh, Ủy ban nhân dân các xã, phường căn cứ nhiệm vụ được giao tại
Kế hoạch này, chủ động triển khai thực hiện; định kỳ hằng tháng báo cáo tiến độ về Sở Xây
dựng để tổng hợp.
3. Trong quá trình triển khai, nếu có khó khăn, vướng mắc, các cơ quan kịp thời phản ánh
về Sở Xây dựng để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, quyết định./.
"""


def test_targets_and_formula_items_are_not_tasks(registry):
    tasks, result = _tasks(PLAN, registry)
    assert set(tasks) == {"III.1"}
    assert tasks["III.1"]["lead"] == ["Sở Xây dựng"]
    assert "hằng tháng báo cáo tiến độ về Sở Xây dựng" in result["document"]["reporting_rule"]
    assert any("III.2" in p and "báo cáo" in p for p in result["problems"])


def test_ocr_letters_read_for_item_numbers_follow_the_sequence(registry):
    text = """Ủy ban nhân dân tỉnh yêu cầu:
1. Giao Sở Tư pháp rà soát văn bản quy phạm pháp luật, hoàn thành trong tháng 10/2025.
2. Giao Sở Y tế kiểm tra an toàn thực phẩm tại bếp ăn tập thể các trường học.
3. Giao Sở Tài chính bố trí kinh phí tổ chức kỳ thi tuyển công chức.
4. Giao Sở Nội vụ:
a) Thẩm định đề án vị trí việc làm, hoàn thành trước ngày 15/10/2025.
b) Hướng dẫn tuyển dụng viên chức năm 2026.
S. Giao Công an tỉnh:
a) Bảo đảm an ninh trật tự tại các điểm thi, hoàn thành trước ngày 30/10/2025.
b) Kiểm tra phòng cháy tại các chợ trong tháng 11/2025.
"""
    tasks, _ = _tasks(text, registry)
    assert tasks["5.a"]["lead"] == ["Công an tỉnh"]
    assert tasks["5.b"]["lead"] == ["Công an tỉnh"]
    assert tasks["4.b"]["lead"] == ["Sở Nội vụ"]


def test_summary_keeps_the_first_words_of_an_item_with_one_assignment_inside(registry):
    text = """Phó Chủ tịch Ủy ban nhân dân tỉnh kết luận:
1. Đồng ý chủ trương mở rộng mô hình một cửa liên thông tại các phường. Giao Sở Nội vụ
xây dựng kế hoạch mở rộng, trình Ủy ban nhân dân tỉnh trong tháng 11/2025.
"""
    tasks, _ = _tasks(text, registry)
    assert tasks["1"]["lead"] == ["Sở Nội vụ"]
    assert tasks["1"]["summary"].startswith("Đồng ý chủ trương mở rộng mô hình")


def test_a_numbered_heading_written_as_a_sentence_is_not_a_task(registry):
    text = """II. NHIỆM VỤ, GIẢI PHÁP
1. Tuyên truyền, nâng cao nhận thức của người dân về an toàn giao thông đường thủy.
1.1. Sở Xây dựng tổ chức tuyên truyền trên phương tiện thông tin đại chúng, thực hiện thường xuyên.
1.2. Công an tỉnh kiểm tra phương tiện chở khách ngang sông, hoàn thành trong tháng 12/2025.
"""
    tasks, _ = _tasks(text, registry)
    assert set(tasks) == {"II.1.1", "II.1.2"}


def test_a_letter_without_numbered_items_gives_one_task_per_assigning_paragraph(registry):
    text = """An Giang, ngày 10 tháng 9 năm 2025
Kính gửi: Các sở, ban, ngành tỉnh.

Thực hiện Công văn số 12/BNV ngày 02/9/2025 của Bộ Nội vụ, Ủy ban nhân dân tỉnh có ý kiến
như sau:

Các sở, ban, ngành tỉnh khẩn trương rà soát danh mục thủ tục hành chính thuộc lĩnh vực
quản lý, báo cáo kết quả về Văn phòng Ủy ban nhân dân tỉnh trước ngày 30/9/2025.

Giao Sở Nội vụ tổng hợp, tham mưu Ủy ban nhân dân tỉnh trong tháng 10/2025./.

Nơi nhận:
- Như trên;
"""
    tasks, result = _tasks(text, registry)
    assert [(t["lead"], t["deadline"]["value"]) for t in tasks.values()] == [
        (["@so_ban_nganh"], "2025-09-30"), (["Sở Nội vụ"], "2025-10")]
    assert not any("kiểm tra xem" in p for p in result["problems"])
