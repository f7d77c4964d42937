"""What `/metrics` reports, in prometheus-client's text format."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

# Handling a tap takes milliseconds; the upper buckets catch a stalled database.
LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
log = logging.getLogger(__name__)


class Metrics:
    """Counters and a histogram in a registry of their own (one per app, so tests that
    start several apps in one process do not collide in prometheus-client's global one).

    `outbox_due` counts the outbox rows due now; it is read at each scrape, so every
    worker, leading the sender or not, shows the same backlog."""

    def __init__(self, outbox_due: Callable[[], Awaitable[int]] | None = None) -> None:
        self.registry = CollectorRegistry()
        self._outbox_due = outbox_due
        self.updates = Counter(
            "milclicks_updates_handled",
            "Updates handled, by kind (message, callback_query, poll_answer...).",
            ["kind"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "milclicks_update_handling_seconds",
            "Time from an update's arrival to the end of its handling.",
            ["kind"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.api_calls = Counter(
            "milclicks_bot_api_calls",
            "Bot API calls, by method and HTTP status (or 'network' when none came back).",
            ["method", "code"],
            registry=self.registry,
        )
        self.api_errors = Counter(
            "milclicks_bot_api_errors",
            "Bot API calls that failed, by method and status.",
            ["method", "code"],
            registry=self.registry,
        )
        self.rejected = Counter(
            "milclicks_webhook_rejected",
            "Webhook requests refused for a wrong or missing secret token.",
            registry=self.registry,
        )
        self._sender_metrics()

    def _sender_metrics(self) -> None:
        self.outbox_due = Gauge(
            "milclicks_outbox_due",
            "Outbox messages due now and not sent yet (read at each scrape).",
            registry=self.registry,
        )
        self.sender_leader = Gauge(
            "milclicks_outbox_sender_leader",
            "1 while this worker runs the outbox sender (one worker at a time), else 0.",
            registry=self.registry,
        )
        self.outbox_messages = Counter(
            "milclicks_outbox_messages",
            "Outbox messages this worker's sender finished, by outcome (sent, blocked, gone,"
            " refused, expired, gave-up; retry: let go to try again later).",
            ["outcome"],
            registry=self.registry,
        )

    def observe_update(self, kind: str, seconds: float) -> None:
        """One update handled."""
        self.updates.labels(kind).inc()
        self.latency.labels(kind).observe(seconds)

    def observe_call(self, method: str, code: str) -> None:
        """One Bot API call made (or carried in a webhook reply, code 'reply')."""
        self.api_calls.labels(method, code).inc()
        if code not in ("200", "reply"):
            self.api_errors.labels(method, code).inc()

    def observe_outcome(self, outcome: str) -> None:
        """The sender finished with an outbox row (or let it go for later)."""
        self.outbox_messages.labels(outcome).inc()

    def observe_leading(self, leading: bool) -> None:
        """This worker began (True) or stopped (False) running the sender."""
        self.sender_leader.set(1 if leading else 0)

    async def text(self) -> bytes:
        """The exposition text, with the outbox's backlog read now (the last value read
        stays if the database does not answer)."""
        if self._outbox_due is not None:
            try:
                self.outbox_due.set(await self._outbox_due())
            except Exception as error:  # the scrape still answers; /healthz tells the rest
                log.warning("could not count the outbox's due rows: %s", error)
        return generate_latest(self.registry)
