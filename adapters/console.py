"""Chat with Kinship in a terminal.

Interactive in a terminal (line editing and history through ``readline``), or one message per line from a
pipe so it can be scripted. Each reply prints as text; buttons print as numbered options (``[1] Pause``),
and typing the number or the label presses the button.

A number typed before this process has shown any options (the chat was left mid-flag and started again) cannot
be known: it is answered here, and never reaches the bot as words, so the step that was waiting is kept.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.domain.channel import Handler
from bot.domain.types import Address, Button, Incoming, Place, Reply

QUIT_WORDS = {"quit", "exit", "bye", ":q"}
HISTORY_FILE = Path("var") / "console_history"


class ConsoleChannel:
    name = "console"

    def __init__(
        self,
        handle: Handler,
        *,
        user: str,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.handle = handle
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.address = Address(platform="console", tenant="local", user=user, conversation=f"console:{user}")
        self.buttons: list[Button] = []
        self.shown = False  # whether this process has shown anything yet (and so any numbered options)
        self.interactive = self.stdin.isatty() and self.stdout.isatty()
        self._stopping = False

    def mount(self, web_app: Any) -> None:
        """The console has no HTTP routes."""

    async def stop(self) -> None:
        self._stopping = True

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        self._print(replies)

    async def start(self) -> None:
        """Run the chat until end of input or 'quit'."""
        if self.interactive:
            self._enable_line_editing()
            self.stdout.write("Kinship: kindness and allyship, two minutes a day. Type help, or quit to leave.\n")
        loop = asyncio.get_running_loop()
        while not self._stopping:
            line = await loop.run_in_executor(None, self._read_line)
            if line is None or line.strip().lower() in QUIT_WORDS:
                break
            if not self.shown and line.strip().isdigit():
                self._write([unknown_number(line.strip())])  # still nothing shown: a second number is refused too
                continue
            replies = await self.handle(self._to_incoming(line))
            self._print(replies)
        if self.interactive:
            self._save_history()

    def _read_line(self) -> str | None:
        if self.interactive:
            try:
                return input("you> ")
            except EOFError:
                return None
        line = self.stdin.readline()
        return None if line == "" else line.rstrip("\r\n")

    def _to_incoming(self, line: str) -> Incoming:
        button = self._pressed(line)
        if button is not None:
            return Incoming(address=self.address, action=button.value)
        return Incoming(address=self.address, text=line)

    def _pressed(self, line: str) -> Button | None:
        choice = line.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(self.buttons):
            return self.buttons[int(choice) - 1]
        folded = choice.casefold()
        return next((b for b in self.buttons if b.label.casefold() == folded), None) if folded else None

    def _print(self, replies: Sequence[Reply]) -> None:
        """The bot's replies; their buttons are what numbers mean from now on."""
        self.shown = True
        self._write(replies)

    def _write(self, replies: Sequence[Reply]) -> None:
        self.buttons = []
        out = []
        for reply in replies:
            if reply.title:
                out.append(f"== {reply.title} ==")
            out.append(reply.text)
            for button in reply.buttons:
                self.buttons.append(button)
                out.append(f"  [{len(self.buttons)}] {button.label}")
            out.append("")
        self.stdout.write("\n".join(out) + "\n")
        self.stdout.flush()

    def _enable_line_editing(self) -> None:
        try:
            import readline
        except ImportError:  # pragma: no cover - not on every platform
            return
        try:
            readline.read_history_file(HISTORY_FILE)
        except OSError:
            pass
        readline.set_history_length(500)

    def _save_history(self) -> None:
        try:
            import readline

            HISTORY_FILE.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(HISTORY_FILE)
        except (ImportError, OSError):
            pass


def unknown_number(number: str) -> Reply:
    """A number typed before any options were shown in this chat: nothing is done with it."""
    return Reply(
        f"I can't tell what {number} means: numbers pick from the options shown in this chat, and none have been "
        "shown since it started. I haven't done anything with it. Please type your answer in words instead."
    )


class ConsoleTeamChannel(ConsoleChannel):
    """A team's channel in a terminal, to try team reflection as a team would (``chat --channel NAME``).

    Each line is said in the channel by the current speaker (``--user`` at first). ``as amy: words`` says it
    as amy (``as amy`` alone switches); ``@kinship …`` mentions Kinship (set up, pause, status…); ``> words``
    answers in the thread of Kinship's latest post; ``dm: words`` says it to Kinship directly (an answer kept
    private, say); a number or a button's label presses that button; and
    ``/week`` moves the clock on to the next thing due here (the question, or the week's summary) and runs the
    worker's pass, so it appears. What Kinship says to one person only is marked as such.
    """

    def __init__(self, handle: Handler, *, user: str, channel: str, **streams: Any) -> None:
        super().__init__(handle, user=user, **streams)
        self.channel = channel
        self.thread = ""  # Kinship's latest post here: where "> …" answers
        self.posted = 0
        self.advance: Callable[[], Awaitable[str]] | None = None  # set by the wiring: /week

    async def post_in_channel(self, tenant: str, place: Place, reply: Reply) -> str:
        self.posted += 1
        self.buttons = []
        post = f"console-post-{self.posted}"
        where = "in the thread" if place.thread else f"#{place.channel}"
        self.stdout.write(f"[{where}] Kinship:\n{_shown(reply, self._number)}\n")
        self.stdout.flush()
        self.thread = place.thread or post
        return post

    def _number(self, button: Button) -> int:
        self.buttons.append(button)
        return len(self.buttons)

    async def start(self) -> None:
        if self.interactive:
            self._enable_line_editing()
            self.stdout.write(TEAM_HELP + "\n")
        loop = asyncio.get_running_loop()
        while not self._stopping:
            line = await loop.run_in_executor(None, self._read_line)
            if line is None or line.strip().lower() in QUIT_WORDS:
                break
            await self._line(line.strip())
        if self.interactive:
            self._save_history()

    async def _line(self, line: str) -> None:
        if line == "/week":
            said = await self.advance() if self.advance is not None else "Nothing is scheduled here."
            self.stdout.write(said + "\n")
            return
        speaker = re.match(r"^as\s+([\w.-]+)\s*:?\s*(.*)$", line, re.IGNORECASE)
        if speaker:
            user = speaker.group(1).lower()
            self.address = Address("console", "local", user, "")
            self.stdout.write(f"(now speaking as {user})\n")
            line = speaker.group(2).strip()
        if not line:
            return
        self._print_for(await self.handle(self._said(line)))

    def _said(self, line: str) -> Incoming:
        button = self._pressed(line)
        if button is not None:
            return Incoming(self.address, action=button.value, place=Place(self.channel, self.thread))
        if line.lower().startswith("dm:"):  # to Kinship directly, in their one-to-one chat
            user = self.address.user
            return Incoming(Address("console", "local", user, f"console:{user}"), text=line[3:].strip())
        answering = line.startswith(">")
        text = line.lstrip("> ").strip() if answering else line
        place = Place(self.channel, self.thread if answering else "", mentioned=line.lower().startswith("@kinship"))
        return Incoming(self.address, text=text, place=place)

    def _print_for(self, replies: Sequence[Reply]) -> None:
        if not replies:
            return  # nothing said: the options shown last still stand
        self.shown = True
        self.buttons = []
        for reply in replies:
            who = f"#{self.channel}" if reply.audience == "channel" else f"only {self.address.user} can see this"
            self.stdout.write(f"[{who}] Kinship:\n{_shown(reply, self._number)}\n")
        self.stdout.flush()


def _shown(reply: Reply, number: Callable[[Button], int]) -> str:
    lines = ([f"== {reply.title} =="] if reply.title else []) + [reply.text]
    lines += [f"  [{number(button)}] {button.label}" for button in reply.buttons]
    return "\n".join(lines) + "\n"


TEAM_HELP = (
    "A team channel in your terminal. Type what people say here. 'as amy: words' speaks as amy; "
    "'@kinship every Monday at 10:00' sets Kinship up (as a lead); '> words' answers in the thread of "
    "Kinship's latest post; 'dm: words' writes to Kinship privately; '/week' moves time on to the next "
    "question or summary; quit to leave."
)
