"""Reviewing a directive that arrived OCR'd with a wrong model: the proposed tasks are in
restored Vietnamese, each shows its lines as the OCR wrote them beside the restored ones
with the uncertain words marked, and the reviewed directive launches without them."""
from __future__ import annotations

import io
import re
from pathlib import Path

from tests.web.directive_helpers import directive_numbers, instance_count, signed_in

OCR_TXT = Path(__file__).resolve().parents[1] / "extraction" / "fixtures" / "ocr_eng" / "tb_ket_luan_an_giang.txt"


def _upload(client):
    token = client.csrf("/directives/import")
    return client.client.post("/directives/import", content_type="multipart/form-data",
                              data={"csrf_token": token, "file": (io.BytesIO(OCR_TXT.read_bytes()), OCR_TXT.name)})


def test_restored_tasks_show_their_raw_ocr_lines_and_uncertain_words(app, services):
    client = signed_in(app, "theodoi")
    response = _upload(client)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Bản OCR gốc và nội dung khôi phục dấu" in page
    assert "Chủ trì, phối hợp với Sở Tài chính" in page                  # the restored task
    raw = OCR_TXT.read_text(encoding="utf-8").split("\n")
    first = next(line for line in raw if line.startswith("- Cht tri, phoi hop voi"))
    assert f'<td class="raw">{first}</td>' in page                      # the line as the OCR wrote it
    assert re.search(r'<mark class="uncertain"[^>]*>[^<]+</mark>', page)
    assert "khôi phục dấu tự động" in page                              # the reviewer is told
    assert '<span class="ref" title="3.1.-1">3.1, gạch đầu dòng thứ 1</span>' in page   # not "3.1.-1"


def test_the_restored_directive_launches_without_its_ocr_lines(app, services):
    client = signed_in(app, "theodoi")
    review = _upload(client).location
    draft_id = review.rsplit("/", 1)[1]
    client.post(f"{review}/document", {"number": "412/TB-UBND", "type": "TB", "date": "18/09/2025",
                                       "signer": "Nguyễn Thanh Bình", "issuer": "UBND tỉnh An Giang",
                                       "title": "Kết luận của Chủ tịch UBND tỉnh"}, token_from=review)
    launched = client.post(f"/directives/import/{draft_id}/launch", {"acknowledge": "1"}, token_from=review)
    assert launched.status_code == 302, launched.get_data(as_text=True)[:2000]
    assert directive_numbers(services) == ["412/TB-UBND"]
    with services.uow(write=False) as uow:
        directive = uow.directives.all()[0]
        tasks = uow.directives.tasks_of(directive.id)
    assert len(tasks) == 11 and tasks[0].summary.startswith("Chủ trì, phối hợp với Sở Tài chính")
    assert instance_count(services) > 11                                # @ubnd_cap_xa tasks fan out
