"""Checking the audit log's chain: every row against its own hash and its
predecessor, the positions for gaps, and the end of the chain against the signed
checkpoint. Each problem names the rows it concerns, so a removed row is reported as
missing (its position is absent) and not as its successor altered."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable

from engine.domain.audit import AuditCheckpoint, entry_hash
from engine.messages import render


class Problem(Enum):
    ALTERED = "altered"                 # the row's content no longer matches its hash
    RELINKED = "relinked"               # intact itself, but not chained to the row before it
    MISSING = "missing"                 # positions absent between two rows
    CUT = "cut"                         # positions absent at the end: the checkpoint records more
    UNRECORDED = "unrecorded"           # rows past the checkpoint's head, written without it
    HEAD_REPLACED = "head_replaced"     # the newest row is not the one the checkpoint records
    CHECKPOINT_MISSING = "checkpoint_missing"
    CHECKPOINT_FORGED = "checkpoint_forged"    # its signature does not match (altered, or another key)
    CHECKPOINT_BROKEN = "checkpoint_broken"    # an append found it invalid: rows before may have been cut


@dataclass(frozen=True)
class ChainProblem:
    kind: Problem
    seq: int | None = None          # the (first) position concerned
    last_seq: int | None = None     # the last one of a range
    row_id: int | None = None

    def message(self, lang: str = "vi") -> str:
        count = (self.last_seq - self.seq + 1) if self.seq is not None and self.last_seq is not None else 1
        return render(f"audit.{self.kind.value}", lang, seq=self.seq, last=self.last_seq, id=self.row_id,
                      count=count)


@dataclass
class ChainReport:
    checked: int
    problems: list[ChainProblem] = field(default_factory=list)
    checkpoint: AuditCheckpoint | None = None

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_broken(self) -> ChainProblem | None:
        """The problem nearest the start of the chain."""
        located = [p for p in self.problems if p.seq is not None]
        return min(located, key=lambda p: p.seq) if located else (self.problems[0] if self.problems else None)


def check_chain(rows: Iterable[tuple], checkpoint: AuditCheckpoint | None, key: bytes) -> ChainReport:
    """``rows`` yields (id, entry, before_json, after_json) in position order, each
    entry with its ``seq``."""
    report = ChainReport(checked=0, checkpoint=checkpoint)
    problems = report.problems
    expected, prev_hash = 1, ""
    for row_id, entry, before_json, after_json in rows:
        report.checked += 1
        seq = entry.seq
        if seq is None or seq < expected:        # no position, or one used twice
            problems.append(ChainProblem(Problem.ALTERED, seq, row_id=row_id))
            continue
        linked = seq == expected                 # across a gap the predecessor is gone: nothing to compare
        if seq > expected:
            problems.append(ChainProblem(Problem.MISSING, expected, seq - 1))
        if entry.hash != entry_hash(entry, entry.prev_hash, before_json, after_json):
            problems.append(ChainProblem(Problem.ALTERED, seq, row_id=row_id))
        elif linked and entry.prev_hash != prev_hash:
            problems.append(ChainProblem(Problem.RELINKED, seq, row_id=row_id))
        expected, prev_hash = seq + 1, entry.hash
    problems.extend(_against_checkpoint(report.checked, expected - 1, prev_hash, checkpoint, key))
    return report


def _against_checkpoint(checked: int, last_seq: int, last_hash: str, checkpoint: AuditCheckpoint | None,
                        key: bytes) -> list[ChainProblem]:
    if checkpoint is None:
        return [ChainProblem(Problem.CHECKPOINT_MISSING)] if checked else []
    found = []
    if not checkpoint.signed_with(key):
        found.append(ChainProblem(Problem.CHECKPOINT_FORGED))
    if checkpoint.broken_since is not None:
        found.append(ChainProblem(Problem.CHECKPOINT_BROKEN, checkpoint.broken_since))
    if checkpoint.seq > last_seq:
        found.append(ChainProblem(Problem.CUT, last_seq + 1, checkpoint.seq))
    elif checkpoint.seq < last_seq:
        found.append(ChainProblem(Problem.UNRECORDED, checkpoint.seq + 1, last_seq))
    elif checkpoint.hash != last_hash:
        found.append(ChainProblem(Problem.HEAD_REPLACED, last_seq))
    return found
