"""Commands over directives, tasks, steps and the audit log."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.domain.errors import DomainError
from engine.domain.formatting import fmt_moment
from engine.domain.item_refs import readable_ref
from engine.domain.status import BUCKETS, STATUSES, bucket_label
from engine.files.json_input import load_json
from engine.schemas.output import AuditEntrySchema, DirectiveRowSchema, StepRowSchema, TaskRowSchema
from engine.usecases.directive_entry import import_extracted
from engine.usecases.directive_files import read_directive_file
from engine.usecases.directives import import_directive
from engine.domain.users import SYSTEM
from engine.usecases.audit_chain import verify_chain
from engine.usecases.queries import audit_trail, list_directives, list_steps, list_tasks, step_detail
from engine.usecases.steps import Upload, complete_step
from web.bootstrap import database_ready, default_registry
from web.cli.common import actor, domain_errors, echo_json, services


def _read(path: Path):
    """The directive file read by the reading stage; a scan is OCR'd page by page with
    a progress bar on stderr (one line per page when stderr is not a terminal)."""
    err = sys.stderr
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not total:
            return
        if not err.isatty():
            if done == 0:
                click.echo(f"Đang nhận dạng chữ (OCR) {path.name}: {total} trang", err=True)
            else:
                click.echo(f"  đã đọc {done}/{total} trang", err=True)
            return
        if bar is None:
            bar = click.progressbar(length=total, label=f"Đang nhận dạng chữ (OCR) {path.name}", file=err,
                                    show_pos=True)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        return read_directive_file(path, progress=progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _read_payload(path: Path) -> tuple[dict, str]:
    """A directive file → (annotation payload, source text)."""
    if path.suffix.lower() == ".json":
        payload = load_json(path.read_bytes())
        if not isinstance(payload, dict):
            raise DomainError("import.not_json", detail="{…}")
        return payload, ""
    from engine.extraction import extract_document

    document = _read(path)
    with services().uow(write=False) as uow:
        registry = services().registry(uow)
    return extract_document(document, registry, source=path.name), document.text


@click.group()
def directive():
    """Văn bản chỉ đạo: nhập, liệt kê, trích xuất."""


@directive.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "login", default="admin", show_default=True, help="Người thực hiện.")
@click.option("--issued-on", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]),
              help="Ngày ban hành khi văn bản để trống hoặc chỉ ghi tháng, năm.")
@domain_errors
def import_(file: Path, login: str, issued_on):
    """Nhập văn bản (JSON theo lược đồ chú giải, hoặc .txt/.docx/.pdf/ảnh scan qua trích xuất) và khởi động nhiệm vụ."""
    payload, text = _read_payload(file)
    launch = import_directive if file.suffix.lower() == ".json" else import_extracted
    result = launch(services(), actor(login), payload, body=text, source_name=file.name,
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
    """Đề xuất các nhiệm vụ từ văn bản (.txt, .docx, .pdf, bản scan .pdf/.png/.jpg/.tif); không lưu gì."""
    from engine.extraction import extract_document

    document = _read(file)
    svc = services(require_ready=False)
    if database_ready(svc):
        with svc.uow(write=False) as uow:
            registry = svc.registry(uow)
    else:
        registry = default_registry()     # no database yet: the shipped registry
    proposal = extract_document(document, registry, source=file.name)
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
        pages = document.pages_of(*lines) if len(document.pages) > 1 and lines[0] != "?" else []
        where = f"trang {', '.join(map(str, pages))}, " if pages else ""
        click.echo(f"  {readable_ref(task['ref']):<12} {', '.join(task.get('lead') or []) or '—':<40} "
                   f"{deadline.get('kind', 'none')}:{deadline.get('value') or '—':<11} "
                   f"[{where}dòng {lines[0]}–{lines[1]}, tin cậy {task.get('confidence', 0):.2f}]{flag} "
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
        counts = " · ".join(f"{bucket_label(code).lower()} {r[code]}" for code in BUCKETS)
        click.echo(f"#{r['id']:<4} {r['number'] or '(chưa số)':<16} {r['title'][:60]:<60} tổng {r['total']} · {counts}")


@click.group()
def task():
    """Nhiệm vụ (mỗi lượt giao cho một cơ quan chủ trì)."""


@task.command("list")
@click.option("--as", "login", default="admin", show_default=True)
@click.option("--agency", help="Mã cơ quan chủ trì, ví dụ so-khoa-hoc-va-cong-nghe.")
@click.option("--status", "statuses", multiple=True,
              help=", ".join(STATUSES) + " (overdue: mọi nhiệm vụ đã quá hạn mà chưa hoàn thành, kể cả chưa tiếp nhận)")
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
        late = f" (quá hạn {r['days_late']} ngày)" if r["overdue"] else ""
        click.echo(f"#{r['id']:<5} {r['number'] or '':<14} {readable_ref(r['ref']):<10} {r['agency_name'][:30]:<30} "
                   f"{due:<10} {r['status_label']}{late}")
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
    values = load_json(data)
    if not isinstance(values, dict):
        raise DomainError("import.not_json", detail="--data phải là một đối tượng JSON")
    uploads = [Upload(p.name, "application/octet-stream", p.read_bytes()) for p in files]   # judged by content
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
@domain_errors
def audit_verify():
    """Kiểm chứng chuỗi băm và mốc kiểm chứng đầu chuỗi; nêu từng dòng bị sửa, bị xóa."""
    report = verify_chain(services(), SYSTEM)
    head = report.checkpoint
    if not report.intact:
        click.echo(f"CHUỖI BĂM BỊ PHÁ VỠ: {len(report.problems)} vấn đề ({report.checked} dòng đã đọc)", err=True)
        for problem in report.problems:
            click.echo(f"  - {problem.message()}", err=True)
        raise SystemExit(1)
    click.echo(f"Nhật ký nguyên vẹn: {report.checked} dòng đã kiểm chứng; đầu chuỗi: dòng số {head.seq if head else 0}, "
               f"mã băm {head.hash if head else '—'}.")
