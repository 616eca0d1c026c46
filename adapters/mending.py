"""Parsed JSON from a platform, mended before anything reads it: a lone surrogate (JSON allows ``"\\ud800"``;
no database can store it, and it would lose a reflection) becomes U+FFFD. Shared by the Slack and Teams
adapters."""

from __future__ import annotations

import re
from typing import Any

LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON's decoder joins real pairs: any left is alone
# what a JSON text needs to hold for its parsed value to hold a surrogate at all: a ``\uD800``-``\uDFFF`` escape,
# or a surrogate itself (text decoded from UTF-8 has none)
SURROGATE_ESCAPE = re.compile("\\\\u[dD][89a-fA-F]|[\ud800-\udfff]")


def may_need_mending(json_text: str) -> bool:
    """False when the value parsed from ``json_text`` cannot hold a surrogate, so :func:`mend` has nothing to
    do: a cheap look at the text instead of a walk over every string of the payload."""
    return SURROGATE_ESCAPE.search(json_text) is not None


def mend(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings (and keys) replaced by U+FFFD, in place where it can
    be (dicts and lists); returns the mended value. Walks without recursion, however deep the JSON."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    stack = [value]
    while stack:
        node = stack.pop()
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, item in items:
            if isinstance(item, str):
                node[key] = LONE_SURROGATE.sub("\ufffd", item)
            elif isinstance(item, dict | list):
                stack.append(item)
            if isinstance(key, str) and LONE_SURROGATE.search(key):
                node[LONE_SURROGATE.sub("\ufffd", key)] = node.pop(key)
    return value
