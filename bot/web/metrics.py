"""What `/metrics` reports, in prometheus-client's text format."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

# Handling a tap takes milliseconds; the upper buckets catch a stalled database.
LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)


class Metrics:
    """Counters and a histogram in a registry of their own (one per app, so tests that
    start several apps in one process do not collide in prometheus-client's global one)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
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

    def observe_update(self, kind: str, seconds: float) -> None:
        """One update handled."""
        self.updates.labels(kind).inc()
        self.latency.labels(kind).observe(seconds)

    def observe_call(self, method: str, code: str) -> None:
        """One Bot API call made (or carried in a webhook reply, code 'reply')."""
        self.api_calls.labels(method, code).inc()
        if code not in ("200", "reply"):
            self.api_errors.labels(method, code).inc()

    def text(self) -> bytes:
        """The exposition text."""
        return generate_latest(self.registry)
