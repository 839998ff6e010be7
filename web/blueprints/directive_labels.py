"""Words for the codes the directive pages show (document types, deadline kinds,
statuses' colour classes, task fields), in the user's language: Vietnamese source text, English
from translations. No blueprint here."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import pgettext


def doc_type_label(code: str | None) -> str:
    return {
        # TB has its own context: "Thông báo" alone is the menu's notifications
        "TB": pgettext("loại văn bản", "Thông báo"), "KH": _("Kế hoạch"), "CV": _("Công văn"),
        "QD": _("Quyết định"), "QĐ": _("Quyết định"), "CT": _("Chỉ thị"), "NQ": _("Nghị quyết"),
        "CTr": _("Chương trình"), "BC": _("Báo cáo"), "HD": _("Hướng dẫn"),
    }.get(code or "", code or "")


def deadline_kind_label(code: str | None) -> str:
    return {
        "date": _("Ngày cụ thể"), "month": _("Trong tháng"), "year": _("Trong năm"),
        "recurring": _("Thường xuyên"), "conditional": _("Có điều kiện"), "none": _("Không ghi thời hạn"),
        "auto": _("Tự đọc từ cụm từ"),
    }.get(code or "", code or "")


def status_class(code: str | None) -> str:
    """A colour class for a status code (red late, orange soon, green done)."""
    return {
        "overdue": "st-late", "done_late": "st-late", "due_soon": "st-soon", "done_on_time": "st-done",
        "awaiting_acceptance": "st-wait", "acceptance_late": "st-soon", "awaiting_confirmation": "st-wait",
        "returned": "st-soon", "cancelled": "st-off", "refused": "st-off", "suspended": "st-off",
    }.get(code or "", "st-open")


def field_label(code: str) -> str:
    """A task field the extractor was unsure of."""
    return {
        "lead": _("cơ quan chủ trì"), "coordinating": _("cơ quan phối hợp"), "deadline": _("thời hạn"),
        "product": _("sản phẩm"), "summary": _("nội dung"), "content": _("nội dung"), "reporting": _("báo cáo"),
        "ref": _("số thứ tự"),
    }.get(code, code)


LABELS = {"doc_type_label": doc_type_label, "deadline_kind_label": deadline_kind_label, "status_class": status_class,
          "field_label": field_label}
