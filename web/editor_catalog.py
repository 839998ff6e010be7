"""What the browser editor needs from the server to speak chidao, in the user's
language: the engine's forms, the phases a step can put a task in, the lane roles,
the process parameters with their units and explanations, the parameters a step's
"due within" may name, the timer kinds, and every label and explanation of chidao's
groups in the properties panel. The page embeds it as JSON; the bundle's properties
provider (web/static/src/editor) reads it."""
from __future__ import annotations

from flask_babel import gettext as _

from engine.bpmn.lanes import LANE_ROLES
from engine.bpmn.steps import PHASE_PRIORITY
from engine.domain.forms import FORMS
from engine.domain.users import ROLE_LABELS
from web.blueprints.task_labels import phase_label
from web.process_labels import OFFSET, parameter_texts


def _texts() -> dict[str, str]:
    return {
        "stepGroup": _("Bước xử lý (chidao)"),
        "form": _("Biểu mẫu"),
        "formHelp": _("Biểu mẫu người thực hiện điền ở bước này; chỉ chọn được các biểu mẫu chidao có."),
        "phase": _("Giai đoạn"),
        "phaseHelp": _("Tình trạng nhiệm vụ trong khi bước này đang chờ (để trống: không đổi)."),
        "assignee": _("Người thực hiện"),
        "assigneeHelp": _("Biểu thức Python cho tên đăng nhập của người được giao, ví dụ case.get(\"officer\"); "
                          "để trống: bất kỳ ai có vai trò của làn trong cơ quan."),
        "due": _("Hạn"),
        "dueHelp": _("Biểu thức Python cho ngày đến hạn của bước, ví dụ case.get(\"due_date\") (hạn của nhiệm vụ)."),
        "dueWithin": _("Hạn trong khoảng"),
        "dueWithinHelp": _("Hoặc: bước đến hạn sau một khoảng (tham số quy trình) tính từ ngày bước mở."),
        "optional": _("Thao tác tùy chọn"),
        "optionalHelp": _("Bước luôn sẵn sàng dưới dạng nút trên trang nhiệm vụ (hủy, tạm dừng, đề nghị gia hạn…), "
                          "không vào danh sách việc cần làm."),
        "agency": _("Cơ quan thực hiện"),
        "agencyHelp": _("Biểu thức Python cho mã cơ quan thực hiện (để trống: cơ quan của làn, ví dụ cơ quan chủ trì)."),
        "laneGroup": _("Làn (chidao)"),
        "role": _("Vai trò"),
        "roleHelp": _("Những người có vai trò này trong cơ quan liên quan thực hiện các bước của làn; vai trò được "
                      "ghi trong ngoặc sau tên làn."),
        "parametersGroup": _("Tham số thời gian của quy trình"),
        "defaultValue": _("Mặc định:"),
        "timerGroup": _("Hẹn giờ (chidao)"),
        "timerKind": _("Loại hẹn giờ"),
        "timerKindHelp": _("Thời điểm cố định, khoảng thời gian, hoặc lặp lại."),
        "timerExpression": _("Biểu thức hẹn giờ"),
        "timerHelp": _("Biểu thức Python (không phải ISO 8601) cho thời điểm, có múi giờ, thường đọc từ dữ liệu "
                       "nhiệm vụ, ví dụ case[\"schedule\"][\"reminder_at\"]. Chuỗi phải có dấu nháy: \"P30D\"."),
        "conditionGroup": _("Điều kiện (chidao)"),
        "condition": _("Điều kiện đi theo luồng này"),
        "conditionHelp": _("Biểu thức Python, ví dụ decision == \"approve\"; chỉ dùng được các hàm của chidao."),
        "scriptGroup": _("Mã lệnh (chidao)"),
        "script": _("Mã lệnh Python"),
        "scriptHelp": _("Chạy trong bộ thực thi giới hạn: không import, không thuộc tính bắt đầu bằng «_», chỉ các "
                        "hàm của chidao."),
        "unknownChoice": _("không có trong chidao"),
        "badOffset": _("Phải có dạng «-7 working_days» hoặc «30 days»."),
        "badTime": _("Phải là giờ HH:MM, ví dụ 08:00."),
        "badDay": _("Phải là một ngày từ 1 đến 28."),
    }


def editor_catalog(lang: str) -> dict:
    parameters = parameter_texts()
    return {
        "texts": _texts(),
        "forms": [{"value": "", "label": _("— chọn biểu mẫu —")}]
                 + [{"value": key, "label": f"{form.title(lang)} ({key})"} for key, form in FORMS.items()],
        "phases": [{"value": "", "label": _("— không đổi —")}]
                  + [{"value": code, "label": phase_label(code)} for code in PHASE_PRIORITY],
        "roles": [{"value": "", "label": _("— chọn vai trò —")}]
                 + [{"value": code, "label": (ROLE_LABELS[code][1] if lang == "en" else ROLE_LABELS[code][0])}
                    for code in LANE_ROLES],
        "parameters": [p.to_dict() for p in parameters],
        "dueWithin": [{"value": "", "label": _("— không —")}]
                     + [{"value": p.name, "label": f"{p.label} ({p.default})"} for p in parameters if p.kind == OFFSET],
        "timerKinds": [{"value": "timeDate", "label": _("Thời điểm (timeDate)")},
                       {"value": "timeDuration", "label": _("Khoảng thời gian (timeDuration)")},
                       {"value": "timeCycle", "label": _("Lặp lại (timeCycle)")}],
    }
