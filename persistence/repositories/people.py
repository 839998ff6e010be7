"""Agencies, users, the calendar's overrides and small named markers."""
from __future__ import annotations

from datetime import date

from types import SimpleNamespace

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from engine.domain.agencies import Agency
from engine.domain.users import User
from persistence.fast_sql import FastSql, Statement
from persistence.models import AgencyRow, CalendarOverrideRow, MarkerRow, UserRow


def agency_from_row(row: AgencyRow) -> Agency:
    return Agency(name=row.name, kind=row.kind, aliases=tuple(row.aliases or ()), groups=tuple(row.groups or ()),
                  valid_from=row.valid_from, valid_to=row.valid_to, parent=row.parent_code, note=row.note,
                  code=row.code, id=row.id, successor=row.successor_code)


class AgencyIds:
    """Agency code ↔ id. Ids never change and agencies are never deleted, so the map
    is shared by every unit of work of a database (``shared``) and read again only
    when a code or id is missing; a unit of work that added agencies keeps its own
    map until it commits."""

    def __init__(self, session: Session, shared: dict | None = None):
        self.session = session
        self.shared = shared if shared is not None else {}
        self._local: dict | None = None

    def _maps(self, reload: bool = False) -> dict:
        if self._local is not None and not reload:
            return self._local
        if self._local is None and self.shared and not reload:
            return self.shared
        by_code = dict(self.session.execute(select(AgencyRow.code, AgencyRow.id)).all())
        maps = {"by_code": by_code, "by_id": {v: k for k, v in by_code.items()}}
        if self._local is None:
            self.shared.clear()
            self.shared.update(maps)
            return self.shared
        self._local = maps
        return maps

    def _find(self, table: str, key):
        maps = self._maps()
        if key not in maps.get(table, {}):
            maps = self._maps(reload=True)
        return maps[table].get(key)

    def id_of(self, code: str | None) -> int | None:
        return None if code is None else self._find("by_code", code)

    def code_of(self, agency_id: int | None) -> str | None:
        return None if agency_id is None else self._find("by_id", agency_id)

    def forget(self):
        """This unit of work added an agency: stop sharing until it commits."""
        self._local = {}


class SqlAgencies:
    def __init__(self, session: Session, ids: AgencyIds):
        self.session, self.ids = session, ids

    def all(self) -> list[Agency]:
        return [agency_from_row(r) for r in self.session.scalars(select(AgencyRow).order_by(AgencyRow.id))]

    def by_code(self, code: str) -> Agency | None:
        row = self.session.scalar(select(AgencyRow).where(AgencyRow.code == code))
        return agency_from_row(row) if row else None

    def add(self, agency: Agency) -> Agency:
        row = AgencyRow(code=agency.code, name=agency.name, kind=agency.kind, aliases=list(agency.aliases),
                        groups=list(agency.groups), valid_from=agency.valid_from, valid_to=agency.valid_to,
                        parent_code=agency.parent, successor_code=agency.successor, note=agency.note)
        self.session.add(row)
        self.session.flush()
        self.ids.forget()
        return agency_from_row(row)

    def update(self, agency: Agency) -> None:
        row = self.session.scalar(select(AgencyRow).where(AgencyRow.code == agency.code))
        row.name, row.kind = agency.name, agency.kind
        row.aliases, row.groups = list(agency.aliases), list(agency.groups)
        row.valid_from, row.valid_to = agency.valid_from, agency.valid_to
        row.parent_code, row.successor_code, row.note = agency.parent, agency.successor, agency.note


_USER_COLUMNS = ("login", "name", "agency_id", "roles", "email", "language", "digest", "active",
                 "session_version", "must_change_password", "id")


def _users_with_agency_name():
    users, agencies = UserRow.__table__, AgencyRow.__table__
    return (select(*[users.c[n] for n in _USER_COLUMNS], agencies.c.name.label("agency_name"))
            .join(agencies, agencies.c.id == users.c.agency_id))


USER_BY_LOGIN = Statement(lambda: _users_with_agency_name().where(UserRow.__table__.c.login == bindparam("login")))
USERS_OF_AGENCY = Statement(lambda: _users_with_agency_name().where(AgencyRow.__table__.c.code == bindparam("code"))
                            .order_by(UserRow.__table__.c.login))


def _users_of_step_agency():
    """The users of the agency whose instance a pending step belongs to."""
    from persistence.models import InstanceRow, PendingStepRow
    steps, instances = PendingStepRow.__table__, InstanceRow.__table__
    instance = select(steps.c.instance_id).where(steps.c.id == bindparam("step_id")).scalar_subquery()
    agency = select(instances.c.agency_id).where(instances.c.id == instance).scalar_subquery()
    return _users_with_agency_name().where(UserRow.__table__.c.agency_id == agency).order_by(UserRow.__table__.c.login)


USERS_OF_STEP_AGENCY = Statement(_users_of_step_agency)


def _users_of_instance_agency():
    """The users of an instance's agency."""
    from persistence.models import InstanceRow
    instances = InstanceRow.__table__
    agency = select(instances.c.agency_id).where(instances.c.id == bindparam("instance_id")).scalar_subquery()
    return _users_with_agency_name().where(UserRow.__table__.c.agency_id == agency).order_by(UserRow.__table__.c.login)


USERS_OF_INSTANCE_AGENCY = Statement(_users_of_instance_agency)


class SqlUsers:
    """Users. An agency's users read once in a unit of work (``remember_agency``) answer
    its later lookups there, until a user is added or changed."""

    def __init__(self, session: Session, ids: AgencyIds, fast: FastSql):
        self.session, self.ids, self.fast = session, ids, fast
        self._agencies: dict[str, list[User]] = {}

    def remember_agency(self, agency_code: str, rows: list[tuple]) -> None:
        """Keep the users of ``agency_code`` (rows of USERS_OF_AGENCY's shape) for this unit of work."""
        self._agencies[agency_code] = [self._from_tuple(r) for r in rows]

    def _from_tuple(self, row: tuple) -> User:
        return self._user(SimpleNamespace(**dict(zip(_USER_COLUMNS, row))), row[-1])

    def _user(self, row: UserRow, agency_name: str = "") -> User:
        return User(login=row.login, name=row.name, agency_code=self.ids.code_of(row.agency_id),
                    roles=frozenset(row.roles or ()), email=row.email, language=row.language,
                    digest=row.digest, active=row.active, id=row.id, agency_name=agency_name,
                    session_version=row.session_version or 0,
                    must_change_password=bool(row.must_change_password))

    def _query(self):
        return select(UserRow, AgencyRow.name).join(AgencyRow, AgencyRow.id == UserRow.agency_id)

    def by_login(self, login: str) -> User | None:
        for users in self._agencies.values():
            known = next((u for u in users if u.login == login), None)
            if known is not None:
                return known
        found = self.fast.first(USER_BY_LOGIN, login=login)
        return self._from_tuple(found) if found else None

    def in_agency(self, agency_code: str) -> list[User]:
        if agency_code in self._agencies:
            return list(self._agencies[agency_code])
        return [self._from_tuple(r) for r in self.fast.rows(USERS_OF_AGENCY, code=agency_code)]

    def with_role(self, agency_code: str, role: str) -> list[User]:
        return [u for u in self.in_agency(agency_code) if role in u.roles and u.active]

    def all(self) -> list[User]:
        return [self._user(*r) for r in self.session.execute(self._query().order_by(UserRow.login))]

    def add(self, user: User, password_hash: str | None = None) -> User:
        self._agencies.clear()
        row = UserRow(login=user.login, name=user.name, email=user.email,
                      agency_id=self.ids.id_of(user.agency_code), roles=sorted(user.roles),
                      password_hash=password_hash, language=user.language, digest=user.digest, active=user.active,
                      must_change_password=user.must_change_password)
        self.session.add(row)
        self.session.flush()
        return self._user(row)

    def update(self, user: User) -> None:
        self._agencies.clear()
        row = self.session.scalar(select(UserRow).where(UserRow.login == user.login))
        row.name, row.email, row.roles = user.name, user.email, sorted(user.roles)
        row.agency_id = self.ids.id_of(user.agency_code)
        row.language, row.digest, row.active = user.language, user.digest, user.active

    def password_hash(self, login: str) -> str | None:
        return self.session.scalar(select(UserRow.password_hash).where(UserRow.login == login))

    def set_password_hash(self, login: str, password_hash: str, must_change: bool = False) -> None:
        self._agencies.clear()
        row = self.session.scalar(select(UserRow).where(UserRow.login == login))
        row.password_hash, row.must_change_password = password_hash, must_change

    def end_sessions(self, login: str) -> int:
        self._agencies.clear()
        self.session.execute(update(UserRow).where(UserRow.login == login)
                             .values(session_version=UserRow.session_version + 1))
        return self.session.scalar(select(UserRow.session_version).where(UserRow.login == login))


class SqlCalendar:
    def __init__(self, session: Session):
        self.session = session

    def overrides(self) -> dict[date, bool]:
        return dict(self.session.execute(select(CalendarOverrideRow.day, CalendarOverrideRow.working)).all())

    def notes(self) -> dict[date, str]:
        return dict(self.session.execute(select(CalendarOverrideRow.day, CalendarOverrideRow.note)).all())

    def set_override(self, day: date, working: bool, note: str) -> None:
        row = self.session.get(CalendarOverrideRow, day)
        if row is None:
            self.session.add(CalendarOverrideRow(day=day, working=working, note=note))
        else:
            row.working, row.note = working, note

    def remove_override(self, day: date) -> None:
        self.session.execute(delete(CalendarOverrideRow).where(CalendarOverrideRow.day == day))


class SqlMarkers:
    def __init__(self, session: Session):
        self.session = session

    def get(self, key: str) -> str | None:
        row = self.session.get(MarkerRow, key)
        return row.value if row else None

    def put(self, key: str, value: str) -> None:
        row = self.session.get(MarkerRow, key)
        if row is None:
            self.session.add(MarkerRow(key=key, value=value))
        else:
            row.value = value

