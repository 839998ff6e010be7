"""``chidao report monthly``: the monthly summary for leaders written to a DOCX (ready
to sign) or XLSX (one row per assignment) file, the format following the extension.
The file is made in a temporary file first, so a mistake leaves nothing behind."""
from __future__ import annotations

import shutil
from pathlib import Path

import click

from web.cli.common import actor, domain_errors, services
from web.exports.monthly_report_files import format_of, to_temporary_file
from web.exports.monthly_report_text import quoted_counts


@click.group()
def report():
    """Báo cáo cho lãnh đạo."""


@report.command("monthly")
@click.option("--month", help="Tháng báo cáo, dạng YYYY-MM (ví dụ 2025-09).")
@click.option("--directive", "directive_id", help="Chỉ một văn bản (mã số văn bản); bỏ trống: toàn tỉnh.")
@click.option("--out", "out", help="Tệp kết quả: .docx (báo cáo để ký) hoặc .xlsx (mỗi nhiệm vụ một dòng).")
@click.option("--as", "login", default="admin", show_default=True)
@domain_errors
def monthly(month: str | None, directive_id: str | None, out: str | None, login: str):
    """Báo cáo tháng: số liệu theo văn bản và toàn tỉnh tính đến cuối tháng, nhiệm vụ quá
    hạn theo cơ quan, tỷ lệ đúng hạn và xếp hạng, thay đổi so với tháng trước."""
    # both options are checked here, not by click, so a missing one is told in Vietnamese too
    suffix = format_of(out or "")
    handle, summary = to_temporary_file(services(), actor(login), month, directive_id, suffix)
    with handle:
        try:
            with Path(out).open("wb") as target:
                shutil.copyfileobj(handle, target)
        except OSError as error:
            raise click.ClickException(f"Không ghi được tệp «{out}»: {error.strerror or error}") from None
    province = summary.province
    click.echo(f"Đã ghi {out}: tháng {summary.month_label}, tổng số {province.total} nhiệm vụ: "
               f"{quoted_counts(province.counts)}.")
