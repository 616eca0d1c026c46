"""Connector clients that live for the process, not for one turn.

The SDK's default factory builds a new connector client for every turn: a new aiohttp session (so a new
TCP connection to the connector) and a scan of the installed packages for a version string. Under load that
is most of what a turn costs. This factory keeps one client per (service URL, access token) and hands the
adapter a thin wrapper whose ``close()`` does nothing, so the adapter's end-of-turn clean-up leaves it open.
Tokens are part of the key, so a refreshed token gets a fresh client; the oldest clients are closed once
more than ``MAX_CLIENTS`` are held. Requests the SDK treats specially (agentic identities, Copilot Studio
connector users) go to the SDK's own factory unchanged.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from microsoft_agents.activity import RoleTypes
from microsoft_agents.hosting.core.rest_channel_service_client_factory import RestChannelServiceClientFactory

MAX_CLIENTS = 32


class _KeptOpen:
    """Everything the wrapped client does, except closing: the factory closes it when it is dropped."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    async def close(self) -> None:
        return None


class ReusingClientFactory(RestChannelServiceClientFactory):
    def __init__(self, connection_manager: Any) -> None:
        super().__init__(connection_manager)
        self._clients: OrderedDict[tuple[str, str], Any] = OrderedDict()

    async def create_connector_client(
        self,
        context: Any,
        claims_identity: Any,
        service_url: str,
        audience: str,
        scopes: list[str] | None = None,
        use_anonymous: bool = False,
    ) -> Any:
        activity = context.activity if context else None
        special = activity is not None and (
            activity.is_agentic_request()
            or (activity.recipient is not None and activity.recipient.role == RoleTypes.connector_user)
        )
        if special or not service_url or not audience:
            return await super().create_connector_client(
                context, claims_identity, service_url, audience, scopes, use_anonymous
            )
        provider = (
            self._ANONYMOUS_TOKEN_PROVIDER
            if use_anonymous
            else self._connection_manager.get_token_provider(claims_identity, service_url)
        )
        token = await provider.get_access_token(audience, scopes or claims_identity.get_token_scope()) or ""
        key = (service_url, token)
        client = self._clients.get(key)
        if client is None:
            client = await super().create_connector_client(
                context, claims_identity, service_url, audience, scopes, use_anonymous
            )
            self._clients[key] = client
            while len(self._clients) > MAX_CLIENTS:
                _, oldest = self._clients.popitem(last=False)
                await oldest.close()
        else:
            self._clients.move_to_end(key)
        return _KeptOpen(client)

    async def create_user_token_client(self, context: Any, claims_identity: Any, use_anonymous: bool = False) -> Any:
        """Kinship uses no user sign-in, so only the anonymous client is reused; others are the SDK's own."""
        if not use_anonymous:
            return await super().create_user_token_client(context, claims_identity, use_anonymous)
        key = ("user-token", claims_identity.get_app_id() or "")
        client = self._clients.get(key)
        if client is None:
            client = await super().create_user_token_client(context, claims_identity, use_anonymous)
            self._clients[key] = client
        return _KeptOpen(client)

    async def close(self) -> None:
        while self._clients:
            _, client = self._clients.popitem()
            await client.close()
