"""The run's log: one time-stamped stream (stderr) for cron, and the lines kept for ``run.log``."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

__all__ = ["LOGGER_NAME", "RunLog", "configure_logging", "release_logging"]

LOGGER_NAME = "cchc.run"


class _EveryLineStamped(logging.Formatter):
    """``2026-01-05 06:30:01+0700 INFO message``, the stamp repeated on every line of a message."""

    def format(self, record: logging.LogRecord) -> str:
        prefix = f"{self.formatTime(record, self.datefmt)} {record.levelname} "
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return "\n".join(prefix + line for line in text.splitlines() or [""])


#: Loggers that share the run's stream: its own lines and Python warnings.
_RUN_LOGGERS = (LOGGER_NAME, "py.warnings")


def configure_logging(stream=None) -> logging.Handler:
    """Send the run's log and Python warnings to one stream (default: stderr),
    time-stamped, flushed per line.

    Returns the handler (attached to the ``cchc.run`` and ``py.warnings``
    loggers; undo with :func:`release_logging`); a second call replaces the
    previous handler instead of doubling lines.
    """
    import sys

    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler._cchc = True  # type: ignore[attr-defined]
    handler.setFormatter(_EveryLineStamped(datefmt="%Y-%m-%d %H:%M:%S%z"))
    for name in _RUN_LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, "_cchc", False)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    logging.captureWarnings(True)
    return handler


def release_logging(handler: logging.Handler) -> None:
    """Detach a handler set by :func:`configure_logging`; warnings print as usual again."""
    for name in _RUN_LOGGERS:
        logging.getLogger(name).removeHandler(handler)
    logging.captureWarnings(False)


class RunLog:
    """One run's log lines: time-stamped and kept for ``run.log``, and passed on.

    Each line goes to ``log`` when given (tests, callers with their own
    output), else to the ``cchc.run`` logger (:func:`configure_logging`
    gives it timestamps and one flushed stream).
    """

    def __init__(self, log: Callable[[str], None] | None = None):
        self.log = log
        self.lines: list[str] = []
        self.logger = logging.getLogger(LOGGER_NAME)

    def __call__(self, line: str, level: int = logging.INFO, published: str | None = None) -> None:
        """Log ``line``; ``published`` is the version kept for ``run.log`` when it must differ.

        ``run.log`` is published with the report, so a line naming this
        machine's folders keeps them for the operator's stream only.
        """
        stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S%z")
        head = f"{stamp} {logging.getLevelName(level)} "
        kept = line if published is None else published
        self.lines.extend(head + part for part in kept.splitlines() or [""])
        if self.log is not None:
            self.log(line)
        else:
            self.logger.log(level, line)

    def warning(self, line: str) -> None:
        """A line every reader must see (stale data, uncovered datasets)."""
        self(line, logging.WARNING)
