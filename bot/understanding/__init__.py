"""Text in, meaning out: triage, the support screen, the script matcher, answers and redaction.

Pure functions over strings and content, no I/O beyond reading the triage model file once: imports only
:mod:`bot.domain`, the standard library and `english_words` (a data-only dictionary package); training the
triage model alone imports scikit-learn, inside the function that trains. `triage` (who a message is about,
and whether it is a situation at all) reads with `safety` (the support screen) beside a trained model;
`privacy` (redaction, `redact`) and `safety` are packages of small modules; `prefilter` speeds up the
screen; `scripts` matches a described situation to bystander scripts; `answers` finds a content answer.
"""
