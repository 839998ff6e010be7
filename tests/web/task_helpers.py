"""Helpers for the task page, step form and evidence tests: start a task from a small
directive, find its pending steps, move it along through the engine (the set-up) and
read what the database holds afterwards (the checks)."""
from __future__ import annotations

import io
import re

from engine.domain.users import User
from engine.usecases.directives import import_directive
from engine.usecases.steps import Upload, complete_step
from tests.conftest import small_directive, user


def start_task(services, **directive) -> int:
    """Import a one-task directive led by Sở KH&CN; return its instance id."""
    import_directive(services, user(services, "admin"), small_directive(**directive))
    with services.uow(write=False) as uow:
        task_id = max(t.id for d in uow.directives.all() for t in uow.directives.tasks_of(d.id))
        return uow.instances.of_task(task_id)[0].id


def pending(services, instance_id: int, name: str):
    with services.uow(write=False) as uow:
        found = [s for s in uow.steps.of_instance(instance_id) if element_of(s.name) == name]
    assert found, f"step {name} is not pending on #{instance_id}"
    return found[0]


def pending_names(services, instance_id: int) -> set[str]:
    with services.uow(write=False) as uow:
        return {element_of(s.name) for s in uow.steps.of_instance(instance_id)}


def element_of(step_name: str) -> str:
    """The diagram element of a step (a multi-instance child is "give_input [child]")."""
    return step_name.split(" [", 1)[0]


def act(services, login: str, instance_id: int, name: str, values: dict, files=()):
    """Complete pending step ``name`` as ``login`` through the engine."""
    step = pending(services, instance_id, name)
    uploads = [Upload(n, "application/octet-stream", d) for n, d in files]
    return complete_step(services, user(services, login), step.id, values, uploads)


def accepted_task(services, **directive) -> int:
    """A task the leader accepted, assigning cv.khcn."""
    instance_id = start_task(services, **directive)
    act(services, "ld.khcn", instance_id, "accept", {"decision": "accept", "officer": "cv.khcn"})
    return instance_id


def report_returned(services) -> int:
    """Monthly report v1 (with one evidence file) returned with a comment."""
    instance_id = accepted_task(services)
    act(services, "cv.khcn", instance_id, "monthly_report",
        {"percent": "30", "done": "Khảo sát hiện trạng"}, [("khao-sat.pdf", b"%PDF-1.4 khao sat")])
    act(services, "ld.khcn", instance_id, "review_report", {"decision": "return", "comment": "Bổ sung số liệu"})
    return instance_id


def reports(services, instance_id: int):
    with services.uow(write=False) as uow:
        return uow.queries.reports_of(instance_id)


def filed_reports(services, instance_id: int):
    """Every report but the untouched rows monthly periods open with («not filed», no
    version): what a step filed or changed."""
    return [r for r in reports(services, instance_id) if r.versions or r.status != "not_filed"]


def instance(services, instance_id: int):
    with services.uow(write=False) as uow:
        return uow.instances.get(instance_id)


def add_user(services, login: str, name: str, agency: str, roles: set[str]) -> None:
    from engine.domain.passwords import hash_password
    from tests.conftest import PASSWORD

    with services.uow() as uow:
        uow.users.add(User(login=login, name=name, agency_code=agency, roles=frozenset(roles)),
                      hash_password(PASSWORD))
        uow.commit()


def text_of(response) -> str:
    return response.get_data(as_text=True)


def field_error(response, name: str) -> str | None:
    """The error message shown under field ``name``, if any."""
    match = re.search(rf'id="err-{re.escape(name)}"[^>]*>([^<]*)<', text_of(response))
    return match.group(1).strip() if match else None


def input_value(response, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', text_of(response), re.S)
    return match.group(1) if match else None


def sign_in(browser, login: str) -> None:
    """Sign in as ``login`` in a fresh session (a new test client, new cookies)."""
    browser.client = browser.client.application.test_client()
    response = browser.login(login)
    assert response.status_code == 302, f"{login} could not sign in"


def post_step(browser, services, instance_id, name, data, files=None):
    """Post the form of pending step ``name`` as the signed-in user (files: field → [(name, bytes)])."""
    step = pending(services, instance_id, name)
    payload = dict(data)
    for field, items in (files or {}).items():
        payload[field] = [(io.BytesIO(content), filename) for filename, content in items]
    return browser.post(f"/steps/{step.id}", payload, content_type="multipart/form-data")
