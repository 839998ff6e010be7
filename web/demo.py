"""The demo: users of every role, the annotated sample directives, and a few months of
realistic history played through the same use cases people use — with the clock
moved day by day from the oldest directive to DEMO_NOW — so every screen has
something true to show. The history begins on the lifecycle before issue 14 and its
running tasks move onto today's on UPGRADE_DAY (web/demo_lifecycle.py).
Deterministic: the same run gives the same data."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from config.defaults import DEMO_DIRECTIVES_DIR
from engine.clock import FixedClock
from engine.domain.calendar import LOCAL_TZ
from engine.domain.errors import DomainError
from engine.domain.password_policy import DEMO_PASSWORD
from engine.domain.passwords import hash_password
from engine.domain.users import User
from engine.usecases.agencies import transfer_open_tasks
from engine.usecases.directives import import_directive
from engine.usecases.directives import DEFAULT_PROCESS
from engine.usecases.steps import complete_step
from engine.usecases.timers import sweep_timers
from web.bootstrap import build_services
from web.demo_lifecycle import UPGRADE_DAY, deploy_previous_lifecycle, upgrade_to_current
from web.demo_lifecycle import upgrade_lifecycle as _upgrade_lifecycle

DEMO_NOW = datetime(2025, 9, 22, 8, 30, tzinfo=LOCAL_TZ)
SAMPLES = [  # file, issue date when the text leaves it blank
    ("002_91be600319c8ab5d.json", None),
    ("000_80f5e326dccb0ed9.json", date(2025, 5, 23)),
    ("001_07378020a184ad69.json", None),
]
NAMED_USERS = [  # login, name, agency code, roles, digest
    ("lanhdao.khcn", "Trần Minh Khoa", "so-khoa-hoc-va-cong-nghe", {"leader", "coordinator"}, False),
    ("chuyenvien.khcn", "Nguyễn Thị Lan", "so-khoa-hoc-va-cong-nghe", {"officer", "coordinator"}, False),
    ("chuyenvien2.khcn", "Lê Văn Hùng", "so-khoa-hoc-va-cong-nghe", {"officer", "coordinator"}, True),
    ("lanhdao.noivu", "Phạm Thu Hà", "so-noi-vu", {"leader", "coordinator"}, False),
    ("chuyenvien.noivu", "Võ Quốc Bảo", "so-noi-vu", {"officer", "coordinator"}, False),
    ("theodoi.vp", "Đặng Ngọc Mai", "van-phong-ubnd-tinh", {"monitor"}, False),
    ("chutich", "Hồ Văn Mừng", "ubnd-tinh-an-giang", {"authority"}, False),
    ("phochutich", "Lê Trung Hồ", "ubnd-tinh-an-giang", {"authority"}, False),
    ("thanhtra", "Huỳnh Thanh Tâm", "thanh-tra-tinh", {"auditor"}, False),
    ("quytrinh", "Trương Công Định", "van-phong-ubnd-tinh", {"process_owner"}, False),
]
STAFFED_KINDS = ("department", "provincial", "unit", "district", "commune")
TRANSFER = ("ubnd-thanh-pho-long-xuyen", "ubnd-phuong-long-xuyen")


def _h(*parts) -> int:
    return int(hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:8], 16)


def _users(svc, seed_admin: bool) -> int:
    """Named demo users, plus a leader and an officer for every other agency, and (with
    ``seed_admin``) the admin: all with the demo's shared password. Its hash is seeded
    here on purpose, bypassing the password policy that every other path applies
    (engine.usecases.account.set_password), which refuses this very password."""
    password = hash_password(DEMO_PASSWORD)
    created = 0
    with svc.uow() as uow:
        if seed_admin and uow.users.by_login("admin") is not None:
            uow.users.set_password_hash("admin", password)
        taken = {u.login for u in uow.users.all()}
        for login, name, agency, roles, digest in NAMED_USERS:
            if login not in taken:
                uow.users.add(User(login=login, name=name, agency_code=agency, roles=frozenset(roles),
                                   email=f"{login}@chidao.local", digest=digest), password)
                created += 1
        for agency in uow.agencies.all():
            if agency.kind not in STAFFED_KINDS:
                continue
            for prefix, title, roles in (("ld", "Lãnh đạo", {"leader", "coordinator"}),
                                         ("cv", "Chuyên viên", {"officer", "coordinator"})):
                login = f"{prefix}.{agency.code}"[:80]
                if login in taken:
                    continue
                uow.users.add(User(login=login, name=f"{title} {agency.name}", agency_code=agency.code,
                                   roles=frozenset(roles), email=f"{login}@chidao.local"), password)
                created += 1
        uow.commit()
    return created


@dataclass
class Player:
    """Decides, deterministically, what each person does with each pending step."""

    svc: object
    today: date

    def category(self, instance_id: int) -> str:
        roll = _h("cat", instance_id) % 100
        if roll < 8:
            return "silent"       # never accepts
        if roll < 25:
            return "slow"         # late completion
        if roll < 65:
            return "punctual"     # completes before the deadline
        return "working"          # reports monthly, no completion yet

    def decide(self, step: dict, instance) -> tuple[str, dict] | None:
        """(actor login, form values) when the step is done today, else None."""
        name, iid = step["name"], step["instance_id"]
        waited = (self.today - step["created_at"].astimezone(LOCAL_TZ).date()).days
        cat = self.category(iid)
        due = step["due_date"]
        if name == "accept":
            if cat == "silent" or waited < 1 + _h("acc", iid) % 3:
                return None
            if _h("refuse", iid) % 60 == 0:
                return self.leader(step), {"decision": "refuse", "reason": "Nội dung không thuộc chức năng, nhiệm vụ của đơn vị."}
            return self.leader(step), {"decision": "accept", "officer": self.officer(step),
                                       "note": "Giao chuyên viên tham mưu thực hiện."}
        if name == "review_refusal":
            decision = "uphold" if _h("uphold", iid) % 2 else "reject"
            return (self.monitor(), {"decision": decision, "comment": "Đã xem xét đề nghị."}) if waited >= 2 else None
        if name in ("monthly_report", "revise_report"):
            lateness = self.report_lateness(step, cat)
            if lateness is None or due is None or self.today < due + timedelta(days=lateness) or waited < 1:
                return None
            percent = min(95, 20 + 15 * (_h("pct", iid) % 3) + 10 * (self.today.month - 4))
            return self.filer(step), {
                "percent": percent, "done": "Đã triển khai các nội dung được giao; tổ chức rà soát, tổng hợp số liệu.",
                "problems": "Nguồn nhân lực còn hạn chế." if _h("prob", iid) % 3 == 0 else "",
                "proposals": ""}
        if name == "review_report":
            if waited < 1:
                return None
            if _h("ret", iid) % 25 == 0 and not instance.get("returned_once"):
                instance["returned_once"] = True
                return self.leader(step), {"decision": "return", "comment": "Bổ sung số liệu cụ thể và minh chứng."}
            return self.leader(step), {"decision": "approve"}
        if name in ("completion_report", "rework"):
            if instance.get("deadline_kind") in ("recurring", "conditional") or cat == "silent":
                return None
            if cat == "working":
                # a few finish early, in the last fortnight: their reviews are under way "now"
                if name == "completion_report" and due and due > self.today and _h("early", iid) % 4 == 0 \
                        and self.today >= date(2025, 9, 8) + timedelta(days=_h("day", iid) % 12):
                    return step["assignee_login"] or self.officer(step), {
                        "result": "Đã hoàn thành sớm nội dung được giao.", "product": "Báo cáo kết quả"}
                if name != "rework":
                    return None
            deadline = step["due_date"] or (step["created_at"].date() + timedelta(days=60))
            shift = (3 + _h("slow", iid) % 18) if cat == "slow" else -(1 + _h("ok", iid) % 8)
            target = max(deadline + timedelta(days=shift), step["created_at"].date() + timedelta(days=5))
            if name == "rework":
                target = step["created_at"].date() + timedelta(days=3)
            if self.today < target:
                return None
            return step["assignee_login"] or self.officer(step), {
                "result": "Đã hoàn thành nội dung được giao, báo cáo kết quả kèm theo.",
                "product": "Báo cáo kết quả thực hiện"}
        if name == "approve_completion":
            return (self.leader(step), {"decision": "approve"}) if waited >= 1 else None
        if name == "review_completion":
            if waited < 2:
                return None
            if _h("mret", iid) % 12 == 0 and not instance.get("monitor_returned"):
                instance["monitor_returned"] = True
                return self.monitor(), {"decision": "return", "comment": "Sản phẩm chưa đáp ứng yêu cầu; hoàn thiện lại."}
            return self.monitor(), {"decision": "accept", "comment": "Đạt yêu cầu."}
        if name == "sign_off":
            return ("chutich", {"decision": "confirm"}) if waited >= 2 else None
        if name == "decide_extension":
            return ("chutich", {"decision": "approve", "comment": "Đồng ý gia hạn."}) if waited >= 1 else None
        if name == "give_input":
            return (self.officer(step), {"answer": "Thống nhất nội dung; đề nghị bổ sung số liệu năm 2024."}) \
                if waited >= 2 else None
        return None

    def report_lateness(self, step: dict, cat: str) -> int | None:
        """Days after its due day a period's report is filed; None: never. Most come on
        time; some periods are missed (a few of them filed weeks late); the silent
        agencies never report, and while nobody accepted a task its leader rarely does."""
        iid, period = step["instance_id"], step.get("period") or ""
        if cat == "silent" or (step["role"] == "leader" and _h("lead", iid, period) % 3):
            return None
        if step["name"] == "monthly_report" and _h("miss", iid, period) % 9 == 0:
            return None if _h("never", iid, period) % 2 else 20 + _h("weeks", iid, period) % 25
        if cat == "slow":
            return _h("late", iid, period) % 6
        return -(_h("early", iid, period) % 4)

    def filer(self, step) -> str:
        """Who files a report step: its officer, the agency's officer, or — while nobody
        accepted the task — the agency's leader."""
        if step["role"] == "leader":
            return self.leader(step)
        return step["assignee_login"] or self.officer(step)

    def leader(self, step) -> str:
        return self._staff(step["agency_code"], "leader")

    def officer(self, step) -> str:
        return self._staff(step["agency_code"], "officer")

    def monitor(self) -> str:
        return "theodoi.vp"

    def _staff(self, agency: str, role: str) -> str:
        named = {("so-khoa-hoc-va-cong-nghe", "leader"): "lanhdao.khcn",
                 ("so-khoa-hoc-va-cong-nghe", "officer"): "chuyenvien.khcn",
                 ("so-noi-vu", "leader"): "lanhdao.noivu", ("so-noi-vu", "officer"): "chuyenvien.noivu"}
        return named.get((agency, role)) or f"{'ld' if role == 'leader' else 'cv'}.{agency}"[:80]


def _all_pending(svc) -> list[dict]:
    with svc.uow(write=False) as uow:
        return uow.queries.all_pending()


def _act(svc, login: str, step_id: str, values: dict) -> bool:
    with svc.uow(write=False) as uow:
        user = uow.users.by_login(login)
    if user is None:
        return False
    try:
        complete_step(svc, user, step_id, values)
        return True
    except DomainError:
        return False


def _special(svc, today: date, done: set) -> None:
    """Scripted moments: an extension, a cancellation, a suspension, a hand-over."""
    def first_step(form, agency=None):
        for step in _all_pending(svc):
            if step["form"] == form and (agency is None or step["agency_code"] == agency):
                return step
        return None

    if today == date(2025, 6, 20) and "extension" not in done:
        step = first_step("extension_request", "so-khoa-hoc-va-cong-nghe")
        if step and step["task_due_date"]:
            new_date = (step["task_due_date"] + timedelta(days=45)).isoformat()
            if _act(svc, "chuyenvien.khcn", step["id"], {"new_due_date": new_date,
                    "reason": "Chờ hướng dẫn của Bộ Khoa học và Công nghệ về mã định danh."}):
                done.add("extension")
    if today == date(2025, 7, 2) and "transfer" not in done:
        transfer_open_tasks(svc, _admin(svc), *TRANSFER)
        done.add("transfer")
    if today == date(2025, 8, 5) and "cancel" not in done:
        step = first_step("cancel", None)
        if step and _act(svc, "chutich", step["id"], {"reason": "Nội dung đã được thay thế bởi Kế hoạch mới."}):
            done.add("cancel")
    if today == date(2025, 8, 12) and "suspend" not in done:
        steps = [s for s in _all_pending(svc) if s["form"] == "suspend"]
        reasons = ["Chờ sắp xếp tổ chức bộ máy.", "Chờ Trung ương ban hành hướng dẫn thực hiện."]
        if len(steps) > 9 and all(_act(svc, "chutich", steps[i]["id"], {"reason": reason})
                                  for i, reason in zip((3, 9), reasons)):
            done.add("suspend")
    if today == date(2025, 9, 3) and "resume" not in done:       # one resumes, its deadline moved
        step = first_step("resume", None)
        if step and _act(svc, "chutich", step["id"], {"note": "Đã có hướng dẫn; tiếp tục thực hiện."}):
            done.add("resume")


def _admin(svc) -> User:
    with svc.uow(write=False) as uow:
        return uow.users.by_login("admin")


def _read_old_notifications(svc, before: datetime) -> None:
    """People read their notifications as the months went by: only the last few days'
    ones are still unread on the demo day."""
    with svc.uow() as uow:
        for person in uow.users.all():
            old = [n.id for n in uow.notifications.of_user(person.login, unread_only=True, limit=5000)
                   if n.created_at < before]
            if old:
                uow.notifications.mark_read(person.login, old, before)
        uow.commit()


def load_demo(base_services, now: datetime | None = None, seed_admin: bool = True) -> str:
    """Load the demo into the database of ``base_services``; returns a summary. With
    ``seed_admin`` the admin gets the demo password too."""
    end = now or (base_services.settings.now if base_services.settings and base_services.settings.now else DEMO_NOW)
    clock = FixedClock(datetime.combine(date(2025, 4, 4), time(9, 0), LOCAL_TZ))
    svc = build_services(base_services.settings, base_services.database, clock=clock)
    svc.mailer = None                     # the demo's history sends no mail
    users = _users(svc, seed_admin)
    admin = _admin(svc)
    imports = {name: issued for name, issued in SAMPLES}
    issue_days = {}
    for name, issued in SAMPLES:
        payload = json.loads((DEMO_DIRECTIVES_DIR / name).read_text(encoding="utf-8"))
        raw = payload["document"].get("date")
        issue_days[name] = issued or (date.fromisoformat(raw) if raw and len(raw) == 10 else
                                      date.fromisoformat(raw + "-02") if raw else None)
    day = min(issue_days.values())
    player, done, instance_facts = Player(svc, day), set(), {}
    on_previous, upgraded = deploy_previous_lifecycle(svc, admin), ""
    while True:
        moment = datetime.combine(day, time(9, 0), LOCAL_TZ)
        if moment > end:
            break
        clock.set(moment)
        player.today = day
        if on_previous and day == UPGRADE_DAY:
            upgraded = upgrade_to_current(svc, admin)
        for name, issue_day in issue_days.items():
            if issue_day == day:
                text_path = DEMO_DIRECTIVES_DIR / name.replace(".json", ".txt")
                payload = json.loads((DEMO_DIRECTIVES_DIR / name).read_text(encoding="utf-8"))
                import_directive(svc, admin, payload, issued_on=imports[name] or None,
                                 body=text_path.read_text(encoding="utf-8"), source_name=text_path.name)
        sweep_timers(svc)
        if svc.runtime.calendar.is_working_day(day):
            _special(svc, day, done)
            for step in _all_pending(svc):
                facts = instance_facts.setdefault(step["instance_id"], {"deadline_kind": step["deadline_kind"]})
                decision = player.decide(step, facts)
                if decision:
                    _act(svc, decision[0], step["id"], decision[1])
        day += timedelta(days=1)
    clock.set(end)
    if on_previous and not upgraded:           # the history ends before the upgrade day
        upgraded = upgrade_to_current(svc, admin)
    sweep_timers(svc)
    _read_old_notifications(svc, end - timedelta(days=3))
    return (f"Đã nạp dữ liệu minh họa: {users} người dùng (mật khẩu chung «{DEMO_PASSWORD}»), "
            f"{len(SAMPLES)} văn bản, lịch sử đến {end:%d/%m/%Y %H:%M}."
            + (f" Quy trình {upgraded}" if upgraded else ""))


def upgrade_lifecycle(svc, xml: str, key: str = DEFAULT_PROCESS,
                      reason: str = "Áp dụng quy trình sửa đổi cho các nhiệm vụ đang chạy") -> str:
    """web/demo_lifecycle.upgrade_lifecycle as the admin."""
    return _upgrade_lifecycle(svc, _admin(svc), xml, key, reason)
