"""Urging (đôn đốc) for monitors: choose late assignments (``/urging``, by directive or
agency, or preselected by ``?assignment=`` from the monitor rung's notice or the
dashboard), preview the letter (``/urging/preview``, also as a draft DOCX), issue it
(POST ``/urging/issue``), then the letters issued (``/urgings``, also for auditors and
administrators) and each letter as a page and as DOCX. The engine decides who may urge
what (engine/usecases/urging.py)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.domain.errors import DomainError, NotFound
from engine.domain.input_limits import forbidden_character, id_in_range, parse_id
from engine.domain.urging import (
    NUMBER_HINT, TABLE_HEADINGS, closing, group_heading, opening, recipients, signer_title)
from engine.usecases.urging import SCREEN_SCAN, draft_letter, issue_urging, late_assignments
from engine.usecases.urging_history import issued_letter, list_urgings
from web.auth import requires_role
from web.context import actor, lang, services
from web.exports.nd30 import letter_date
from web.exports.urging_letter import DOCX_TYPE, file_name, urging_docx

bp = Blueprint("urging", __name__)
MONITORS = ("monitor",)
READERS = ("monitor", "leader", "auditor", "admin")


@bp.context_processor
def letter_words() -> dict:
    """The letter's own sentences, for the page that shows it as it will print."""
    return {"letter_words": {"opening": opening, "closing": closing, "group_heading": group_heading,
                             "recipients": recipients, "signer_title": signer_title, "letter_date": letter_date,
                             "number_hint": NUMBER_HINT, "headings": TABLE_HEADINGS}}


def _selected(source) -> list[int]:
    """The assignment ids a request names (``assignment``, repeated); 400 when one is
    not an id."""
    try:
        return [parse_id(raw) for raw in source.getlist("assignment")]
    except ValueError:
        abort(400)


def _directive_filter() -> int | None:
    raw = request.args.get("directive") or ""
    if not raw:
        return None
    try:
        return parse_id(raw)
    except ValueError:
        abort(400)


def _agency_filter() -> str | None:
    agency = request.args.get("agency") or None
    if agency and forbidden_character(agency):
        abort(400)
    return agency


@bp.get("/urging")
@requires_role(*MONITORS)
def choose():
    directive_id, agency = _directive_filter(), _agency_filter()
    choices = late_assignments(services(), actor(), directive_id=directive_id, agency=agency, lang=lang())
    return render_template("urging/choose.html", choices=choices, selected=set(_selected(request.args)),
                           directive_id=directive_id, agency=agency, scan_limit=SCREEN_SCAN)


@bp.get("/urging/preview")
@requires_role(*MONITORS)
def preview():
    ids = _selected(request.args)
    try:
        letter = draft_letter(services(), actor(), ids)
    except DomainError as err:
        if err.http_status != 400:
            raise
        flash(err.message(lang()), "error")
        return redirect(url_for("urging.choose", assignment=ids))
    return render_template("urging/preview.html", letter=letter, ids=ids)


@bp.get("/urging/preview.docx")
@requires_role(*MONITORS)
def preview_docx():
    letter = draft_letter(services(), actor(), _selected(request.args))
    return _docx(urging_docx(letter), file_name(None, letter))


@bp.post("/urging/issue")
@requires_role(*MONITORS)
def issue():
    ids = _selected(request.form)
    try:
        urging = issue_urging(services(), actor(), ids)
    except DomainError as err:
        if err.http_status != 400:
            raise
        flash(err.message(lang()), "error")
        return redirect(url_for("urging.choose", assignment=ids))
    flash(_("Đã phát hành văn bản đôn đốc %(n)s nhiệm vụ; đã gửi thông báo và thư điện tử cho lãnh đạo %(a)s "
            "cơ quan.", n=len(urging.items), a=len({i.agency_code for i in urging.items})))
    return redirect(url_for("urging.issued", urging_id=urging.id))


@bp.get("/urgings")
@requires_role(*READERS)
def history():
    directive_id = _directive_filter()
    return render_template("urging/history.html", urgings=list_urgings(services(), actor(), directive_id),
                           directive_id=directive_id)


def _issued(urging_id: int):
    if not id_in_range(urging_id):
        raise NotFound("urging.not_found", urging=urging_id)
    return issued_letter(services(), actor(), urging_id)


@bp.get("/urgings/<int:urging_id>")
@requires_role(*READERS)
def issued(urging_id: int):
    urging, letter = _issued(urging_id)
    return render_template("urging/issued.html", urging=urging, letter=letter)


@bp.get("/urgings/<int:urging_id>/letter.docx")
@requires_role(*READERS)
def issued_docx(urging_id: int):
    urging, letter = _issued(urging_id)
    return _docx(urging_docx(letter), file_name(urging.id, letter))


def _docx(data: bytes, name: str) -> Response:
    response = Response(data, mimetype=DOCX_TYPE)
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
