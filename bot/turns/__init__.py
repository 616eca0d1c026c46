"""One turn, end to end: ``Bot.handle(incoming) -> replies`` around the pure dialogue.

The shell (lock, transaction, idempotency) and the runners that carry out each effect. Imports the
vocabulary, the dialogue, the store and the receipts ledger; never an adapter.
"""
