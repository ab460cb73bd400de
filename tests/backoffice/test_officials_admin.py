"""Setting up officials in the admin: the role's group follows the official row, errors are
on the field that needs fixing, and a supervisor's region is a region."""

import pytest

from tests.factories import ProviderFactory, UserFactory
from workflow.models import Official
from workflow.roles import Role

ADD = "/admin/workflow/official/add/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def _groups(user):
    return sorted(user.groups.values_list("name", flat=True))


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.SYSTEM])
def test_applicant_and_system_are_not_roles_an_official_can_have(admin_client, role):
    person = UserFactory(username="someone")
    response = admin_client.post(ADD, {"user": person.pk, "role": role})
    assert response.status_code == 200  # the form again, with the error
    assert "role" in response.context["adminform"].form.errors
    assert not Official.objects.exists()


def test_a_provider_role_without_its_provider_is_an_error_on_that_field(admin_client):
    person = UserFactory(username="someone")
    response = admin_client.post(ADD, {"user": person.pk, "role": Role.CLERK})
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["provider"]
    assert "provider_role_has_provider" not in response.content.decode()


def test_a_body_role_without_its_body_is_an_error_on_that_field(admin_client):
    person = UserFactory(username="someone")
    response = admin_client.post(ADD, {"user": person.pk, "role": Role.BODY_OFFICER})
    assert list(response.context["adminform"].form.errors) == ["body"]


def test_a_supervisors_region_must_be_a_region(admin_client, world):
    region = ProviderFactory(code="REG-X", level="region")
    district = ProviderFactory(code="DIS-X", level="district", parent=region)
    person = UserFactory(username="someone")
    refused = admin_client.post(
        ADD, {"user": person.pk, "role": Role.SUPERVISOR, "region": district.pk}
    )
    assert list(refused.context["adminform"].form.errors) == ["region"]
    taken = admin_client.post(
        ADD, {"user": person.pk, "role": Role.SUPERVISOR, "region": region.pk}
    )
    assert taken.status_code == 302


def test_deleting_the_official_takes_away_the_roles_group(admin_client, world):
    # given a supervisor set up in the admin
    person = UserFactory(username="someone")
    admin_client.post(ADD, {"user": person.pk, "role": Role.SUPERVISOR})
    assert _groups(person) == [Role.SUPERVISOR]
    # when the official row is deleted
    official = person.official
    response = admin_client.post(f"/admin/workflow/official/{official.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    # then the role's permissions go with it: no dashboard for them
    assert _groups(person) == []
    admin_client.force_login(person)
    assert admin_client.get("/dashboard/").status_code in (302, 403)


def test_moving_the_official_row_to_another_person_ends_the_first_ones_role(admin_client, world):
    # given a regional supervisor set up in the admin
    region = ProviderFactory(code="REG-Y", level="region")
    first, second = UserFactory(username="first"), UserFactory(username="second")
    admin_client.post(ADD, {"user": first.pk, "role": Role.SUPERVISOR, "region": region.pk})
    # when the row is given to someone else
    response = admin_client.post(
        f"/admin/workflow/official/{first.official.pk}/change/",
        {"user": second.pk, "role": Role.SUPERVISOR, "region": region.pk},
    )
    assert response.status_code == 302
    # then the first person keeps no role (no country-wide dashboard) and no admin
    first.refresh_from_db()
    assert _groups(first) == [] and not first.is_staff
    assert _groups(second) == [Role.SUPERVISOR]
    admin_client.force_login(first)
    assert admin_client.get("/dashboard/").status_code in (302, 403)


@pytest.mark.parametrize(
    ("role", "field"),
    [
        (Role.SUPERVISOR, "provider"),
        (Role.CLERK, "body"),
        (Role.CLERK, "region"),
    ],
)
def test_a_field_the_role_does_not_use_is_an_error(admin_client, world, role, field):
    region = ProviderFactory(code="REG-Z", level="region")
    values = {"provider": world.provider.pk, "body": world.state_body.pk, "region": region.pk}
    data = {"user": UserFactory(username="someone").pk, "role": role}
    if role == Role.CLERK:
        data["provider"] = world.provider.pk
    data[field] = values[field]
    response = admin_client.post(ADD, data)
    assert list(response.context["adminform"].form.errors) == [field]


def test_an_applicants_account_is_not_made_an_official(admin_client, world):
    response = admin_client.post(
        ADD, {"user": world.applicant.user.pk, "role": Role.CLERK, "provider": world.provider.pk}
    )
    assert list(response.context["adminform"].form.errors) == ["user"]
    assert not hasattr(world.applicant.user, "official")
