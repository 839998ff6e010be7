"""Reading an evidence file: only someone who may see a task the file was uploaded to
gets its content (the same rule as the task page). A file the reader may not see is
"not found", exactly as an unknown one, so a hash cannot be used to learn whether
some task holds a given file."""
from __future__ import annotations

import re

from engine.domain.access import can_view_instance
from engine.domain.errors import NotFound
from engine.domain.records import EvidenceFile
from engine.domain.users import User
from engine.usecases.context import Services

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def evidence_file(services: Services, actor: User, sha256: str,
                  instance_id: int | None = None) -> tuple[EvidenceFile, bytes]:
    """The record and content of evidence ``sha256`` (as uploaded to ``instance_id``
    when given) if ``actor`` may see a task it belongs to."""
    if not _SHA256.match(sha256 or ""):
        raise NotFound("evidence.not_found")
    with services.uow(write=False) as uow:
        records = [r for r in uow.evidence.by_hash(sha256)
                   if r.instance_id is not None and (instance_id is None or r.instance_id == instance_id)]
        if not records:
            raise NotFound("evidence.not_found")
        allowed = None
        for record in records:
            instance = uow.instances.get(record.instance_id)
            task = uow.directives.task(instance.task_id)
            directive = uow.directives.get(task.directive_id)
            if can_view_instance(actor, instance, task, directive, uow.steps.of_instance(instance.id)):
                allowed = record
                break
        if allowed is None:
            raise NotFound("evidence.not_found")
    if not services.blobs.exists(sha256):
        raise NotFound("evidence.not_found")
    return allowed, services.blobs.get(sha256)
