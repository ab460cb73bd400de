import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from workflow.models import Official
from workflow.roles import Role


@pytest.fixture
def bo_world(world):
    """The shared world, with every official allowed into the admin (is_staff)."""
    get_user_model().objects.filter(official__isnull=False).update(is_staff=True)
    for user in world.users.values():
        user.refresh_from_db()
    return world


@pytest.fixture
def foreign_arch_head(bo_world):
    """The architecture head of another provider: same role, another scope."""
    user = get_user_model().objects.create_user("arch-head-other", is_staff=True)
    Official.objects.create(user=user, role=Role.ARCH_HEAD, provider=bo_world.other_provider)
    user.groups.add(Group.objects.get(name=Role.ARCH_HEAD))
    return user
