"""The rows of benchmarks/bench_web.py: a province's worth of directives, tasks,
instances, pending steps, people and notifications, written in bulk with SQLAlchemy
Core. Every instance carries a copy of one real workflow state the engine produced and
its pending steps are copies of that state's real steps, re-addressed to the instance's
agency and officer."""
from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert, select, text

from config.defaults import WORKFLOWS_DIR, load_agency_entries
from config.settings import Settings
from engine.clock import FixedClock
from engine.domain.calendar import LOCAL_TZ
from engine.domain.passwords import hash_password
from engine.domain.users import SYSTEM
from engine.usecases.directives import import_directive
from engine.usecases.setup import deploy_process, load_registry
from engine.usecases.steps import complete_step
from persistence.database import Database
from persistence.migrate import upgrade
from persistence.models import (AgencyRow, DirectiveRow, InstanceRow, NotificationRow, PendingStepRow, TaskRow,
                                UserRow)
from web.bootstrap import build_services

NOW = datetime(2025, 9, 22, 8, 30, tzinfo=LOCAL_TZ)      # a Monday morning
TODAY = NOW.date()
PASSWORD = "chidao-bench"
TASKS_PER_DIRECTIVE = 50
MONITOR, AUTHORITY = "van-phong-ubnd-tinh", "ubnd-tinh-an-giang"
SUBJECTS = ["chuyển đổi số", "cải cách hành chính", "phòng chống thiên tai", "xây dựng nông thôn mới",
            "giải ngân vốn đầu tư công", "an toàn thực phẩm", "phát triển du lịch", "bảo vệ môi trường",
            "giáo dục nghề nghiệp", "y tế cơ sở", "chính quyền số", "thu hút đầu tư"]
VERBS = ["Xây dựng kế hoạch", "Triển khai", "Rà soát, đánh giá", "Tổ chức kiểm tra", "Báo cáo kết quả",
         "Hoàn thiện cơ sở dữ liệu về", "Tham mưu UBND tỉnh ban hành quy định về"]
CHUNK = 5_000


# ---- the database --------------------------------------------------------------------

def connect(url: str, data_dir: Path):
    """Services on ``url``, migrated, with the registry and the processes deployed."""
    database = Database.from_url(url)
    settings = Settings.from_env({"CHIDAO_DATA_DIR": str(data_dir), "CHIDAO_DATABASE_URL": url,
                                  "CHIDAO_MAIL_ENABLED": "0", "CHIDAO_SECRET_KEY": "bench-secret"})
    upgrade(database, settings.audit_key())
    services = build_services(settings, database, clock=FixedClock(NOW))
    load_registry(services, SYSTEM, load_agency_entries())
    for path in sorted(WORKFLOWS_DIR.glob("*.bpmn")):
        deploy_process(services, SYSTEM, path.read_text(encoding="utf-8"), path.stem)
    return services


def filled_before(services) -> bool:
    """The database holds the rows of an earlier run (kept with --keep, or the same URL)."""
    with services.database.engine.connect() as conn:
        return conn.execute(select(DirectiveRow.id).where(DirectiveRow.number == "TEMPLATE-in_progress")).first() \
            is not None


def pick_agencies(services, count: int) -> list[tuple[int, str, str]]:
    with services.database.engine.connect() as conn:
        rows = conn.execute(select(AgencyRow.id, AgencyRow.code, AgencyRow.name)
                            .where(AgencyRow.valid_to.is_(None),
                                   AgencyRow.kind.in_(("department", "commune", "provincial", "unit")),
                                   AgencyRow.code.notin_((MONITOR, AUTHORITY)))
                            .order_by(AgencyRow.id)).all()
    if len(rows) < count:
        raise SystemExit(f"only {len(rows)} agencies in the registry")
    return [tuple(r) for r in rows[:count]]


def add_people(services, agencies) -> None:
    digest = hash_password(PASSWORD)
    with services.database.engine.begin() as conn:
        ids = dict(conn.execute(select(AgencyRow.code, AgencyRow.id)).all())
        rows = [{"login": "theodoi", "name": "Chuyên viên theo dõi", "agency_id": ids[MONITOR], "roles": ["monitor"]},
                {"login": "chutich", "name": "Chủ tịch UBND tỉnh", "agency_id": ids[AUTHORITY], "roles": ["authority"]},
                {"login": "thanhtra", "name": "Thanh tra viên", "agency_id": ids[MONITOR], "roles": ["auditor"]}]
        for agency_id, code, name in agencies:
            rows.append({"login": f"ld.{code}", "name": f"Lãnh đạo {name}", "agency_id": agency_id,
                         "roles": ["coordinator", "leader"]})
            for n in (1, 2, 3):
                rows.append({"login": f"cv{n}.{code}", "name": f"Chuyên viên {n} {name}", "agency_id": agency_id,
                             "roles": ["coordinator", "officer"]})
        for row in rows:
            row.update(email=f"{row['login']}@bench.test", password_hash=digest, language="vi", digest=False,
                       active=True)
        conn.execute(insert(UserRow), rows)


def templates(services, agency_code: str, agency_name: str) -> dict:
    """Real states and pending steps from the engine: a task waiting for acceptance and
    the same task accepted and in progress."""
    from tests.conftest import small_directive

    out = {}
    with services.uow(write=False) as uow:
        leader = uow.users.by_login(f"ld.{agency_code}")
    for phase in ("awaiting_acceptance", "in_progress"):
        payload = small_directive(lead=(agency_name,), coordinating=(), number=f"TEMPLATE-{phase}")
        result = import_directive(services, SYSTEM, payload)
        with services.database.engine.connect() as conn:
            instance_id = conn.execute(select(InstanceRow.id).join(TaskRow, TaskRow.id == InstanceRow.task_id)
                                       .where(TaskRow.directive_id == result.directive_id)).scalar_one()
        if phase == "in_progress":
            with services.database.engine.connect() as conn:
                accept = conn.execute(select(PendingStepRow.id).where(PendingStepRow.instance_id == instance_id,
                                                                      PendingStepRow.name == "accept")).scalar_one()
            complete_step(services, leader, accept, {"decision": "accept", "officer": f"cv1.{agency_code}"})
        with services.database.engine.connect() as conn:
            state, version = conn.execute(select(InstanceRow.state, InstanceRow.process_version_id)
                                          .where(InstanceRow.id == instance_id)).one()
            steps = [dict(r) for r in conn.execute(
                select(PendingStepRow.name, PendingStepRow.title, PendingStepRow.form, PendingStepRow.role,
                       PendingStepRow.assignee_login, PendingStepRow.due_date, PendingStepRow.optional,
                       AgencyRow.code.label("agency_code"))
                .outerjoin(AgencyRow, AgencyRow.id == PendingStepRow.agency_id)
                .where(PendingStepRow.instance_id == instance_id)).mappings()]
        out[phase] = {"state": state, "version": version, "steps": steps}
    return out


def fill(services, agencies, tasks: int, seed: int = 2025) -> dict:
    rng = random.Random(seed)
    tpl = templates(services, agencies[0][1], agencies[0][2])
    created = NOW.astimezone(timezone.utc)
    with services.database.engine.begin() as conn:
        ids = dict(conn.execute(select(AgencyRow.code, AgencyRow.id)).all())
        first_directive = (conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM directives")).scalar() or 0) + 1
        first_task = (conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM tasks")).scalar() or 0) + 1
        first_instance = (conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM instances")).scalar() or 0) + 1
    directives = -(-tasks // TASKS_PER_DIRECTIVE)
    counts = {"directives": directives, "tasks": tasks, "pending_steps": 0, "notifications": 0}
    directive_rows = []
    issued: dict[int, date] = {}
    for d in range(directives):
        did = first_directive + d
        issued[did] = TODAY - timedelta(days=rng.randint(15, 330))
        kind = ("KH", "TB", "CV", "QĐ", "CT")[d % 5]
        directive_rows.append({
            "id": did, "number": f"{d + 100}/{kind}-UBND", "doc_type": kind, "issuer": "UBND tỉnh An Giang",
            "issued_on": issued[did], "signer": "Hồ Văn Mừng", "body": "",
            "title": f"Kế hoạch triển khai nhiệm vụ {SUBJECTS[d % len(SUBJECTS)]} năm 2025 (đợt {d + 1})",
            "monitor_agency": MONITOR, "authority_agency": AUTHORITY, "created_by": "system",
            "created_at": created})
    with services.database.engine.begin() as conn:
        conn.execute(insert(DirectiveRow), directive_rows)
    task_rows, instance_rows, step_rows, note_rows = [], [], [], []

    def flush(final: bool = False):
        if not final and len(instance_rows) < CHUNK:
            return
        counts["notifications"] += len(note_rows)
        with services.database.engine.begin() as conn:
            for table, rows in ((TaskRow, task_rows), (InstanceRow, instance_rows), (PendingStepRow, step_rows),
                                (NotificationRow, note_rows)):
                if rows:
                    conn.execute(insert(table), rows)
                    rows.clear()

    for i in range(tasks):
        agency_id, code, name = agencies[i % len(agencies)]
        did = first_directive + i // TASKS_PER_DIRECTIVE
        tid, iid = first_task + i, first_instance + i
        roll = rng.random()
        if roll < 0.08:
            kind, due = "none", None
        elif roll < 0.13:
            kind, due = "recurring", None
        else:
            kind, due = "date", TODAY + timedelta(days=rng.randint(-150, 200))
        phase_roll = rng.random()
        phase = "awaiting_acceptance" if phase_roll < 0.10 else "in_progress" if phase_roll < 0.85 else "completed"
        officer = None if phase == "awaiting_acceptance" else f"cv{1 + i % 3}.{code}"
        started = datetime.combine(issued[did], datetime.min.time(), tzinfo=LOCAL_TZ) + timedelta(hours=9)
        summary = f"{VERBS[i % len(VERBS)]} {SUBJECTS[(i // 7) % len(SUBJECTS)]} tại địa bàn (nhiệm vụ {i + 1})"
        task_rows.append({
            "id": tid, "directive_id": did, "position": i % TASKS_PER_DIRECTIVE, "ref": str(i % TASKS_PER_DIRECTIVE + 1),
            "summary": summary, "lead": [name], "coordinating": [], "coordinating_groups": [],
            "deadline_kind": kind, "deadline_value": due.isoformat() if due else None, "deadline_before": False,
            "deadline_text": f"chậm nhất {due:%d/%m/%Y}" if due else ("thường xuyên" if kind == "recurring" else None),
            "product": "Báo cáo kết quả"})
        template = tpl["in_progress" if phase != "awaiting_acceptance" else "awaiting_acceptance"]
        closed = phase == "completed"
        instance_rows.append({
            "id": iid, "task_id": tid, "agency_id": agency_id, "process_version_id": template["version"],
            "state": template["state"], "version": 1, "next_timer_at": None, "phase": phase, "deadline_kind": kind,
            "due_date": due, "original_due_date": due, "officer_login": officer,
            "submitted_at": created if closed else None, "due_at_submission": due if closed else None,
            "closed_at": created if closed else None, "completed_on_time": (rng.random() < 0.7) if closed else None,
            "outcome": "completed" if closed else None, "percent": rng.randint(0, 90) if officer else None,
            "created_at": started.astimezone(timezone.utc), "updated_at": created})
        if closed:
            continue
        for step in template["steps"]:
            if step["form"] == "completion_report" and due is None and kind == "recurring":
                continue
            step_agency = code if step["agency_code"] == agencies[0][1] else step["agency_code"]
            if step["form"] == "accept":
                step_due = min(issued[did] + timedelta(days=5), TODAY + timedelta(days=3))
            elif step["form"] == "completion_report":
                step_due = due
            elif step["form"] == "monthly_report":
                step_due = date(2025, 9, 15) if rng.random() < 0.15 else date(2025, 10, 15)
            else:
                step_due = step["due_date"]
            counts["pending_steps"] += 1
            step_rows.append({
                "id": str(uuid.UUID(int=rng.getrandbits(128))), "instance_id": iid, "name": step["name"],
                "title": step["title"], "form": step["form"], "role": step["role"],
                "agency_id": ids.get(step_agency), "assignee_login": officer if step["assignee_login"] else None,
                "due_date": step_due, "optional": step["optional"], "created_at": started.astimezone(timezone.utc)})
        link = f"/tasks/{iid}"
        note_rows.append({"user_login": f"ld.{code}", "kind": "new_task", "title": f"Nhiệm vụ mới cần tiếp nhận: {summary}",
                          "body": summary, "link": link, "instance_id": iid,
                          "created_at": started.astimezone(timezone.utc),
                          "read_at": created if phase != "awaiting_acceptance" else None})
        if officer:
            note_rows.append({"user_login": officer, "kind": "assigned", "title": f"Việc mới: Báo cáo hoàn thành – {summary}",
                              "body": summary, "link": link, "instance_id": iid,
                              "created_at": started.astimezone(timezone.utc) + timedelta(days=2),
                              "read_at": created if rng.random() < 0.6 else None})
        if due and due < TODAY:
            note_rows.append({"user_login": f"ld.{code}", "kind": "deadline_leader", "title": f"Đến hạn hôm nay: «{summary}»",
                              "body": summary, "link": link, "instance_id": iid,
                              "created_at": datetime.combine(due, datetime.min.time(), tzinfo=LOCAL_TZ)
                              .astimezone(timezone.utc), "read_at": None})
        flush()
    flush(final=True)
    return counts


def analyze(services) -> None:
    with services.database.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
