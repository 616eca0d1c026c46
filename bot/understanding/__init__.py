"""Text in, meaning out: the support screen, the script matcher and redaction.

Pure functions over strings and content, no I/O: imports only :mod:`bot.domain` and the standard library.
"""
