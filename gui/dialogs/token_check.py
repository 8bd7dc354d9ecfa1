"""Checking a pasted token with Replicate (`GET /v1/account`) before it is kept: the account's
username, or why Replicate did not take the token, in words a person can act on. The texts keep
the "TokenDialog" translation context."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from provider import (
    AuthenticationError,
    ConfigurationError,
    ProviderConnectionError,
    ProviderError,
    ProviderTimeoutError,
)

translate = QCoreApplication.translate


@dataclass(frozen=True)
class TokenCheck:
    """What Replicate said of a typed token: whose it is, or why it was not accepted."""

    username: str | None  # None: not accepted, and `problem` says why
    problem: str = ""


async def check_token(typed: str, base_url: str | None) -> TokenCheck:
    """Ask Replicate whose token `typed` is. The token travels only as this argument."""
    try:
        from provider import ReplicateClient  # the network stack, loaded when first needed

        client = ReplicateClient(api_key=typed, base_url=base_url)
        try:
            return TokenCheck(await client.validate_token())
        finally:
            await client.close()
    except ConfigurationError as error:  # spaces or line breaks in the paste, say
        return TokenCheck(None, error.message)
    except AuthenticationError:
        return TokenCheck(
            None,
            translate(
                "TokenDialog",
                "Replicate did not accept this token. Check that you copied all of it, or "
                "create a new one on your API tokens page.",
            ),
        )
    except (ProviderConnectionError, ProviderTimeoutError) as error:
        return TokenCheck(
            None, translate("TokenDialog", "Could not reach Replicate: %s") % error.message
        )
    except ProviderError as error:  # already redacted, written for people
        return TokenCheck(
            None,
            translate("TokenDialog", "Replicate could not check the token: %s") % error.message,
        )
