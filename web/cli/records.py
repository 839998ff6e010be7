"""Commands over directives, tasks, steps and the audit log."""
from __future__ import annotations

import json
from pathlib import Path

import click

from engine.domain.errors import DomainError
from engine.domain.formatting import fmt_moment
from engine.domain.item_refs import readable_ref
from engine.domain.status import STATUSES
from engine.schemas.output import AuditEntrySchema, DirectiveRowSchema, StepRowSchema, TaskRowSchema
from engine.usecases.directives import import_directive
from engine.usecases.queries import (audit_trail, list_directives, list_steps, list_tasks, step_detail,
                                     verify_audit)
from engine.usecases.steps import Upload, complete_step
from web.bootstrap import database_ready, default_registry
from web.cli.common import actor, domain_errors, echo_json, services


def _read_payload(path: Path) -> tuple[dict, str]:
    """A directive file → (annotation payload, source text)."""
    if path.suffix.lower() == ".json":
        try:
            return json.loads(path.read_text(encoding="utf-8")), ""
        except json.JSONDecodeError as exc:
            raise DomainError("import.not_json", detail=f"dòng {exc.lineno}: {exc.msg}") from None
    from engine.extraction import extract_text, read_document

    text = read_document(path)
    with services().uow(write=False) as uow:
        registry = services().registry(uow)
    return extract_text(text, registry, source=path.name), text


@click.group()
def directive():
    """Văn bản chỉ đạo: nhập, liệt kê, trích xuất."""


@directive.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "login", default="admin", show_default=True, help="Người thực hiện.")
@click.option("--issued-on", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), help="Ngày ban hành nếu văn bản để trống.")
@domain_errors
def import_(file: Path, login: str, issued_on):
    """Nhập văn bản (JSON theo lược đồ chú giải, hoặc .txt/.docx/.pdf qua trích xuất) và khởi động nhiệm vụ."""
    payload, text = _read_payload(file)
    result = import_directive(services(), actor(login), payload, body=text, source_name=file.name,
                              issued_on=issued_on.date() if issued_on else None)
    click.echo(f"Đã nhập văn bản #{result.directive_id}: {result.tasks} nhiệm vụ, "
               f"{result.instances} lượt giao cho cơ quan chủ trì.")
    for warning in result.warnings:
        click.echo(f"Lưu ý: {warning}")


@directive.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In đề xuất theo lược đồ chú giải (JSON).")
@domain_errors
def extract(file: Path, as_json: bool):
    """Đề xuất các nhiệm vụ từ văn bản (.txt, .docx, .pdf); không lưu gì."""
    from engine.extraction import extract_text, read_document

    text = read_document(file)
    svc = services(require_ready=False)
    if database_ready(svc):
        with svc.uow(write=False) as uow:
            registry = svc.registry(uow)
    else:
        registry = default_registry()     # no database yet: the shipped registry
    proposal = extract_text(text, registry, source=file.name)
    if as_json:
        echo_json(proposal)
        return
    doc = proposal["document"]
    click.echo(f"{doc.get('type') or ''} {doc.get('number') or '(chưa số)'} — {doc.get('title') or ''}")
    click.echo(f"Cơ quan ban hành: {doc.get('issuer') or '—'} · ngày {doc.get('date') or '—'} · "
               f"người ký: {doc.get('signer') or '—'}")
    for task in proposal["tasks"]:
        deadline = task.get("deadline") or {}
        lines = task.get("source_lines") or ["?", "?"]
        flag = " ⚠" if task.get("low_confidence_fields") or task.get("unresolved_agencies") else ""
        click.echo(f"  {readable_ref(task['ref']):<12} {', '.join(task.get('lead') or []) or '—':<40} "
                   f"{deadline.get('kind', 'none')}:{deadline.get('value') or '—':<11} "
                   f"[dòng {lines[0]}–{lines[1]}, tin cậy {task.get('confidence', 0):.2f}]{flag} "
                   f"{(task.get('summary') or '')[:70]}")
    for problem in proposal.get("problems") or []:
        click.echo(f"Lưu ý: {problem}")
    click.echo(f"{len(proposal['tasks'])} nhiệm vụ đề xuất; chưa lưu gì. "
               "Nhập bằng: chidao directive import FILE")


@directive.command("list")
@click.option("--as", "login", default="admin", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@domain_errors
def list_(login: str, as_json: bool):
    """Danh sách văn bản với số nhiệm vụ theo tình trạng."""
    rows = list_directives(services(), actor(login))
    if as_json:
        echo_json(DirectiveRowSchema().dump(rows, many=True))
        return
    for r in rows:
        click.echo(f"#{r['id']:<4} {r['number'] or '(chưa số)':<16} {r['title'][:60]:<60} "
                   f"HT đúng hạn {r['done_on_time']} · HT quá hạn {r['done_late']} · "
                   f"đang làm trong hạn {r['open_on_time']} · quá hạn {r['open_late']} · "
                   f"thường xuyên {r['recurring']} · chưa tiếp nhận {r['not_accepted']}")


@click.group()
def task():
    """Nhiệm vụ (mỗi lượt giao cho một cơ quan chủ trì)."""


@task.command("list")
@click.option("--as", "login", default="admin", show_default=True)
@click.option("--agency", help="Mã cơ quan chủ trì, ví dụ so-khoa-hoc-va-cong-nghe.")
@click.option("--status", "statuses", multiple=True, help=", ".join(STATUSES))
@click.option("--directive", "directive_id", type=int)
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@domain_errors
def task_list(login, agency, statuses, directive_id, limit, as_json):
    rows, total = list_tasks(services(), actor(login), agency=agency, statuses=list(statuses) or None,
                             directive_id=directive_id, limit=limit)
    if as_json:
        echo_json({"total": total, "tasks": TaskRowSchema().dump(rows, many=True)})
        return
    for r in rows:
        due = r["due_date"].strftime("%d/%m/%Y") if r["due_date"] else "—"
        click.echo(f"#{r['id']:<5} {r['number'] or '':<14} {readable_ref(r['ref']):<10} {r['agency_name'][:30]:<30} "
                   f"{due:<10} {r['status_label']}")
    click.echo(f"({len(rows)}/{total})")


@click.group()
def step():
    """Các bước đang chờ xử lý."""


@step.command("list")
@click.option("--as", "login", default="admin", show_default=True, help="Người xem (quản trị, thanh tra xem được mọi nơi).")
@click.option("--agency")
@click.option("--user", "user_login")
@click.option("--json", "as_json", is_flag=True)
@domain_errors
def step_list(login, agency, user_login, as_json):
    viewer = actor(login)
    if user_login and not viewer.sees_everything and user_login != viewer.login:
        raise DomainError("step.forbidden")
    rows = list_steps(services(), viewer, login=user_login, agency=agency)
    if as_json:
        echo_json(StepRowSchema().dump(rows, many=True))
        return
    for r in rows:
        due = r["due_date"].strftime("%d/%m/%Y") if r["due_date"] else "—"
        click.echo(f"{r['id']}  {r['title'][:32]:<32} {r['agency_name'][:26]:<26} {due:<10} "
                   f"{r['urgency']:<9} #{r['instance_id']} {r['summary'][:50]}")


@step.command("show")
@click.argument("step_id")
@click.option("--as", "login", default="admin", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@domain_errors
def step_show(step_id, login, as_json):
    detail = step_detail(services(), actor(login), step_id)
    if as_json:
        echo_json(detail)
        return
    click.echo(f"{detail['title']} — {detail['task']} ({detail['directive']})")
    for f in detail["form"]["fields"]:
        click.echo(f"  {f['name']:<18} {f['kind']:<12} {'bắt buộc' if f['required'] else ''}")


@step.command("complete")
@click.argument("step_id")
@click.option("--as", "login", required=True, help="Người hoàn thành bước.")
@click.option("--data", "data", default="{}", help="Giá trị biểu mẫu dạng JSON.")
@click.option("--file", "files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Tệp minh chứng (nhiều lần được).")
@domain_errors
def step_complete(step_id, login, data, files):
    try:
        values = json.loads(data)
    except json.JSONDecodeError as exc:
        raise DomainError("import.not_json", detail=exc.msg) from None
    if not isinstance(values, dict):
        raise DomainError("import.not_json", detail="--data phải là một đối tượng JSON")
    uploads = [Upload(p.name, "application/octet-stream", p.read_bytes()) for p in files]
    outcome = complete_step(services(), actor(login), step_id, values, uploads)
    click.echo(f"Đã hoàn thành bước. Nhiệm vụ #{outcome.instance_id}: {outcome.phase}; "
               f"bước tiếp theo: {', '.join(outcome.new_steps) or '—'}")


@click.group()
def audit():
    """Nhật ký kiểm tra: xem lịch sử, kiểm chứng chuỗi băm."""


@audit.command("show")
@click.argument("task_id", type=int)
@click.option("--as", "login", default="admin", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@domain_errors
def audit_show(task_id, login, as_json):
    entries = audit_trail(services(), actor(login), task_id)
    if as_json:
        echo_json(AuditEntrySchema().dump(entries, many=True))
        return
    for e in entries:
        click.echo(f"{fmt_moment(e.at)} {e.actor_login:<18} {e.action:<18} "
                   f"{(e.after or {}).get('phase', '')} {(e.after or {}).get('data', '')}")


@audit.command("verify")
def audit_verify():
    count, broken = verify_audit(services())
    if broken:
        click.echo(f"CHUỖI BĂM BỊ PHÁ VỠ tại {len(broken)} dòng: " + ", ".join(f"#{i}" for i in broken), err=True)
        raise SystemExit(1)
    click.echo(f"Nhật ký nguyên vẹn: {count} dòng đã kiểm chứng.")
