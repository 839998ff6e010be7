"""Personal API tokens, looked up by the digest of their secret."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.domain.api_tokens import ApiToken
from persistence.models import ApiTokenRow, UserRow


def _token(row: ApiTokenRow, login: str) -> ApiToken:
    return ApiToken(user_login=login, name=row.name, hint=row.hint, created_at=row.created_at,
                    expires_on=row.expires_on, last_used_at=row.last_used_at, revoked_at=row.revoked_at, id=row.id)


class SqlApiTokens:
    def __init__(self, session: Session):
        self.session = session

    def _with_login(self):
        return select(ApiTokenRow, UserRow.login).join(UserRow, UserRow.id == ApiTokenRow.user_id)

    def add(self, token: ApiToken, digest: str) -> ApiToken:
        user_id = self.session.scalar(select(UserRow.id).where(UserRow.login == token.user_login))
        row = ApiTokenRow(user_id=user_id, name=token.name, digest=digest, hint=token.hint,
                          created_at=token.created_at, expires_on=token.expires_on)
        self.session.add(row)
        self.session.flush()
        return _token(row, token.user_login)

    def of_user(self, login: str) -> list[ApiToken]:
        rows = self.session.execute(self._with_login().where(UserRow.login == login, ApiTokenRow.revoked_at.is_(None))
                                    .order_by(ApiTokenRow.created_at.desc(), ApiTokenRow.id.desc()))
        return [_token(row, user_login) for row, user_login in rows]

    def by_digest(self, digest: str) -> ApiToken | None:
        found = self.session.execute(self._with_login().where(ApiTokenRow.digest == digest)).first()
        return _token(*found) if found else None

    def revoke(self, token_id: int, at) -> None:
        self.session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(revoked_at=at))

    def touch(self, token_id: int, at) -> None:
        self.session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=at))
