"""The composition root: builds the world, the store, the bot and the adapters, and runs them.

The only place (with :mod:`bot.cli`) that may import an adapter or the web server, and only lazily, inside
functions, so ``import bot`` loads no platform SDK.
"""
