"""The bot's pending updates, in id order, and where they go while a webhook is set."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.sandbox.server.models import JSON

# Sent only when asked for by name in allowed_updates.
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_RETRY_SECONDS = 0.2


@dataclass
class Webhook:
    """Where updates go while a webhook is set."""

    url: str
    secret_token: str | None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


class UpdateQueue:
    """Updates not yet confirmed (polling) or delivered (webhook), in id order."""

    def __init__(self) -> None:
        self.pending: list[JSON] = []
        self.allowed: list[str] = []
        self.webhook: Webhook | None = None
        self.poller = 0  # bumped by each getUpdates; an older one is terminated
        self.released = 0  # bumped to end held getUpdates with no updates
        self.last_id = 0

    def make(self, kind: str, payload: JSON) -> JSON:
        """The next update, with a fresh id; not queued yet."""
        self.last_id += 1
        return {"update_id": self.last_id, kind: payload}

    def put(self, update: JSON) -> None:
        """Queue an update unless allowed_updates excludes its kind."""
        kind = next(k for k in update if k != "update_id")
        if self.accepts(kind):
            self.pending.append(update)

    def accepts(self, kind: str) -> bool:
        """Whether allowed_updates lets this kind of update through."""
        return kind in self.allowed if self.allowed else kind not in OPT_IN_UPDATES

    def confirm(self, offset: int) -> None:
        """Forget updates below a positive offset, or all but the last -offset ones."""
        if offset > 0:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
        elif offset < 0:
            self.pending = self.pending[offset:]

    def delivered_up_to(self, update_id: int) -> bool:
        """Whether every update up to this id was confirmed or delivered."""
        return all(u["update_id"] > update_id for u in self.pending)
