"""The lead dashboard in a real browser (Debian's Chromium, headless, driven by Playwright).

A lead of one unit (``ward-lead``: Ward 7 only) asks for a link in chat, opens it and signs in, and walks the
overview, its charts, the list of flags (filtered, page 2), one flag, and a phone-sized screen. On every page:
nothing of another unit shows (its name, a flag's words), small counts read "fewer than 3" and never the
number, axe-core finds nothing against WCAG 2.2 AA, nothing loads from another origin and the browser reports
no policy error. Then the ways out: a used link, signing out, and a form posted from another site.

Full-page screenshots go to ``var/test-artefacts/dashboard`` (or ``$KINSHIP_ARTEFACTS/dashboard``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from bot.cli.demo_flags import add_demo_flags
from bot.store.tables import flags
from tests.dashboard_helpers import (
    LiveDashboard,
    artefacts_dir,
    axe_script,
    axe_violations,
    describe,
    launch_options,
    need_browser,
)

UNIT = "ward-7"
UNIT_NAME = "Ward 7 (acute medicine)"
OTHER_UNITS = ("Emergency department", "Theatres", "Community nursing", "Outpatients")
OTHER_WORDS = "the quokka teapot was hurled across the sluice room"  # a flag in the emergency department
K = 3
# the browser's own note of a page answered with an error status (the pages that are meant to be errors)
EXPECTED_STATUS_NOTE = re.compile(r"Failed to load resource: the server responded with a status of (401|403|404|410)")


@dataclass
class Seeded:
    other_flag_id: int
    small_months: list[date]  # Ward 7 months with 1 or 2 flags


@dataclass
class Tab:
    """A page of the lead's browser that records what it loads and what the browser complains of."""

    page: Any
    base: str
    script: str
    requests: list[str] = field(default_factory=list)
    complaints: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    shots: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.complaints.append(f"page error: {error}"))

    def _console(self, message: Any) -> None:
        if message.type == "error" and not EXPECTED_STATUS_NOTE.search(message.text):
            self.complaints.append(message.text)

    def go(self, path_or_url: str, status: int = 200) -> None:
        url = path_or_url if path_or_url.startswith("http") else self.base + path_or_url
        response = self.page.goto(url)
        assert response is not None and response.status == status, (url, response and response.status)

    def check(self, name: str) -> str:
        """Screenshot, axe and the leak check for the page as it is; its visible text."""
        self.page.wait_for_load_state("load")
        shot = artefacts_dir() / f"{name}.png"
        self.page.screenshot(path=str(shot), full_page=True)
        self.shots.append(shot)
        found = axe_violations(self.page, self.script)
        if found:
            self.violations.append(describe(f"{name} ({self.page.url})", found))
        html = self.page.content()
        for words in (*OTHER_UNITS, OTHER_WORDS, "quokka"):
            assert words not in html, f"{name}: another unit's {words!r} is on the page"
        return str(self.page.inner_text("body"))

    def finish(self) -> None:
        """What every walk must end with: no accessibility finding, nothing from elsewhere, screenshots kept."""
        assert not self.violations, "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(self.violations)
        origin = urlsplit(self.base)[:2]
        elsewhere = [url for url in self.requests if urlsplit(url)[:2] != origin]
        assert not elsewhere, f"the dashboard loaded from another origin: {elsewhere}"
        assert not self.complaints, f"the browser complained: {self.complaints}"
        for shot in self.shots:
            assert shot.is_file() and shot.stat().st_size > 0, shot


# --- the dashboard, its data and the browser: one of each for the module ------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    return need_browser()


@pytest.fixture(scope="module")
def site(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDashboard]:
    folder = tmp_path_factory.mktemp("dashboard")
    live = LiveDashboard(f"sqlite:///{folder / 'kinship.db'}").start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def seeded(site: LiveDashboard) -> Seeded:
    now = datetime.now(UTC)
    # Ward 7: about 60 flags over the last six months (three pages; most still new), and two more ten
    # months ago, alone in their month(s); the other units: flags of their own, one with words from chat
    site.store_run(lambda tx: add_demo_flags(tx, [UNIT], 60, now, months=6))
    site.store_run(lambda tx: add_demo_flags(tx, [UNIT], 2, now - timedelta(days=290), months=1, seed=11))
    site.store_run(lambda tx: add_demo_flags(tx, ["emergency-department", "theatres", "outpatients"], 40, now))
    for action in ("flag", "flag:cat:patient-racist-abuse", "flag:unit:emergency-department"):
        site.say("amy", action=action)
    site.say("amy", action="flag:when:today")
    site.say("amy", action="flag:danger:no")
    site.say("amy", OTHER_WORDS)
    sent = site.say("amy", action="flag:send")
    assert "case code" in sent, sent

    def read(tx: Any) -> Seeded:
        conn = tx.conn
        other = conn.execute(select(flags.c.id).where(flags.c.description.contains("quokka"))).scalar_one()
        per_month = conn.execute(
            select(flags.c.submitted_month, func.count()).where(flags.c.unit == UNIT).group_by(flags.c.submitted_month)
        ).all()
        return Seeded(other, [month for month, n in per_month if 0 < n < K])

    found = site.store_run(read)
    assert found.small_months, "the seed should leave Ward 7 a month with fewer than 3 flags"
    return found


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**launch_options(chromium))
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_script()


def open_tab(browser: Any, site: LiveDashboard, axe: str, width: int = 1280) -> Tab:
    context = browser.new_context(viewport={"width": width, "height": 900})
    return Tab(context.new_page(), site.base, axe)


def sign_in(tab: Tab, site: LiveDashboard, user: str = "ward-lead", name: str = "") -> str:
    """Ask for a link in chat, open it, press the button: the link used."""
    link = site.link(user)
    tab.go(link)
    if name:
        tab.check(name)
    tab.page.get_by_role("button", name="Open my dashboard").click()
    tab.page.wait_for_url(site.base + "/lead")
    return link


def heading(tab: Tab) -> str:
    return str(tab.page.get_by_role("heading", level=1).inner_text())


# --- the tests --------------------------------------------------------------------------------------------


def test_a_lead_of_one_unit_sees_their_unit_and_nothing_of_any_other(
    browser: Any, site: LiveDashboard, seeded: Seeded, axe: str
) -> None:
    tab = open_tab(browser, site, axe)
    page = tab.page
    sign_in(tab, site, name="sign-in")
    assert heading(tab) == "Your units at a glance"
    text = tab.check("overview")
    assert UNIT_NAME in text

    # both charts are images that loaded
    page.wait_for_function("() => [...document.images].every(image => image.complete)")
    widths = page.eval_on_selector_all("main img", "images => images.map(image => image.naturalWidth)")
    assert len(widths) == 2 and all(w > 0 for w in widths), widths
    for chart in ("month", "trend"):
        svg = page.request.get(f"{site.base}/lead/charts/{chart}.svg")
        assert svg.ok and "<svg" in svg.text()
        assert not any(name in svg.text() for name in OTHER_UNITS)

    # a month with one or two flags reads "fewer than 3", never the number
    trend = page.locator("table", has=page.locator("caption", has_text="Flags each month")).locator("tbody tr")
    rows = {row.split("\t")[0]: row.split("\t")[1:] for row in trend.all_inner_texts()}
    for month in seeded.small_months:
        label = month.strftime("%b %Y")
        if label in rows:
            assert rows[label] == [f"fewer than {K}"], (label, rows[label])
    assert any(m.strftime("%b %Y") in rows for m in seeded.small_months), (seeded.small_months, rows)

    # the list: Ward 7's flags only, three pages of them
    page.get_by_role("link", name="Flags", exact=True).click()
    assert heading(tab) == "Flags for your units"
    text = tab.check("flags")
    assert "of 6" in text  # "Flags 1 to 20 of 6x"
    units = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert len(units) == 20 and set(units) == {UNIT_NAME}

    # filtered to new flags, page 2
    page.get_by_label("Status").select_option("new")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="Older flags").click()
    assert "Page 2 of" in page.inner_text("nav.pager")
    tab.check("flags-new-page-2")
    assert set(page.locator("tbody tr td:nth-child(4)").all_inner_texts()) == {"New"}

    # one flag
    page.locator("tbody tr th a").first.click()
    assert re.search(r"/lead/flags/\d+$", page.url)
    tab.check("flag")
    assert page.locator("dl.facts dt:text-is('Unit') + dd").inner_text() == UNIT_NAME

    # another unit's flag, asked for by its number, or by a filter: not there
    tab.go(f"/lead/flags/{seeded.other_flag_id}", status=404)
    tab.check("another-units-flag")
    tab.go("/lead/flags?unit=emergency-department")
    tab.check("flags-filtered-to-another-unit")
    assert set(page.locator("tbody tr td:nth-child(2)").all_inner_texts()) == {UNIT_NAME}

    csv = page.request.get(f"{site.base}/lead/export.csv")
    assert csv.ok and UNIT_NAME in csv.text()
    assert not any(name in csv.text() for name in OTHER_UNITS)
    tab.finish()
    page.context.close()


def test_the_dashboard_reads_and_passes_axe_on_a_phone(
    browser: Any, site: LiveDashboard, seeded: Seeded, axe: str
) -> None:
    tab = open_tab(browser, site, axe, width=390)
    page = tab.page
    sign_in(tab, site, name="phone-sign-in")
    tab.check("phone-overview")
    tab.go("/lead/flags")
    tab.check("phone-flags")
    page.locator("tbody tr th a").first.click()
    tab.check("phone-flag")
    sideways = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert sideways <= 0, f"the flag page scrolls sideways on a phone by {sideways}px"
    tab.finish()
    page.context.close()


def test_a_used_link_says_how_to_get_a_new_one(browser: Any, site: LiveDashboard, seeded: Seeded, axe: str) -> None:
    tab = open_tab(browser, site, axe)
    link = sign_in(tab, site)
    tab.go(link, status=410)
    assert heading(tab) == "This link can't be used"
    text = tab.check("link-used")
    assert "To get a new one, type dashboard to Kinship" in text
    assert not tab.page.get_by_role("button", name="Open my dashboard").count()
    tab.finish()
    tab.page.context.close()


def test_after_signing_out_the_dashboard_says_the_session_has_ended(
    browser: Any, site: LiveDashboard, seeded: Seeded, axe: str
) -> None:
    tab = open_tab(browser, site, axe)
    sign_in(tab, site)
    tab.page.get_by_role("button", name="Sign out").click()
    assert heading(tab) == "You're signed out"
    tab.check("signed-out")
    assert not [c for c in tab.page.context.cookies() if c["name"] == "kinship_lead"]
    tab.go("/lead", status=401)
    assert heading(tab) == "Your session has ended"
    text = tab.check("session-ended")
    assert "type dashboard to Kinship" in text
    assert not tab.page.get_by_role("link", name="Flags", exact=True).count()
    tab.finish()
    tab.page.context.close()


def test_mark_seen_works_and_a_form_posted_from_another_site_changes_nothing(
    browser: Any, site: LiveDashboard, seeded: Seeded, axe: str
) -> None:
    tab = open_tab(browser, site, axe)
    page = tab.page
    sign_in(tab, site)
    tab.go("/lead/flags?status=new")
    page.locator("tbody tr th a").first.click()
    flag_id = int(page.url.rsplit("/", 1)[1])
    status = page.locator("dl.facts dt:text-is('Status') + dd")
    assert status.inner_text() == "Sent, not yet seen by a lead"

    # another site's page, open in the same browser while the lead is signed in, posts "mark seen" for them
    attack = site.serve_page(
        f"""<!doctype html><html lang="en"><title>Win a prize</title><body>
        <form method="post" action="{site.base}/lead/flags/{flag_id}/mark">
        <input type="hidden" name="status" value="seen"><input type="hidden" name="csrf" value="guess"></form>
        <script>document.forms[0].submit()</script></body></html>"""
    )
    other = page.context.new_page()
    other.goto(attack)
    other.wait_for_url(f"{site.base}/lead/flags/{flag_id}/mark")
    refused = other.get_by_role("heading", level=1).inner_text()
    assert refused in ("Your session has ended", "That didn't go through"), refused
    other.close()
    page.reload()
    assert status.inner_text() == "Sent, not yet seen by a lead"
    assert site.store_run(lambda tx: tx.conn.execute(select(flags.c.status).where(flags.c.id == flag_id)).scalar()) == (
        "new"
    )

    # the lead's own button does it
    page.get_by_role("button", name="Mark seen").click()
    page.wait_for_url(re.compile(r"done=mark"))
    assert page.get_by_role("status").inner_text() == "Marked as seen."
    assert status.inner_text() == "Seen by a lead"
    tab.check("flag-marked-seen")
    tab.finish()
    page.context.close()
