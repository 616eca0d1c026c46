"""The lead dashboard over HTTP: getting in with a link made in chat, what a lead of one unit sees, the
actions, and what can't be done (replayed or forged links, another lead's flags, forms from elsewhere).

Real SQLite, the real aiohttp app with its dashboard routes, a link made by a real chat turn.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app.compose import Runtime
from bot.app.web import make_web_app
from bot.cli.flag_admin import export_flags
from bot.dialogue import World
from bot.domain.config import Config
from bot.domain.records import FlagRecord
from bot.domain.types import Address, Incoming
from bot.store import Store, Tx
from bot.store.tables import flag_messages, lead_audit, lead_links, lead_sessions
from bot.turns.handler import Bot
from bot.web.routes import mount
from tests.fakes import FixedClock

WARD_LEAD = Address("console", "local", "ward-lead", "console:ward-lead")
OTHER_UNIT_WORDS = "Theatres only: the scrub nurse was shouted at during the list"


@dataclass
class Site:
    client: TestClient
    bot: Bot
    store: Store
    clock: FixedClock

    async def link(self, who: Address = WARD_LEAD) -> str:
        """The path of a dashboard link, asked for in chat."""
        replies = await self.bot.handle(Incoming(who, text="dashboard"))
        said = "\n".join(reply.text for reply in replies)
        found = re.search(r"https?://[^/\s]+(/lead\?t=[\w-]+)", said)
        assert found, said
        return found.group(1)

    async def sign_in(self, who: Address = WARD_LEAD) -> str:
        """Follow a fresh link as a browser would: open it, press the button; returns the form token."""
        response = await self.client.get(await self.link(who))
        assert response.status == 200
        page = await response.text()
        signed = await self.client.post(
            "/lead/sign-in", data={"t": _field(page, "t"), "nonce": _field(page, "nonce")}, allow_redirects=False
        )
        assert signed.status == 303 and signed.headers["Location"] == "/lead"
        overview = await self.client.get("/lead")
        assert overview.status == 200
        return _field(await overview.text(), "csrf")

    async def flag(self, unit: str, words: str, *, month_back: int = 0, hear_back: Address | None = None) -> FlagRecord:
        now = self.clock() - timedelta(days=31 * month_back)

        def add(tx: Tx) -> FlagRecord:
            monday = now.date() - timedelta(days=now.weekday())
            flag = tx.insert_flag(
                unit=unit,
                category="colleague-belittling",
                occurred="today",
                submitted_week=monday,
                submitted_month=now.date().replace(day=1),
                danger=False,
                description=words,
                release_at=now - timedelta(hours=1),
            )
            if hear_back is not None:
                tx.add_handle(flag.id, hear_back, self.clock() + timedelta(days=30))
            return flag

        return await self.store.run(add)

    async def audit(self) -> list[tuple[str, str]]:
        def read(tx: Tx) -> list[tuple[str, str]]:
            rows = tx.conn.execute(select(lead_audit.c.action, lead_audit.c.lead_user).order_by(lead_audit.c.id))
            return [(r.action, r.lead_user) for r in rows]

        return await self.store.run(read)


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]+)"', page)
    assert found, f"no {name} field in the page"
    return found.group(1)


def _config(tmp_path: Path, public_url: str = "") -> Config:
    return Config(database_url=f"sqlite:///{tmp_path / 'k.db'}", public_url=public_url)


async def _site(tmp_path: Path, world: World, public_url: str = "") -> tuple[Site, Runtime]:
    config = _config(tmp_path, public_url)
    store = await Store.open(config.database_url)
    clock = FixedClock()
    bot = Bot(store, world, clock)
    bot.dashboard_url = config.dashboard_url
    runtime = Runtime(config, store, bot)
    app = make_web_app(runtime)
    mount(app, runtime)
    client = TestClient(TestServer(app))
    await client.start_server()
    return Site(client, bot, store, clock), runtime


@pytest.fixture
async def site(tmp_path: Path, world: World) -> AsyncIterator[Site]:
    made, runtime = await _site(tmp_path, world)
    yield made
    await made.client.close()
    await runtime.close()


async def test_a_lead_signs_in_with_a_link_from_chat_and_sees_only_their_unit(site: Site) -> None:
    mine = await site.flag("ward-7", "A healthcare assistant was mocked at handover on Ward 7")
    theirs = await site.flag("theatres", OTHER_UNIT_WORDS)
    await site.sign_in()
    listed = await (await site.client.get("/lead/flags")).text()
    assert f"/lead/flags/{mine.id}" in listed
    assert f"/lead/flags/{theirs.id}" not in listed and "Theatres" not in listed
    opened = await (await site.client.get(f"/lead/flags/{mine.id}")).text()
    assert "mocked at handover" in opened
    refused = await site.client.get(f"/lead/flags/{theirs.id}")
    assert refused.status == 404
    assert OTHER_UNIT_WORDS not in await refused.text()
    for path in ("/lead", "/lead/flags?unit=theatres", "/lead/export.csv"):
        assert "Theatres" not in await (await site.client.get(path)).text()
    actions = [action for action, _ in await site.audit()]
    assert actions[:2] == ["dashboard-link", "dashboard-sign-in"]
    assert {"view-overview", "view-list", "view-flag", "view-flag-denied", "export"} <= set(actions)


async def test_small_counts_are_hidden_on_the_overview(site: Site) -> None:
    for n in range(2):  # two flags this month: fewer than k = 3
        await site.flag("ward-7", f"Flag {n} this month")
    for n in range(4):  # four the month before: shown
        await site.flag("ward-7", f"Flag {n} last month", month_back=1)
    await site.sign_in()
    page = await (await site.client.get("/lead")).text()
    rows = dict(re.findall(r'<tr><th scope="row">(\w{3} \d{4})</th><td>([^<]+)</td></tr>', page))
    this_month = site.clock().strftime("%b %Y")
    assert rows[this_month] == "fewer than 3"
    assert "4" in rows.values()
    assert "flags this month: hidden" in page


async def test_a_link_works_once_and_not_after_five_minutes(site: Site) -> None:
    link = await site.link()
    first = await (await site.client.get(link)).text()
    fields = {"t": _field(first, "t"), "nonce": _field(first, "nonce")}
    assert (await site.client.post("/lead/sign-in", data=fields, allow_redirects=False)).status == 303
    again = await site.client.get(link)
    assert again.status == 410
    assert "type <strong>dashboard</strong> to Kinship" in await again.text()
    late = await site.link()
    site.clock.advance(minutes=6)
    expired = await site.client.get(late)
    assert expired.status == 410 and "has run out" in await expired.text()
    forged = await site.client.get("/lead?t=" + "A" * 43)
    assert forged.status == 410

    def tokens(tx: Tx) -> list[str]:
        return [r.token_hash for r in tx.conn.execute(select(lead_links))]

    stored = await site.store.run(tokens)
    assert stored and all(late.split("t=")[1] not in h for h in stored)  # only hashes are kept


async def test_the_sign_in_form_only_works_from_the_browser_that_opened_the_link(site: Site) -> None:
    page = await (await site.client.get(await site.link())).text()
    site.client.session.cookie_jar.clear()  # another browser: it never opened the link
    stolen = await site.client.post(
        "/lead/sign-in", data={"t": _field(page, "t"), "nonce": _field(page, "nonce")}, allow_redirects=False
    )
    assert stolen.status == 403
    assert (await site.client.get("/lead")).status == 401


async def test_non_leads_get_no_link(site: Site) -> None:
    replies = await site.bot.handle(Incoming(Address("console", "local", "amy", "console:amy"), text="dashboard"))
    said = "\n".join(reply.text for reply in replies)
    assert "/lead" not in said and "only for the leads" in said


async def test_sessions_end_when_idle_and_on_sign_out(site: Site) -> None:
    csrf = await site.sign_in()
    site.clock.advance(minutes=15)
    assert (await site.client.get("/lead")).status == 200  # in use: the idle time starts again
    site.clock.advance(minutes=21)
    ended = await site.client.get("/lead")
    assert ended.status == 401 and "Your session has ended" in await ended.text()
    csrf = await site.sign_in()
    out = await site.client.post("/lead/sign-out", data={"csrf": csrf})
    assert "You're signed out" in await out.text()
    assert (await site.client.get("/lead")).status == 401

    def sessions(tx: Tx) -> int:
        return len(list(tx.conn.execute(select(lead_sessions))))

    assert await site.store.run(sessions) == 1  # the idle one; purge clears it


async def test_actions_need_the_session_form_token_and_do_what_chat_does(site: Site) -> None:
    reporter = Address("console", "local", "amy", "console:amy")
    flag = await site.flag("ward-7", "Someone was belittled at the nurses' station", hear_back=reporter)
    csrf = await site.sign_in()
    forged = await site.client.post(f"/lead/flags/{flag.id}/mark", data={"status": "seen"}, allow_redirects=False)
    assert forged.status == 403
    assert "Sent, not yet seen" in await (await site.client.get(f"/lead/flags/{flag.id}")).text()
    marked = await site.client.post(f"/lead/flags/{flag.id}/mark", data={"status": "seen", "csrf": csrf})
    assert "Marked as seen" in await marked.text()
    replied = await site.client.post(
        f"/lead/flags/{flag.id}/reply", data={"text": "Thank you. Call Dr Jane Smith on 07700 900123.", "csrf": csrf}
    )
    assert "It will be passed on to the reporter" in await replied.text()

    def thread(tx: Tx) -> list[tuple[str, str]]:
        return [(r.sender, r.text) for r in tx.conn.execute(select(flag_messages))]

    [(sender, text)] = await site.store.run(thread)
    assert sender == "lead" and "07700" not in text and "Thank you." in text  # redacted before it was kept
    actions = [action for action, _ in await site.audit()]
    assert "mark-seen" in actions and "reply" in actions


async def test_another_leads_session_cannot_act_on_my_units(site: Site) -> None:
    theirs = await site.flag("theatres", OTHER_UNIT_WORDS)
    csrf = await site.sign_in()
    refused = await site.client.post(f"/lead/flags/{theirs.id}/mark", data={"status": "seen", "csrf": csrf})
    assert "Nothing was changed" in await refused.text() or refused.status == 404
    assert "mark-seen-denied" in [action for action, _ in await site.audit()]


async def test_every_page_is_kept_out_of_caches_frames_and_referrers(site: Site) -> None:
    await site.flag("ward-7", "A flag")
    paths = ["/lead", "/lead?t=nonsense", "/lead/flags", "/lead/flags/999999"]
    for path in paths:  # signed out: 401 and 410 pages carry them too
        _assert_locked_down(await site.client.get(path), path)
    await site.sign_in()
    for path in [*paths, "/lead/export.csv", "/lead/charts/trend.svg"]:
        _assert_locked_down(await site.client.get(path), path)


def _assert_locked_down(response: object, path: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert "default-src 'self'" in headers["Content-Security-Policy"] or path.endswith(".svg"), path
    assert "frame-ancestors" in headers["Content-Security-Policy"], path
    assert headers["X-Frame-Options"] == "DENY", path
    assert headers["Referrer-Policy"] == "no-referrer", path
    assert headers["Cache-Control"] == "no-store", path


async def test_the_session_cookie_is_http_only_strict_and_secure_over_https(tmp_path: Path, world: World) -> None:
    made, runtime = await _site(tmp_path, world, public_url="https://kinship.example.org")
    try:
        opened = await made.client.get(await made.link())
        nonce_cookie = next(c for c in opened.headers.getall("Set-Cookie") if c.startswith("kinship_sign_in="))
        assert "Secure" in nonce_cookie and "SameSite=Strict" in nonce_cookie
        page = await opened.text()
        nonce = _field(page, "nonce")
        signed = await made.client.post(  # the test client speaks plain HTTP, so it holds back Secure cookies
            "/lead/sign-in",
            data={"t": _field(page, "t"), "nonce": nonce},
            headers={"Cookie": f"kinship_sign_in={nonce}"},
            allow_redirects=False,
        )
        cookie = next(c for c in signed.headers.getall("Set-Cookie") if c.startswith("kinship_lead="))
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" in cookie and "Path=/lead" in cookie
        assert "Max-Age" not in cookie  # gone when the browser closes
    finally:
        await made.client.close()
        await runtime.close()


async def test_the_months_csv_is_the_command_lines(site: Site, tmp_path: Path) -> None:
    for n in range(4):
        await site.flag("ward-7", f"Flag {n}")
    await site.sign_in()
    downloaded = await site.client.get("/lead/export.csv")
    assert downloaded.headers["Content-Disposition"].startswith("attachment")
    out = io.StringIO()
    month = site.clock().date().replace(day=1)
    await export_flags(_config(tmp_path), ["ward-7"], month, out, "ops", now=site.clock())
    assert list(csv.reader(io.StringIO(await downloaded.text()))) == list(csv.reader(io.StringIO(out.getvalue())))


async def test_deleting_my_data_signs_a_lead_out_of_the_dashboard(site: Site) -> None:
    await site.sign_in()
    await site.link()  # one unused link too
    await site.bot.handle(Incoming(WARD_LEAD, text="delete my data"))
    await site.bot.handle(Incoming(WARD_LEAD, action="delete-data:confirm"))

    def left(tx: Tx) -> int:
        return len(list(tx.conn.execute(select(lead_links)))) + len(list(tx.conn.execute(select(lead_sessions))))

    assert await site.store.run(left) == 0
    assert (await site.client.get("/lead")).status == 401
