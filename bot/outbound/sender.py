"""One proactive send, paced and classified: the step every outbound loop shares.

Wait for the platform's token bucket (when a pacer is given), hand the replies to the channel, and say what
happened as one small value: :class:`Sent`, :class:`Gone` (the person can no longer be reached),
:class:`RetryAfter` (the platform asked us to slow down; the bucket is then blocked that long) or
:class:`Failed` (anything else, a passing failure). Nothing here logs or touches the database: what each
outcome means (retry, drop, mark unreachable) belongs to the loop that sent it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.channel import Channel, RateLimited, Undeliverable
from bot.domain.types import Address, Reply
from bot.outbound.pacing import Pacer


@dataclass(frozen=True)
class Sent:
    """The platform accepted the replies."""


@dataclass(frozen=True)
class Gone:
    """The person can no longer be messaged (blocked, uninstalled, deactivated)."""

    reason: str  # the adapter's reason, e.g. Slack's "account_inactive": it never quotes the replies
    kind: str = "Undeliverable"  # the exception's class name


@dataclass(frozen=True)
class RetryAfter:
    """The platform asked us to wait ``seconds`` before sending again."""

    seconds: float
    kind: str = "RateLimited"  # the exception's class name


@dataclass(frozen=True)
class Failed:
    """Any other failure, treated as passing. Only the class name is kept: the message may quote the replies."""

    kind: str


Outcome = Sent | Gone | RetryAfter | Failed


async def send_paced(
    channel: Channel,
    address: Address,
    replies: Sequence[Reply],
    *,
    pacer: Pacer | None,
    block_on_rate_limit: bool = True,
) -> Outcome:
    """Send ``replies`` to ``address`` once, waiting for ``pacer``'s bucket first (no wait when None).

    On a rate limit the bucket of ``address``'s (platform, tenant) is blocked for the platform's retry-after,
    unless ``block_on_rate_limit`` is false (the redelivery pass does not block it for a last attempt).
    Cancellation (``asyncio.timeout``, shutdown) is not an outcome: it propagates.
    """
    if pacer is not None:
        await pacer.acquire(address.platform, address.tenant)
    try:
        await channel.send(address, replies)
    except Undeliverable as exc:
        return Gone(str(exc), type(exc).__name__)
    except RateLimited as exc:
        if pacer is not None and block_on_rate_limit:
            pacer.back_off(address.platform, address.tenant, exc.retry_after)
        return RetryAfter(exc.retry_after, type(exc).__name__)
    except Exception as exc:  # the name only, never the message
        return Failed(type(exc).__name__)
    return Sent()
