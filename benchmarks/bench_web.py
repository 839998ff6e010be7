"""Web latency with a province's worth of tasks: p50/p95 over HTTP of the inbox, a task
page and the directive list.

Fills a fresh database (SQLite by default, ``--database-url`` for PostgreSQL) with
100,000 tasks (one tracked instance each) across 100 agencies: 2,000 directives of 50
tasks, four people per agency, realistic pending steps (acceptance, monthly and
completion reports, the optional actions the inbox must skip) and a few notifications
per task. The rows are written in bulk with SQLAlchemy Core; every instance gets a
copy of one real workflow state the engine produced, and its pending steps are copies
of that state's real steps re-addressed to the instance's agency and officer.

Then starts the real app (create_app) behind a real HTTP server (werkzeug) in a thread,
signs in over HTTP and times sequential GETs. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_web.py [--database-url URL] [--tasks 100000] [--agencies 100]
                                             [--requests 200] [--keep DIR]
"""
from __future__ import annotations

import argparse
import http.client
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

from config.defaults import WORKFLOWS_DIR, load_agency_entries  # noqa: E402
from config.settings import Settings  # noqa: E402
from engine.clock import FixedClock  # noqa: E402
from engine.domain.calendar import LOCAL_TZ  # noqa: E402
from engine.domain.passwords import hash_password  # noqa: E402
from engine.domain.users import SYSTEM, User  # noqa: E402
from engine.usecases.directives import import_directive  # noqa: E402
from engine.usecases.setup import deploy_process, load_registry  # noqa: E402
from engine.usecases.steps import complete_step  # noqa: E402
from persistence.database import Database  # noqa: E402
from persistence.migrate import upgrade  # noqa: E402
from persistence.models import (AgencyRow, DirectiveRow, InstanceRow, NotificationRow,  # noqa: E402
                                PendingStepRow, TaskRow, UserRow)
from web.app import create_app  # noqa: E402
from web.bootstrap import build_services  # noqa: E402

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
    upgrade(database)
    settings = Settings.from_env({"CHIDAO_DATA_DIR": str(data_dir), "CHIDAO_DATABASE_URL": url,
                                  "CHIDAO_MAIL_ENABLED": "0", "CHIDAO_SECRET_KEY": "bench-secret"})
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


# ---- HTTP ------------------------------------------------------------------------------

class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass

class Client:
    """A signed-in visitor over plain HTTP (one connection per request)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, payload

    def sign_in(self, login: str) -> None:
        _, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/login", {"login": login, "password": PASSWORD, "csrf_token": token})
        if status != 302:
            raise SystemExit(f"could not sign in as {login} (HTTP {status})")


def timed(client: Client, paths: list[str], requests: int, warmup: int = 5) -> dict | None:
    for path in paths[:warmup]:
        status, _ = client.request("GET", path)
        if status == 404:
            return None
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}")
    times = []
    for n in range(requests):
        path = paths[n % len(paths)]
        started = time.perf_counter()
        status, _ = client.request("GET", path)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}")
    times.sort()
    return {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1], "max": times[-1],
            "n": len(times)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary directory")
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", help="keep the SQLite database in this directory (reused if it is there; a "
                                       "--database-url that was filled before is reused too)")
    parser.add_argument("--no-analyze", action="store_true", help="do not run ANALYZE after filling")
    args = parser.parse_args()

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="chidao-bench-web-"))
    workdir.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    try:
        started = time.perf_counter()
        services = connect(url, workdir)
        agencies = pick_agencies(services, args.agencies)
        if filled_before(services):
            print(f"reusing the tasks already in {url}")
        else:
            add_people(services, agencies)
            counts = fill(services, agencies, args.tasks)
            if not args.no_analyze:
                analyze(services)
            print(f"filled {url} in {time.perf_counter() - started:.0f} s: " +
                  ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        with services.database.engine.connect() as conn:
            busiest = conn.execute(text(
                "SELECT assignee_login, count(*) FROM pending_steps WHERE optional = :f AND assignee_login IS NOT NULL "
                "GROUP BY assignee_login ORDER BY 2 DESC LIMIT 1"), {"f": False}).one()
            agency0 = agencies[0][1]
            task_ids = [r[0] for r in conn.execute(
                select(InstanceRow.id).where(InstanceRow.agency_id == agencies[0][0]).limit(50))]
        app = create_app(services=services)
        server = make_server("127.0.0.1", 0, app, threaded=False, request_handler=QuietHandler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        print(f"app on http://127.0.0.1:{server.server_port} ({services.database.dialect}); "
              f"{args.requests} sequential GETs per line, milliseconds")
        print(f"{'who':28} {'page':44} {'p50':>7} {'p95':>7} {'max':>7}")
        leader, officer = f"ld.{agency0}", busiest[0]
        plan = [
            (officer, "inbox", ["/"]),
            (officer, "inbox, overdue only", ["/?urgency=overdue"]),
            (leader, "inbox (with the officers' steps)", ["/"]),
            (leader, "inbox, search 'chuyển đổi số'", ["/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"]),
            (leader, "inbox, completion reports due soon", ["/?urgency=due_soon&kind=completion_report"]),
            (leader, "inbox, page 10", ["/?page=10"]),
            ("chutich", "inbox (authority: optional steps skipped)", ["/"]),
            ("thanhtra", f"inbox of {agency0[:20]} (auditor)", [f"/?agency={agency0}"]),
            (leader, "notifications", ["/notifications"]),
            (leader, "task page /tasks/<id>", [f"/tasks/{i}" for i in task_ids]),
            (leader, "directive list /directives", ["/directives"]),
        ]
        clients: dict[str, Client] = {}
        for who, label, paths in plan:
            if who not in clients:
                clients[who] = Client(server.server_port)
                clients[who].sign_in(who)
            figures = timed(clients[who], paths, args.requests)
            if figures is None:
                print(f"{who:28} {label:44}   skipped: {paths[0]} answers 404 (route not built yet)")
                continue
            print(f"{who:28} {label:44} {figures['p50']:7.1f} {figures['p95']:7.1f} {figures['max']:7.1f}")
        print(f"(busiest officer {officer}: {busiest[1]:,} pending steps of their own)")
        server.shutdown()
        services.database.dispose()
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
