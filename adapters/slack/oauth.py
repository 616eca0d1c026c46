"""Multi-workspace installs (OAuth): where installations live, with their tokens encrypted at rest.

Slack SDK's SQLAlchemy installation store keeps its own two tables (``slack_installations`` and
``slack_bots``) in our database; we never touch the core's tables or migrations. On PostgreSQL it runs on
asyncpg (the driver the core uses); on SQLite the standard library driver is synchronous, so each call runs
on a worker thread (installations are read once per workspace and cached, and written only on install).

Every token is encrypted with Fernet (AES-128-CBC with HMAC-SHA256) using ``KINSHIP_TOKEN_KEY`` before it
reaches the database, and decrypted only in memory. The OAuth ``state`` (:class:`SingleUseStateStore`) is a
random nonce with an expiry, HMAC-signed with ``SLACK_STATE_SECRET`` and checked together with Bolt's state
cookie; it works once. The first callback that brings it spends it, in a table of the same database
(``slack_oauth_spent_states``, one row per spent nonce until it would have expired anyway), so a replay of
the state with its cookie is refused by every process, and Slack is asked for a token once.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import hashlib
import hmac
import logging
import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from cryptography.fernet import Fernet, InvalidToken
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore, SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from sqlalchemy import Column, DateTime, MetaData, String, Table, delete, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.config import ConfigError, SlackSettings

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine

log = logging.getLogger(__name__)

TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
STATE_LIFETIME_SECONDS = 300
KEY_HINT = (
    'generate one with: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)
T = TypeVar("T", Installation, Bot)


class TokenCipher:
    def __init__(self, key: str) -> None:
        if not key:
            raise ConfigError(
                f"KINSHIP_TOKEN_KEY is required for Slack OAuth installs (tokens are encrypted); {KEY_HINT}"
            )
        try:
            self._fernet = Fernet(key.encode())
        except (ValueError, TypeError):
            raise ConfigError(f"KINSHIP_TOKEN_KEY is not a Fernet key; {KEY_HINT}") from None

    def seal(self, value: str | None) -> str | None:
        return self._fernet.encrypt(value.encode()).decode() if value else value

    def open(self, value: str | None) -> str | None:
        if not value:
            return value
        try:
            return self._fernet.decrypt(value.encode()).decode()
        except InvalidToken:
            raise ConfigError("a stored Slack token cannot be decrypted: KINSHIP_TOKEN_KEY has changed") from None


class ThreadedInstallationStore(AsyncInstallationStore):
    """The SDK's synchronous SQLAlchemy store, each call on a worker thread (SQLite without aiosqlite)."""

    def __init__(self, inner: SQLAlchemyInstallationStore) -> None:
        self.inner = inner

    @property
    def logger(self) -> Any:
        return self.inner.logger

    async def create_tables(self) -> None:
        await asyncio.to_thread(self.inner.create_tables)

    async def close(self) -> None:
        await asyncio.to_thread(self.inner.engine.dispose)

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.inner.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.inner.save_bot, bot)

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        return await asyncio.to_thread(
            self.inner.find_bot,
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        return await asyncio.to_thread(
            self.inner.find_installation,
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self.inner.delete_bot, enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await asyncio.to_thread(
            self.inner.delete_installation, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self.inner.delete_all, enterprise_id=enterprise_id, team_id=team_id)


class SpentStates:
    """The OAuth states already used, as digests of their nonces, in the installations' database. A nonce is
    the table's key, so two processes spending the same one cannot both succeed."""

    def __init__(self, engine: Engine | AsyncEngine) -> None:
        self.engine = engine
        self.metadata = MetaData()
        self.table = Table(
            "slack_oauth_spent_states",
            self.metadata,
            Column("digest", String(64), primary_key=True),
            Column("expire_at", DateTime, nullable=False),
        )

    async def create_tables(self) -> None:
        if isinstance(self.engine, AsyncEngine):
            async with self.engine.begin() as conn:
                await conn.run_sync(self.metadata.create_all)
        else:
            await asyncio.to_thread(self.metadata.create_all, self.engine)

    async def spend(self, nonce: str) -> bool:
        """True the first time ``nonce`` is spent; False ever after (while it could still be valid)."""
        if isinstance(self.engine, AsyncEngine):
            async with self.engine.connect() as conn:
                return await conn.run_sync(self._spend, nonce)
        return await asyncio.to_thread(self._spend_on_engine, nonce)

    def _spend_on_engine(self, nonce: str) -> bool:
        with self.engine.connect() as conn:  # type: ignore[union-attr]
            return self._spend(conn, nonce)

    def _spend(self, conn: Connection, nonce: str) -> bool:
        now = datetime.now(UTC).replace(tzinfo=None)
        with conn.begin():
            conn.execute(delete(self.table).where(self.table.c.expire_at < now))
        try:
            with conn.begin():
                digest = hashlib.sha256(nonce.encode()).hexdigest()
                expire_at = now + timedelta(seconds=STATE_LIFETIME_SECONDS + 60)
                conn.execute(insert(self.table).values(digest=digest, expire_at=expire_at))
        except IntegrityError:
            return False
        return True


class SingleUseStateStore(AsyncOAuthStateStore):
    """Bolt's OAuth state: ``nonce.expiry.signature``, HMAC-SHA256 with the state secret, good for one callback."""

    def __init__(self, secret: str, spent: SpentStates) -> None:
        self._key = secret.encode()
        self.spent = spent

    @property
    def logger(self) -> logging.Logger:
        return log

    def _signature(self, message: str) -> str:
        digest = hmac.new(self._key, message.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        message = f"{secrets.token_urlsafe(24)}.{int(time.time()) + STATE_LIFETIME_SECONDS}"
        return f"{message}.{self._signature(message)}"

    async def async_consume(self, state: str) -> bool:
        nonce, _, rest = state.partition(".")
        expiry, _, signature = rest.partition(".")
        if not hmac.compare_digest(signature.encode(), self._signature(f"{nonce}.{expiry}").encode()):
            log.warning("slack: refused an OAuth callback whose state is not ours")
            return False
        if not expiry.isdigit() or int(expiry) < time.time():
            log.warning("slack: refused an OAuth callback whose state has expired")
            return False
        if not await self.spent.spend(nonce):
            log.warning("slack: refused an OAuth callback whose state was used before (a replay)")
            return False
        return True


class EncryptedInstallationStore(AsyncInstallationStore):
    """Encrypts tokens on the way in, decrypts them on the way out; everything else passes through. Its
    database also keeps the spent OAuth states (:class:`SpentStates`)."""

    def __init__(self, inner: AsyncInstallationStore, cipher: TokenCipher, spent: SpentStates) -> None:
        self.inner = inner
        self.cipher = cipher
        self.spent = spent

    @property
    def logger(self) -> Any:
        return self.inner.logger

    async def create_tables(self) -> None:
        await self.inner.create_tables()  # type: ignore[attr-defined]
        await self.spent.create_tables()

    async def close(self) -> None:
        if isinstance(self.inner, ThreadedInstallationStore):
            await self.inner.close()
        else:
            await self.inner.engine.dispose()  # type: ignore[attr-defined]

    def _sealed(self, item: T) -> T:
        sealed = copy.copy(item)
        for name in TOKEN_FIELDS:
            if hasattr(sealed, name):
                setattr(sealed, name, self.cipher.seal(getattr(sealed, name)))
        return sealed

    def _opened(self, item: T | None) -> T | None:
        if item is None:
            return None
        for name in TOKEN_FIELDS:
            if hasattr(item, name):
                setattr(item, name, self.cipher.open(getattr(item, name)))
        return item

    async def async_save(self, installation: Installation) -> None:
        await self.inner.async_save(self._sealed(installation))

    async def async_save_bot(self, bot: Bot) -> None:
        await self.inner.async_save_bot(self._sealed(bot))

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        found = await self.inner.async_find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        return self._opened(found)

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = await self.inner.async_find_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id, is_enterprise_install=is_enterprise_install
        )
        return self._opened(found)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.inner.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await self.inner.async_delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.inner.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)


def installation_store(settings: SlackSettings, url: URL | None) -> EncryptedInstallationStore:
    """The encrypted installation store on ``url``: the core's database, with the driver the core uses for it
    (the composition root hands it over). Its tables are created by ``create_tables``."""
    cipher = TokenCipher(settings.token_key)
    if url is None:
        raise ConfigError("Slack OAuth installs need the database URL their installations are kept in")
    inner: AsyncInstallationStore
    engine: Engine | AsyncEngine
    if url.get_backend_name() == "sqlite":
        from sqlalchemy import create_engine

        engine = create_engine(url, connect_args={"timeout": 30})
        inner = ThreadedInstallationStore(SQLAlchemyInstallationStore(settings.client_id, engine))
    else:
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine(url, pool_pre_ping=True)
        inner = AsyncSQLAlchemyInstallationStore(settings.client_id, engine)
    return EncryptedInstallationStore(inner, cipher, SpentStates(engine))


def state_store(settings: SlackSettings, installations: EncryptedInstallationStore) -> SingleUseStateStore:
    if not settings.state_secret:
        raise ConfigError("SLACK_STATE_SECRET is required for Slack OAuth installs (it signs the install state)")
    return SingleUseStateStore(settings.state_secret, installations.spent)
