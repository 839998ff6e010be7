"""Words for the process owner's screens, in the user's language: each process
parameter's label, unit and plain-language explanation; the kinds of diagram elements
and the facts of an element a change touches; how a changed value reads (a form's
title instead of its code). Vietnamese is the source text; English comes from the
translations."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from engine.domain.forms import FORMS
from engine.domain.time_rules import DEFAULT_PARAMETERS

OFFSET, TIME, DAY = "offset", "time", "day"


@dataclass(frozen=True)
class ParameterText:
    name: str
    kind: str          # OFFSET ("-7 working_days", "30 days"), TIME ("08:00") or DAY (1–28)
    label: str
    unit: str
    help: str
    default: str

    def to_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "label": self.label, "unit": self.unit,
                "help": f"{self.help} {self.unit}", "default": self.default}


def _units(kind: str) -> str:
    return {
        OFFSET: _("Đơn vị: «working_days» (ngày làm việc) hoặc «days» (ngày theo lịch); số âm là trước mốc."),
        TIME: _("Đơn vị: giờ:phút theo giờ Việt Nam (HH:MM)."),
        DAY: _("Đơn vị: ngày trong tháng, từ 1 đến 28."),
    }[kind]


def _parameter_words() -> dict[str, tuple[str, str, str]]:
    """name → (kind, label, explanation)."""
    return {
        "deadline_reminder": (OFFSET, _("Nhắc chuyên viên trước hạn"),
                              _("Khi nào chuyên viên được nhắc việc, tính từ ngày đến hạn của nhiệm vụ. "
                                "«-7 working_days» là 7 ngày làm việc trước hạn.")),
        "deadline_leader": (OFFSET, _("Báo lãnh đạo đơn vị khi đến hạn"),
                            _("Khi nào lãnh đạo đơn vị chủ trì được báo, tính từ ngày đến hạn. "
                              "«0 days» là đúng ngày đến hạn.")),
        "deadline_monitor": (OFFSET, _("Cơ quan theo dõi đôn đốc khi quá hạn"),
                             _("Bao lâu sau ngày đến hạn thì cơ quan theo dõi được báo để đôn đốc (kèm dự thảo "
                               "văn bản đôn đốc). «7 working_days» là 7 ngày làm việc sau hạn.")),
        "deadline_authority": (OFFSET, _("Báo cáo người có thẩm quyền khi quá hạn lâu"),
                               _("Bao lâu sau ngày đến hạn thì người có thẩm quyền được báo. «30 days» là 30 ngày "
                                 "theo lịch, rơi vào ngày nghỉ thì dời sang ngày làm việc kế tiếp.")),
        "fire_time": (TIME, _("Giờ gửi nhắc việc"),
                      _("Giờ trong ngày mà mọi mốc nhắc việc, đôn đốc được gửi đi.")),
        "report_due_day": (DAY, _("Ngày nộp báo cáo tháng"),
                           _("Báo cáo tiến độ tháng đến hạn vào ngày này hằng tháng (ngày nghỉ thì dời sang ngày "
                             "làm việc kế tiếp); kỳ báo cáo chạy từ ngày này tháng trước đến hết ngày liền trước.")),
        "report_leader_day": (DAY, _("Ngày báo lãnh đạo khi chưa có báo cáo tháng"),
                              _("Nếu đến ngày này trong tháng chuyên viên vẫn chưa nộp báo cáo tháng thì lãnh đạo "
                                "đơn vị được báo.")),
        "accept_within": (OFFSET, _("Thời hạn tiếp nhận nhiệm vụ"),
                          _("Lãnh đạo đơn vị chủ trì phải tiếp nhận và phân công chuyên viên trong khoảng này, "
                            "tính từ ngày giao nhiệm vụ.")),
        "accept_monitor": (OFFSET, _("Báo cơ quan theo dõi khi chưa tiếp nhận"),
                           _("Nếu quá hạn tiếp nhận mà lãnh đạo đơn vị chủ trì vẫn chưa tiếp nhận, cơ quan theo dõi "
                             "được báo sau khoảng này, tính từ hạn tiếp nhận.")),
        "input_within": (OFFSET, _("Thời hạn cho ý kiến phối hợp"),
                         _("Thời gian một bước được giao «trong khoảng» này có để trả lời, tính từ ngày bước đó "
                           "mở (dùng cho bước xin ý kiến đơn vị phối hợp).")),
        "review_within": (OFFSET, _("Thời hạn duyệt, thẩm định, xác nhận"),
                          _("Thời gian lãnh đạo duyệt, cơ quan theo dõi thẩm định, người có thẩm quyền xác nhận "
                            "hoặc quyết định gia hạn, tính từ ngày bước đó mở.")),
        "due_soon": (OFFSET, _("Ngưỡng «sắp đến hạn»"),
                     _("Nhiệm vụ còn ít hơn khoảng này đến hạn thì hiện màu cam «sắp đến hạn» trong danh sách "
                       "việc cần làm.")),
    }


def parameter_texts() -> list[ParameterText]:
    """Every parameter of the rules of time, in the engine's order."""
    words = _parameter_words()
    found = []
    for name, default in DEFAULT_PARAMETERS.items():
        kind, label, explanation = words.get(name, (OFFSET, name, _("Tham số thời gian của quy trình.")))
        found.append(ParameterText(name, kind, label, _units(kind), explanation, default))
    return found


def parameter_label(name: str) -> str:
    words = _parameter_words()
    return words[name][1] if name in words else name


def kind_label(kind: str) -> str:
    return {
        "userTask": _("Bước xử lý"), "scriptTask": _("Bước tự động"), "task": _("Công việc"),
        "manualTask": _("Công việc thủ công"), "subProcess": _("Quy trình con"),
        "startEvent": _("Sự kiện bắt đầu"), "endEvent": _("Sự kiện kết thúc"),
        "intermediateCatchEvent": _("Sự kiện chờ"), "intermediateThrowEvent": _("Sự kiện phát"),
        "boundaryEvent": _("Sự kiện đính kèm"), "exclusiveGateway": _("Cổng rẽ nhánh"),
        "parallelGateway": _("Cổng song song"), "inclusiveGateway": _("Cổng bao hàm"),
        "eventBasedGateway": _("Cổng theo sự kiện"), "sequenceFlow": _("Luồng"), "lane": _("Làn"),
        "participant": _("Bể (pool)"), "process": _("Quy trình"), "signal": _("Tín hiệu"),
        "message": _("Thông điệp"), "textAnnotation": _("Ghi chú"), "association": _("Liên kết"),
    }.get(kind, kind)


def fact_label(fact: str) -> str:
    if fact.startswith("property:"):
        name = fact.split(":", 1)[1]
        return {
            "form": _("Biểu mẫu"), "phase": _("Giai đoạn"), "assignee": _("Người thực hiện (biểu thức)"),
            "due": _("Hạn (biểu thức)"), "due_within": _("Hạn trong khoảng"), "optional": _("Thao tác tùy chọn"),
            "agency": _("Cơ quan thực hiện (biểu thức)"),
        }.get(name, _("Thuộc tính «%(name)s»", name=name))
    return {
        "name": _("Tên"), "kind": _("Loại phần tử"), "documentation": _("Mô tả"), "lane": _("Làn (vai trò)"),
        "source": _("Từ phần tử"), "target": _("Đến phần tử"), "attached_to": _("Gắn vào"), "default": _("Luồng mặc định"),
        "process": _("Quy trình"), "interrupting": _("Ngắt bước"), "script": _("Mã lệnh"),
        "condition": _("Điều kiện"), "timer": _("Biểu thức hẹn giờ"), "event": _("Loại sự kiện"),
        "multi_instance": _("Nhiều lượt (multi-instance)"), "preScript": _("Mã lệnh trước bước"),
        "postScript": _("Mã lệnh sau bước"),
    }.get(fact, fact)


def fact_value(fact: str, value: str | None, lang: str) -> str:
    """How a fact's value reads: a form's title beside its code, an element kind's name."""
    if value is None:
        return "—"
    if fact == "property:form" and value in FORMS:
        return f"{FORMS[value].title(lang)} ({value})"
    if fact == "kind":
        return kind_label(value)
    return value


def rederived_label(name: str) -> str:
    """What a migration recomputes under the new version's rules of time."""
    return {
        "schedule": _("Lịch nhắc việc, đôn đốc được tính lại theo tham số của phiên bản mới"),
        "report": _("Ngày của kỳ báo cáo tháng đang mở được tính lại theo phiên bản mới"),
        "accept_due": _("Hạn tiếp nhận được tính lại theo phiên bản mới"),
    }.get(name, name)
