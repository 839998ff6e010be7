"""The actions the audit log records, with their names in Vietnamese and English
(the audit search's choices, its pages and exports). An action not listed here is
shown by its code."""
from __future__ import annotations

import re

ACTIONS: dict[str, tuple[str, str]] = {
    "directive.imported": ("Nhập văn bản chỉ đạo", "Directive imported"),
    "instance.started": ("Giao nhiệm vụ cho cơ quan chủ trì", "Task assigned to its lead agency"),
    "step.completed": ("Hoàn thành bước", "Step completed"),
    "timer.fired": ("Đến mốc thời gian (hệ thống)", "Time limit reached (system)"),
    "instance.urged": ("Đôn đốc thực hiện nhiệm vụ", "Task urged"),
    "agency.transferred": ("Chuyển giao cho cơ quan kế thừa", "Handed to the successor agency"),
    "agency.added": ("Thêm cơ quan", "Agency added"),
    "agency.renamed": ("Đổi tên cơ quan", "Agency renamed"),
    "agency.ceased": ("Cơ quan chấm dứt hoạt động", "Agency ceased"),
    "registry.loaded": ("Nạp danh mục cơ quan", "Agency registry loaded"),
    "process.deployed": ("Triển khai quy trình", "Process deployed"),
    "calendar.changed": ("Sửa lịch ngày làm việc", "Working calendar changed"),
    "user.created": ("Tạo người dùng", "User created"),
    "user.updated": ("Sửa thông tin người dùng", "User changed"),
    "user.deactivated": ("Khóa tài khoản", "User deactivated"),
    "user.reactivated": ("Mở lại tài khoản", "User reactivated"),
    "user.password_reset": ("Đặt lại mật khẩu", "Password reset"),
    "user.password_changed": ("Đổi mật khẩu", "Password changed"),
    "user.preferences_changed": ("Đổi tùy chọn", "Preferences changed"),
    "user.email_changed": ("Đổi thư điện tử", "E-mail address changed"),
    "audit.verified": ("Kiểm chứng chuỗi nhật ký", "Audit chain checked"),
}
ACTION_CODE = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")


def action_name(code: str, lang: str = "vi") -> str:
    vi, en = ACTIONS.get(code, (code, code))
    return en if lang == "en" else vi
