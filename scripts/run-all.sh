#!/usr/bin/env bash
# The web server, a Celery worker and the beat scheduler together; Ctrl-C stops all three.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
cd "$(dirname "$0")/.."
mkdir -p var/broker/queue var/broker/control
# Logs reach the terminal (or a file it is redirected to) as they are written, not in blocks.
export PYTHONUNBUFFERED=1

pids=()
stop() {
  trap - INT TERM EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/celery -A config worker --loglevel=INFO --concurrency=2 -n "worker@%h" &
pids+=($!)
.venv/bin/celery -A config beat --loglevel=INFO \
  --scheduler django_celery_beat.schedulers:DatabaseScheduler --pidfile= &
pids+=($!)
echo "Serving on http://${host}:${port}/ (Ctrl-C stops the web server, the worker and beat)"
.venv/bin/python manage.py runserver "${host}:${port}" --noreload &
pids+=($!)
# Whichever stops first stops the others.
wait -n
