"""Log lines for every process (web, worker, beat, gunicorn): one format, UTC times.

structlog renders each line, from structlog loggers (django-structlog's request and
task events) and standard-library loggers (Django, Celery, gunicorn, the apps)
alike: JSON, one object a line, in production; aligned readable text in
development. Every line carries the time in UTC, the level, the logger, and the
request id and user id bound for the current request or task.
"""

import logging.config
from typing import Any, Literal

import structlog

LogFormat = Literal["json", "console"]

_TIMESTAMPER = structlog.processors.TimeStamper(fmt="iso", utc=True)

# Applied to standard-library records before rendering (structlog events have
# been through the same steps in structlog_configure).
_FOREIGN_PRE_CHAIN: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    _TIMESTAMPER,
]


def _renderer(log_format: LogFormat) -> Any:
    if log_format == "json":
        return structlog.processors.JSONRenderer()
    return structlog.dev.ConsoleRenderer(colors=False)


def logging_config(*, log_format: LogFormat, level: str) -> dict[str, Any]:
    """The LOGGING dictionary: every logger writes to stderr through structlog."""
    final: list[Any] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if log_format == "json":
        # One line per event: the traceback, if any, is a string field.
        final.append(structlog.processors.format_exc_info)
    final.append(_renderer(log_format))
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": final,
                "foreign_pre_chain": _FOREIGN_PRE_CHAIN,
            }
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "structured"}
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # django-axes logs every log-in at INFO; keep lockouts (WARNING) only.
            "axes": {"level": "WARNING"},
            # Run through the root handler, not gunicorn's own (local-time) ones.
            "gunicorn.error": {"level": level, "handlers": [], "propagate": True},
            # The application logs each request (request_finished); gunicorn's
            # access line would repeat it, in local time.
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
        },
    }


def structlog_configure() -> None:
    """Send structlog events, and Python warnings, through the standard library."""
    logging.captureWarnings(True)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.filter_by_level,
            structlog.stdlib.add_logger_name,
            structlog.stdlib.add_log_level,
            structlog.stdlib.PositionalArgumentsFormatter(),
            _TIMESTAMPER,
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def current_request_id() -> str | None:
    """The id of the request (or of the request that queued this task), if any."""
    return structlog.contextvars.get_contextvars().get("request_id")


def logging_setup_for_celery(
    loglevel: int | str | None = None, **kwargs: object
) -> None:
    """Celery's setup_logging signal: keep Django's LOGGING instead of Celery's.

    The command line's --loglevel still sets the level.
    """
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)
