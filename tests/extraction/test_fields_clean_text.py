"""Fields that clean text used to lose: the product an item names, recurring duties done
'thường xuyên và đột xuất khi có yêu cầu', a 'Chế độ báo cáo' section that sets the
document's reporting rule, and paragraphs of a công văn without numbering."""
import pytest

from engine.extraction import extract_text, parse_deadline_phrase
from engine.extraction.fields.task_fields import product_of
from engine.extraction.repair.keys import key


@pytest.mark.parametrize("phrase", ["Thường xuyên và đột xuất khi có yêu cầu", "thường xuyên, đột xuất",
                                    "Thường xuyên hoặc đột xuất theo chỉ đạo"])
def test_on_demand_duties_are_recurring(phrase):
    assert parse_deadline_phrase(phrase).kind == "recurring"


def test_a_bare_condition_stays_conditional():
    assert parse_deadline_phrase("Khi có yêu cầu").kind == "conditional"


@pytest.mark.parametrize("text, product", [
    ("Tổng hợp nhu cầu đào tạo, xây dựng Kế hoạch bồi dưỡng năm 2026; hoàn thành trong tháng 11/2025.",
     "Kế hoạch bồi dưỡng năm 2026"),
    ("Cân đối, tham mưu bố trí kinh phí mua sắm thiết bị cho các xã, phường; trình Ủy ban nhân dân tỉnh "
     "Tờ trình bổ sung dự toán trong quý IV/2025.", "Tờ trình bổ sung dự toán"),
    ("Chủ trì giám sát tình hình dịch bệnh, phát hiện sớm ổ dịch và xử lý triệt để, không để dịch lây lan; "
     "xây dựng Kế hoạch phòng, chống dịch năm 2026 trình Ủy ban nhân dân tỉnh trước ngày 15/11/2025.",
     "Kế hoạch phòng, chống dịch năm 2026"),
    ("Triển khai thực hiện Kế hoạch số 181/KH-UBND ngày 25/02/2025 của UBND tỉnh.", None),
    ("Theo dõi việc đã ban hành Quyết định số 12/QĐ-UBND.", None),
])
def test_the_product_an_item_names(text, product):
    assert product_of(text, key(text)) == product


def test_a_reporting_section_sets_the_rule_and_is_no_task(registry):
    text = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 10/KH-UBND
An Giang, ngày 01 tháng 10 năm 2025
KẾ HOẠCH
Thu thập dữ liệu doanh nghiệp

I. NHIỆM VỤ
1. Sở Tài chính rà soát dữ liệu doanh nghiệp, hoàn thành trong quý I/2026.
2. Sở Khoa học và Công nghệ xây dựng phần mềm, hoàn thành trong tháng 9/2026.

II. CHẾ ĐỘ BÁO CÁO
Định kỳ 6 tháng, các cơ quan được giao nhiệm vụ báo cáo kết quả thực hiện về Sở Tài chính
trước ngày 15 của tháng cuối kỳ.

Nơi nhận:
- Như trên;
"""
    result = extract_text(text, registry)
    assert [t["ref"] for t in result["tasks"]] == ["I.1", "I.2"]
    assert result["document"]["reporting_rule"].startswith("Định kỳ 6 tháng, các cơ quan được giao nhiệm vụ báo cáo")
    assert not any("II" in p for p in result["problems"])


def test_paragraphs_apart_by_blank_lines_keep_their_last_sentence(registry):
    text = """Kính gửi: Các sở, ban, ngành tỉnh.

Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các cơ quan thực hiện các nội dung sau:

Sở Y tế chủ trì giám sát dịch bệnh, báo cáo Ủy ban nhân dân tỉnh trước ngày 25/8/2025.

Sở Văn hóa, Thể thao và Du lịch đẩy mạnh tuyên truyền về các biện pháp phòng bệnh.
Thực hiện thường xuyên trong mùa mưa.

Sở Tài chính bố trí kinh phí mua hóa chất; hoàn thành trong tháng 9/2025.
"""
    tasks = extract_text(text, registry)["tasks"]
    assert [t["lead"] for t in tasks] == [["Sở Y tế"], ["Sở Văn hóa, Thể thao và Du lịch"], ["Sở Tài chính"]]
    assert tasks[1]["deadline"]["kind"] == "recurring"
    assert tasks[1]["summary"].startswith("Sở Văn hóa, Thể thao và Du lịch đẩy mạnh tuyên truyền")
