"""The audit log is a hash chain with a signed checkpoint of its head: change a row,
delete one from the middle or cut rows off the end in the database, and
``chidao audit verify`` (and the use case behind it) names exactly what happened."""
from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import text

from engine.domain.audit_chain import Problem
from engine.domain.users import SYSTEM
from engine.usecases.audit_chain import verify_chain
from tests.persistence.helpers import act, launch


def _busy_history(services):
    launch(services)
    act(services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")
    act(services, "cv.khcn", "monthly_report", percent=10, done="Khởi động")


def _verify(services, monkeypatch):
    from web.cli import common, main

    monkeypatch.setattr(common, "_services", services)
    monkeypatch.setattr(common, "_ready", True)
    return CliRunner().invoke(main, ["audit", "verify"])


def _sql(services, statement: str, **params):
    with services.uow() as uow:
        found = uow.session.execute(text(statement), params)
        rows = found.all() if found.returns_rows else None
        uow.commit()
    return rows


def _positions(services) -> list[tuple[int, int]]:
    """(id, seq) of every row, in chain order."""
    return [tuple(r) for r in _sql(services, "SELECT id, seq FROM audit_log ORDER BY seq")]


def test_intact_log_verifies(any_services, monkeypatch):
    _busy_history(any_services)
    report = verify_chain(any_services, SYSTEM)
    assert report.intact and report.checked == len(_positions(any_services)) - 1   # the check adds its own row
    assert [seq for _, seq in _positions(any_services)] == list(range(1, report.checked + 2))
    result = _verify(any_services, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "nguyên vẹn" in result.output


def test_changed_row_is_named(any_services, monkeypatch):
    _busy_history(any_services)
    target, seq = _sql(any_services, "SELECT id, seq FROM audit_log WHERE action = 'step.completed' "
                                     "ORDER BY id LIMIT 1")[0]
    _sql(any_services, "UPDATE audit_log SET actor_login = 'ke-gian' WHERE id = :id", id=target)
    report = verify_chain(any_services, SYSTEM)
    assert [(p.kind, p.seq, p.row_id) for p in report.problems] == [(Problem.ALTERED, seq, target)]
    result = _verify(any_services, monkeypatch)
    assert result.exit_code == 1
    assert f"Dòng số {seq} (#{target}) bị sửa" in result.output and "1 vấn đề" in result.output


def test_deleted_middle_row_is_reported_missing_not_its_successor_altered(any_services, monkeypatch):
    _busy_history(any_services)
    rows = _positions(any_services)
    removed_id, removed_seq = rows[2]
    _sql(any_services, "DELETE FROM audit_log WHERE id = :id", id=removed_id)
    report = verify_chain(any_services, SYSTEM)
    assert [(p.kind, p.seq, p.last_seq) for p in report.problems] == [(Problem.MISSING, removed_seq, removed_seq)]
    result = _verify(any_services, monkeypatch)
    assert result.exit_code == 1
    assert f"Thiếu 1 dòng ở giữa chuỗi: số {removed_seq}–{removed_seq}" in result.output
    assert "bị sửa" not in result.output and "không nối tiếp" not in result.output


def test_rows_cut_from_the_end_are_named_by_the_checkpoint(any_services, monkeypatch):
    _busy_history(any_services)
    rows = _positions(any_services)
    newest = rows[-1][1]
    _sql(any_services, "DELETE FROM audit_log WHERE seq >= :seq", seq=newest - 1)
    report = verify_chain(any_services, SYSTEM)
    assert [(p.kind, p.seq, p.last_seq) for p in report.problems] == [(Problem.CUT, newest - 1, newest)]
    result = _verify(any_services, monkeypatch)       # the first check appended a row: the cut is now a gap
    assert result.exit_code == 1
    assert f"Thiếu 2 dòng ở giữa chuỗi: số {newest - 1}–{newest}" in result.output


def test_cutting_the_end_and_rewriting_the_checkpoint_needs_the_key(any_services, monkeypatch):
    """The forger deletes the newest rows and points the checkpoint at the row left
    last, with a signature made without chidao's key: verify names the forgery, and
    the next append marks the checkpoint broken for good."""
    _busy_history(any_services)
    rows = _positions(any_services)
    kept_seq = rows[-3][1]
    kept_hash = _sql(any_services, "SELECT hash FROM audit_log WHERE seq = :seq", seq=kept_seq)[0][0]
    _sql(any_services, "DELETE FROM audit_log WHERE seq > :seq", seq=kept_seq)
    _sql(any_services, "UPDATE audit_head SET seq = :seq, hash = :hash, mac = :mac",
         seq=kept_seq, hash=kept_hash, mac="0" * 64)
    report = verify_chain(any_services, SYSTEM)
    assert [p.kind for p in report.problems] == [Problem.CHECKPOINT_FORGED]
    again = verify_chain(any_services, SYSTEM)         # its own entry was appended on the forged checkpoint
    assert [(p.kind, p.seq) for p in again.problems] == [(Problem.CHECKPOINT_BROKEN, kept_seq + 1)]
    result = _verify(any_services, monkeypatch)
    assert result.exit_code == 1 and f"Khi ghi dòng số {kept_seq + 1}, mốc kiểm chứng đã không hợp lệ" in result.output


def test_a_deleted_checkpoint_is_reported(any_services):
    _busy_history(any_services)
    _sql(any_services, "DELETE FROM audit_head")
    report = verify_chain(any_services, SYSTEM)
    assert [p.kind for p in report.problems] == [Problem.CHECKPOINT_MISSING]
    after = verify_chain(any_services, SYSTEM)        # the check's own entry recreated it, marked broken
    assert [p.kind for p in after.problems] == [Problem.CHECKPOINT_BROKEN]


def test_the_database_signs_the_checkpoint_as_the_engine_checks_it(any_services):
    """On PostgreSQL the HMAC is computed in SQL from padded keys; on SQLite in Python:
    both must give what engine.domain.audit.checkpoint_mac gives."""
    from engine.domain.audit import checkpoint_mac

    _busy_history(any_services)
    with any_services.uow(write=False) as uow:
        head = uow.audit.checkpoint()
        newest = uow.session.execute(text("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")).one()
    assert (head.seq, head.hash) == tuple(newest) and head.broken_since is None
    assert head.mac == checkpoint_mac(any_services.audit_key, head.seq, head.hash, None)
