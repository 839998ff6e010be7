"""Operating commands: init (create or upgrade, optionally with the demo), serve (the
web UI with embedded timer sweeps) and tick (fire what is due, once)."""
from __future__ import annotations

import os
import secrets

import click

from config.defaults import WORKFLOWS_DIR, load_agency_entries
from engine.domain.users import SYSTEM, User
from engine.usecases.mail import queue_digests, send_outbox
from engine.usecases.setup import deploy_process, load_registry
from engine.usecases.users import create_user
from engine.usecases.timers import sweep_timers
from web.heap import settle_heap
from web.bootstrap import migrate
from web.cli.common import domain_errors, services

ADMIN_AGENCY = "van-phong-ubnd-tinh"


def initialise(svc, admin_password: str | None = None, workflows: bool = True) -> str | None:
    """Migrate, load the registry and (unless ``workflows`` is False) the default
    workflows, make sure an admin exists. Returns the admin password when one was
    generated."""
    migrate(svc)
    load_registry(svc, SYSTEM, load_agency_entries())
    if workflows:
        deploy_workflows(svc)
    with svc.uow(write=False) as uow:
        has_admin = uow.users.by_login("admin") is not None
    if has_admin:
        return None
    password = admin_password or secrets.token_urlsafe(12)
    create_user(svc, SYSTEM, User(login="admin", name="Quản trị hệ thống", agency_code=ADMIN_AGENCY,
                                  roles=frozenset({"admin", "process_owner"})), password)
    return None if admin_password else password


def deploy_workflows(svc) -> None:
    """Deploy every default workflow (one already deployed as it is stays as it is)."""
    for path in sorted(WORKFLOWS_DIR.glob("*.bpmn")):
        deploy_process(svc, SYSTEM, path.read_text(encoding="utf-8"), path.stem)


@click.command()
@click.option("--demo", is_flag=True, help="Nạp dữ liệu minh họa: người dùng mọi vai trò, văn bản mẫu, lịch sử vài tháng.")
@domain_errors
def init(demo: bool):
    """Tạo hoặc nâng cấp cơ sở dữ liệu (Alembic), nạp danh mục cơ quan và quy trình mặc định."""
    svc = services(require_ready=False)
    password = os.environ.get("CHIDAO_ADMIN_PASSWORD")
    # the demo deploys the lifecycle before issue 14 first and moves its tasks onto today's (web/demo.py)
    generated = initialise(svc, password, workflows=not demo)
    click.echo(f"Cơ sở dữ liệu sẵn sàng: {svc.settings.database_url}")
    if demo:
        from web.demo import load_demo

        # the demo gives the admin its shared password too, unless CHIDAO_ADMIN_PASSWORD chose one
        summary = load_demo(svc, seed_admin=generated is not None)
        deploy_workflows(svc)
        click.echo(summary)
    elif generated:
        click.echo(f"Tài khoản quản trị: admin / {generated}  (đổi ngay sau khi đăng nhập)")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-sweep", is_flag=True, help="Không chạy luồng quét hẹn giờ (khi đã có Celery worker).")
def serve(host: str, port: int, no_sweep: bool):
    """Chạy giao diện web; kèm luồng nền quét hẹn giờ và gửi thư."""
    from web.app import create_app
    from web.sweeper import start_background_sweeper

    svc = services()
    app = create_app(services=svc)
    settle_heap()
    if not no_sweep:
        start_background_sweeper(svc, svc.settings.sweep_seconds)
    click.echo(f"chidao: http://{host}:{port}/  (CSDL: {svc.settings.database_url})")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


def run_tick(svc) -> dict:
    timers = sweep_timers(svc)
    digests = queue_digests(svc)
    mail = send_outbox(svc)
    return {"instances": timers.instances, "notifications": timers.fired, "digests": digests,
            "mail_sent": mail.sent, "mail_failed": mail.failed}


@click.command()
@domain_errors
def tick():
    """Kích hoạt mọi hẹn giờ đã đến hạn (một lần), gửi thư trong hộp thư đi."""
    svc = services()
    settle_heap()
    result = run_tick(svc)
    click.echo("Đã xử lý {instances} nhiệm vụ, {notifications} nhắc việc/cảnh báo; "
               "{digests} thư tổng hợp; gửi {mail_sent} thư ({mail_failed} lỗi, sẽ thử lại).".format(**result))
