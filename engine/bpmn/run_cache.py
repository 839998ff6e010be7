"""Workflows kept in memory between two use cases on the same instance, so the next
step need not deserialize the state again. An entry is valid only for the instance
version it was saved as: any change made elsewhere (another worker, a sweep) bumps the
version and the entry is ignored. A use case takes the entry out while it works and
puts it back only after its commit, so a failed transaction never leaves a half-changed
workflow behind."""
from __future__ import annotations

import threading
from collections import OrderedDict


class RunCache:
    def __init__(self, size: int = 512):
        self.size = size
        self._entries: OrderedDict[int, tuple[int, object]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, instance_id: int, version: int):
        """The run saved as ``version`` of the instance, removed from the cache; or None."""
        with self._lock:
            entry = self._entries.pop(instance_id, None)
        if entry is None or entry[0] != version:
            return None
        return entry[1]

    def put(self, instance_id: int, version: int, run) -> None:
        run.effects.clear()
        with self._lock:
            self._entries[instance_id] = (version, run)
            self._entries.move_to_end(instance_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
