"""The window's Replicate clients: one shared by the replies (one connection pool), one of its
own for each dialog that asks, and the old shared ones a token change left behind, closed once no
reply streams through them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.window.context import AppContext

if TYPE_CHECKING:
    from provider import FileCache, ReplicateClient


class ClientPool:
    def __init__(self, context: AppContext) -> None:
        self._context = context
        self._shared: ReplicateClient | None = None
        self._retired: list[ReplicateClient] = []
        # Files uploaded for pictures, remembered for the app's life by every client (a later
        # turn re-sends a picture by its URL until it expires; the cache is per account).
        self._files: FileCache | None = None

    @property
    def retired(self) -> int:
        """How many old clients still wait to be closed."""
        return len(self._retired)

    def _token(self) -> str | None:
        if self._context.demo_token:
            return self._context.demo_token
        return self._context.token_store.token_value()

    def chat_client(self) -> ReplicateClient | None:
        """The shared client for replies, made when first needed; None without a token."""
        if self._shared is None:
            token = self._token()
            if token is None:
                return None
            self._shared = self._client_for(token)
        return self._shared

    def new_client(self) -> ReplicateClient | None:
        """A client of its own for a dialog, which closes it."""
        token = self._token()
        return self._client_for(token) if token else None

    def _client_for(self, token: str) -> ReplicateClient:
        from provider import FileCache, ReplicateClient  # the network stack, when first needed

        if self._files is None:
            self._files = FileCache()
        context = self._context
        return ReplicateClient(
            api_key=token,
            base_url=context.base_url,
            timeout=context.idle_timeout,
            retry=context.retry,
            file_cache=self._files,
        )

    def retire_shared(self) -> None:
        """The token changed: the next reply gets a new client; a reply may still be streaming
        through the old one, so it is closed later (`take_retired`)."""
        old, self._shared = self._shared, None
        if old is not None:
            self._retired.append(old)

    def take_retired(self) -> list[ReplicateClient]:
        """The retired clients, for the caller to close (no reply may be using them)."""
        retired, self._retired = self._retired, []
        return retired

    async def close(self) -> None:
        """Close every client (on shutdown, once no reply runs)."""
        clients = [*self.take_retired(), *([self._shared] if self._shared else [])]
        self._shared = None
        for client in clients:
            await client.close()
