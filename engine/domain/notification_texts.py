"""The words of notifications and e-mails, per kind, in Vietnamese and English."""
from __future__ import annotations

TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "vi": {
        "new_task": ("Nhiệm vụ mới cần tiếp nhận: {task}", "Văn bản {directive} giao nhiệm vụ «{task}». Đề nghị tiếp nhận và phân công chuyên viên{due}."),
        "assigned": ("Việc mới: {step} – {task}", "Bạn có việc cần làm: {step} cho nhiệm vụ «{task}» (văn bản {directive}){due}."),
        "returned": ("Bị trả lại: {step} – {task}", "«{task}» được trả lại để thực hiện lại{due}. Ý kiến: {comment}"),
        "review": ("Cần xem xét: {step} – {task}", "Nhiệm vụ «{task}» (văn bản {directive}) chờ bạn: {step}{due}."),
        "deadline_reminder": ("Nhắc việc: «{task}» đến hạn ngày {due_date}", "Nhiệm vụ «{task}» (văn bản {directive}) phải hoàn thành trước hết ngày {due_date}."),
        "deadline_leader": ("Đến hạn hôm nay: «{task}»", "Nhiệm vụ «{task}» do {agency} chủ trì đến hạn ngày {due_date} mà chưa có báo cáo hoàn thành."),
        "deadline_monitor": ("Quá hạn 7 ngày làm việc: «{task}» – dự thảo văn bản đôn đốc",
                             "{agency} chưa hoàn thành nhiệm vụ «{task}» (hạn {due_date}).\n\nDỰ THẢO VĂN BẢN ĐÔN ĐỐC\nKính gửi: {agency}.\nThực hiện {directive}, {agency} được giao nhiệm vụ «{task}», thời hạn hoàn thành {due_date}. Đến nay nhiệm vụ đã quá hạn nhưng chưa có báo cáo kết quả. Đề nghị {agency} khẩn trương hoàn thành, báo cáo kết quả; trường hợp chưa hoàn thành, báo cáo rõ nguyên nhân, đề xuất giải pháp và thời hạn hoàn thành."),
        "deadline_authority": ("Quá hạn 30 ngày: «{task}» ({agency})", "Nhiệm vụ «{task}» do {agency} chủ trì quá hạn từ ngày {due_date}; đưa vào danh sách báo cáo Chủ tịch UBND tỉnh."),
        "report_missed_officer": ("Chưa nộp báo cáo tháng {month}: «{task}»", "Báo cáo tiến độ tháng {month} của nhiệm vụ «{task}» đã quá hạn. Đề nghị nộp ngay."),
        "report_missed_leader": ("Đơn vị chưa nộp báo cáo tháng {month}: «{task}»", "Chuyên viên chưa nộp báo cáo tiến độ tháng {month} của nhiệm vụ «{task}»."),
        "extension_approved": ("Đồng ý gia hạn: «{task}» đến {due_date}", "Nhiệm vụ «{task}» được gia hạn đến hết ngày {due_date}."),
        "extension_refused": ("Không đồng ý gia hạn: «{task}»", "Đề nghị gia hạn nhiệm vụ «{task}» không được chấp thuận. Ý kiến: {comment}"),
        "digest": ("Tổng hợp thông báo ngày {day}", "Bạn có {count} thông báo mới:\n\n{items}"),
        "accept_late_leader": ("Quá hạn tiếp nhận: «{task}»", "Văn bản {directive} giao {agency} nhiệm vụ «{task}»; hạn tiếp nhận và phân công chuyên viên là ngày {accept_due} nhưng đơn vị chưa tiếp nhận. Đề nghị tiếp nhận ngay."),
        "accept_late_monitor": ("Chưa tiếp nhận nhiệm vụ: «{task}» ({agency})", "{agency} chưa tiếp nhận nhiệm vụ «{task}» (văn bản {directive}), hạn tiếp nhận ngày {accept_due}. Đề nghị cơ quan theo dõi đôn đốc."),
        "task_suspended": ("Tạm dừng nhiệm vụ: «{task}»", "Nhiệm vụ «{task}» (văn bản {directive}) được người có thẩm quyền tạm dừng. Trong thời gian tạm dừng không tính thời hạn, không phải báo cáo."),
        "task_resumed": ("Tiếp tục nhiệm vụ: «{task}»", "Nhiệm vụ «{task}» (văn bản {directive}) được tiếp tục thực hiện; thời hạn đang áp dụng: {due_date}."),
        "urging": ("Văn bản đôn đốc của {issuer}: {count} nhiệm vụ quá hạn",
                   "Kính gửi: {agency}.\n{issuer} đôn đốc {agency} thực hiện các nhiệm vụ đã quá hạn sau (văn bản ngày {day}):\n{tasks}\nĐề nghị {agency} khẩn trương hoàn thành, báo cáo kết quả; trường hợp chưa hoàn thành, báo cáo rõ nguyên nhân, đề xuất giải pháp và thời hạn hoàn thành."),
    },
    "en": {
        "new_task": ("New task to accept: {task}", "Directive {directive} assigns «{task}». Please accept it and assign an officer{due}."),
        "assigned": ("New step: {step} – {task}", "You have a step to do: {step} for «{task}» (directive {directive}){due}."),
        "returned": ("Returned: {step} – {task}", "«{task}» was returned for rework{due}. Comment: {comment}"),
        "review": ("To review: {step} – {task}", "«{task}» (directive {directive}) waits for you: {step}{due}."),
        "deadline_reminder": ("Reminder: «{task}» is due {due_date}", "«{task}» (directive {directive}) must be done by the end of {due_date}."),
        "deadline_leader": ("Due today: «{task}»", "«{task}», led by {agency}, is due {due_date} with no completion report."),
        "deadline_monitor": ("7 working days late: «{task}» – draft urging letter",
                             "{agency} has not completed «{task}» (due {due_date}).\n\nDRAFT URGING LETTER\nTo: {agency}.\nUnder {directive}, {agency} was assigned «{task}», due {due_date}. It is overdue and no result has been reported. Please complete it and report; if it cannot be completed, report the reasons, the solutions proposed and a completion date."),
        "deadline_authority": ("30 days late: «{task}» ({agency})", "«{task}», led by {agency}, has been overdue since {due_date}; it goes on the list for the chairman."),
        "report_missed_officer": ("Monthly report {month} missing: «{task}»", "The progress report for {month} of «{task}» is overdue. Please file it now."),
        "report_missed_leader": ("Agency's report {month} missing: «{task}»", "The officer has not filed the {month} progress report of «{task}»."),
        "extension_approved": ("Extension approved: «{task}» to {due_date}", "«{task}» is extended to the end of {due_date}."),
        "extension_refused": ("Extension refused: «{task}»", "The extension request for «{task}» was refused. Comment: {comment}"),
        "digest": ("Notifications of {day}", "You have {count} new notifications:\n\n{items}"),
        "accept_late_leader": ("Acceptance overdue: «{task}»", "Directive {directive} assigns «{task}» to {agency}; it had to be accepted, with an officer assigned, by {accept_due} and has not been. Please accept it now."),
        "accept_late_monitor": ("Task not accepted: «{task}» ({agency})", "{agency} has not accepted «{task}» (directive {directive}), due for acceptance on {accept_due}. Please urge the agency."),
        "task_suspended": ("Task suspended: «{task}»", "«{task}» (directive {directive}) was suspended by the authority. While it is suspended no deadline runs and no report is due."),
        "task_resumed": ("Task resumed: «{task}»", "«{task}» (directive {directive}) is resumed; the deadline in force is {due_date}."),
        "urging": ("Urging letter from {issuer}: {count} overdue tasks",
                   "To: {agency}.\n{issuer} urges {agency} to carry out these overdue tasks (letter of {day}):\n{tasks}\nPlease complete them and report; where a task cannot be completed, report the reasons, the solutions proposed and a completion date."),
    },
}

# who hears of each effect a diagram raises: (role, case key of the agency), "officer" (the
# officer, or the agency's leaders while none is assigned) or "officer_and_leaders"
EFFECT_RECIPIENTS = {
    "deadline_reminder": "officer",
    "deadline_leader": ("leader", "lead_agency"),
    "deadline_monitor": ("monitor", "monitor_agency"),
    "deadline_authority": ("authority", "authority_agency"),
    "report_missed_officer": "officer",
    "report_missed_leader": ("leader", "lead_agency"),
    "extension_approved": "officer",
    "extension_refused": "officer",
    "accept_late_leader": ("leader", "lead_agency"),
    "accept_late_monitor": ("monitor", "monitor_agency"),
    "task_suspended": "officer_and_leaders",
    "task_resumed": "officer_and_leaders",
}


def render_notification(kind: str, lang: str, **params) -> tuple[str, str]:
    table = TEXTS.get(lang) or TEXTS["vi"]
    title, body = table.get(kind) or TEXTS["vi"][kind]
    safe = {k: ("" if v is None else v) for k, v in params.items()}
    return title.format(**safe), body.format(**safe)
