"""The inbox (home page): whose steps it shows, urgency groups and their colours, days
late, filters, search, counts, paging, the htmx fragment and the no-JS form, and that
it reads the pending-step table without ever loading a workflow."""
from __future__ import annotations

import re
import threading
from html import unescape

import pytest
from sqlalchemy import text

from engine.domain.users import SYSTEM
from engine.usecases.directives import import_directive
from engine.usecases.inbox import InboxFilter, inbox, parse_filter
from engine.usecases.steps import complete_step
from tests.conftest import small_directive, user

OVERDUE = {"kind": "date", "value": "2025-05-20", "text": "chậm nhất 20/5/2025"}      # today is Mon 2/6/2025
DUE_SOON = {"kind": "date", "value": "2025-06-04", "text": "chậm nhất 4/6/2025"}
LATER = {"kind": "date", "value": "2025-08-15", "text": "chậm nhất 15/8/2025"}


def _import(services, number: str, deadline: dict, lead=("Sở Khoa học và Công nghệ",)) -> int:
    payload = small_directive(deadline=deadline, number=number, lead=lead)
    payload["tasks"][0]["summary"] = f"Nhiệm vụ của văn bản {number}"
    return import_directive(services, SYSTEM, payload).directive_id


def _accept_all(services, leader_login: str, officer_login: str) -> None:
    leader = user(services, leader_login)
    for row in inbox(services, leader, InboxFilter(forms=("accept",))).rows:
        complete_step(services, leader, row["id"], {"decision": "accept", "officer": officer_login})


@pytest.fixture
def work(services):
    """Three KHCN tasks (overdue, due soon, later) accepted and given to cv.khcn, and
    one Nội vụ task still waiting for acceptance."""
    ids = {"late": _import(services, "11/KH-UBND", OVERDUE), "soon": _import(services, "12/KH-UBND", DUE_SOON),
           "later": _import(services, "13/KH-UBND", LATER)}
    _accept_all(services, "ld.khcn", "cv.khcn")
    ids["noivu"] = _import(services, "14/KH-UBND", LATER, lead=("Sở Nội vụ",))
    return ids


def rows_of(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr class=\"([^\"]*)\">(.*?)</tr>", body, re.S)


def test_officer_sees_own_steps_most_urgent_first_with_days_late(browser, work):
    browser.login("cv.khcn")
    page = browser.get("/").get_data(as_text=True)
    rows = rows_of(page)
    assert len(rows) == 6              # completion report + monthly report of each task; no optional steps
    classes = [cls.split()[0] for cls, _ in rows]
    assert classes[0] == "urgency-overdue" and classes[1] == "urgency-due_soon"
    assert set(classes[2:]) == {"urgency-normal"}
    first = unescape(rows[0][1])
    assert "20/05/2025" in first and "13 ngày" in first and "11/KH-UBND" in first
    assert "04/06/2025" in unescape(rows[1][1])
    # each row links to its step form and its task page
    step_ids = re.findall(r'href="/steps/([0-9a-f-]+)"', page)
    assert len(set(step_ids)) == 6
    assert re.search(r'href="/tasks/\d+"', page)
    assert "Đề nghị gia hạn" not in page          # optional actions stay on the task page
    # the group counts, as the cards show them
    cards = dict((label, int(n)) for n, label in re.findall(
        r'<span class="card-count">(\d+)</span>\s*<span class="card-label">([^<]+)</span>', page))
    assert cards == {"Quá hạn": 1, "Sắp đến hạn": 1, "Trong hạn": 4, "Không thời hạn": 0}
    assert "Báo cáo hoàn thành <b>3</b>" in page and "Báo cáo tiến độ tháng <b>3</b>" in page


def test_leader_sees_unassigned_steps_and_their_officers_steps(browser, services, work):
    browser.login("ld.noivu")
    page = browser.get("/").get_data(as_text=True)
    # the task nobody accepted yet: its acceptance and its monthly report, both the leader's own
    assert len(rows_of(page)) == 2 and "Tiếp nhận" in page and "14/KH-UBND" in page
    assert "Trong đó 2 việc bạn trực tiếp xử lý" in page
    assert "Chưa giao cho ai" in page
    browser.post("/logout", token_from="/")
    browser.login("ld.khcn")
    page = browser.get("/").get_data(as_text=True)
    assert len(rows_of(page)) == 6 and "Chuyên viên Sở KH&amp;CN" in page
    assert "Trong đó 0 việc bạn trực tiếp xử lý" in page
    mine_only = browser.get("/?scope=mine").get_data(as_text=True)
    assert len(rows_of(mine_only)) == 0 and "Không có việc nào khớp bộ lọc" not in mine_only


def test_other_agency_and_auditor_see_nothing_of_khcn(browser, services, work):
    browser.login("cv.noivu")
    page = browser.get("/").get_data(as_text=True)
    assert "11/KH-UBND" not in page and "Không có việc nào đang chờ" in page
    # the agency parameter is for auditors only: an officer cannot read another agency's inbox
    page = browser.get("/?agency=so-khoa-hoc-va-cong-nghe").get_data(as_text=True)
    assert "11/KH-UBND" not in page
    browser.post("/logout", token_from="/")
    browser.login("thanhtra")
    assert "11/KH-UBND" not in browser.get("/").get_data(as_text=True)
    page = browser.get("/?agency=so-khoa-hoc-va-cong-nghe").get_data(as_text=True)
    assert len(rows_of(page)) == 6


def test_filters_and_search(browser, services, work):
    browser.login("cv.khcn")

    def numbers(query: str) -> list[str]:
        page = browser.get("/" + query).get_data(as_text=True)
        return [re.search(r'<td class="directive"[^>]*><a [^>]*>([^<]*)</a></td>', row).group(1)
                for _, row in rows_of(page)]

    assert numbers("?urgency=overdue") == ["11/KH-UBND"]
    assert numbers("?urgency=overdue&urgency=due_soon") == ["11/KH-UBND", "12/KH-UBND"]
    assert numbers("?kind=completion_report") == ["11/KH-UBND", "12/KH-UBND", "13/KH-UBND"]
    assert numbers(f"?directive={work['later']}") == ["13/KH-UBND", "13/KH-UBND"]
    page = browser.get(f"/?directive={work['later']}").get_data(as_text=True)    # the filter shows as a chip
    assert 'name="directive" value="%d"' % work["later"] in page and "13/KH-UBND – Kế hoạch thử nghiệm" in page
    # each row's directive number filters on that directive
    assert f'href="/?directive={work["late"]}"' in browser.get("/").get_data(as_text=True)
    # a directive the user has no step in tells nothing about itself
    assert "14/KH-UBND" not in browser.get(f"/?directive={work['noivu']}").get_data(as_text=True)
    assert numbers("?q=12/KH") == ["12/KH-UBND", "12/KH-UBND"]
    assert numbers("?q=12/KH&kind=monthly_report") == ["12/KH-UBND"]
    assert numbers("?q=%25") == [] and numbers("?q=1_/KH") == []      # % and _ are plain characters
    assert numbers("?q=v%C4%83n+b%E1%BA%A3n+13") == ["13/KH-UBND", "13/KH-UBND"]      # "văn bản 13", in the task text
    in_june = numbers("?due_from=01/06/2025&due_to=30/06/2025")   # completion 4/6, then the reports of 16/6
    assert in_june[0] == "12/KH-UBND" and sorted(in_june[1:]) == ["11/KH-UBND", "12/KH-UBND", "13/KH-UBND"]
    assert numbers("?due_from=2025-08-01") == ["13/KH-UBND"]
    # counts follow the other filters: kind=monthly_report leaves 3 steps, all on track
    page = browser.get("/?kind=monthly_report").get_data(as_text=True)
    assert '<span class="card-count">3</span>\n    <span class="card-label">Trong hạn' in page
    assert '<span class="card-count">0</span>\n    <span class="card-label">Quá hạn' in page


def test_bad_filter_values_get_a_vietnamese_error_next_to_the_field(browser, work):
    browser.login("cv.khcn")
    response = browser.get("/?due_from=31/02/2025&urgency=gap&due_to=01/01/2025x")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert 'id="err-due_from">Trường «Hạn từ ngày»: ngày không hợp lệ «31/02/2025»' in page
    assert "lựa chọn không hợp lệ «gap»" in page
    assert 'id="err-due_to"' in page
    assert len(rows_of(page)) == 6          # the bad values are left out; everything is still listed
    response = browser.get("/?due_from=10/06/2025&due_to=01/06/2025")
    assert response.status_code == 400 and "phải sau 10/06/2025" in unescape(response.get_data(as_text=True))


def test_htmx_gets_the_fragment_and_plain_get_the_page(browser, work):
    browser.login("cv.khcn")
    full = browser.get("/?urgency=overdue")
    assert "<html" in full.get_data(as_text=True) and "HX-Request" in full.headers["Vary"]
    fragment = browser.get("/?urgency=overdue", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment
    assert 'id="inbox"' in fragment and len(rows_of(fragment)) == 1
    # the history restore of htmx asks for the whole page again
    restore = browser.get("/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)
    # the filter form works without JavaScript: a GET form to the same page
    assert re.search(r'<form id="inbox-filter"[^>]*method="get" action="/"', full.get_data(as_text=True))


def test_paging(services, work):
    officer = user(services, "cv.khcn")
    first = inbox(services, officer, InboxFilter(), page_size=4)
    assert (first.total, first.pages, len(first.rows), first.first, first.last) == (6, 2, 4, 1, 4)
    second = inbox(services, officer, InboxFilter(page=2), page_size=4)
    assert len(second.rows) == 2 and (second.first, second.last) == (5, 6)
    assert not {r["id"] for r in first.rows} & {r["id"] for r in second.rows}
    beyond = inbox(services, officer, InboxFilter(page=99), page_size=4)
    assert beyond.page == 2
    assert first.own_total == 6          # all the officer's own


def test_leader_counts_their_own_steps_apart(services, work):
    leader = user(services, "ld.khcn")
    officer = user(services, "cv.khcn")
    rows = inbox(services, officer, InboxFilter(forms=("monthly_report",))).rows
    complete_step(services, officer, rows[0]["id"], {"percent": 20, "done": "Đã triển khai"})
    view = inbox(services, leader)
    assert (view.total, view.own_total) == (6, 1)          # the report to review is the leader's own
    assert [r["form"] for r in view.rows if r["mine"]] == ["report_review"]
    mine = inbox(services, leader, InboxFilter(include_officers=False))
    assert (mine.total, mine.own_total) == (1, 1)
    found = inbox(services, leader, InboxFilter(search="KH-UBND"))       # the search path counts the same
    assert (found.total, found.own_total) == (6, 1)


def test_inbox_never_loads_a_workflow(browser, services, work):
    """Break every stored workflow state: the inbox must not notice."""
    with services.database.engine.begin() as conn:
        conn.execute(text("UPDATE instances SET state = :junk"), {"junk": b"not a workflow"})
    browser.login("ld.khcn")
    response = browser.get("/")
    assert response.status_code == 200 and len(rows_of(response.get_data(as_text=True))) == 6


def test_parse_filter_reads_what_params_writes():
    flt, errors = parse_filter({"q": [" báo cáo "], "directive": ["7"], "urgency": ["due_soon,overdue"],
                                "kind": ["monthly_report"], "due_from": ["1/6/2025"], "due_to": ["2025-06-30"],
                                "scope": ["mine"], "page": ["3"]})
    assert errors == {}
    assert flt.urgencies == ("overdue", "due_soon") and flt.search == "báo cáo" and not flt.include_officers
    again, errors = parse_filter({k: [str(x) for x in (v if isinstance(v, list) else [v])]
                                  for k, v in flt.params().items()})
    assert again == flt and errors == {}


def test_inbox_on_postgresql(any_services):
    """The same SQL on both databases: groups, kinds and order."""
    services = any_services
    _import(services, "11/KH-UBND", OVERDUE)
    _import(services, "12/KH-UBND", DUE_SOON)
    _accept_all(services, "ld.khcn", "cv.khcn")
    view = inbox(services, user(services, "cv.khcn"))
    assert [r["urgency"] for r in view.rows] == ["overdue", "due_soon", "normal", "normal"]
    assert view.counts == {"overdue": 1, "due_soon": 1, "normal": 2, "none": 0}
    assert {k["form"]: k["count"] for k in view.kinds} == {"completion_report": 2, "monthly_report": 2}
    found = inbox(services, user(services, "cv.khcn"), InboxFilter(search="12/kh", urgencies=("due_soon",)))
    assert [r["number"] for r in found.rows] == ["12/KH-UBND"]
    # Vietnamese letters match whatever their case, on SQLite too
    payload = small_directive(number="15/KH-UBND", lead=("Sở Nội vụ",))
    payload["tasks"][0]["summary"] = "Đổi mới phương thức chỉ đạo, điều hành"
    import_directive(services, SYSTEM, payload)
    for search in ("đổi mới", "ĐỔI MỚI", "Đổi Mới", "điều hành"):
        found = inbox(services, user(services, "ld.noivu"), InboxFilter(search=search))
        assert sorted((r["number"], r["form"]) for r in found.rows) == [
            ("15/KH-UBND", "accept"), ("15/KH-UBND", "monthly_report")], search


@pytest.mark.browser
def test_filtering_in_chromium_swaps_results_without_reloading(app, work, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from tests.chromium import launch
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as pw:
            chromium = launch(pw)
            page = chromium.new_page()
            errors = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(base + "/login")
            page.fill("input[name=login]", "cv.khcn")
            page.fill("input[name=password]", "mat-khau-thu")
            page.click("button[type=submit]")
            page.wait_for_selector("#inbox")
            page.wait_for_load_state("domcontentloaded")     # deferred scripts (htmx) have run

            def settled():
                """htmx has swapped and processed the new content."""
                expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)

            page.evaluate("window.__marker = 'still here'")
            # a checkbox of the form
            page.check("input[name=urgency][value=overdue]")
            expect(page).to_have_url(re.compile(r"/\?urgency=overdue$"))          # empty fields left out
            expect(page.locator("#inbox tbody tr")).to_have_count(1)
            expect(page.locator("#inbox tbody")).to_contain_text("11/KH-UBND")
            assert page.evaluate("window.__marker") == "still here"      # no full reload
            settled()
            # a count card (a link)
            page.click("a.card-due_soon")
            expect(page).to_have_url(re.compile(r"/\?urgency=due_soon$"))
            expect(page.locator("#inbox tbody")).to_contain_text("12/KH-UBND")
            settled()
            page.click("a.card-due_soon")                                  # again: the group is unset
            expect(page.locator("#inbox tbody tr")).to_have_count(6)
            settled()
            # typing in the search box
            page.locator("#inbox-q").press_sequentially("13/KH")
            expect(page).to_have_url(re.compile(r"/\?q=13(%2F|/)KH$"))
            expect(page.locator("#inbox tbody tr")).to_have_count(2)
            assert page.evaluate("document.activeElement.id") == "inbox-q"   # still typing there
            assert page.evaluate("window.__marker") == "still here"
            assert errors == []
            chromium.close()
    finally:
        server.shutdown()
