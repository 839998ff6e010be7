"""Helpers for the directive, entry, review, dashboard and API tests: import a directive
through the engine (set-up), read what the database holds (checks), build the manual
entry form, HTTP Basic headers, a hand-made extraction proposal and a scanned PDF."""
from __future__ import annotations

import base64
from pathlib import Path

from engine.domain.users import SYSTEM
from engine.usecases.directives import import_directive
from tests.conftest import PASSWORD, small_directive

FIXTURES = Path(__file__).parent / "fixtures"


def imported(services, **kwargs) -> int:
    """Import ``small_directive(**kwargs)``; its directive id."""
    return import_directive(services, SYSTEM, small_directive(**kwargs)).directive_id


def directive_numbers(services) -> list:
    with services.uow(write=False) as uow:
        return [d.number for d in uow.directives.all()]


def instance_count(services) -> int:
    with services.uow(write=False) as uow:
        return sum(len(uow.instances.of_task(t.id)) for d in uow.directives.all()
                   for t in uow.directives.tasks_of(d.id))


def instances_of(services, directive_id: int) -> list:
    with services.uow(write=False) as uow:
        return [i for t in uow.directives.tasks_of(directive_id) for i in uow.instances.of_task(t.id)]


def basic(login: str, password: str = PASSWORD) -> dict:
    token = base64.b64encode(f"{login}:{password}".encode("utf-8")).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def entry_form(*tasks: dict, **document) -> dict:
    """The manual entry form: document facts and one row per task (fields as in the
    form, without the «tasks-N-» prefix)."""
    data = {"number": "15/KH-UBND", "type": "KH", "issuer": "UBND tỉnh An Giang", "date": "02/06/2025",
            "signer": "Hồ Văn Mừng", "title": "Kế hoạch nhập tay thử nghiệm", "monitor": "",
            "authority": "UBND tỉnh An Giang"}
    data.update(document)
    rows = tasks or (task_row(),)
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"tasks-{index}-{name}"] = value
    return data


def task_row(**fields) -> dict:
    row = {"ref": "1", "summary": "Nâng cấp hệ thống thông tin giải quyết thủ tục hành chính",
           "lead": "Sở KH&CN", "coordinating": "Sở Tài chính", "deadline_text": "chậm nhất 15/8/2025",
           "deadline_kind": "auto", "deadline_value": "", "product": "Hệ thống được nâng cấp", "reporting": ""}
    row.update(fields)
    return row


SOURCE_TEXT = "\n".join([
    "ỦY BAN NHÂN DÂN TỈNH AN GIANG",            # 1
    "Số: 301/TB-VP",                             # 2
    "THÔNG BÁO",                                 # 3
    "Kết luận của Chủ tịch UBND tỉnh",           # 4
    "",                                          # 5
    "1. Sở Khoa học và Công nghệ chủ trì xây dựng",   # 6
    "cơ sở dữ liệu chuyển đổi số; hoàn thành trong tháng 8/2025.",  # 7
    "2. Sở Nội vụ và Sở Ngoại Vụ Cũ rà soát bộ máy;",  # 8
    "báo cáo trước ngày 30/9/2025.",             # 9
    "3. Các sở phối hợp thực hiện.",             # 10
])


def proposal() -> dict:
    """A hand-made extraction proposal of the documented shape (SCHEMA.md plus
    confidence, source_lines, low_confidence_fields, unresolved_agencies, problems)."""
    return {
        "source": "tb-301.txt",
        "document": {"number": "301/TB-VP", "type": "TB", "issuer": "Văn phòng UBND tỉnh", "date": "2025-06-02",
                     "signer": "Lê Kỳ Quang", "title": "Kết luận của Chủ tịch UBND tỉnh"},
        "tasks": [
            {"ref": "1", "lead": ["Sở Khoa học và Công nghệ"], "coordinating": [], "coordinating_groups": [],
             "deadline": {"kind": "month", "value": "2025-08", "text": "trong tháng 8/2025"},
             "product": "Cơ sở dữ liệu chuyển đổi số", "reporting": None,
             "summary": "Xây dựng cơ sở dữ liệu chuyển đổi số", "content": None,
             "confidence": 0.92, "source_lines": [6, 7]},
            {"ref": "2", "lead": ["Sở Nội vụ"], "coordinating": [], "coordinating_groups": [],
             "deadline": {"kind": "date", "value": "2025-09-30", "text": "trước ngày 30/9/2025", "before": True},
             "product": None, "reporting": None, "summary": "Rà soát bộ máy", "content": None,
             "confidence": 0.55, "source_lines": [8, 9], "low_confidence_fields": ["lead", "deadline"],
             "unresolved_agencies": ["Sở Ngoại Vụ Cũ"]},
            {"ref": "3", "lead": [], "coordinating": [], "coordinating_groups": [],
             "deadline": {"kind": "none", "value": None, "text": None}, "product": None, "reporting": None,
             "summary": "Các sở phối hợp thực hiện", "content": None, "confidence": 0.3, "source_lines": [10, 10],
             "low_confidence_fields": ["lead"]},
        ],
        "problems": ["Không xác định được cơ quan chủ trì (mục 3, dòng 10–10)"],
    }


def scanned_pdf() -> bytes:
    """A valid one-page PDF without any text layer, as a scan without OCR reads."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def signed_in(app, login: str):
    """A fresh test client signed in as ``login`` (one per person, like separate browsers)."""
    from tests.conftest import Browser

    client = Browser(app.test_client())
    response = client.login(login)
    assert response.status_code == 302, f"sign-in of {login} failed"
    return client
