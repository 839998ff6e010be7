"""The audit log's pages (/audit) for auditors, monitors and administrators: the
search with its filters, newest first, a page at a time; the result as XLSX or CSV;
one task's history as DOCX or PDF with its chain status; and the "verify the chain"
button (a POST: it records the check). Handlers parse, call one use case, render."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _

from engine.domain.audit_actions import ACTIONS, action_name
from engine.domain.form_validation import FormInvalid
from engine.usecases.audit_chain import AUDIT_READERS, verify_chain
from engine.usecases.audit_log import (AuditFilter, export_rows, parse_audit_filter, search_log,
                                       task_chain_status)
from engine.usecases.queries import directive_choices
from engine.usecases.task_view import task_page
from web.auth import requires_role
from web.context import actor, lang, services
from web.exports.audit_files import CSV_TYPE, XLSX_TYPE, to_csv, to_xlsx
from web.exports.task_history import DOCX_TYPE, PDF_TYPE, history_document, to_docx, to_pdf

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _choices() -> dict:
    svc = services()
    with svc.uow(write=False) as uow:
        agencies = sorted((a for a in uow.agencies.all() if not a.is_group), key=lambda a: a.name)
    return {"agencies": agencies, "directives": directive_choices(svc, actor()),
            "actions": sorted(((code, action_name(code, lang())) for code in ACTIONS), key=lambda c: c[1])}


def _page(flt: AuditFilter, errors: dict, before=None, after=None, report=None, status: int = 200):
    page = None
    if not errors:
        try:
            page = search_log(services(), actor(), flt, before, after, lang())
        except FormInvalid as err:
            errors, status = err.field_messages(lang()), 400
    return render_template("audit/index.html", flt=flt, params=flt.params(), errors=errors, page=page,
                           report=report, **_choices()), (400 if errors else status)


@bp.get("")
@requires_role(*AUDIT_READERS)
def index():
    flt, errors, before, after = parse_audit_filter(request.args.to_dict(), lang())
    return _page(flt, errors, before, after)


@bp.get("/export.<fmt>")
@requires_role(*AUDIT_READERS)
def export(fmt: str):
    if fmt not in ("xlsx", "csv"):
        return _page(AuditFilter(), {"format": _("Định dạng xuất không hỗ trợ: %(f)s", f=fmt)})
    flt, errors, _before, _after = parse_audit_filter(request.args.to_dict(), lang())
    if errors:
        return _page(flt, errors)
    try:
        rows = list(export_rows(services(), actor(), flt, lang()))
    except FormInvalid as err:
        return _page(flt, err.field_messages(lang()))
    stamp = services().clock.now().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        body, mimetype = to_xlsx(rows, _("Nhật ký kiểm tra")), XLSX_TYPE
    else:
        body, mimetype = to_csv(rows), CSV_TYPE
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="nhat-ky-{stamp}.{fmt}"'})


@bp.post("/verify")
@requires_role(*AUDIT_READERS)
def verify():
    report = verify_chain(services(), actor())
    return _page(AuditFilter(), {}, report=report)


@bp.get("/tasks/<int:instance_id>/history.<fmt>")
@requires_role(*AUDIT_READERS)
def task_history(instance_id: int, fmt: str):
    if fmt not in ("docx", "pdf"):
        return _page(AuditFilter(), {"format": _("Định dạng xuất không hỗ trợ: %(f)s", f=fmt)})
    svc, me = services(), actor()
    status = task_chain_status(svc, me, instance_id)
    view = task_page(svc, me, instance_id, lang())
    document = history_document(view, status, f"{me.name} ({me.login})", svc.clock.now(), lang())
    body, mimetype = (to_docx(document), DOCX_TYPE) if fmt == "docx" else (to_pdf(document), PDF_TYPE)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="lich-su-nhiem-vu-{instance_id}.{fmt}"'})
