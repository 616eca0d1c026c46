"""The conversation, one module per journey, and the router that hands each message to one of them.

Pure like the rest of :mod:`bot.dialogue`: flows read a :class:`~bot.dialogue.model.TurnInput` and fill in a
:class:`~bot.dialogue.model.TurnOutput` from the domain, understanding, actions and their journey's views.
"""
