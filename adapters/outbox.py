"""A channel that writes each proactive message as one JSON line to a file.

For places with no chat platform to deliver to: local trials of the nudge worker (``KINSHIP_OUTBOX``),
cron dry-runs, and tests that run real worker processes. Each line is written with a single ``write``
on a file opened for appending, so several worker processes can share one file safely.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.domain.types import Address, Reply


class OutboxChannel:
    name = "outbox"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = None

    def mount(self, web_app: Any) -> None:
        """No HTTP routes."""

    async def start(self) -> None:
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    async def stop(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        if self._fd is None:
            await self.start()
        assert self._fd is not None
        line = json.dumps(
            {
                "platform": address.platform,
                "tenant": address.tenant,
                "user": address.user,
                "replies": [
                    {"title": r.title, "text": r.text, "buttons": [b.label for b in r.buttons]} for r in replies
                ],
            },
            ensure_ascii=False,
        )
        os.write(self._fd, (line + "\n").encode())
