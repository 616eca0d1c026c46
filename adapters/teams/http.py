"""The HTTP side of the Teams endpoint: the bearer-token check, and the SDK's view of an aiohttp request.

We check the ``Authorization`` header ourselves, with the SDK's :class:`JwtTokenValidator` and the same rules
as its aiohttp middleware, only because that middleware reads its settings from a string key on the *shared*
aiohttp app.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import jwt
from aiohttp import web
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration, ClaimsIdentity, JwtTokenValidator
from microsoft_agents.hosting.core.http import HttpResponse

log = logging.getLogger(__name__)


async def authenticate(auth: AgentAuthConfiguration, request: web.Request) -> ClaimsIdentity | None:
    """The caller's claims, or None (401). The same rules as the SDK's JWT middleware."""
    header = request.headers.get("Authorization", "").strip()
    if not header:
        return ClaimsIdentity() if auth.ANONYMOUS_ALLOWED else None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or any(c.isspace() for c in token):
        return None
    try:
        return await JwtTokenValidator(auth).validate_token(token)
    except (jwt.PyJWTError, ValueError) as exc:
        log.warning("teams: refused a request with an invalid token (%s)", type(exc).__name__)
        return None


class SdkRequest:
    """The SDK's view of an aiohttp request (``HttpRequestProtocol``), carrying claims we checked."""

    def __init__(self, request: web.Request, identity: ClaimsIdentity) -> None:
        self._request = request
        self._identity = identity

    @property
    def method(self) -> str:
        return self._request.method

    @property
    def headers(self) -> Mapping[str, str]:
        return self._request.headers

    async def json(self) -> Any:
        return await self._request.json()

    def get_claims_identity(self) -> ClaimsIdentity:
        return self._identity

    def get_path_param(self, name: str) -> str:
        return self._request.match_info[name]


def to_response(result: HttpResponse) -> web.StreamResponse:
    if result.body is not None:
        return web.json_response(result.body, status=result.status_code, headers=result.headers)
    return web.Response(status=result.status_code, headers=result.headers)
