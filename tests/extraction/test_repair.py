"""The text repairer: Vietnamese OCR'd with a model that lacks its letters, restored to
readable Vietnamese — what it rewrites, what it keeps, what it marks as uncertain, and
that it generalises to directives it was not built from."""
import json
import sys
from pathlib import Path

import pytest

from engine.extraction import extract_text
from engine.extraction.repair import lexicon as lexicon_mod
from engine.extraction.repair.channel import OcrChannel, eng_channel
from engine.extraction.repair.lexicon import Lexicon, base_lexicon, dictionary_status
from engine.extraction.repair.restore import marked_share, needs_restoration, restore
from engine.extraction.repair.tokens import without_specks
from engine.extraction.repair.training import count_confusions, count_words, letter_alignment, word_pairs

from .conftest import CORPUS, FIXTURES, OWN, registry_for

ROOT = Path(__file__).resolve().parents[2]


def _restore(text: str) -> list[str]:
    return [line.text for line in restore(text, base_lexicon(), eng_channel(), force=True).lines]


@pytest.mark.parametrize("ocr, clean", [
    ("S6 Noi vu chu tri", "Sở Nội vụ chủ trì"),
    ("hing thang bao cao", "hằng tháng báo cáo"),
    ("Két ludn ciia Chii tich Uy ban nhan dan tinh", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Cac co quan d3 hoan thanh", "Các cơ quan đã hoàn thành"),
    ("1.2. S6 Khoa hoc va Céng nghé:", "1.2. Sở Khoa học và Công nghệ:"),
    ("dén déc cdc xa, phuong", "đôn đốc các xã, phường"),
])
def test_wrong_model_ocr_is_restored(ocr, clean):
    assert _restore(ocr) == [clean]


def test_numbers_dates_markers_and_codes_are_kept():
    lines = _restore("b) Hoan thanh truéc ngay 15/10/2025 theo Quyét dinh s6 12/QD-UBND cua UBND tinh.\n"
                     "II. NHIEM VU\nl2")
    assert lines == ["b) Hoàn thành trước ngày 15/10/2025 theo Quyết định số 12/QĐ-UBND của UBND tỉnh.",
                     "II. NHIỆM VỤ", "l2"]


def test_line_numbers_stay_those_of_the_ocr_text():
    text = "Noi nhan:\n\n- Nhu trén;\n- Luu: VT.\n"
    restored = restore(text, base_lexicon(), eng_channel(), force=True)
    assert [ln.raw for ln in restored.lines] == text.split("\n")
    assert restored.text.split("\n") == ["Nơi nhận:", "", "- Như trên;", "- Lưu: VT.", ""]


def test_glued_words_and_specks():
    assert _restore("kinh phi khicé dé xuat") == ["kinh phí khi có đề xuất"]
    assert _restore("SY té chu tri") == ["Sở Y tế chủ trì"]
    assert without_specks("bao'cao két qua") == "bao cao két qua"
    assert without_specks("truéc ngay. 31/10/2025") == "truéc ngay  31/10/2025"
    assert without_specks("TP.HCM, V/v") == "TP.HCM, V/v"
    assert without_specks("3. Giao'S@ Y té tap trung") == "3. Giao S@ Y té tap trung"   # Sở misread: no abbreviation


def test_words_it_cannot_read_are_kept_or_marked_uncertain():
    line = restore("bao cao UBND tinh xqzwv", base_lexicon(), eng_channel(), force=True).lines[0]
    assert line.text.startswith("báo cáo UBND tỉnh ")
    assert line.uncertain_words == [line.text.split()[-1]]


def test_clean_vietnamese_is_left_alone():
    clean = (CORPUS / "001_07378020a184ad69.txt").read_text(encoding="utf-8")
    assert not needs_restoration(clean)
    result = restore(clean, base_lexicon(), eng_channel())
    assert not result.applied and result.text == clean.replace("\r\n", "\n")


def test_wrong_model_and_accentless_text_are_told_from_clean_text():
    eng = (FIXTURES / "ocr_eng" / "001_07378020a184ad69.txt").read_text(encoding="utf-8")
    assert marked_share(eng) < 0.05 and needs_restoration(eng)
    assert needs_restoration("Giao So Tai chinh chu tri, hoan thanh truoc ngay 30/9/2025.")
    assert not needs_restoration("Giao Sở Tài chính chủ trì, hoàn thành trước ngày 30/9/2025.")


def test_the_channel_learns_what_the_ocr_writes_for_each_letter():
    assert letter_alignment("ctia", "của") == [("c", "c"), ("ủ", "ti"), ("a", "a")]
    letters, tokens = count_confusions([("ctia", "của"), ("ctia", "của"), ("s6", "số")])
    assert letters[("ủ", "ti")] == 2 and letters[("ố", "6")] == 1
    channel = OcrChannel(letters, tokens)
    assert channel.cost("ctia", "của") < channel.cost("ctia", "cửa")
    assert channel.guess("s6") == "so"
    pairs = word_pairs("Sở Nội vụ chủ trì", "S6 Noi vu cht tri")
    assert pairs == [("s6", "sở"), ("noi", "nội"), ("vu", "vụ"), ("cht", "chủ"), ("tri", "trì")]


def test_the_word_model_prefers_the_words_of_directives():
    unigrams, bigrams = count_words(["Giao Sở Nội vụ chủ trì.", "Sở Nội vụ báo cáo hằng tháng."])
    lexicon = Lexicon(unigrams, bigrams, {"số", "sở", "nội", "vụ"})
    assert lexicon.logp("<s>", "sở") > lexicon.logp("<s>", "số")
    assert lexicon.logp("sở", "nội") > lexicon.logp("số", "nội")
    assert set(lexicon.forms("so")) == {"số", "sở"}


def test_without_the_word_list_it_still_restores_and_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("CHIDAO_HUNSPELL_VI", str(tmp_path / "missing.dic"))
    status = dictionary_status()
    assert not status.found and "hunspell-vi" in status.message
    lexicon = lexicon_mod.base_lexicon(lexicon_mod.DATA, str(tmp_path / "missing.dic"))
    assert not lexicon.dictionary
    restored = restore("S6 Noi vu chu tri", lexicon, eng_channel(), force=True)
    assert restored.text == "Sở Nội vụ chủ trì"
    result = extract_text((FIXTURES / "ocr_eng" / "tb_quang_ninh.txt").read_text(encoding="utf-8"),
                          registry_for("quang_ninh"))
    assert any("hunspell-vi" in p for p in result["problems"])


def test_the_word_list_is_found_on_this_machine():
    assert dictionary_status().found, "install Debian's hunspell-vi (make setup does)"
    assert len(base_lexicon().dictionary) > 5000


def _build(tmp_path, *leave_out):
    sys.path.insert(0, str(Path(__file__).parent))
    import build_repair_data

    out = tmp_path / "data"
    build_repair_data.build(out, set(leave_out))
    return out


def test_the_shipped_tables_are_what_the_builder_makes(tmp_path):
    """Byte for byte: the builder reads only stable sources (the fixture directives and
    the registry, sorted), so a table out of date means a fixture or the registry changed
    without `python tests/extraction/build_repair_data.py` being run."""
    out = _build(tmp_path)
    for name in ("vi_words.tsv", "eng_ocr_letters.tsv", "eng_ocr_tokens.tsv"):
        assert (out / name).read_text(encoding="utf-8") == (lexicon_mod.DATA / name).read_text(encoding="utf-8"), name


def test_the_tables_hold_every_fixture_directive_and_its_eng_ocr():
    from .sources import clean_directives

    shipped = base_lexicon()
    for name, path in clean_directives().items():
        words = set(count_words([path.read_text(encoding="utf-8")])[0])
        assert words <= set(shipped.unigrams), (name, sorted(words - set(shipped.unigrams))[:10])
        assert (FIXTURES / "ocr_eng" / f"{name}.txt").is_file(), name


def test_it_restores_a_directive_it_was_not_built_from(tmp_path):
    """Built without the notice (its text and its OCR), the repairer still reads nearly
    every word of that notice's OCR right."""
    out = _build(tmp_path, "tb_ket_luan_an_giang")
    lexicon = lexicon_mod.base_lexicon(out, lexicon_mod.dictionary_path())
    channel = OcrChannel(*_tables(out))
    ocr = (FIXTURES / "ocr_eng" / "tb_ket_luan_an_giang.txt").read_text(encoding="utf-8")
    clean = (OWN / "tb_ket_luan_an_giang.txt").read_text(encoding="utf-8")
    right, total = _words_right(restore(ocr, lexicon, channel).text, clean)
    raw_right, _ = _words_right(ocr, clean)
    assert raw_right / total < 0.2 and right / total > 0.93


def _tables(out):
    from engine.extraction.repair.channel import _read

    return _read(out / "eng_ocr_letters.tsv"), _read(out / "eng_ocr_tokens.tsv")


def _words_right(text: str, clean: str) -> tuple[int, int]:
    import difflib
    import re

    words = lambda t: [w.lower() for w in re.findall(r"[^\W\d_]+", t)]
    a, b = words(clean), words(text)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()), len(a)


def test_registry_names_join_the_word_model():
    result = extract_text("S6 Du lich chu tri to chuc hoi chg, hoan thanh truéc ngay 30/9/2025.\n",
                          registry_for("x"))
    assert json.dumps(result, ensure_ascii=False).count("Sở Du lịch") >= 1
