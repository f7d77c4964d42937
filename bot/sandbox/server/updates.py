"""The update queue's two ways out: long polling (getUpdates) and a webhook."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from bot.sandbox.server.errors import (
    POLLING_CONFLICT,
    WEBHOOK_CONFLICT,
    ApiError,
    bad_request,
)
from bot.sandbox.server.models import JSON
from bot.sandbox.server.update_queue import SECRET_TOKEN, WEBHOOK_RETRY_SECONDS, Webhook

if TYPE_CHECKING:
    from bot.sandbox.server.world import Handler, World

Reply = Callable[[httpx.Response], Awaitable[None]]


async def get_updates(world: World, params: JSON) -> list[JSON]:
    """Long polling: hold the request until an update arrives or ``timeout`` seconds pass."""
    queue = world.updates
    if queue.webhook is not None:
        raise ApiError(409, WEBHOOK_CONFLICT)
    if isinstance(params.get("allowed_updates"), list):
        queue.allowed = [str(kind) for kind in params["allowed_updates"]]
    offset = params.get("offset")
    if isinstance(offset, int) and offset:
        queue.confirm(offset)
        world.notify()
    limit = min(max(_int(params.get("limit"), 100), 1), 100)
    timeout = max(_int(params.get("timeout"), 0), 0)
    queue.poller += 1
    me, released = queue.poller, queue.released
    world.notify()  # a held older getUpdates ends with a conflict
    await world.wait_until(
        lambda: (
            bool(queue.pending)
            or world.closing
            or queue.poller != me
            or queue.released != released
        ),
        float(timeout),
    )
    if queue.poller != me:
        raise ApiError(409, POLLING_CONFLICT)
    return queue.pending[:limit]


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _valid_webhook_url(url: str) -> bool:
    # Telegram wants HTTPS; plain HTTP is let through on loopback only, for local receivers.
    parts = urlsplit(url)
    if parts.scheme == "https":
        return bool(parts.hostname)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


async def set_webhook(world: World, params: JSON) -> bool:
    """Start delivering updates to a URL, or stop with an empty URL."""
    url = str(params.get("url", ""))
    queue = world.updates
    if params.get("drop_pending_updates") is True:
        queue.pending.clear()
    if isinstance(params.get("allowed_updates"), list):
        queue.allowed = [str(kind) for kind in params["allowed_updates"]]
    if not url:
        queue.webhook = None
        world.notify()
        return True
    if not _valid_webhook_url(url):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not SECRET_TOKEN.fullmatch(str(secret)):
        raise bad_request("secret token contains unallowed characters")
    queue.webhook = Webhook(url, secret, _int(params.get("max_connections"), 40))
    queue.poller += 1  # a held getUpdates ends with a conflict, as on Telegram
    world.notify()
    return True


async def delete_webhook(world: World, params: JSON) -> bool:
    """Stop webhook delivery; updates wait for getUpdates again."""
    if params.get("drop_pending_updates") is True:
        world.updates.pending.clear()
    world.updates.webhook = None
    world.notify()
    return True


async def get_webhook_info(world: World, params: JSON) -> JSON:
    """The WebhookInfo object: url is empty while polling."""
    queue = world.updates
    info: JSON = {
        "url": queue.webhook.url if queue.webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(queue.pending),
    }
    if queue.allowed:
        info["allowed_updates"] = list(queue.allowed)
    if queue.webhook is not None:
        info["max_connections"] = queue.webhook.max_connections
        if queue.webhook.last_error_date is not None:
            info["last_error_date"] = queue.webhook.last_error_date
            info["last_error_message"] = queue.webhook.last_error_message
    return info


async def deliver_webhooks(
    world: World, client: httpx.AsyncClient, on_reply: Reply | None = None
) -> None:
    """POST each pending update, in order, while a webhook is set; retry on failure.
    A successful reply goes to `on_reply` (which runs a method call carried in it)."""
    queue = world.updates

    def ready() -> bool:
        return world.closing or (queue.webhook is not None and bool(queue.pending))

    while not world.closing:
        await world.wait_until(ready, 3600.0)
        hook = queue.webhook
        if world.closing or hook is None or not queue.pending:
            continue
        update = queue.pending[0]
        headers = (
            {"X-Telegram-Bot-Api-Secret-Token": hook.secret_token} if hook.secret_token else {}
        )
        try:
            response = await client.post(hook.url, json=update, headers=headers, timeout=5.0)
            error = None
            if not response.is_success:
                error = (
                    f"Wrong response from the webhook: {response.status_code} "
                    f"{response.reason_phrase}"
                )
        except httpx.HTTPError as exc:
            error = f"Connection error: {type(exc).__name__}"
        if error is None:
            if on_reply is not None:
                await on_reply(response)
            if update in queue.pending:
                queue.pending.remove(update)
            world.notify()
        else:
            hook.last_error_date, hook.last_error_message = world.now(), error
            await asyncio.sleep(WEBHOOK_RETRY_SECONDS)


HANDLERS: dict[str, Handler] = {
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
}
