"""Words for the codes the task and step pages show (instance phases, audit actions,
escalation rungs, notifications raised, report statuses, the fields of a change), in
the user's language. Vietnamese is the source text; English comes from translations.
No blueprint here: tasks.py and steps.py hand these to their templates."""
from __future__ import annotations

from flask_babel import gettext as _


def phase_label(code: str | None) -> str:
    return {
        "awaiting_acceptance": _("Chờ tiếp nhận"),
        "in_progress": _("Đang thực hiện"),
        "awaiting_confirmation": _("Chờ xác nhận"),
        "returned": _("Trả lại – thực hiện lại"),
        "suspended": _("Tạm dừng"),
        "completed": _("Hoàn thành"),
        "cancelled": _("Hủy"),
        "refused": _("Từ chối tiếp nhận"),
    }.get(code or "", code or "")


def action_label(code: str) -> str:
    return {
        "instance.started": _("Giao nhiệm vụ cho cơ quan chủ trì"),
        "step.completed": _("Hoàn thành bước"),
        "timer.fired": _("Đến mốc thời gian (hệ thống)"),
        "instance.urged": _("Đôn đốc thực hiện nhiệm vụ"),
        "agency.transferred": _("Chuyển giao cho cơ quan kế thừa"),
        "instance.migrated": _("Chuyển sang phiên bản khác của quy trình"),
        "instance.migration_reverted": _("Hoàn tác chuyển phiên bản quy trình"),
    }.get(code, code)


def escalation_label(code: str | None) -> str:
    return {
        "reminder": _("Đã nhắc chuyên viên trước hạn"),
        "leader": _("Đến hạn: đã báo lãnh đạo đơn vị"),
        "monitor": _("Quá hạn 7 ngày làm việc: cơ quan theo dõi đôn đốc"),
        "authority": _("Quá hạn 30 ngày: đã báo cáo người có thẩm quyền"),
    }.get(code or "", code or "")


def effect_label(code: str) -> str:
    return {
        "deadline_reminder": _("Nhắc việc chuyên viên trước hạn"),
        "deadline_leader": _("Báo lãnh đạo đơn vị: đến hạn"),
        "deadline_monitor": _("Báo cơ quan theo dõi: quá hạn, dự thảo văn bản đôn đốc"),
        "deadline_authority": _("Báo người có thẩm quyền: quá hạn 30 ngày"),
        "report_missed_officer": _("Nhắc chuyên viên: chưa nộp báo cáo tháng"),
        "report_missed_leader": _("Báo lãnh đạo: chưa nộp báo cáo tháng"),
        "extension_approved": _("Thông báo đồng ý gia hạn"),
        "extension_refused": _("Thông báo không đồng ý gia hạn"),
        "accept_late_leader": _("Nhắc lãnh đạo: quá hạn tiếp nhận"),
        "accept_late_monitor": _("Báo cơ quan theo dõi: chưa tiếp nhận"),
        "task_suspended": _("Thông báo tạm dừng nhiệm vụ"),
        "task_resumed": _("Thông báo tiếp tục nhiệm vụ"),
        "report_period_opened": _("Mở kỳ báo cáo tháng"),
        "report_due_moved": _("Dời hạn báo cáo tháng theo thời gian tạm dừng"),
    }.get(code, code)


def change_label(key: str) -> str:
    return {
        "phase": _("Tình trạng xử lý"),
        "due_date": _("Thời hạn"),
        "officer": _("Chuyên viên thực hiện"),
        "escalation": _("Mức đôn đốc"),
        "outcome": _("Kết quả"),
        "agency": _("Cơ quan chủ trì"),
    }.get(key, key)


def change_value(change: dict, which: str) -> str:
    """The before or after value of a change, worded."""
    raw, text = change[f"raw_{which}"], change[which]
    if text is None:
        return "—"
    if change["key"] in ("phase", "outcome"):
        return phase_label(raw)
    if change["key"] == "escalation":
        return escalation_label(raw)
    return text


def report_status_label(code: str) -> str:
    return {
        "submitted": _("Đã nộp – chờ xem xét"),
        "approved": _("Đã duyệt"),
        "returned": _("Bị trả lại"),
        "refused": _("Không chấp thuận"),
        "not_filed": _("Chờ nộp"),
        "withdrawn": _("Không còn phải nộp (nhiệm vụ đã kết thúc)"),
    }.get(code, code)


def size_label(size: int | None) -> str:
    size = size or 0
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


LABELS = {
    "phase_label": phase_label, "action_label": action_label, "escalation_label": escalation_label,
    "effect_label": effect_label, "change_label": change_label, "change_value": change_value,
    "report_status_label": report_status_label, "size_label": size_label,
}
