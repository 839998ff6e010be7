"""An instance's stored state (persistence/state_blob.py): LZ4 frames written, and
rows written before LZ4 (zlib streams) still read and rewritten by the next step."""
from __future__ import annotations

import zlib

import orjson
import pytest
from sqlalchemy import update

from persistence.models import InstanceRow
from persistence.state_blob import LZ4_MAGIC, pack_state, unpack_state
from tests.persistence.helpers import act, launch

STATE = '{"tasks": {}, "data": {"case": {"agency": "Sở Khoa học và Công nghệ"}}}'


def test_state_is_packed_as_an_lz4_frame_and_read_back():
    blob = pack_state(STATE)
    assert blob[:4] == LZ4_MAGIC and len(blob) < len(STATE.encode("utf-8")) + 32
    assert unpack_state(blob) == STATE
    assert unpack_state(memoryview(blob)) == STATE


def test_a_zlib_state_of_an_older_row_is_still_read():
    assert unpack_state(zlib.compress(STATE.encode("utf-8"), 1)) == STATE


def test_a_damaged_state_is_an_error_not_a_silent_empty_workflow():
    with pytest.raises(Exception):
        unpack_state(pack_state(STATE)[:-6])
    with pytest.raises(zlib.error):
        unpack_state(b"not a state at all")


def test_an_instance_stored_with_zlib_completes_and_is_rewritten_as_lz4(any_services):
    launch(any_services)
    with any_services.uow() as uow:
        row = uow.session.get(InstanceRow, 1)
        text = unpack_state(row.state)
        uow.session.execute(update(InstanceRow).where(InstanceRow.id == 1)
                            .values(state=zlib.compress(text.encode("utf-8"), 1)))
        uow.commit()
    any_services.runs.clear()     # restore from the row, not from memory
    act(any_services, "ld.khcn", "accept", decision="accept", officer="cv.khcn")
    with any_services.uow(write=False) as uow:
        stored = bytes(uow.session.get(InstanceRow, 1).state)
    assert stored[:4] == LZ4_MAGIC
    assert orjson.loads(unpack_state(stored))["data"]["case"]["officer"] == "cv.khcn"
