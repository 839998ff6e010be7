"""Nothing slips in wrong at import: a lead (or coordinating) agency that had ceased
before the directive's date is refused with its successor named; a deadline phrase
naming a day that does not exist stops the launch of a text directive (and of a
reviewed one) instead of dropping the deadline; an annotation printing only its year
takes the day from ``issued_on``. Each refusal stores nothing."""
from __future__ import annotations

from datetime import date

import pytest

from engine.domain.agencies import Agency, AgencyRegistry
from engine.domain.errors import DomainError
from engine.extraction import extract_text
from engine.usecases.directive_entry import check_directive, import_extracted, import_payload
from engine.usecases.directives import import_directive, plan_tasks
from tests.conftest import small_directive, user
from tests.web.directive_helpers import basic, directive_numbers

TEXT_WITH_IMPOSSIBLE_DATE = """UBND TỈNH AN GIANG
Số: 15/UBND-KT
V/v triển khai thử nghiệm chidao
An Giang, ngày 10 tháng 6 năm 2025
1. Giao Sở Tài chính chủ trì rà soát kinh phí, hoàn thành chậm nhất 30/02/2025.
2. Giao Sở Nội vụ chủ trì rà soát biên chế, hoàn thành trước ngày 25/6/2025.
"""


def dated(payload: dict, day: str) -> dict:
    payload["document"]["date"] = day
    return payload


def test_a_lead_that_ceased_before_the_directive_is_refused_naming_its_successor(services):
    admin = user(services, "admin")
    late = dated(small_directive(lead=["UBND huyện An Phú"], coordinating=[], number="10/KH-UBND"), "2025-08-11")
    with pytest.raises(DomainError) as refused:
        import_directive(services, admin, late)
    assert refused.value.message() == ("Nhiệm vụ 1: «UBND huyện An Phú» đã chấm dứt hoạt động sau ngày 30/06/2025, "
                                       "trước ngày văn bản (11/08/2025); cơ quan kế thừa là «UBND xã An Phú»")
    assert "its successor is «UBND xã An Phú»" in refused.value.message("en")
    coordinating = dated(small_directive(coordinating=["UBND thành phố Long Xuyên"], number="11/KH-UBND"), "2025-07-01")
    with pytest.raises(DomainError) as also:
        import_directive(services, admin, coordinating)
    assert "«UBND phường Long Xuyên»" in also.value.message()
    assert directive_numbers(services) == []
    in_time = dated(small_directive(lead=["UBND huyện An Phú"], coordinating=[], number="12/KH-UBND"), "2025-06-30")
    assert import_directive(services, admin, in_time).instances == 1     # its last day: still there


def test_the_same_check_runs_before_a_manual_entry_is_launched(services):
    entry = {"document": {"title": "Kế hoạch thử", "date": "15/08/2025", "number": "13/KH-UBND"},
             "tasks": [{"ref": "1", "summary": "Rà soát", "lead": "UBND thị xã Tân Châu", "product": "Báo cáo",
                        "deadline": {"kind": "date", "value": "30/09/2025"}}]}
    check = check_directive(services, user(services, "theodoi"), entry)
    assert not check.ok
    assert [e.key for e in check.tasks[0].errors] == ["import.ceased_agency"]
    assert check.tasks[0].errors[0].params["successor"] == "UBND phường Tân Châu"


def test_a_ceased_agency_without_a_recorded_successor_is_refused_too():
    registry = AgencyRegistry([Agency("Sở Cũ", "department", code="so-cu", valid_to=date(2025, 6, 30))])
    task = {"ref": "2", "lead": ["Sở Cũ"], "coordinating": [], "deadline": {"kind": "none"}, "summary": "Việc"}
    with pytest.raises(DomainError) as refused:
        plan_tasks(registry, [task], date(2025, 7, 1))
    assert refused.value.key == "import.ceased_agency_no_successor" and "chưa ghi cơ quan kế thừa" in refused.value.message()


def test_an_impossible_date_in_a_text_directive_stops_the_launch(services):
    with services.uow(write=False) as uow:
        proposal = extract_text(TEXT_WITH_IMPOSSIBLE_DATE, services.registry(uow), source="cv.txt")
    assert proposal["tasks"][0]["deadline"]["kind"] == "none"          # what the extraction leaves
    with pytest.raises(DomainError) as refused:
        import_extracted(services, user(services, "admin"), proposal, body=TEXT_WITH_IMPOSSIBLE_DATE)
    assert refused.value.message() == ("Văn bản còn lỗi, chưa thể khởi động: Nhiệm vụ 1 (dòng 5): ngày không tồn "
                                       "tại «hoàn thành chậm nhất 30/02/2025»")
    assert "Task 1 (line 5): the date «hoàn thành chậm nhất 30/02/2025» does not exist" in refused.value.message("en")
    assert directive_numbers(services) == []
    proposal["tasks"][0]["deadline"] = {"kind": "date", "value": "2025-02-28", "text": "chậm nhất 28/02/2025"}
    assert import_extracted(services, user(services, "admin"), proposal).tasks == 2


def test_a_reviewed_task_keeping_an_impossible_phrase_is_an_error_not_a_gap(services):
    entry = {"document": {"title": "Kế hoạch thử", "date": "10/06/2025", "number": "14/KH-UBND"},
             "tasks": [{"ref": "1", "summary": "Rà soát", "lead": "Sở Tài chính", "product": "Báo cáo",
                        "deadline": {"kind": "none", "text": "hoàn thành chậm nhất 30/02/2025"}},
                       {"ref": "2", "summary": "Theo dõi", "lead": "Sở Nội vụ", "product": "Báo cáo",
                        "deadline": {"kind": "none", "text": "thường xuyên"}}]}
    check = check_directive(services, user(services, "theodoi"), entry)
    assert [e.key for e in check.tasks[0].errors] == ["entry.impossible_date"]
    assert [g.key for g in check.tasks[0].gaps] == []
    assert check.tasks[1].errors == []


def test_an_annotation_printing_only_its_year_takes_issued_on(services):
    admin = user(services, "admin")
    yearly = dated(small_directive(number="20/KH-UBND"), "2025")
    with pytest.raises(DomainError) as refused:
        import_directive(services, admin, yearly)
    assert refused.value.key == "import.year_only_date" and "--issued-on" in refused.value.message()
    with pytest.raises(DomainError) as mismatch:
        import_directive(services, admin, yearly, issued_on=date(2024, 12, 30))
    assert mismatch.value.message() == "Ngày ban hành 30/12/2024 không khớp với ngày văn bản ghi (2025)"
    assert directive_numbers(services) == []
    result = import_directive(services, admin, yearly, issued_on=date(2025, 5, 23))
    with services.uow(write=False) as uow:
        stored = uow.directives.get(result.directive_id)
    assert (stored.issued_on, stored.issued_month) == (date(2025, 5, 23), None)
    monthly = dated(small_directive(number="21/KH-UBND"), "2025-06")
    with pytest.raises(DomainError):
        import_payload(services, user(services, "theodoi"), monthly, issued_on="2025-07-02")
    assert import_payload(services, user(services, "theodoi"), monthly, issued_on="02/06/2025").instances == 1


def test_the_api_takes_issued_on_for_a_year_only_directive(app, services):
    client = app.test_client()
    payload = dated(small_directive(number="30/KH-UBND"), "2025")

    def post(body, query=""):
        return client.post(f"/api/v1/directives{query}", json=body, headers=basic("theodoi"))

    refused = post(payload)
    assert refused.status_code == 400 and "issued_on" in refused.get_json()["error"]
    assert "prints only its year (2025)" in post(payload, "?lang=en").get_json()["error"]
    bad = post({**payload, "issued_on": "31/02/2025"})
    assert bad.status_code == 400 and bad.get_json()["error"] == "Ngày ban hành không hợp lệ: «31/02/2025» (dd/mm/yyyy)"
    assert directive_numbers(services) == []
    created = post({**payload, "issued_on": "2025-05-23"})
    assert created.status_code == 201, created.get_json()
    listed = client.get("/api/v1/directives", headers=basic("theodoi")).get_json()["directives"]
    assert [(d["number"], d["issued_on"]) for d in listed] == [("30/KH-UBND", "2025-05-23")]
