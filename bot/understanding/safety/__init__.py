"""The support screen: `needs_support(text)` spots messages whose writer may be at risk now.

Part of the understanding layer: imports only the standard library and `bot.understanding.prefilter`.
The full description and its honest limits are in `bot.understanding.safety.screen`.
"""

from __future__ import annotations

from bot.understanding.safety.screen import needs_support

__all__ = ["needs_support"]
