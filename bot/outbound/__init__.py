"""Outbound delivery: everything Kinship sends without being asked, paced for each platform.

The nudge worker, redelivery of owed replies, the relay to leads and reporters and the lead digest, each
sending through one paced send (:mod:`bot.outbound.sender`); the receipts ledger, retention, and the posting of
a turn's replies that every adapter shares (:mod:`bot.outbound.turn_replies`). Imports the vocabulary, the store
and the dialogue's views; never an adapter (each is handed a :class:`bot.domain.channel.Channel`).
"""
