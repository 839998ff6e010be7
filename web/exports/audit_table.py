"""The audit search as a table (the columns of the XLSX and CSV exports): one row per
audit entry, instants in local time, the data before and after as JSON."""
from __future__ import annotations

from engine.domain.audit import canonical_json
from engine.domain.calendar import LOCAL_TZ
from engine.usecases.audit_log import AuditRowView
from flask_babel import gettext as _


def headers() -> list[str]:
    return [_("Số thứ tự"), _("Mã dòng"), _("Thời điểm"), _("Tên đăng nhập"), _("Người thực hiện"),
            _("Mã cơ quan"), _("Cơ quan thực hiện"), _("Mã hành động"), _("Hành động"), _("Nhiệm vụ số"),
            _("Văn bản"), _("Bước"), _("Dữ liệu trước"), _("Dữ liệu sau"), _("Mã băm")]


def cells(view: AuditRowView) -> list:
    e = view.entry
    return [e.seq, e.id, e.at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M:%S"), e.actor_login, e.actor_name,
            e.agency_code, view.agency_name, e.action, view.action_name, e.instance_id or "",
            view.directive_label, e.step_id or "", canonical_json(e.before), canonical_json(e.after), e.hash]
