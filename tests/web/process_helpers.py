"""Helpers for the process owner's screens: the editor's own requests (autosave,
check), a draft put in place through the engine, and what the database holds after
(versions, drafts, audit rows)."""
from __future__ import annotations

import re

from engine.usecases.process_editing import save_draft
from tests.conftest import user

KEY = "directive_task"
EDIT = f"/processes/{KEY}/edit"


def editor_post(browser, path: str, data: dict):
    """A POST as the editor's script sends it: form fields with the page's CSRF token,
    asking for JSON."""
    fields = dict(data)
    fields.setdefault("csrf_token", browser.csrf(EDIT))
    return browser.client.post(path, data=fields, headers={"Accept": "application/json"})


def autosave(browser, xml: str, key: str = KEY):
    return editor_post(browser, f"/processes/{key}/draft", {"xml": xml})


def check(browser, xml: str, key: str = KEY):
    return editor_post(browser, f"/processes/{key}/check", {"xml": xml})


def put_draft(services, login: str, xml: str, key: str = KEY):
    return save_draft(services, user(services, login), key, xml)


def versions(services, key: str = KEY):
    with services.uow(write=False) as uow:
        return uow.processes.versions(key)


def draft_of(services, login: str, key: str = KEY):
    with services.uow(write=False) as uow:
        return uow.drafts.get(key, login)


def reviewed_sha(page: str) -> str:
    return re.search(r'name="draft_sha256" value="([^"]+)"', page).group(1)


def deploy(browser, note: str, sha: str, key: str = KEY):
    return browser.post(f"/processes/{key}/deploy", {"note": note, "draft_sha256": sha}, token_from=EDIT)
