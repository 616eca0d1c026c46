"""The command line: ``python -m bot`` dispatch and the commands that are not a server.

May import anything in ``bot`` (it sits on top); imports adapters and the composition root lazily.
"""
