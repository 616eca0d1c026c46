"""The botbuilder anchor for the Teams benchmark: a bare Bot Framework SDK (botbuilder) echo bot.

Run with the anchor virtualenv's Python (``make bench`` creates ``.venv-anchors`` with botbuilder in it:
the SDK reached end of support on 31 December 2025 and is never a dependency of Kinship itself). It uses
nothing from this repository. Prints ``READY <port>`` once listening on 127.0.0.1.
"""

import asyncio

from aiohttp import web
from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication


class _Settings:
    APP_ID = ""  # no credentials: the SDK skips authentication, as in local testing
    APP_PASSWORD = ""
    APP_TYPE = "MultiTenant"
    APP_TENANTID = ""


class Echo(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(f"You said: {turn_context.activity.text}")


async def main() -> None:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(_Settings()))
    bot = Echo()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(f"READY {site._server.sockets[0].getsockname()[1]}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
