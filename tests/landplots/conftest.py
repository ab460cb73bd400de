import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The log-in throttle counts in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def applicant_client(client, world):
    client.force_login(world.applicant.user)
    return client


@pytest.fixture
def tree(world):
    from tests.landplots.helpers import hierarchy

    return hierarchy(world)
