"""The dashboard's routes on ``serve``'s aiohttp app: sign-in, the overview, the flags, one flag and its
actions, the month's CSV, the charts, sign-out.

Each request runs in one transaction: the session is checked (and its idle time restarted), the lead's
units are worked out from the organisation, and the page's reads and its audit row are written together.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from aiohttp import web

from bot.dialogue import effects as fx
from bot.domain.lead_access import IDLE_LIMIT, LINK_LIFETIME, new_secret, same_secret
from bot.domain.records import FlagFilter
from bot.domain.summary import CSV_COLUMNS, parse_month, summary_rows
from bot.store import Store, Tx
from bot.turns.runners import review, review_list
from bot.turns.runners.context import LeadContext
from bot.understanding.privacy import redact
from bot.web import access, charts, pages
from bot.web.http import (
    PREFIX,
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    SVG_POLICY,
    clear_cookie,
    page,
    page_headers,
    see_other,
    set_cookie,
    static_file,
)
from bot.web.views import PageWords, chart_series, flag_filter

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_WORDS = 2000  # a note or a reply: longer than any chat message a lead would write


class Dashboard:
    """The lead dashboard over the running bot's store, world and clock."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime
        self.secure = bool(runtime.config.secure_cookies)

    @property
    def store(self) -> Store:
        return self.runtime.store

    def now(self) -> datetime:
        return self.runtime.bot.clock()

    def words(self) -> PageWords:
        return PageWords(self.runtime.bot.world)

    def _wake_relay(self) -> None:
        wake = self.runtime.bot.on_message_to_relay
        if wake is not None:
            wake()

    # --- getting in and out -------------------------------------------------------------------------------------
    async def landing(self, request: web.Request) -> web.StreamResponse:
        """``GET /lead``: with a link's token, the page that asks to sign in; otherwise the overview."""
        token = request.query.get("t", "")
        if not token:
            return await self.overview(request)
        now = self.now()
        if not await self.store.run(lambda tx: access.link_is_live(tx, token, now)):
            return page("ended.html", status=410, words=self.words(), reason="link")
        nonce = new_secret()
        response = page("sign_in.html", words=self.words(), token=token, nonce=nonce)
        set_cookie(response, SIGN_IN_COOKIE, nonce, secure=self.secure, max_age=int(LINK_LIFETIME.total_seconds()))
        return response

    async def sign_in(self, request: web.Request) -> web.StreamResponse:
        """``POST /lead/sign-in``: spend the link, start a session, go to the overview."""
        form = await request.post()
        token, nonce = str(form.get("t", "")), str(form.get("nonce", ""))
        if not nonce or not same_secret(nonce, request.cookies.get(SIGN_IN_COOKIE, "")):
            return page("ended.html", status=403, words=self.words(), reason="browser")
        now, org = self.now(), self.runtime.bot.world.org
        started = await self.store.run(lambda tx: access.sign_in(tx, token, now, org))
        if started is None:
            return page("ended.html", status=410, words=self.words(), reason="link")
        response = see_other(PREFIX)
        set_cookie(response, SESSION_COOKIE, started.secret, secure=self.secure, max_age=None)
        clear_cookie(response, SIGN_IN_COOKIE)
        raise response

    async def sign_out(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        secret = request.cookies.get(SESSION_COOKIE, "")
        lead = await self._session(secret)
        if lead is not None and same_secret(str(form.get("csrf", "")), lead.csrf):
            await self.store.run(lambda tx: access.sign_out(tx, secret))
        response = page("ended.html", words=self.words(), reason="signed-out")
        clear_cookie(response, SESSION_COOKIE)
        return response

    async def _session(self, secret: str) -> access.LeadSession | None:
        now, org = self.now(), self.runtime.bot.world.org
        return await self.store.run(lambda tx: access.session(tx, secret, now, org))

    async def _as_lead(
        self, request: web.Request, body: Callable[[LeadContext, access.LeadSession], T], *, form: bool = False
    ) -> tuple[access.LeadSession, T]:
        """Run ``body`` for the signed-in lead, in one transaction with the session check; a missing or ended
        session gets the page that says how to get back in, and a form without its token is refused."""
        secret = request.cookies.get(SESSION_COOKIE, "")
        posted = await request.post() if form else None
        now, world = self.now(), self.runtime.bot.world

        def run(tx: Tx) -> tuple[access.LeadSession, T] | None:
            lead = access.session(tx, secret, now, world.org)
            if lead is None:
                return None
            if posted is not None and not same_secret(str(posted.get("csrf", "")), lead.csrf):
                raise _Refused()
            return lead, body(LeadContext(tx, now, lead.lead, world, self._wake_relay), lead)

        try:
            found = await self.store.run(run)
        except _Refused:
            raise _page_error("ended.html", 403, self.words(), "form") from None
        if found is None:
            raise _page_error("ended.html", 401, self.words(), "session")
        return found

    # --- pages ---------------------------------------------------------------------------------------------------
    async def overview(self, request: web.Request) -> web.StreamResponse:
        lead, seen = await self._as_lead(request, lambda ctx, lead: pages.overview(ctx, lead.units))
        return page("overview.html", words=self.words(), lead=lead, page=seen, idle_minutes=_minutes(IDLE_LIMIT))

    async def flags(self, request: web.Request) -> web.StreamResponse:
        def body(ctx: LeadContext, lead: access.LeadSession) -> tuple[fx.FlagPage, FlagFilter]:
            where = flag_filter(request.query, lead.units, ctx.world.content)
            asked = fx.ReviewFlags(lead.units, pages.PAGE_SIZE, _page_number(request.query.get("page", "1")), where)
            return review_list.review_flags(ctx, asked), where  # the chat's own list: numbers, audit and all

        lead, (listed, where) = await self._as_lead(request, body)
        return page("flags.html", words=self.words(), lead=lead, listed=listed, where=where)

    async def flag(self, request: web.Request) -> web.StreamResponse:
        flag_id = _flag_id(request)
        lead, opened = await self._as_lead(
            request, lambda ctx, lead: review.open_flag(ctx, fx.OpenFlag(flag_id, lead.units))
        )
        flag, messages, can_reply = opened
        if flag is None:
            return page("missing.html", status=404, words=self.words(), lead=lead)
        done = request.query.get("done", "")
        return page(
            "flag.html", words=self.words(), lead=lead, flag=flag, messages=messages, can_reply=can_reply, done=done
        )

    async def act(self, request: web.Request) -> web.StreamResponse:
        """``POST /lead/flags/{id}/{mark|note|reply}``: the same runners (and audit rows) as the chat's buttons."""
        flag_id, verb = _flag_id(request), request.match_info["verb"]
        form = await request.post()

        def body(ctx: LeadContext, lead: access.LeadSession) -> bool:
            if verb == "mark" and form.get("status") in ("seen", "action-taken"):
                return review.mark_flag(ctx, fx.MarkFlag(flag_id, lead.units, str(form["status"])))
            words = redact(str(form.get("text", "")).strip()[:MAX_WORDS])
            if verb == "note" and words:
                return review.flag_note(ctx, fx.FlagNote(flag_id, lead.units, words))
            if verb == "reply" and words:
                return review.lead_reply(ctx, fx.LeadReply(flag_id, lead.units, words))
            return False

        _lead, done = await self._as_lead(request, body, form=True)
        raise see_other(f"{PREFIX}/flags/{flag_id}?done={verb if done else 'nothing'}")

    async def export(self, request: web.Request) -> web.StreamResponse:
        now, org = self.now(), self.runtime.bot.world.org
        try:
            month = (
                parse_month(request.query["month"])
                if "month" in request.query
                else pages.local_month(now, org.timezone)
            )
        except ValueError:
            raise _page_error("missing.html", 400, self.words(), "") from None
        _lead, summaries = await self._as_lead(request, lambda ctx, lead: pages.month_cells(ctx, lead.units, month))
        words = self.words()
        titles = {line.category: words.kind(line.category) for s in summaries for line in s.lines}
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(summary_rows(summaries, {u.id: u.name for u in org.units}, titles))
        response = web.Response(text=out.getvalue(), content_type="text/csv", charset="utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="kinship-flags-{month:%Y-%m}.csv"'
        return response

    async def chart(self, request: web.Request) -> web.StreamResponse:
        which = request.match_info["name"]
        if which not in ("trend", "month"):
            raise _page_error("missing.html", 404, self.words(), "")
        _lead, seen = await self._as_lead(request, lambda ctx, lead: pages.chart_figures(ctx, lead.units, which))
        words = self.words()
        labels, series = chart_series(seen, words, which)
        draw = charts.line_chart if which == "trend" else charts.bar_chart
        svg = draw(words.chart_title(which, seen), labels, series)
        return web.Response(text=svg, content_type="image/svg+xml", headers={"Content-Security-Policy": SVG_POLICY})

    async def stylesheet(self, request: web.Request) -> web.StreamResponse:
        return web.Response(
            body=static_file("kinship.css"), content_type="text/css", headers={"Cache-Control": "private, max-age=3600"}
        )


class _Refused(Exception):
    """A form came without the session's token: nothing it asked for is done."""


def _page_error(template: str, status: int, words: PageWords, reason: str) -> web.HTTPException:
    response = page(template, status=status, words=words, reason=reason, lead=None)
    error = web.HTTPException(text=response.text, content_type="text/html")
    error.set_status(status)
    return error


def _minutes(delta: Any) -> int:
    return int(delta.total_seconds() // 60)


def _page_number(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 7 else 1


def _flag_id(request: web.Request) -> int:
    text = request.match_info["flag_id"]
    if not text.isdigit() or len(text) > 12:
        raise web.HTTPNotFound()
    return int(text)


def mount(app: web.Application, runtime: Any) -> Dashboard:
    """Add the dashboard's routes and headers to ``serve``'s app (before it starts)."""
    dashboard = Dashboard(runtime)
    app.middlewares.append(page_headers)
    app.router.add_get(PREFIX, dashboard.landing)
    app.router.add_post(f"{PREFIX}/sign-in", dashboard.sign_in)
    app.router.add_post(f"{PREFIX}/sign-out", dashboard.sign_out)
    app.router.add_get(f"{PREFIX}/flags", dashboard.flags)
    app.router.add_get(f"{PREFIX}/flags/{{flag_id}}", dashboard.flag)
    app.router.add_post(f"{PREFIX}/flags/{{flag_id}}/{{verb:mark|note|reply}}", dashboard.act)
    app.router.add_get(f"{PREFIX}/export.csv", dashboard.export)
    app.router.add_get(f"{PREFIX}/charts/{{name}}.svg", dashboard.chart)
    app.router.add_get(f"{PREFIX}/static/kinship.css", dashboard.stylesheet)
    return dashboard
