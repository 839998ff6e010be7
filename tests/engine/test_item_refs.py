"""Item references as people read them: the path the extractor writes ("5.-3.+1",
"2'.a") shown with the numbers and letters the document prints and the rest in words."""
import pytest

from engine.domain.item_refs import readable_ref


@pytest.mark.parametrize("ref, vi, en", [
    ("III.2.a", "III.2.a", "III.2.a"),
    ("5.-3.+1", "5, gạch đầu dòng thứ 3, ý + thứ 1", "5, dash item 3, plus item 1"),
    ("2'.a", "2.a, mục 2 lần thứ 2", "2.a, item 2, occurrence 2"),
    ("1/2", "1, nhiệm vụ thứ 2", "1, task 2"),
    ("P3", "đoạn 3", "paragraph 3"),
    ("PL01.I.5.3", "Phụ lục 01, I.5.3", "Appendix 01, I.5.3"),
    ("KH.II.1", "Kế hoạch kèm theo, II.1", "attached plan, II.1"),
    ("1.-2.a", "1, gạch đầu dòng thứ 2, a)", "1, dash item 2, a)"),
    ("Điều 2", "Điều 2", "Điều 2"),
])
def test_extractor_paths_read_as_the_document_writes_them(ref, vi, en):
    assert readable_ref(ref) == vi
    assert readable_ref(ref, "en") == en


def test_a_reference_typed_by_hand_is_shown_as_typed():
    assert readable_ref("Nhiệm vụ bổ sung 1") == "Nhiệm vụ bổ sung 1"
    assert readable_ref("") == "" and readable_ref(None) == ""
