"""Keeping what learners send out of the logs, whatever the log level.

python-telegram-bot logs whole updates at DEBUG ("Processing update ...", the return value
of getUpdates, a webhook's body), and an update holds the text of a post a learner forwards
to be checked. This filter, on the library's loggers, keeps each such record's message but
replaces its arguments that could carry an update; short words (an endpoint's name, an id)
stay, so the logs stay useful.
"""

from __future__ import annotations

import logging

# The library's loggers that log updates or API results at DEBUG.
LOGGERS = (
    "telegram",
    "telegram.Bot",
    "telegram.ext",
    "telegram.ext.Application",
    "telegram.ext.ExtBot",
    "telegram.ext.Updater",
)
HIDDEN = "[not logged: it may hold what a learner sent]"
_SHORT = 40


def _harmless(value: object) -> bool:
    if isinstance(value, bool | int | float):
        return True
    return isinstance(value, str) and len(value) <= _SHORT and not any(c in value for c in "{[ ")


class KeepPostsOutOfLogs(logging.Filter):
    """Blanks the arguments of a log record that could hold an update."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple):
            record.args = tuple(a if _harmless(a) else HIDDEN for a in args)
        elif args:  # a mapping of named arguments
            record.args = {k: v if _harmless(v) else HIDDEN for k, v in args.items()}
        return True


_FILTER = KeepPostsOutOfLogs()


def keep_posts_out_of_logs() -> None:
    """Install the filter on the library's loggers (again is harmless)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
