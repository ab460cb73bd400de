import pytest
from django.urls import clear_url_caches

pytest_plugins = ["celery.contrib.pytest"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads of each test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def celery_config():
    """The real broker of the environment (Redis in CI, the filesystem transport locally)."""
    from django.conf import settings

    return {
        "broker_url": settings.CELERY_BROKER_URL,
        "broker_transport_options": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "result_backend": "cache+memory://",
        "task_acks_late": True,
    }


@pytest.fixture(scope="session")
def celery_worker_parameters():
    return {"perform_ping_check": False, "shutdown_timeout": 20}


@pytest.fixture(scope="session")
def celery_enable_logging():
    return True


@pytest.fixture
def world(db):
    from tests.world import build_world

    return build_world()


@pytest.fixture(scope="session", autouse=True)
def _test_database_let_go(django_db_setup, django_db_blocker):
    """At the end of the run, end the sessions that the live server's request threads left on
    the test database (the threads are gone, their connections stay open until the process
    exits), so that the database can be dropped."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def kazakh_default(settings):
    """As deployed: Kazakh at the unprefixed addresses (the test settings use English). The
    URL resolvers remember each language's prefix, so they are cleared around the change."""
    settings.LANGUAGE_CODE = "kk"
    clear_url_caches()
    yield
    settings.LANGUAGE_CODE = "en"
    clear_url_caches()
