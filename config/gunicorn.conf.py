"""gunicorn settings for production, read from the environment:

    gunicorn -c config/gunicorn.conf.py

WEB_CONCURRENCY (workers), GUNICORN_BIND (or PORT), GUNICORN_THREADS, GUNICORN_TIMEOUT and
FORWARDED_ALLOW_IPS override the defaults below.
"""

import multiprocessing
import os

# gunicorn is the production server: production settings unless the environment says other.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# gunicorn's own rule of thumb; a container limited to fewer CPUs sets WEB_CONCURRENCY.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then so a slow leak in a library cannot grow without bound; the
# jitter keeps them from all restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
# The proxy in front terminates TLS; its X-Forwarded-* headers are trusted only from here.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
