"""A directive whose assignments end September 2025 in every count column, built
through the engine with the clock moved (helpers of test_monthly_summary and the
export, CLI and web tests of the monthly summary)."""
from __future__ import annotations

from engine.usecases.directives import import_directive
from tests.conftest import user
from tests.persistence.helpers import at
from tests.web.task_helpers import act

KHCN, TAICHINH, NOIVU = "Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Nội vụ"


def _task(ref, lead, deadline, summary):
    return {"ref": ref, "lead": [lead], "coordinating": [], "deadline": deadline, "product": "Báo cáo",
            "summary": summary}


def _date(value, text):
    return {"kind": "date", "value": value, "text": text}


def september_directive() -> dict:
    return {
        "document": {"number": "77/KH-UBND", "type": "KH", "issuer": "UBND tỉnh An Giang", "date": "2025-06-02",
                     "signer": "Hồ Văn Mừng", "title": "Kế hoạch chuyển đổi số năm 2025"},
        "tasks": [
            _task("1", KHCN, _date("2025-08-29", "chậm nhất 29/8/2025"), "Xây dựng kho dữ liệu dùng chung"),
            _task("2", TAICHINH, _date("2025-09-15", "chậm nhất 15/9/2025"), "Bố trí kinh phí chuyển đổi số"),
            _task("3", NOIVU, {"kind": "recurring", "value": None, "text": "thường xuyên"}, "Theo dõi cán bộ số"),
            _task("4", KHCN, _date("2025-12-31", "chậm nhất 31/12/2025"), "Triển khai nền tảng số"),
            _task("5", NOIVU, _date("2025-10-31", "chậm nhất 31/10/2025"), "Rà soát thủ tục hành chính"),
            _task("6", TAICHINH, _date("2025-09-30", "chậm nhất 30/9/2025"), "Quyết toán dự án cũ"),
            _task("7", KHCN, _date("2025-11-30", "chậm nhất 30/11/2025"), "Mua sắm thiết bị (đã bãi bỏ)"),
        ],
    }


def directive_of(services) -> int:
    """The id of the September directive."""
    with services.uow(write=False) as uow:
        return next(d.id for d in uow.directives.all() if d.number == "77/KH-UBND")


def instance_of(services, ref: str) -> int:
    with services.uow(write=False) as uow:
        for directive in uow.directives.all():
            for task in uow.directives.tasks_of(directive.id):
                if task.ref == ref and directive.number == "77/KH-UBND":
                    return uow.instances.of_task(task.id)[0].id
    raise AssertionError(ref)


def complete(services, instance_id: int, leader: str, officer: str) -> None:
    act(services, officer, instance_id, "completion_report", {"result": "Đã xong", "product": "Báo cáo"})
    act(services, leader, instance_id, "approve_completion", {"decision": "approve"})
    act(services, "theodoi", instance_id, "review_completion", {"decision": "accept"})
    act(services, "chutich", instance_id, "sign_off", {"decision": "confirm"})


def september_story(services) -> dict[str, int]:
    """By 30/9/2025: task 1 done on time (August), task 2 never accepted and late, task
    3 recurring, task 4 in progress on time, task 5 suspended in September, task 6
    accepted in August, still open and due 30/9 (on time on the 30th, late after),
    task 7 cancelled in September.
    Returns instance ids by task ref."""
    services.clock.set(at(2025, 6, 2, 9))
    import_directive(services, user(services, "admin"), september_directive())
    ids = {ref: instance_of(services, ref) for ref in "1234567"}
    services.clock.set(at(2025, 6, 3, 9))
    act(services, "ld.khcn", ids["1"], "accept", {"decision": "accept", "officer": "cv.khcn"})
    act(services, "ld.noivu", ids["3"], "accept", {"decision": "accept", "officer": "cv.noivu"})
    act(services, "ld.khcn", ids["4"], "accept", {"decision": "accept", "officer": "cv.khcn"})
    act(services, "ld.noivu", ids["5"], "accept", {"decision": "accept", "officer": "cv.noivu"})
    services.clock.set(at(2025, 8, 20, 9))
    complete(services, ids["1"], "ld.khcn", "cv.khcn")
    act(services, "ld.taichinh", ids["6"], "accept", {"decision": "accept", "officer": "cv.taichinh"})
    services.clock.set(at(2025, 9, 10, 9))
    act(services, "chutich", ids["5"], "suspend_task", {"reason": "Chờ sắp xếp tổ chức bộ máy"})
    act(services, "chutich", ids["7"], "cancel_task", {"reason": "Không còn cần thiết"})
    return ids
