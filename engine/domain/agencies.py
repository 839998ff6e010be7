"""The agency registry: agencies, their aliases, group membership and the dates each
exists (the 2025 reorganisation ended district level on 1/7/2025)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from engine.text import fold, slugify

GROUP_PREFIX = "@"


@dataclass(frozen=True)
class Agency:
    """One agency of the province, or a group token such as ``@so_ban_nganh``."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    parent: str | None = None
    note: str | None = None
    code: str = ""
    id: int | None = None
    successor: str | None = None

    @property
    def is_group(self) -> bool:
        return self.name.startswith(GROUP_PREFIX)

    def exists_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_to and day > self.valid_to:
            return False
        return True

    @classmethod
    def from_registry_entry(cls, entry: dict) -> "Agency":
        name = entry["name"]
        return cls(
            name=name,
            kind=entry.get("kind", "department"),
            aliases=tuple(entry.get("aliases") or ()),
            groups=tuple(entry.get("groups") or ()),
            valid_from=_date(entry.get("valid_from")),
            valid_to=_date(entry.get("valid_to")),
            parent=entry.get("parent"),
            note=entry.get("note"),
            code=entry.get("code") or agency_code(name),
            id=entry.get("id"),
            successor=agency_code(entry["successor"]) if entry.get("successor") else None,
        )

    def ceased_before(self, day: date) -> bool:
        """Whether the agency no longer existed on ``day`` (it ceased earlier)."""
        return self.valid_to is not None and day > self.valid_to


def agency_code(name: str) -> str:
    """The stable short code of an agency: its slug, or the group token's name."""
    if name.startswith(GROUP_PREFIX):
        return name[1:].replace("_", "-")
    return slugify(name)


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


@dataclass
class AgencyRegistry:
    """Looks agencies up by canonical name or alias and expands group tokens."""

    agencies: list[Agency] = field(default_factory=list)

    def __post_init__(self):
        self._by_name: dict[str, Agency] = {}
        self._by_code = {agency.code: agency for agency in self.agencies}
        self._by_folded: dict[str, list[Agency]] = {}
        for agency in self.agencies:
            self._by_name[agency.name] = agency
            for spelling in {agency.name, *agency.aliases}:
                bucket = self._by_folded.setdefault(fold(spelling), [])
                if agency not in bucket:
                    bucket.append(agency)

    @classmethod
    def from_entries(cls, entries: Iterable[dict]) -> "AgencyRegistry":
        return cls([Agency.from_registry_entry(e) for e in entries])

    def __iter__(self):
        return iter(self.agencies)

    def get(self, name: str) -> Agency | None:
        """The agency whose canonical name is ``name`` (exactly)."""
        return self._by_name.get(name)

    def successor_of(self, agency: Agency) -> Agency | None:
        """The agency that took over from ``agency`` when it ceased (the registry's
        ``successor``, or the one an admin handed its tasks to), if recorded."""
        return self._by_code.get(agency.successor) if agency.successor else None

    def lookup(self, spelling: str) -> Agency | None:
        """The agency a name or alias denotes, ignoring case and accents.

        Returns None when nothing matches or the spelling is ambiguous.
        """
        agency = self._by_name.get(spelling)
        if agency:
            return agency
        bucket = self._by_folded.get(fold(spelling), [])
        return bucket[0] if len(bucket) == 1 else None

    def members(self, group: str, on: date | None = None) -> list[Agency]:
        """The agencies of ``group`` that exist on ``on`` (every member if None)."""
        return [
            a for a in self.agencies
            if group in a.groups and not a.is_group and (on is None or a.exists_on(on))
        ]

    def groups(self) -> list[Agency]:
        return [a for a in self.agencies if a.is_group]
