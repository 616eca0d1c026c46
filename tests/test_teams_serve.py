"""`python -m bot serve` with Teams switched on (anonymous, local-testing mode), as a real process: a message
POSTed to /api/messages is answered through the fake connector, and the INFO log names nobody."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path

import aiohttp

from tests.servers import environment_without_platforms, free_port, spawn_kinship, wait_until_up
from tests.teams_fake import FakeConnector, activity_from


async def test_serve_answers_teams_messages_and_logs_no_one(tmp_path: Path) -> None:
    connector = await FakeConnector().start()
    port = free_port()
    env = environment_without_platforms(
        DATABASE_URL=f"sqlite:///{tmp_path / 'k.db'}",
        KINSHIP_WORKER="off",
        TEAMS_ALLOW_ANONYMOUS="true",
        PORT=str(port),
    )
    proc = await spawn_kinship("serve", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
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
