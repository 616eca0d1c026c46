"""The composition root: builds the world, the store, the bot and the adapters, and runs them.

May import any layer. The only place (with :mod:`bot.cli`) that may import an adapter or the web server, and
only lazily, inside functions, so ``import bot`` loads no platform SDK. :mod:`.compose` builds,
:mod:`.web` is the aiohttp app, :mod:`.lifecycle` runs and stops the processes, :mod:`.metrics` counts.
"""
