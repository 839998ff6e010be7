"""Error pages and the translation of engine errors into HTTP answers, in the user's
language: 400 bad input, 403, 404, 409 (someone else completed the step), 429."""
from __future__ import annotations

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError

from engine.domain.errors import DomainError
from web.context import lang


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def init_errors(app) -> None:
    def page(status: int, message: str):
        if wants_json():
            return jsonify({"error": message, "status": status}), status
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(DomainError)
    def domain_error(err: DomainError):
        return page(err.http_status, err.message(lang()))

    @app.errorhandler(CSRFError)
    def csrf_error(err):
        return page(400, _t("csrf"))

    for status in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(status, lambda err, status=status: page(status, _t(status)))


_TEXTS = {
    "csrf": ("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ (CSRF). Hãy tải lại trang và thử lại.",
             "The form expired or is invalid (CSRF). Reload the page and try again."),
    400: ("Yêu cầu không hợp lệ.", "Bad request."),
    403: ("Bạn không có quyền truy cập trang này.", "You may not access this page."),
    404: ("Không tìm thấy trang.", "Page not found."),
    405: ("Phương thức không được hỗ trợ.", "Method not allowed."),
    413: ("Nội dung gửi lên quá lớn nên không được nhận; chưa có gì được lưu. Hãy quay lại, rút gọn nội dung "
          "hoặc chọn tệp nhỏ hơn rồi gửi lại.",
          "What was sent is too large and was not taken; nothing was saved. Go back, shorten it or pick a "
          "smaller file, and send again."),
    429: ("Quá nhiều yêu cầu; hãy thử lại sau.", "Too many requests; try again later."),
}


def _t(key) -> str:
    vi, en = _TEXTS[key]
    return en if lang() == "en" else vi
