"""Messages the engine shows people (errors, notifications), in Vietnamese (default)
and English. A key with its parameters is rendered at the edge, in the user's
language."""
from __future__ import annotations

CATALOG: dict[str, tuple[str, str]] = {
    # deadlines and time parameters
    "deadline.unknown_kind": ("Loại thời hạn không hợp lệ: «{kind}»", "Unknown deadline kind: «{kind}»"),
    "deadline.unexpected_value": ("Thời hạn loại «{kind}» không có giá trị ngày (nhận được «{value}»)",
                                  "A «{kind}» deadline takes no date (got «{value}»)"),
    "deadline.missing_value": ("Thời hạn loại «{kind}» thiếu giá trị", "A «{kind}» deadline needs a value"),
    "deadline.impossible": ("Ngày không tồn tại: «{value}»", "That date does not exist: «{value}»"),
    "parameter.bad_offset": ("Tham số «{name}» phải có dạng «-7 working_days» hoặc «30 days» (nhận «{value}»)",
                             "Parameter «{name}» must look like «-7 working_days» or «30 days» (got «{value}»)"),
    "parameter.bad_time": ("Tham số «{name}» phải là giờ HH:MM (nhận «{value}»)",
                           "Parameter «{name}» must be a time HH:MM (got «{value}»)"),
    "parameter.bad_day": ("Tham số «{name}» phải là ngày 1–28 trong tháng (nhận «{value}»)",
                          "Parameter «{name}» must be a day 1–28 of the month (got «{value}»)"),
    # process definitions
    "bpmn.xml_syntax": ("Tệp BPMN không đúng cú pháp XML (dòng {line}): {detail}",
                        "The BPMN file is not well-formed XML (line {line}): {detail}"),
    "bpmn.invalid": ("Sơ đồ BPMN không hợp lệ{where}: {detail}", "The BPMN diagram is invalid{where}: {detail}"),
    "bpmn.no_process": ("Sơ đồ không có quy trình thực thi được (isExecutable=\"true\")",
                        "The diagram has no executable process (isExecutable=\"true\")"),
    "bpmn.unsafe_code": ("Phần tử «{element}» (dòng {line}) có mã không được phép: {reason}",
                         "Element «{element}» (line {line}) has code that is not allowed: {reason}"),
    "bpmn.unknown_form": ("Bước «{element}» dùng biểu mẫu không có: «{form}»",
                          "Step «{element}» uses an unknown form «{form}»"),
    "bpmn.unknown_lane": ("Bước «{element}» nằm ngoài làn vai trò đã biết (làn «{lane}»)",
                          "Step «{element}» is not in a lane of a known role (lane «{lane}»)"),
    "bpmn.unknown_helper": ("Phần tử «{element}» gọi hàm không có: «{name}»",
                            "Element «{element}» calls an unknown function «{name}»"),
    "bpmn.uncaught_error": ("Quy trình gặp lỗi BPMN không được xử lý: {name}",
                            "The process raised a BPMN error nobody caught: {name}"),
    "bpmn.script_failed": ("Bước tự động «{element}» bị lỗi: {detail}", "Automatic step «{element}» failed: {detail}"),
    "process.not_found": ("Không tìm thấy quy trình «{key}»", "No process «{key}»"),
    # directives and import
    "import.not_json": ("Tệp không phải JSON hợp lệ: {detail}", "The file is not valid JSON: {detail}"),
    "import.invalid": ("Dữ liệu văn bản không hợp lệ: {detail}", "The directive data is invalid: {detail}"),
    "import.unknown_agency": ("Nhiệm vụ {ref}: không có cơ quan «{name}» trong danh mục",
                              "Task {ref}: no agency «{name}» in the registry"),
    "import.no_lead": ("Nhiệm vụ {ref}: thiếu cơ quan chủ trì", "Task {ref}: no lead agency"),
    "import.no_member": ("Nhiệm vụ {ref}: nhóm «{group}» không có cơ quan nào tồn tại vào ngày {day}",
                         "Task {ref}: group «{group}» has no agency existing on {day}"),
    "import.future_members": ("Nhiệm vụ {ref}: nhóm «{group}» chưa có cơ quan nào vào ngày ban hành; giao cho các cơ quan của nhóm từ ngày {day}",
                              "Task {ref}: group «{group}» had no member on the issue date; assigned to its members from {day}"),
    "import.bad_deadline": ("Nhiệm vụ {ref}: {detail}", "Task {ref}: {detail}"),
    "import.no_tasks": ("Văn bản không có nhiệm vụ nào", "The directive has no tasks"),
    "import.duplicate": ("Văn bản «{number}» ngày {date} đã được nhập", "Directive «{number}» of {date} was already imported"),
    # steps
    "step.not_found": ("Không tìm thấy bước «{step}»", "No step «{step}»"),
    "step.already_completed": ("Bước này đã được {who} hoàn thành lúc {when}",
                               "This step was already completed by {who} at {when}"),
    "step.changed": ("Nhiệm vụ vừa được người khác cập nhật; hãy tải lại trang",
                     "Someone else just updated this task; reload the page"),
    "step.forbidden": ("Bạn không có quyền thực hiện bước này", "You may not act on this step"),
    "step.suspended": ("Nhiệm vụ đang tạm dừng; chỉ có thể tiếp tục hoặc hủy", "The task is suspended; it can only be resumed or cancelled"),
    "step.closed": ("Nhiệm vụ đã kết thúc; không thể thực hiện thêm", "The task is closed; nothing more can be done"),
    "form.invalid": ("Biểu mẫu có lỗi: {detail}", "The form has errors: {detail}"),
    "bpmn.unsupported": ("Phần tử «{element}» (dòng {line}) dùng loại «{kind}» mà chidao không hỗ trợ",
                         "Element «{element}» (line {line}) is a «{kind}», which chidao does not support"),
    "form.required": ("Trường «{field}» là bắt buộc", "«{field}» is required"),
    "form.bad_choice": ("Trường «{field}»: lựa chọn không hợp lệ «{value}»", "«{field}»: invalid choice «{value}»"),
    "form.bad_date": ("Trường «{field}»: ngày không hợp lệ «{value}» (dd/mm/yyyy)",
                      "«{field}»: invalid date «{value}» (dd/mm/yyyy)"),
    "form.bad_number": ("Trường «{field}»: phải là số từ {min} đến {max}", "«{field}»: must be a number from {min} to {max}"),
    "form.too_long": ("Trường «{field}»: tối đa {max} ký tự", "«{field}»: at most {max} characters"),
    "form.unknown_field": ("Trường không có trong biểu mẫu: «{field}»", "Not a field of this form: «{field}»"),
    "form.date_not_after": ("Trường «{field}»: phải sau {after}", "«{field}»: must be after {after}"),
    "form.not_officer": ("«{value}» không phải chuyên viên của {agency}", "«{value}» is not an officer of {agency}"),
    "form.no_deadline": ("Nhiệm vụ không có thời hạn nên không thể gia hạn", "The task has no deadline to extend"),
    "form.no_coordinator": ("Nhiệm vụ không có đơn vị phối hợp này: «{value}»", "The task has no coordinating agency «{value}»"),
    "form.comment_required": ("Khi trả lại phải ghi rõ ý kiến", "A return needs a comment"),
    # evidence
    "evidence.too_large": ("Tệp «{name}» quá lớn ({size} byte; tối đa {max} byte)",
                           "File «{name}» is too large ({size} bytes; at most {max})"),
    "evidence.empty": ("Tệp «{name}» rỗng", "File «{name}» is empty"),
    "evidence.not_found": ("Không tìm thấy tệp minh chứng", "No such evidence file"),
    # agencies, users
    "agency.not_found": ("Không tìm thấy cơ quan «{name}»", "No agency «{name}»"),
    "agency.still_exists": ("Cơ quan «{name}» chưa chấm dứt hoạt động", "Agency «{name}» has not ceased"),
    "user.not_found": ("Không tìm thấy người dùng «{login}»", "No user «{login}»"),
    "user.no_role": ("Người dùng «{login}» không có vai trò «{role}»", "User «{login}» does not hold role «{role}»"),
    "task.not_found": ("Không tìm thấy nhiệm vụ «{task}»", "No task «{task}»"),
    "task.forbidden": ("Bạn không có quyền xem nhiệm vụ này", "You may not see this task"),
    "auth.too_many": ("Đăng nhập sai quá nhiều lần; thử lại sau {minutes} phút", "Too many failed sign-ins; try again in {minutes} minutes"),
    "auth.weak_password": ("Mật khẩu mới phải có ít nhất 8 ký tự", "The new password needs at least 8 characters"),
    "auth.wrong_password": ("Mật khẩu hiện tại không đúng", "The current password is wrong"),
    "calendar.bad_day": ("Ngày không hợp lệ: «{value}»", "Invalid day: «{value}»"),
}


def render(key: str, lang: str = "vi", **params) -> str:
    """The message ``key`` in ``lang`` ("vi" or "en") with ``params`` filled in."""
    vi, en = CATALOG.get(key, (key, key))
    template = en if lang == "en" else vi
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
