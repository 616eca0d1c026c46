"""The dashboard's HTTP plumbing: templates, the headers every page carries, cookies and form tokens.

Every response under ``/lead`` is kept out of caches, frames and referrers, and may load nothing but our
own origin (``Content-Security-Policy: default-src 'self'``, with no inline script or style at all).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import lru_cache
from importlib import resources
from typing import Any

from aiohttp import web
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

SESSION_COOKIE = "kinship_lead"
SIGN_IN_COOKIE = "kinship_sign_in"  # ties the sign-in form to the browser that opened the link
PREFIX = "/lead"

PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# an SVG chart is an image of our own: its own styles only, never a script
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


@lru_cache(maxsize=1)
def templates() -> Environment:
    return Environment(
        loader=PackageLoader("bot.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=4)
def static_file(name: str) -> bytes:
    return resources.files("bot.web").joinpath("static", name).read_bytes()


def page(name: str, status: int = 200, **context: Any) -> web.Response:
    context.setdefault("lead", None)  # the pages before sign-in show no navigation
    context.setdefault("active", "")
    body = templates().get_template(name).render(**context)
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


@web.middleware
async def page_headers(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """The headers above on every response under ``/lead``, errors included."""
    if request.path != PREFIX and not request.path.startswith(PREFIX + "/"):
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        response = exc
    for name, value in PAGE_HEADERS.items():
        response.headers.setdefault(name, value)
    if isinstance(response, web.HTTPException):
        raise response
    return response


def set_cookie(response: web.StreamResponse, name: str, value: str, *, secure: bool, max_age: int | None) -> None:
    response.set_cookie(name, value, path=PREFIX, httponly=True, secure=secure, samesite="Strict", max_age=max_age)


def clear_cookie(response: web.StreamResponse, name: str) -> None:
    response.del_cookie(name, path=PREFIX)


def see_other(location: str) -> web.HTTPSeeOther:
    """After a form: to the page that shows its result (a reload then sends nothing twice)."""
    return web.HTTPSeeOther(location)
