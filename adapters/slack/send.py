"""Posting rendered messages, and turning Slack's refusals into the core's two outcomes that matter.

The web client carries a rate-limit retry handler, so a short ``Retry-After`` is waited out inside the SDK;
a long one (or a second 429) reaches here as ``ratelimited`` and becomes :class:`~bot.domain.channel.RateLimited`,
so the nudge worker can pace the whole workspace instead of one send sleeping. Errors that mean "this
person cannot be messaged" become :class:`~bot.domain.channel.Undeliverable`, so they stop being scheduled until
they write again. Anything else is left as it is: the caller treats it as a passing failure.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import Message
from bot.domain.channel import RateLimited, Undeliverable

# Slack error codes meaning the person (or the whole install) can no longer be reached from here.
UNREACHABLE = frozenset(
    {
        "account_inactive",  # the user is deactivated, or the token belongs to a deleted workspace/user
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_auth",  # the app was removed, or its token rotated away
        "token_revoked",
        "account_deleted",
    }
)


class PatientRateLimitRetryHandler(AsyncRateLimitErrorRetryHandler):
    """Slack SDK's 429 handler, waiting only when Slack asks for at most ``max_wait`` seconds.

    A longer ``Retry-After`` is passed straight back (as ``ratelimited``) rather than slept through: for a
    reply that keeps a person waiting, and for a nudge it holds up the worker; both callers do better
    knowing at once.
    """

    def __init__(self, max_retry_count: int = 1, max_wait: float = 5.0) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        return retry_after(response.headers) <= self.max_wait

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:  # pragma: no cover - _can_retry_async never allows it
            raise error or RuntimeError("retry without a response")
        state.next_attempt_requested = True
        wait = retry_after(response.headers)
        await asyncio.sleep(wait + random.uniform(0, 0.25))  # a little jitter so workers do not retry in step
        state.increment_current_attempt()


def retry_handlers() -> list[AsyncRetryHandler]:
    return [PatientRateLimitRetryHandler()]


def retry_after(headers: Mapping[str, Any]) -> float:
    for key, value in headers.items():
        if key.lower() == "retry-after":
            first = value[0] if isinstance(value, list | tuple) else value
            try:
                return max(0.0, float(first))
            except (TypeError, ValueError):
                return 1.0
    return 1.0


def error_code(exc: SlackApiError) -> str:
    return str(exc.response.get("error") or exc.response.status_code)


def as_channel_error(exc: SlackApiError) -> Exception:
    """The exception the Channel protocol promises for this Slack refusal (or ``exc`` itself)."""
    code = error_code(exc)
    if exc.response.status_code == 429 or code == "ratelimited":
        return RateLimited(retry_after(exc.response.headers or {}), "slack: ratelimited")
    if code in UNREACHABLE:
        return Undeliverable(code)
    return exc


class OffRecordRefused(SlackApiError):
    """Slack refused an off-the-record (ephemeral) post. It is never posted in the open instead: that would put
    a case code or a flag's words in the conversation's stored history. The caller counts it as it counts any
    failed send (a reporter's flag turns are never kept as owed, so those are not sent again: the person can
    type ``status``)."""


async def post(
    client: AsyncWebClient,
    channel: str,
    messages: Sequence[Message],
    thread_ts: str | None = None,
    *,
    only_for: str = "",
) -> str:
    """Post each message in order; the first one's ``ts`` (``""`` for ephemeral ones, which have none to
    reply to). With ``only_for`` (a user id), each is ephemeral (``chat.postEphemeral``): only that person sees
    it, and Slack keeps it in no history or export. Raises SlackApiError on the first refusal
    (:class:`OffRecordRefused` for an ephemeral one)."""
    first = ""
    for message in messages:
        kwargs: dict[str, Any] = {"channel": channel, "text": message.text, "blocks": message.blocks}
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        if not only_for:
            response = await client.chat_postMessage(unfurl_links=False, unfurl_media=False, **kwargs)
            first = first or str(response.get("ts") or "")
            continue
        try:
            await client.chat_postEphemeral(user=only_for, **kwargs)
        except SlackApiError as exc:
            raise OffRecordRefused("chat.postEphemeral refused", exc.response) from exc
    return first
