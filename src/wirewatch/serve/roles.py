"""Token roles: who may read, correct, or push.

Why roles: analysts who correct the data (corrections.py) must not be able to push articles or
change settings, and a dashboard that only reads needs neither. Three roles, each including
the one before: `reader` (reads and /sql), `editor` (+ corrections), `admin` (+ pushes and
settings). They are configured in one file (the `tokens` setting, default `<data>/tokens`):
one `<role> <name> <token>` a line, `#` comments; the name is what the audit trail records as
*who*. The single `token` setting (or `<data>/token`) keeps working as an admin token named
`admin`. With no token at all the service is open, as before: everyone is an admin named
`anonymous`.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

ROLES = ("reader", "editor", "admin")
TOKENS_NAME = "tokens"


@dataclass(frozen=True)
class Caller:
    """Who a request comes from (the token's name) and what they may do."""

    name: str
    role: str

    def may(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass
class Roles:
    """Tokens → (role, name). `open` (no token configured): every caller is an admin."""

    tokens: dict[str, Caller] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        return not self.tokens

    @classmethod
    def load(cls, token: str | None, path: Path | None, data_dir: Path | None = None
             ) -> Roles:
        """The admin `token` plus the roles file `path` (else `<data_dir>/tokens` if it
        exists). A malformed line is an error naming it: a typo must not open the service."""
        roles = cls()
        if token:
            roles.tokens[token] = Caller("admin", "admin")
        if path is None and data_dir is not None and (Path(data_dir) / TOKENS_NAME).is_file():
            path = Path(data_dir) / TOKENS_NAME
        if path is not None:
            for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
                text = line.split("#", 1)[0].strip()
                if not text:
                    continue
                parts = text.split()
                if len(parts) != 3 or parts[0] not in ROLES or len(parts[2]) < 8:
                    raise ValueError(f"{path}:{n}: expected '<role> <name> <token>' with role "
                                     f"one of {', '.join(ROLES)} and a token of 8+ characters")
                roles.tokens[parts[2]] = Caller(parts[1], parts[0])
        return roles

    def caller(self, credentials: str | None) -> Caller | None:
        """The caller a bearer token names (constant-time comparisons), or None."""
        if self.open:
            return Caller("anonymous", "admin")
        if not credentials:
            return None
        found = None
        for token, who in self.tokens.items():
            if hmac.compare_digest(credentials.encode(), token.encode()):
                found = who
        return found

    def dependency(self, role: str) -> Callable[..., Caller]:
        """A FastAPI dependency: the caller, 401 without a valid token, 403 when the token's
        role is below `role`."""
        bearer = HTTPBearer(auto_error=False)

        def require(cred: HTTPAuthorizationCredentials | None = Depends(bearer)  # noqa: B008
                    ) -> Caller:
            given = cred.credentials if cred is not None and cred.scheme.lower() == "bearer" \
                else None
            who = self.caller(given)
            if who is None:
                raise HTTPException(401, "missing or invalid bearer token",
                                    headers={"WWW-Authenticate": "Bearer"})
            if not who.may(role):
                raise HTTPException(403, f"the {who.role} role may not do this (needs {role})")
            return who

        return require
