"""Languages: Vietnamese by default and the source of every string; English from
web/translations. Fails when a ``_()`` string anywhere in web/ (Python or template)
has no English translation in the catalog the app serves, when the compiled catalog
is older than its .po, or when a translation drops a placeholder."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from engine.domain.users import SYSTEM
from engine.usecases.directives import import_directive
from tests.conftest import small_directive

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
CATALOG = WEB / "translations" / "en" / "LC_MESSAGES"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3), "lazy_gettext": None, "_l": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _source_messages() -> dict:
    """(context, msgid) → where, for every translatable string of web/."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(WEB), method_map, options_map, keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault((context, msgid), f"web/{filename}:{lineno}")
    return found


def _catalog(kind: str) -> dict:
    path = CATALOG / f"messages.{kind}"
    with open(path, "rb") as fh:
        catalog = read_mo(fh) if kind == "mo" else read_po(fh)
    def text(value):        # read_mo gives contexts as bytes
        return value.decode("utf-8") if isinstance(value, bytes) else value

    return {(text(m.context), m.id): (m.string, m.fuzzy) for m in catalog if m.id}


def test_every_string_in_web_has_an_english_translation():
    sources = _source_messages()
    assert len(sources) > 100          # the extraction itself works
    served = _catalog("mo")
    missing = [f"{where}: {msgid!r}" + (f" (context {ctx!r})" if ctx else "")
               for (ctx, msgid), where in sorted(sources.items(), key=lambda kv: kv[1])
               if not served.get((ctx, msgid), ("", False))[0]]
    assert missing == [], "untranslated — run the commands in babel.cfg:\n" + "\n".join(missing)


def test_compiled_catalog_matches_the_po_file():
    po = {key: string for key, (string, fuzzy) in _catalog("po").items() if string and not fuzzy}
    mo = {key: string for key, (string, _) in _catalog("mo").items()}
    assert po == mo, "web/translations/en/LC_MESSAGES/messages.mo is stale: pybabel compile -d web/translations"


def test_translations_keep_their_placeholders():
    wrong = [msgid for (_ctx, msgid), (string, _) in _catalog("po").items()
             if string and sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(string))]
    assert wrong == []


def test_vietnamese_by_default_english_a_switch_away(browser, services):
    import_directive(services, SYSTEM, small_directive(deadline={"kind": "date", "value": "2025-05-20",
                                                                  "text": "chậm nhất 20/5/2025"}))
    browser.login("ld.khcn")
    page = browser.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in page and "Việc cần làm" in page and "Quá hạn" in page
    english = browser.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english
    assert ">To do<" in english and "Notifications" in english and "Sign out" in english
    assert "Overdue" in english and "Directive" in english
    assert ">Tasks<" in english and ">Directives<" in english          # menu entries, with their context
    assert "Today: 02/06/2025" in english          # dates read dd/mm/yyyy in English too
    # the choice stays for the session, on every page, until switched back
    assert '<html lang="en">' in browser.get("/notifications").get_data(as_text=True)
    assert "Preferences" in browser.get("/account").get_data(as_text=True)
    assert '<html lang="vi">' in browser.get("/account?lang=vi").get_data(as_text=True)


def test_language_switch_keeps_the_page_and_its_filters(browser):
    browser.login("cv.khcn")
    page = browser.get("/?urgency=overdue&q=abc").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)" hreflang="en"', page).group(1)
    assert link.replace("&amp;", "&") == "/?urgency=overdue&q=abc&lang=en"


def test_login_page_and_error_pages_in_english(browser):
    page = browser.get("/login?lang=en").get_data(as_text=True)
    assert "Sign in" in page and "Password" in page
    response = browser.login("cv.khcn", "sai")
    assert "Wrong login or password." in response.get_data(as_text=True)
    browser.login("cv.khcn")
    missing = browser.get("/khong-co-trang-nay")
    assert missing.status_code == 404 and "Page not found." in missing.get_data(as_text=True)
    assert "Back to the to-do list" in missing.get_data(as_text=True)


def test_inbox_filter_errors_follow_the_language(browser):
    browser.login("cv.khcn")
    page = browser.get("/?lang=en&due_from=31/02/2025").get_data(as_text=True)
    assert "«Due from»: invalid date «31/02/2025»" in page.replace("&#34;", '"')
