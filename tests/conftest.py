import pytest

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
