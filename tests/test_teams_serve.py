"""`python -m bot serve` with Teams switched on (anonymous, local-testing mode), as a real process: a message
POSTed to /api/messages is answered through the fake connector, and the INFO log names nobody."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import aiohttp

from tests.helpers import wait_until_up
from tests.teams_fake import FakeConnector, activity_from
from tests.test_serve import free_port


async def test_serve_answers_teams_messages_and_logs_no_one(tmp_path: Path) -> None:
    connector = await FakeConnector().start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEAMS_", "Microsoft", "CONNECTIONS__", "SLACK_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'k.db'}",
        KINSHIP_WORKER="off",
        TEAMS_ALLOW_ANONYMOUS="true",
        PORT=str(port),
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    activity = activity_from("02_message_personal_chat.json", connector.service_url, text="lesson")
    try:
        async with aiohttp.ClientSession() as http:
            await wait_until_up(http, port)
            async with http.post(f"http://127.0.0.1:{port}/api/messages", json=activity) as response:
                assert response.status == 202
        cards = connector.cards(activity["conversation"]["id"])
        assert any("Try this today" in json.dumps(card) for card in cards)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=15)
        await connector.stop()
    log = err.decode()
    assert proc.returncode == 0, log
    assert "adapter teams started: TEAMS_ALLOW_ANONYMOUS=true" in log
    assert "Traceback" not in log
    for private in ("Megan", activity["from"]["aadObjectId"], activity["from"]["id"], activity["conversation"]["id"]):
        assert private not in log
