from landplots.models import State
from workflow.roles import Role
from workflow.selectors import applications_for_user


def test_a_draft_is_the_applicants_own(world):
    """Annex 1: an application exists for the provider only once signed and submitted."""
    # Given a draft of the world's applicant
    draft = world.application()
    assert draft.state == State.DRAFT

    # Then its applicant sees it and no official does, whatever the scope
    assert applications_for_user(world.applicant.user).filter(pk=draft.pk).exists()
    for role in (Role.CLERK, Role.STATE_CORP, Role.SUPERVISOR, Role.QUALITY_REVIEWER):
        assert not applications_for_user(world.user(role)).filter(pk=draft.pk).exists(), role
