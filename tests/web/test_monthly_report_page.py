"""The «Báo cáo tháng» page: linked from the menu and the dashboard for its readers,
it shows the month's counts (adding up to the total, as the directive list's do),
the change since last month, the late list and the ranks; its buttons download the
DOCX and XLSX; long lists show their first entries and how many more (the XLSX has
them all); a bad month or unknown directive is told on the page, in the user's
language, with the form kept."""
from __future__ import annotations

import io
import re

from docx import Document
from openpyxl import load_workbook

from engine.domain.status import BUCKETS
from tests.persistence.helpers import at
from tests.persistence.monthly_fixtures import september_story


def _cells(html: str, row_class: str) -> list[str]:
    row = re.search(rf'<tr class="{row_class}">(.*?)</tr>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def test_the_page_shows_the_month_and_downloads_its_files(browser, services):
    september_story(services)
    services.clock.set(at(2025, 10, 6, 9))
    browser.login("theodoi")
    home = browser.get("/dashboard").get_data(as_text=True)
    assert 'href="/reports/monthly"' in home and "nav-monthly-report" in home
    page = browser.get("/reports/monthly")             # the month that ended last: September
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'value="2025-09"' in html
    assert "Số liệu tính đến hết ngày 30/09/2025" in html
    province = _cells(html, "province-row")
    assert province[0] == "Toàn tỉnh" and province[1] == "7"
    assert [int(v) for v in province[2:]] == [1, 0, 2, 1, 1, 0, 1, 1]
    assert sum(int(v) for v in province[2:]) == int(province[1]) and len(province) == len(BUCKETS) + 2
    assert "Sở Tài chính (1)" in html and "Bố trí kinh phí chuyển đổi số" in html
    assert re.search(r"<td class=\"num\">1</td><td>Sở Khoa học và Công nghệ</td>", html)
    links = re.findall(r'href="(/reports/monthly/file[^"]+)"', html)
    assert len(links) == 2
    xlsx = browser.get(links[1].replace("&amp;", "&"))
    assert xlsx.status_code == 200 and xlsx.mimetype.endswith("spreadsheetml.sheet")
    assert len(list(load_workbook(io.BytesIO(xlsx.data))["Nhiệm vụ"].iter_rows(min_row=2))) == 7
    docx = browser.get(links[0].replace("&amp;", "&"))
    assert docx.status_code == 200 and docx.mimetype.endswith("wordprocessingml.document")


def test_mistakes_are_told_on_the_page(browser, services):
    september_story(services)
    services.clock.set(at(2025, 10, 6, 9))
    browser.login("ld.khcn")
    bad = browser.get("/reports/monthly?month=2025-13")
    assert bad.status_code == 400 and "Tháng không hợp lệ: «2025-13»" in bad.get_data(as_text=True)
    assert 'value="2025-13"' in bad.get_data(as_text=True)          # the form is kept
    unknown = browser.get("/reports/monthly?month=2025-09&directive=4200")
    assert unknown.status_code == 404 and "Không tìm thấy văn bản «4200»" in unknown.get_data(as_text=True)
    assert browser.get("/reports/monthly/file?month=2025-09&format=pdf").status_code == 400
    assert browser.get("/reports/monthly/file?month=x&format=docx").status_code == 400
    english = browser.get("/reports/monthly?month=2025-13&lang=en").get_data(as_text=True)
    assert "Not a month: «2025-13»" in english
    own = browser.get("/reports/monthly?month=2025-09").get_data(as_text=True)
    assert _cells(own, "province-row")[1] == "3"       # a leader sees their agency's three assignments


def test_the_directive_list_columns_add_up_to_the_total(browser, services):
    september_story(services)
    services.clock.set(at(2025, 10, 6, 9))
    browser.login("admin")
    html = browser.get("/directives").get_data(as_text=True)
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    numbers = [int(re.sub(r"<[^>]+>", "", c).strip()) for c in re.findall(r'<td class="num[^"]*">(.*?)</td>', row, re.S)]
    total, columns = numbers[0], numbers[1:]
    assert total == 7 and len(columns) == len(BUCKETS) and sum(columns) == total
    assert columns[BUCKETS.index("suspended")] == 1 and columns[BUCKETS.index("cancelled")] == 1


def test_long_lists_show_their_first_entries_and_how_many_more(browser, services, monkeypatch):
    from engine.usecases import monthly_summary as model

    monkeypatch.setattr(model, "LATE_SHOWN_PER_AGENCY", 1)
    monkeypatch.setattr(model, "CHANGES_SHOWN", 1)
    september_story(services)
    services.clock.set(at(2025, 10, 6, 9))
    browser.login("theodoi")
    september = browser.get("/reports/monthly?month=2025-09").get_data(as_text=True)
    assert "3 nhiệm vụ thay đổi phân loại trong tháng." in september
    changed = re.search(r'<table class="monthly-changed">.*?<tbody>(.*?)</tbody>', september, re.S).group(1)
    assert changed.count("<tr>") == 1 and "… và 2 nhiệm vụ khác (có trong bảng XLSX)." in september
    october = browser.get("/reports/monthly?month=2025-10").get_data(as_text=True)   # tasks 2 and 6 late by now
    assert "Sở Tài chính (2)" in october and "… và 1 nhiệm vụ khác (có trong bảng XLSX)." in october
    late = re.search(r'<table class="monthly-late">.*?<tbody>(.*?)</tbody>', october, re.S).group(1)
    assert late.count("<tr>") == 1 and "Bố trí kinh phí chuyển đổi số" in late      # the most days late first
    docx = browser.get("/reports/monthly/file?month=2025-10&format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert "1. Sở Tài chính: 2 nhiệm vụ" in text and "… và 1 nhiệm vụ khác (xem bảng tổng hợp XLSX)." in text
    xlsx = load_workbook(io.BytesIO(browser.get("/reports/monthly/file?month=2025-10&format=xlsx").data))
    assert [r[2] for r in xlsx["Quá hạn"].iter_rows(min_row=2, values_only=True)] == ["2", "6"]   # every one
