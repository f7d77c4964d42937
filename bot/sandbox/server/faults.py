"""The fault switchboard: Telegram and the network misbehaving, on request, for tests.

    server.faults.fail("sendMessage", status=429, retry_after=1)  # the next call
    server.faults.fail("editMessageText", times=3, status=502)
    server.faults.delay("answerCallbackQuery", 0.5)
    server.faults.drop("sendMessage")        # cut the connection, no answer at all
    server.faults.blackhole("sendMessage")   # hold the call, never run it, then cut
    server.faults.deliver_twice()            # the next update comes twice, same update_id
    server.faults.unparseable(user)          # an update python-telegram-bot cannot read
    await server.restart(down_for=2.0)       # the Bot API away for a while

Every fault that fired is in `injected`, as (method, kind), for the figures.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["400", "429", "500", "502", "delay", "drop", "blackhole"]

BAD_GATEWAY_PAGE = "<html><head><title>502 Bad Gateway</title></head></html>"
BLACKHOLE_SECONDS = 30.0


@dataclass(frozen=True)
class Fault:
    """What the next call of a method gets instead of (or before) its answer."""

    kind: Kind
    retry_after: int = 1
    seconds: float = 0.0

    @property
    def status(self) -> int:
        """The HTTP status of an error fault."""
        return int(self.kind) if self.kind.isdigit() else 200

    def envelope(self) -> dict[str, object]:
        """The Bot API's answer for an error fault (502 comes from a proxy, as HTML)."""
        if self.kind == "429":
            return {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {self.retry_after}",
                "parameters": {"retry_after": self.retry_after},
            }
        if self.kind == "400":
            return {"ok": False, "error_code": 400, "description": "Bad Request: injected fault"}
        return {"ok": False, "error_code": 500, "description": "Internal Server Error"}


@dataclass
class Faults:
    """Faults armed per method, in order; and update-queue tricks."""

    armed: dict[str, deque[Fault]] = field(default_factory=dict)
    injected: list[tuple[str, str]] = field(default_factory=list)
    twice: int = 0

    def _arm(self, method: str, fault: Fault, times: int) -> None:
        self.armed.setdefault(method, deque()).extend([fault] * times)

    def fail(
        self,
        method: str,
        *,
        status: Literal[400, 429, 500, 502] = 500,
        times: int = 1,
        retry_after: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` with this HTTP error."""
        kind: Kind = "500" if status not in (400, 429, 502) else str(status)  # type: ignore[assignment]
        self._arm(method, Fault(kind, retry_after=retry_after), times)

    def delay(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Answer the next `times` calls of `method` after `seconds`."""
        self._arm(method, Fault("delay", seconds=seconds), times)

    def drop(self, method: str, *, times: int = 1) -> None:
        """Cut the connection of the next `times` calls, before running them."""
        self._arm(method, Fault("drop"), times)

    def blackhole(
        self, method: str, *, times: int = 1, seconds: float = BLACKHOLE_SECONDS
    ) -> None:
        """Hold the next `times` calls without running them, then cut the connection."""
        self._arm(method, Fault("blackhole", seconds=seconds), times)

    def deliver_twice(self, times: int = 1) -> None:
        """Queue each of the next `times` updates twice, with the same update_id."""
        self.twice += times

    def take(self, method: str) -> Fault | None:
        """The fault for this call of `method`, if one is armed (it is used up)."""
        queue = self.armed.get(method)
        if not queue:
            return None
        fault = queue.popleft()
        self.injected.append((method, fault.kind))
        return fault

    def take_twice(self) -> bool:
        """Whether the update being queued should come twice."""
        if self.twice <= 0:
            return False
        self.twice -= 1
        self.injected.append(("update", "twice"))
        return True

    @property
    def pending(self) -> int:
        """Faults armed and not yet fired."""
        return sum(len(q) for q in self.armed.values()) + self.twice
