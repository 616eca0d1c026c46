"""Text in, meaning out: the support screen, the script matcher and redaction.

Pure functions over strings and content, no I/O: imports only :mod:`bot.domain`, the standard library and
`english_words` (a data-only dictionary package). `safety` (the support screen, `needs_support`) and `privacy`
(redaction, `redact`) are packages of small modules; `prefilter` speeds up the screen; `scripts` matches a
described situation to bystander scripts.
"""
