"""Telegram's error replies, raised by method handlers and turned into the JSON envelope."""

from __future__ import annotations


class ApiError(Exception):
    """A Bot API error: the HTTP status doubles as Telegram's ``error_code``."""

    def __init__(
        self,
        code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id


def bad_request(detail: str) -> ApiError:
    """A 400 error worded like Telegram's: ``Bad Request: <detail>``."""
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    """A 403 error worded like Telegram's: ``Forbidden: <detail>``."""
    return ApiError(403, f"Forbidden: {detail}")


def unauthorized() -> ApiError:
    """A wrong token in the URL."""
    return ApiError(401, "Unauthorized")


def not_found() -> ApiError:
    """A method the Bot API does not have."""
    return ApiError(404, "Not Found")


CHAT_NOT_FOUND = "chat not found"
UPGRADED = "group chat was upgraded to a supergroup chat"
BLOCKED = "bot was blocked by the user"
CANT_INITIATE = "bot can't initiate conversation with a user"
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLLING_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
