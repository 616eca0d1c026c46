"""One turn, end to end: ``Bot.handle(incoming) -> replies`` around the pure dialogue.

``handler`` is the shell (lock, transaction, idempotency); ``runners`` carry out each effect, ``flag_rules``
hold the flag journey's database rules and ``home`` builds the app home page. Imports the vocabulary, the
dialogue, the store and the receipts ledger; never an adapter.
"""
