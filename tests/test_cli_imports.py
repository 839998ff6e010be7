"""``chidao directive import`` refuses what would slip in wrong, in one line, storing
nothing: a lead agency that had ceased (its successor named), a text directive whose
deadline names a day that does not exist, an annotation printing only its year
without ``--issued-on``; with ``--issued-on`` the last one is imported."""
from __future__ import annotations

import json

from tests.conftest import small_directive
from tests.persistence.test_import_checks import TEXT_WITH_IMPOSSIBLE_DATE
from tests.test_cli import cli  # noqa: F401 - the fixture


def write(tmp, name: str, payload: dict):
    path = tmp / name
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def directives(run) -> list:
    return json.loads(run("directive", "list", "--json").output)


def refused(result, *fragments):
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Lỗi: ") and len(result.output.splitlines()) == 1, result.output
    for fragment in fragments:
        assert fragment in result.output, result.output


def test_import_refusals_from_the_command_line(cli):  # noqa: F811
    run, tmp = cli
    ceased = small_directive(lead=["UBND huyện Chợ Mới"], coordinating=[], number="40/KH-UBND")
    ceased["document"]["date"] = "2025-09-01"
    refused(run("directive", "import", write(tmp, "ceased.json", ceased)),
            "«UBND huyện Chợ Mới» đã chấm dứt hoạt động", "cơ quan kế thừa là «UBND xã Chợ Mới»")

    text = tmp / "cv.txt"
    text.write_text(TEXT_WITH_IMPOSSIBLE_DATE, encoding="utf-8")
    refused(run("directive", "import", text), "Nhiệm vụ 1 (dòng 5): ngày không tồn tại",
            "«hoàn thành chậm nhất 30/02/2025»")

    yearly = small_directive(number="41/KH-UBND")
    yearly["document"]["date"] = "2025"
    path = write(tmp, "yearly.json", yearly)
    refused(run("directive", "import", path), "chỉ ghi năm ban hành (2025)", "--issued-on")
    refused(run("directive", "import", path, "--issued-on", "2024-05-23"), "không khớp")
    assert directives(run) == []
    imported = run("directive", "import", path, "--issued-on", "23/05/2025")
    assert imported.exit_code == 0, imported.output
    assert [(d["number"], d["issued_on"]) for d in directives(run)] == [("41/KH-UBND", "2025-05-23")]
