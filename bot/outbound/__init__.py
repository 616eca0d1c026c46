"""Outbound delivery: everything Kinship sends without being asked, paced for each platform.

The nudge worker, redelivery of owed replies, the relay to leads and reporters, the lead digest, receipts
and retention. Imports the vocabulary, the store and the dialogue's views; never an adapter (each is handed a
:class:`bot.domain.channel.Channel`).
"""
