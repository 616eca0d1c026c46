"""The lead dashboard: server-rendered pages on ``serve``'s own aiohttp app (``GET /lead`` and below).

A lead gets in through a single-use link made in chat (the ``dashboard`` command), and sees only their own
units, with the same suppression, the same runners and the same audit rows as the review in chat. This
package may import the domain, understanding, the dialogue's wording, the store and the turns' runners; it
is the one part of ``bot/`` besides the wiring that may import aiohttp (and Jinja2 and pygal), and only
``bot.app`` loads it, lazily, so the console never does.
"""
