"""Every message Kinship sends, as pure functions of content and data, one module per journey.

Wording follows ``content-style.md``: short, warm, plain; every reply makes the next step obvious and keeps a
way back to help. Views import the domain and :mod:`bot.dialogue.actions` only. Import from the journey's
module: this package re-exports nothing.
"""
