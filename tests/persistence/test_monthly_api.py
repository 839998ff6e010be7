"""The monthly summary through the REST API on SQLite and PostgreSQL: the JSON's counts
add up and match the directive counts at month end, the files download and reopen
with the same figures, a personal API token works as for every API route, and
mistakes are refused (400, 403, 404) in the caller's language."""
from __future__ import annotations

import io
from datetime import date

from docx import Document
from openpyxl import load_workbook

from engine.domain.calendar import end_of_day
from engine.domain.status import BUCKETS
from engine.usecases.api_tokens import create_api_token
from engine.usecases.queries import list_directives
from tests.conftest import user
from tests.persistence.helpers import at
from tests.persistence.monthly_fixtures import directive_of, september_story
from tests.web.directive_helpers import basic

URL = "/api/v1/reports/monthly"


def _client(services):
    from web.app import create_app

    return create_app(services=services, testing=True).test_client()


def test_the_api_answers_the_month_as_json_and_as_files(any_services):
    services = any_services
    september_story(services)
    services.clock.set(end_of_day(date(2025, 9, 30)))
    (expected,) = list_directives(services, user(services, "admin"))
    services.clock.set(at(2025, 10, 3, 9))
    api = _client(services)
    answer = api.get(f"{URL}?month=2025-09", headers=basic("theodoi"))
    assert answer.status_code == 200, answer.get_json()
    data = answer.get_json()
    province = data["province"]
    assert data["as_of"] == "2025-09-30" and data["columns"] == list(BUCKETS)
    assert province["counts"] == {c: expected[c] for c in BUCKETS} and province["total"] == expected["total"]
    assert sum(province["counts"].values()) == province["total"] == 7 and "assignments" not in data
    assert data["changes_total"] == len(data["changes"]) == 3
    assert province["deltas"]["open_late"] == 1 and province["previous"]["not_accepted"] == 2
    assert [(g["agency_name"], g["total"], [t["task_ref"] for t in g["tasks"]]) for g in data["late_by_agency"]] == [
        ("Sở Tài chính", 1, ["2"])]
    assert [(r["rank"], r["agency_code"], r["rate"]) for r in data["rates"]] == [
        (1, "so-khoa-hoc-va-cong-nghe", 1.0), (2, "so-tai-chinh", 0.0)]
    secret = create_api_token(services, user(services, "chutich"), "bao-cao").secret
    bearer = {"Authorization": f"Bearer {secret}"}
    directive = directive_of(services)
    xlsx = api.get(f"{URL}/file?month=2025-09&directive={directive}&format=xlsx", headers=bearer)
    assert xlsx.status_code == 200 and xlsx.mimetype.endswith("spreadsheetml.sheet")
    assert f'filename="bao-cao-thang-2025-09-van-ban-{directive}.xlsx"' in xlsx.headers["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(xlsx.data))["Nhiệm vụ"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == expected["total"]
    docx = api.get(f"{URL}/file?month=2025-09&format=docx", headers=basic("theodoi"))
    assert docx.status_code == 200 and docx.mimetype.endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert f"Tổng số {expected['total']} nhiệm vụ" in text


def test_the_api_refuses_mistakes(any_services):
    services = any_services
    september_story(services)
    services.clock.set(at(2025, 10, 3, 9))
    api = _client(services)
    assert api.get(f"{URL}?month=2025-09").status_code == 401
    cases = [(f"{URL}?month=2025-13", "theodoi", 400, "Tháng không hợp lệ"),
             (f"{URL}?month=2025-12", "theodoi", 400, "chưa đến"),
             (f"{URL}", "theodoi", 400, None),
             (f"{URL}?month=2025-09&directive=4200", "theodoi", 404, "Không tìm thấy văn bản"),
             (f"{URL}?month=2025-09", "cv.khcn", 403, "Chỉ lãnh đạo"),
             (f"{URL}/file?month=2025-09&format=pdf", "theodoi", 400, None),
             (f"{URL}/file?month=2025-09&format=xlsx", "cv.khcn", 403, None),
             (f"{URL}?month=2025-13&lang=en", "theodoi", 400, "Not a month")]
    for url, login, status, words in cases:
        answer = api.get(url, headers=basic(login))
        assert answer.status_code == status, (url, answer.get_json())
        assert answer.get_json()["status"] == status
        if words:
            assert words in answer.get_json()["error"], answer.get_json()
