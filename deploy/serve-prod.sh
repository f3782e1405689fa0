#!/usr/bin/env bash
# A production-like local run (make serve-prod): DEBUG off, JSON logs, gunicorn, a
# Celery worker per queue and beat from the Procfile under honcho, on PostgreSQL
# and Redis. Plain http on 127.0.0.1 (no TLS redirect, no secure cookies).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_DEBUG=0
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/walletdesk}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-serve-prod-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')}
export DJANGO_SECURE_SSL_REDIRECT=${DJANGO_SECURE_SSL_REDIRECT:-0}
export DJANGO_SECURE_COOKIES=${DJANGO_SECURE_COOKIES:-0}
export DJANGO_EMAIL_BACKEND=${DJANGO_EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}
export DJANGO_STATIC_ROOT=${DJANGO_STATIC_ROOT:-$PWD/.serve-prod/static}
export WALLETDESK_METRICS_TOKEN=${WALLETDESK_METRICS_TOKEN:-serve-prod-metrics}
# Counters of every process add up in /metrics; empty at each start.
export PROMETHEUS_MULTIPROC_DIR=${PROMETHEUS_MULTIPROC_DIR:-$PWD/.serve-prod/metrics}
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

python manage.py migrate --no-input >/dev/null
python manage.py collectstatic --no-input >/dev/null
echo "serve-prod: http://${WALLETDESK_BIND:-127.0.0.1:8000}/ (metrics token: $WALLETDESK_METRICS_TOKEN)" >&2
exec python -m honcho start --no-colour -f Procfile
