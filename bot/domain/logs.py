"""Log set-up: one JSON object per line for the server processes, plain text for people, and a request id.

``KINSHIP_LOG_FORMAT=json|text`` chooses (default: ``json`` for ``serve`` and ``worker``, whose logs go to
a collector; ``text`` for everything else, which a person reads). Every line carries the id of the HTTP
request it belongs to (``request_id``, empty outside a request), so the lines of one turn can be found
together; the id comes from :data:`REQUEST_ID`, which the web app's middleware sets per request and which
asyncio copies into every task the request starts.

What goes in a log line is decided where it is written, not here: message text, names and user, team,
tenant or conversation ids never at INFO or above, secrets never (see the README's "Logs" section).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

REQUEST_ID: ContextVar[str] = ContextVar("kinship_request_id", default="")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_OUR_PACKAGES = ("bot", "adapters")
# platform SDKs log whole activities and payloads at DEBUG (conversation ids at the moment a flag is sent):
# they stay at INFO even when Kinship's own logs go to DEBUG
_PLATFORM_SDKS = ("microsoft_agents", "slack_bolt", "slack_sdk", "msal")
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def request_id(offered: str | None = None) -> str:
    """The caller's ``X-Request-Id`` when it is a short, safe token (so it can be logged as it is); else a new one."""
    if offered and _SAFE_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex[:16]


class _WithRequestId(logging.Filter):
    """Stamps each record with the current request id, for both formats."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id"[, "exception"]}``, one object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or REQUEST_ID.get(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def where(error: BaseException) -> str:
    """`` at file.py:line`` of the innermost frame of Kinship's own code that ``error`` passed through (else the
    innermost frame): enough to find a problem from a one-line log, without the payload a message could quote."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if any(part in Path(f.filename).parts for part in _OUR_PACKAGES)]
    candidates = ours or frames
    if not candidates:
        return ""
    frame = candidates[-1]
    return f" at {Path(frame.filename).name}:{frame.lineno}"


def configure(level: str, fmt: str, stream: TextIO | None = None) -> None:
    """Route every logger to ``stream`` (stderr) at ``level`` in format ``fmt`` (``json`` or ``text``)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(_WithRequestId())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    if level != "DEBUG":  # alembic lists every plugin it loads at INFO on each start: noise for an operator
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    for sdk in _PLATFORM_SDKS:
        logging.getLogger(sdk).setLevel(max(logging.INFO, logging.getLevelName(level)))
