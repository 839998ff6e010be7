"""The forms of the lifecycle's steps: which fields each step needs, how their values
are checked, and which of them the process itself reads (the rest go to reports and
records). A diagram's user task names its form in the ``form`` property."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime



@dataclass(frozen=True)
class Field:
    name: str
    kind: str                   # text, textarea, choice, multichoice, date, percent, officer, files
    label_vi: str
    label_en: str
    required: bool = False
    choices: tuple[tuple[str, str, str], ...] = ()   # (value, label_vi, label_en)
    max_length: int = 4000
    to_process: bool = False    # the process reads it (gateways, scripts)
    required_when: tuple[str, str] | None = None     # (other field, value) that makes it required

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi

    def describe(self, lang: str = "vi") -> dict:
        out = {"name": self.name, "kind": self.kind, "label": self.label(lang), "required": self.required}
        if self.choices:
            out["choices"] = [{"value": v, "label": en if lang == "en" else vi} for v, vi, en in self.choices]
        if self.required_when:
            out["required_when"] = {"field": self.required_when[0], "value": self.required_when[1]}
        return out


@dataclass(frozen=True)
class Form:
    key: str
    title_vi: str
    title_en: str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def title(self, lang: str = "vi") -> str:
        return self.title_en if lang == "en" else self.title_vi

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def describe(self, lang: str = "vi") -> dict:
        return {"form": self.key, "title": self.title(lang), "fields": [f.describe(lang) for f in self.fields]}


def _decision(*options: tuple[str, str, str]) -> Field:
    return Field("decision", "choice", "Quyết định", "Decision", required=True, choices=options, to_process=True)


def _comment(required_on: str | None = None) -> Field:
    return Field("comment", "textarea", "Ý kiến", "Comment",
                 required_when=("decision", required_on) if required_on else None)


APPROVE = ("approve", "Duyệt", "Approve")
RETURN = ("return", "Trả lại", "Return")
EVIDENCE = Field("evidence", "files", "Tệp minh chứng", "Evidence files")

FORMS: dict[str, Form] = {f.key: f for f in (
    Form("accept", "Tiếp nhận nhiệm vụ", "Accept the task", (
        _decision(("accept", "Tiếp nhận và phân công", "Accept and assign"),
                  ("refuse", "Đề nghị từ chối (không thuộc chức năng)", "Refuse (not our remit)")),
        Field("officer", "officer", "Chuyên viên thực hiện", "Officer in charge",
              required_when=("decision", "accept"), to_process=True),
        Field("reason", "textarea", "Lý do từ chối", "Reason for refusal", required_when=("decision", "refuse")),
        Field("note", "textarea", "Chỉ đạo của lãnh đạo", "Leader's instructions"),
    )),
    Form("refusal_review", "Xem xét đề nghị từ chối", "Review the refusal", (
        _decision(("uphold", "Chấp thuận từ chối", "Uphold the refusal"),
                  ("reject", "Yêu cầu đơn vị tiếp nhận", "Require the agency to accept")),
        _comment(),
    )),
    Form("completion_report", "Báo cáo hoàn thành", "Completion report", (
        Field("result", "textarea", "Kết quả thực hiện", "Result", required=True),
        Field("product", "text", "Sản phẩm", "Product", required=True, max_length=500),
        EVIDENCE,
    )),
    Form("completion_approval", "Lãnh đạo duyệt kết quả", "Leader approves the result", (
        _decision(APPROVE, RETURN), _comment("return"))),
    Form("completion_review", "Thẩm định kết quả", "Review the result", (
        _decision(("accept", "Đạt", "Accept"), ("return", "Thực hiện lại", "Redo")), _comment("return"))),
    Form("sign_off", "Xác nhận hoàn thành", "Sign off", (
        _decision(("confirm", "Xác nhận hoàn thành", "Confirm completion"), RETURN), _comment("return"))),
    Form("monthly_report", "Báo cáo tiến độ tháng", "Monthly progress report", (
        Field("percent", "percent", "Tỷ lệ hoàn thành (%)", "Percent done", required=True),
        Field("done", "textarea", "Kết quả đã thực hiện", "What was done", required=True),
        Field("problems", "textarea", "Khó khăn, vướng mắc", "Problems"),
        Field("proposals", "textarea", "Đề xuất, kiến nghị", "Proposals"),
        EVIDENCE,
    )),
    Form("report_review", "Duyệt báo cáo tháng", "Review the monthly report", (
        _decision(APPROVE, RETURN), _comment("return"))),
    Form("extension_request", "Đề nghị gia hạn", "Request an extension", (
        Field("new_due_date", "date", "Đề nghị gia hạn đến ngày", "New date requested", required=True, to_process=True),
        Field("reason", "textarea", "Lý do", "Reason", required=True),
    )),
    Form("extension_decision", "Quyết định gia hạn", "Decide the extension", (
        _decision(("approve", "Đồng ý gia hạn", "Approve"), ("refuse", "Không đồng ý", "Refuse")),
        Field("approved_due_date", "date", "Gia hạn đến ngày (để trống: như đề nghị)",
              "Extended to (blank: as requested)", to_process=True),
        _comment("refuse"),
    )),
    Form("input_request", "Đề nghị phối hợp", "Ask for input", (
        Field("input_agencies", "multichoice", "Đơn vị phối hợp", "Coordinating agencies", required=True, to_process=True),
        Field("question", "textarea", "Nội dung đề nghị", "What is asked", required=True),
        Field("input_due", "date", "Hạn trả lời", "Answer by", required=True, to_process=True),
    )),
    Form("input_answer", "Ý kiến phối hợp", "Coordinating input", (
        Field("answer", "textarea", "Ý kiến", "Input", required=True), EVIDENCE)),
    Form("condition_met", "Ghi nhận điều kiện đã đáp ứng", "Record the condition as met", (
        Field("met_on", "date", "Ngày điều kiện được đáp ứng", "Day the condition was met", required=True),
        Field("due_date", "date", "Thời hạn hoàn thành", "Deadline", required=True, to_process=True),
        Field("note", "textarea", "Ghi chú (văn bản, quyết định)", "Note (document, decision)"),
    )),
    Form("cancel", "Hủy nhiệm vụ", "Cancel the task", (
        Field("reason", "textarea", "Lý do hủy", "Reason", required=True),)),
    Form("suspend", "Tạm dừng nhiệm vụ", "Suspend the task", (
        Field("reason", "textarea", "Lý do tạm dừng", "Reason", required=True),)),
    Form("resume", "Tiếp tục nhiệm vụ", "Resume the task", (
        Field("new_due_date", "date", "Thời hạn mới (để trống: lùi theo số ngày làm việc đã tạm dừng)",
              "New deadline (blank: moved by the working days suspended)", to_process=True),
        Field("note", "textarea", "Ghi chú", "Note"),
    )),
)}


def parse_day(raw) -> date:
    """A day from ISO (2025-06-25) or Vietnamese (25/6/2025) writing."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    if len(text) > 10:                  # no day takes more: spares int() and date() absurd numbers
        raise ValueError(text)
    if "/" in text:
        parts = text.split("/")
        if len(parts) == 3:
            d, m, y = (int(p) for p in parts)
            return date(y, m, d)
        raise ValueError(text)
    return date.fromisoformat(text)
