"""Full stack on SQLite and PostgreSQL: tasks walked through months of simulated time
with the use cases people use; what the database holds afterwards."""
from __future__ import annotations

from datetime import date

import pytest

from engine.domain.errors import Conflict, DomainError, Forbidden
from engine.domain.users import SYSTEM
from engine.usecases.audit_chain import verify_chain
from engine.usecases.queries import list_tasks
from engine.usecases.steps import Upload
from tests.conftest import small_directive, user
from tests.persistence.helpers import act, at, instance, kinds, launch, live_until, step_named, steps_of


def accept(services):
    act(services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")


def test_import_starts_one_instance_per_lead_and_notifies_the_leader(any_services):
    result = launch(any_services)
    assert (result.tasks, result.instances) == (1, 1)
    step = step_named(any_services, "ld.khcn", "accept")
    assert step["agency_code"] == "so-khoa-hoc-va-cong-nghe"
    assert kinds(any_services, "ld.khcn") == ["new_task"]
    assert steps_of(any_services, "cv.khcn") == []          # not assigned yet


def test_group_task_fans_out_to_every_department(any_services):
    payload = small_directive(lead=["@so_ban_nganh"], coordinating=[])
    result = launch(any_services, payload)
    with any_services.uow(write=False) as uow:
        expected = {a.code for a in uow.agencies.all()
                    if "@so_ban_nganh" in a.groups and a.exists_on(date(2025, 6, 2))}
    rows, total = list_tasks(any_services, user(any_services, "admin"), limit=500)
    assert result.instances == total == len(expected) >= 20
    assert {r["agency_code"] for r in rows} == expected


def test_bad_imports_change_nothing(any_services):
    bad = [
        small_directive(lead=["Sở Không Có"]),
        small_directive(lead=[]),
        small_directive(deadline={"kind": "date", "value": "2025-02-31"}),
        small_directive(coordinating=["Bộ Ngoại giao giả"]),
    ]
    for payload in bad:
        with pytest.raises(DomainError) as err:
            launch(any_services, payload)
        assert "1" in err.value.message()                  # names the task
    rows, total = list_tasks(any_services, user(any_services, "admin"))
    assert total == 0


def test_month_of_reports_with_a_return_and_evidence(any_services):
    launch(any_services)
    accept(any_services)
    assert "assigned" in kinds(any_services, "cv.khcn")
    any_services.clock.set(at(2025, 6, 12))
    act(any_services, "cv.khcn", "monthly_report", percent=20, done="Khảo sát",
        uploads=[Upload("bien-ban.pdf", "application/pdf", b"%PDF-1.4 minh chung")])
    act(any_services, "ld.khcn", "review_report", decision="return", comment="Bổ sung số liệu")
    assert "returned" in kinds(any_services, "cv.khcn")
    act(any_services, "cv.khcn", "revise_report", percent=25, done="Khảo sát, tổng hợp")
    act(any_services, "ld.khcn", "review_report", decision="approve")
    with any_services.uow(write=False) as uow:
        reports = uow.reports.of_instance(1)
        evidence = uow.evidence.by_hash(reports[0].versions[0].evidence[0]["sha256"])
    assert [(r.kind, r.period, r.status) for r in reports] == [("monthly", "2025-06", "approved")]
    assert [v.values["percent"] for v in reports[0].versions] == [20, 25]
    assert reports[0].versions[0].decision == "return"
    assert evidence[0].filename == "bien-ban.pdf"
    assert any_services.blobs.get(evidence[0].sha256) == b"%PDF-1.4 minh chung"
    assert instance(any_services, 1).percent == 25


def test_missed_report_and_every_escalation_rung_reach_the_right_people(any_services):
    launch(any_services)
    accept(any_services)
    live_until(any_services, at(2025, 9, 20))
    assert kinds(any_services, "cv.khcn").count("report_missed_officer") >= 1
    assert "report_missed_leader" in kinds(any_services, "ld.khcn")
    assert "deadline_reminder" in kinds(any_services, "cv.khcn")
    assert "deadline_leader" in kinds(any_services, "ld.khcn")
    assert "deadline_monitor" in kinds(any_services, "theodoi")
    assert "deadline_authority" in kinds(any_services, "chutich")
    item = instance(any_services, 1)
    assert item.escalation == "authority" and item.phase == "in_progress"
    rows, _ = list_tasks(any_services, user(any_services, "admin"), statuses=["overdue"])
    assert [r["id"] for r in rows] == [1] and rows[0]["days_late"] == (date(2025, 9, 20) - date(2025, 8, 15)).days
    with any_services.uow(write=False) as uow:
        mails = uow.outbox.all()
    assert any(m.to_addr == "theodoi@chidao.test" and "đôn đốc" in m.subject for m in mails)


def test_extension_rearms_the_ladder(any_services):
    launch(any_services)
    accept(any_services)
    live_until(any_services, at(2025, 8, 8))
    act(any_services, "cv.khcn", "request_extension", optional=True, new_due_date="30/09/2025",
        reason="Chờ hướng dẫn của Bộ")
    act(any_services, "chutich", "decide_extension", decision="approve")
    item = instance(any_services, 1)
    assert (item.due_date, item.original_due_date) == (date(2025, 9, 30), date(2025, 8, 15))
    live_until(any_services, at(2025, 9, 1))
    assert "deadline_leader" not in kinds(any_services, "ld.khcn")      # 15/8 no longer counts
    live_until(any_services, at(2025, 10, 1))
    assert "deadline_leader" in kinds(any_services, "ld.khcn")


def test_on_time_completion_through_review_and_sign_off(any_services):
    launch(any_services)
    accept(any_services)
    any_services.clock.set(at(2025, 8, 15, 17))
    act(any_services, "cv.khcn", "completion_report", result="Đã xong", product="Cơ sở dữ liệu")
    any_services.clock.set(at(2025, 8, 18))
    act(any_services, "ld.khcn", "approve_completion", decision="approve")
    act(any_services, "theodoi", "review_completion", decision="return", comment="Thiếu minh chứng")
    assert instance(any_services, 1).phase == "returned"
    act(any_services, "cv.khcn", "rework", result="Đã bổ sung", product="Cơ sở dữ liệu")
    act(any_services, "ld.khcn", "approve_completion", decision="approve")
    act(any_services, "theodoi", "review_completion", decision="accept")
    act(any_services, "chutich", "sign_off", decision="confirm")
    rows, _ = list_tasks(any_services, user(any_services, "admin"))
    assert rows[0]["status"] == "done_late"            # the accepted report came on 18/8, after 15/8


def test_completion_submitted_by_the_due_moment_is_on_time(any_services):
    launch(any_services)
    accept(any_services)
    any_services.clock.set(at(2025, 8, 15, 23, 59))
    act(any_services, "cv.khcn", "completion_report", result="Đã xong", product="Cơ sở dữ liệu")
    any_services.clock.set(at(2025, 8, 20))
    act(any_services, "ld.khcn", "approve_completion", decision="approve")
    act(any_services, "theodoi", "review_completion", decision="accept")
    act(any_services, "chutich", "sign_off", decision="confirm")
    rows, _ = list_tasks(any_services, user(any_services, "admin"), statuses=["done_on_time"])
    assert [r["id"] for r in rows] == [1]
    assert steps_of(any_services, "cv.khcn") == []


def test_refusal_upheld_by_the_monitor_closes_the_task(any_services):
    launch(any_services)
    act(any_services, "ld.khcn", "accept", decision="refuse", reason="Không thuộc chức năng")
    act(any_services, "theodoi", "review_refusal", decision="uphold")
    rows, _ = list_tasks(any_services, user(any_services, "admin"), statuses=["refused"])
    assert len(rows) == 1 and instance(any_services, 1).phase == "refused"
    assert list_tasks(any_services, user(any_services, "admin"), statuses=["cancelled"])[1] == 0
    assert list_tasks(any_services, user(any_services, "admin"), bucket="cancelled")[1] == 1   # hủy / từ chối


def test_second_completion_of_a_step_names_who_and_when(any_services):
    launch(any_services)
    step = step_named(any_services, "ld.khcn", "accept")
    from engine.usecases.steps import complete_step

    complete_step(any_services, user(any_services, "ld.khcn"), step["id"], {"decision": "accept", "officer": "cv.khcn"})
    with pytest.raises(Conflict) as err:
        complete_step(any_services, user(any_services, "ld.khcn"), step["id"], {"decision": "accept", "officer": "cv2.khcn"})
    assert "Lãnh đạo Sở KH&CN" in err.value.message() and "02/06/2025" in err.value.message()


def test_other_agencies_and_auditors_cannot_act(any_services):
    launch(any_services)
    step = step_named(any_services, "ld.khcn", "accept")
    from engine.usecases.steps import complete_step

    for login in ("ld.noivu", "thanhtra", "cv.khcn"):
        with pytest.raises(Forbidden):
            complete_step(any_services, user(any_services, login), step["id"], {"decision": "accept", "officer": "cv.khcn"})


def test_form_errors_change_nothing(any_services):
    launch(any_services)
    accept(any_services)
    from engine.domain.form_validation import FormInvalid

    with pytest.raises(FormInvalid) as err:
        act(any_services, "cv.khcn", "monthly_report", percent=150)
    assert set(err.value.errors) == {"percent", "done"}
    with any_services.uow(write=False) as uow:
        assert [(r.period, r.status, r.versions) for r in uow.reports.of_instance(1)] == [("2025-06", "not_filed", [])]


def test_audit_chain_is_intact_after_a_busy_month(any_services):
    launch(any_services)
    accept(any_services)
    live_until(any_services, at(2025, 7, 5))
    report = verify_chain(any_services, SYSTEM)
    assert report.checked > 5 and report.problems == []


def test_a_user_who_joins_an_agency_sees_its_open_steps(any_services):
    from engine.domain.users import User

    launch(any_services)
    with any_services.uow() as uow:
        uow.users.add(User(login="ld.moi", name="Lãnh đạo mới", agency_code="so-khoa-hoc-va-cong-nghe",
                           roles=frozenset({"leader"})))
        uow.commit()
    assert [s["name"] for s in steps_of(any_services, "ld.moi")] == ["accept", "monthly_report"]


def test_ceased_agency_tasks_are_handed_to_its_successor_with_history(any_services):
    from engine.usecases.agencies import transfer_open_tasks
    from engine.domain.users import User

    payload = small_directive(lead=["UBND thành phố Long Xuyên"], coordinating=[])
    launch(any_services, payload)
    with any_services.uow() as uow:
        for login, code, role in (("ld.lx", "ubnd-thanh-pho-long-xuyen", "leader"),
                                  ("cv.lx", "ubnd-thanh-pho-long-xuyen", "officer"),
                                  ("ld.plx", "ubnd-phuong-long-xuyen", "leader"),
                                  ("cv.plx", "ubnd-phuong-long-xuyen", "officer")):
            uow.users.add(User(login=login, name=login, agency_code=code, roles=frozenset({role})))
        uow.commit()
    act(any_services, "ld.lx", "accept", decision="accept", officer="cv.lx")
    admin = user(any_services, "admin")
    with pytest.raises(DomainError):
        transfer_open_tasks(any_services, admin, "so-noi-vu", "so-tai-chinh")    # still exists
    with pytest.raises(Forbidden):
        transfer_open_tasks(any_services, user(any_services, "ld.khcn"), "ubnd-thanh-pho-long-xuyen",
                            "ubnd-phuong-long-xuyen")
    result = transfer_open_tasks(any_services, admin, "ubnd-thanh-pho-long-xuyen", "ubnd-phuong-long-xuyen")
    assert result.moved == 1
    assert steps_of(any_services, "cv.lx") == []
    names = {s["name"] for s in steps_of(any_services, "cv.plx")}
    assert names == {"completion_report", "monthly_report"}       # unassigned: any officer of the ward
    act(any_services, "cv.plx", "monthly_report", percent=10, done="Tiếp nhận hồ sơ từ thành phố")
    with any_services.uow(write=False) as uow:
        actions = [e.action for e in uow.audit.of_instance(1)]
        agency = uow.agencies.by_code("ubnd-thanh-pho-long-xuyen")
    assert actions[:3] == ["instance.started", "step.completed", "agency.transferred"]
    assert agency.successor == "ubnd-phuong-long-xuyen"
    assert instance(any_services, 1).agency_code == "ubnd-phuong-long-xuyen"


def test_review_steps_are_due_five_working_days_after_they_open(any_services):
    launch(any_services)
    accept(any_services)
    any_services.clock.set(at(2025, 6, 5))            # Thursday
    act(any_services, "cv.khcn", "monthly_report", percent=20, done="Khảo sát")
    review = step_named(any_services, "ld.khcn", "review_report")
    assert review["due_date"] == date(2025, 6, 12)    # Thu + 5 working days
    live_until(any_services, at(2025, 6, 20))
    review = step_named(any_services, "ld.khcn", "review_report")
    assert review["due_date"] == date(2025, 6, 12) and review["urgency"] == "overdue"


def test_admin_calendar_overrides_move_due_days(any_services):
    from engine.usecases.setup import set_calendar_day

    admin = user(any_services, "admin")
    set_calendar_day(any_services, admin, date(2025, 8, 15), False, "Nghỉ bù theo quyết định của tỉnh")
    launch(any_services)                                    # "chậm nhất 15/8/2025"
    assert instance(any_services, 1).due_date == date(2025, 8, 18)
    with pytest.raises(Forbidden):
        set_calendar_day(any_services, user(any_services, "cv.khcn"), date(2025, 8, 16), True)
