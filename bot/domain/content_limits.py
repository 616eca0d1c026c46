"""Length limits shared by the content readers (lessons, scripts, signposts, answers)."""

from __future__ import annotations

LIMITS = {
    "lesson_body_words": 120,
    "lesson_try_words": 40,
    "recap_question_words": 30,
    "recap_answer_words": 40,
    "title_chars": 60,
    "prompt_words": 60,
    "script_visible_words": 350,
    "summary_words": 50,
    "signpost_detail_chars": 200,
    "for_you_words": 300,  # opening, now, tell and support together
    "answer_words": 90,
    "question_words": 20,
}
MIN_SCRIPT_EXAMPLES = 8
ANSWER_QUESTIONS = (6, 12)  # an answer lists this many ways people ask it (at least, at most)

# A script's record line must say whose agreement is needed: it contains one of these (any case).
CONSENT_MARKERS = (
    "agree",
    "say-so",
    "their choice",
    "they decide",
    "they want",
    "their call",
    "you decide",
    "your choice",
    "your call",
    "consent",
    "permission",
)
SIGNPOST_STALE_DAYS = 365  # a signpost checked longer ago than this gets a warning (not an error)

# A script's Direct line must be conditioned on safety: it contains one of these (any case).
SAFE_DIRECT_MARKERS = (
    "if it's safe",
    "if it’s safe",
    "if it feels safe",
    "if it doesn't feel safe",
    "if it doesn’t feel safe",
    "if you feel safe",
    "private and safe",
)
