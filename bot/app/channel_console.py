"""``python -m bot chat --channel NAME``: try team reflection in a terminal, as a team channel would have it.

The console stands in for a Slack channel or a Teams team channel: people speak in turn (``as amy: …``),
mention Kinship to set it up, and answer in the question's thread. ``/week`` moves this process's clock on to
the next thing due in the channel and runs the worker's team pass (:mod:`bot.outbound.team_posts`), so the
week's question, and six days later its summary, appear without waiting a week.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.app.compose import build_runtime
from bot.domain.config import Config
from bot.domain.types import system_clock
from bot.outbound.pacing import Pacer
from bot.outbound.team_posts import TeamPosts


class MovableClock:
    """The real time, plus however far ``/week`` has moved it on."""

    def __init__(self) -> None:
        self.ahead = timedelta(0)

    def __call__(self) -> datetime:
        return system_clock() + self.ahead

    def move_to(self, moment: datetime) -> None:
        self.ahead += max(timedelta(0), moment - self())


async def run_channel_console(config: Config, user: str, channel: str) -> int:
    from adapters.console import ConsoleTeamChannel  # lazy: keeps start-up fast and the core SDK-free

    clock = MovableClock()
    runtime = await build_runtime(config, clock)
    try:
        console = ConsoleTeamChannel(runtime.bot.handle, user=user, channel=channel)
        team = TeamPosts(
            runtime.store, runtime.bot.world, {"console": console}, Pacer({"console": 100.0}), owner="console"
        )

        async def next_week() -> str:
            schedule = await runtime.store.run(lambda tx: tx.team_channel("console", "local", channel))
            if schedule is None:
                return "(Kinship isn't set up here yet. As a lead, try: @kinship every Monday at 10:00)"
            due = [m for m in (schedule.summary_due_at, None if schedule.paused else schedule.next_post_at) if m]
            if not due:
                return "(Nothing is due here: team reflection is paused.)"
            clock.move_to(min(due))
            done = await team.run_once(clock)
            quiet = " Fewer than 3 people answered, so there's no summary, and the answers are deleted." * bool(
                done.quiet_weeks
            )
            return f"(It's now {clock():%A %-d %b, %H:%M}.){quiet}"

        console.advance = next_week
        await console.start()
    finally:
        await runtime.close()
    return 0
