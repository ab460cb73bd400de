"""Test runs: the same services as the environment names (PostgreSQL and Redis in CI),
fast password hashing, mail kept in memory."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import VAR_DIR, env, filesystem_broker_options

DEBUG = False
SECRET_KEY = "test-key-not-for-production"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "en"
# Static files straight from the app folders: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
if CELERY_BROKER_URL.startswith("filesystem"):  # noqa: F405
    # A folder of this run's own: messages left by an aborted run, or queued by another run
    # in the same checkout at the same time, would otherwise reach this run's test worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(
        Path(tempfile.mkdtemp(prefix="landplots-test-broker-"))
    )
# No connection outlives its request or task: the real Celery worker of the tests runs in a
# thread, and a connection kept open there would hold the test database at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
