"""The HTTP side of the Teams endpoint: the bearer-token check, the body, and the SDK's view of a request.

We check the ``Authorization`` header ourselves, with the SDK's :class:`JwtTokenValidator` and the same rules
as its aiohttp middleware, only because that middleware reads its settings from a string key on the *shared*
aiohttp app. Before the SDK sees a token, :func:`token_refusal` turns away one that could never pass: not
three base64url parts, a header or claims that are not a JSON object, an algorithm other than RS256 (the
only one the SDK accepts; ``alg: none`` and HS256 included), or no string ``kid``. Those are a 401 with one
log line, and no key is fetched for them (the SDK would otherwise index a missing ``kid``, a 500, or fetch
Microsoft's keys for a ``kid`` that is a number).

The body is parsed here too (:func:`activity_body`), so that JSON nested deeper than Python can parse is a
400 with one line, and a lone surrogate in the text (JSON allows ``"\\ud800"``; no database can store it)
becomes U+FFFD, so what the person wrote is kept.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Mapping
from typing import Any

import jwt
from aiohttp import web
from microsoft_agents.hosting.core.authorization import (
    AgentAuthConfiguration,
    AuthTypes,
    ClaimsIdentity,
    JwtTokenValidator,
)
from microsoft_agents.hosting.core.http import HttpResponse

from adapters.mending import mend
from bot.domain.config import TeamsSettings

log = logging.getLogger(__name__)

LEGACY_MULTI_TENANT = "botframework.com"  # the token authority for bots registered before single-tenant
ALGORITHM = "RS256"  # what the SDK's validator accepts, and what Microsoft's tokens use
MAX_KID = 256


class BadActivity(ValueError):
    """The body is not an activity we can read; its message says why, without quoting it."""


def _json_part(part: str) -> Any:
    padded = part + "=" * (-len(part) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))


def token_refusal(token: str) -> str | None:
    """Why ``token`` can never be a valid Bot Framework or Entra token, or None when the SDK should check it."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        return "not a JWT"
    try:
        header, claims = _json_part(parts[0]), _json_part(parts[1])
    except (ValueError, UnicodeError, binascii.Error, RecursionError):
        return "not a JWT"
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return "not a JWT"
    if header.get("alg") != ALGORITHM:
        return "algorithm not accepted"
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid or len(kid) > MAX_KID:
        return "no key id"
    return None


async def authenticate(auth: AgentAuthConfiguration, request: web.Request) -> ClaimsIdentity | None:
    """The caller's claims, or None (401). The same rules as the SDK's JWT middleware."""
    header = request.headers.get("Authorization", "").strip()
    if not header:
        return ClaimsIdentity() if auth.ANONYMOUS_ALLOWED else None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or any(c.isspace() for c in token):
        return None
    refusal = token_refusal(token)
    if refusal is not None:
        log.warning("teams: refused a request with an invalid token (%s)", refusal)
        return None
    try:
        return await JwtTokenValidator(auth).validate_token(token)
    except (jwt.PyJWTError, ValueError) as exc:
        log.warning("teams: refused a request with an invalid token (%s)", type(exc).__name__)
        return None


async def activity_body(request: web.Request) -> dict[str, Any]:
    """The request's activity as a JSON object, lone surrogates mended; :class:`BadActivity` if it is none."""
    try:
        text = await request.text()  # the Content-Type's charset, else UTF-8, as the SDK would read it
    except (UnicodeDecodeError, LookupError):
        raise BadActivity("not text in its charset") from None
    try:
        body = json.loads(text)
    except RecursionError:
        raise BadActivity("JSON nested too deep") from None
    except ValueError:
        raise BadActivity("not JSON") from None
    if not isinstance(body, dict):
        raise BadActivity("not a JSON object")
    return mend(body)


class SdkRequest:
    """The SDK's view of an aiohttp request (``HttpRequestProtocol``), carrying claims we checked and the body
    we parsed."""

    def __init__(self, request: web.Request, identity: ClaimsIdentity, body: dict[str, Any]) -> None:
        self._request = request
        self._identity = identity
        self._body = body

    @property
    def method(self) -> str:
        return self._request.method

    @property
    def headers(self) -> Mapping[str, str]:
        return self._request.headers

    async def json(self) -> Any:
        return self._body

    def get_claims_identity(self) -> ClaimsIdentity:
        return self._identity

    def get_path_param(self, name: str) -> str:
        return self._request.match_info[name]


def to_response(result: HttpResponse) -> web.StreamResponse:
    if result.body is not None:
        return web.json_response(result.body, status=result.status_code, headers=result.headers)
    return web.Response(status=result.status_code, headers=result.headers)


def auth_configuration(settings: TeamsSettings) -> AgentAuthConfiguration:
    """Anonymous (local testing) without an app id; else the app's client secret, for its tenant."""
    if not settings.app_id:
        return AgentAuthConfiguration(anonymous_allowed=True)
    return AgentAuthConfiguration(
        auth_type=AuthTypes.client_secret,
        client_id=settings.app_id,
        client_secret=settings.app_password or None,
        tenant_id=settings.tenant_id or LEGACY_MULTI_TENANT,
        connection_name="SERVICE_CONNECTION",
    )
