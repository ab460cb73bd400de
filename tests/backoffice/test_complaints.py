"""§10 complaints in the back office: the provider's head answers the complaints addressed to
them, the quality-control reviewer those addressed to the quality-control authority, each
within their scope and through ``complaint_answer``."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from landplots.models import Complaint, State
from tests.backoffice.helpers import T1, drive
from workflow import clock
from workflow.models import Deadline, Notification, Official
from workflow.roles import Role
from workflow.services.complaints import complaint_answer, complaint_file

HEAD = Complaint.Addressee.PROVIDER_HEAD
QC = Complaint.Addressee.QUALITY_CONTROL
ANSWERER = {HEAD: Role.LEADERSHIP, QC: Role.QUALITY_REVIEWER}


def _complaint(world, addressee) -> Complaint:
    app = drive(world, world.application(), State.SUBMITTED)
    with clock.frozen_at(T1):
        return complaint_file(
            application_id=app.pk,
            actor=world.applicant.user,
            addressee=addressee,
            text="Өтініш 15 минут ішінде тіркелмеді.",
        )


def _answer_url(complaint):
    return reverse("admin:landplots_complaint_answer", args=[complaint.pk])


def _change_url(complaint):
    return reverse("admin:landplots_complaint_change", args=[complaint.pk])


def _official(username, role, **scope):
    user = get_user_model().objects.create_user(username, is_staff=True)
    Official.objects.create(user=user, role=role, **scope)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def foreign_leadership(bo_world):
    """The head of another provider: the right role, another provider's cases."""
    return _official("leadership-other", Role.LEADERSHIP, provider=bo_world.other_provider)


@pytest.mark.parametrize(
    ("addressee", "outcome", "state"),
    [
        (HEAD, Complaint.Outcome.UPHELD, Complaint.State.UPHELD),
        (QC, Complaint.Outcome.REJECTED, Complaint.State.REJECTED),
    ],
)
def test_the_addressee_answers_and_the_applicant_is_told(
    client, bo_world, addressee, outcome, state
):
    """§10: the provider's head answers a complaint to the head; the quality-control reviewer
    one to the quality-control authority. The answer closes the complaint's clock."""
    # given a registered complaint and its answerer on its page
    complaint = _complaint(bo_world, addressee)
    answerer = bo_world.user(ANSWERER[addressee])
    client.force_login(answerer)
    with clock.frozen_at(T1):
        page = client.get(_change_url(complaint))
    # then the page offers the answer form and shows the deadline with the time left
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="bo-complaint-answer"' in body
    days = 5 if addressee == HEAD else 15
    assert f"{days} working days left" in body
    # when the answerer sends the answer
    with clock.frozen_at(T1):
        response = client.post(
            _answer_url(complaint), {"outcome": outcome, "answer": "Тіркеу мерзімі бұзылған."}
        )
    # then the complaint is answered, its clock is closed and the applicant has a notice
    assert response.status_code == 302
    assert response["Location"] == _change_url(complaint)
    complaint.refresh_from_db()
    assert complaint.state == state
    assert complaint.answer == "Тіркеу мерзімі бұзылған."
    assert complaint.answered_by == answerer
    assert complaint.answered_at == T1
    clocks = Deadline.objects.filter(complaint=complaint)
    assert clocks.exists()
    assert not clocks.filter(done_at__isnull=True).exists()
    notice = Notification.objects.get(key=f"complaint:{complaint.pk}:answered")
    assert notice.recipient == bo_world.applicant.user
    assert notice.body == "Тіркеу мерзімі бұзылған."
    # and the page shows the answer without the form
    body = client.get(_change_url(complaint)).content.decode()
    assert "Тіркеу мерзімі бұзылған." in body
    assert 'id="bo-complaint-answer"' not in body


@pytest.mark.parametrize(
    ("addressee", "role"),
    [(HEAD, Role.QUALITY_REVIEWER), (QC, Role.LEADERSHIP), (HEAD, Role.CLERK)],
)
def test_a_role_that_does_not_answer_this_complaint_is_refused(client, bo_world, addressee, role):
    """§10: a complaint is answered by the authority it is addressed to, nobody else."""
    # given a complaint and an official of another role who can see the case
    complaint = _complaint(bo_world, addressee)
    client.force_login(bo_world.user(role))
    # when they post an answer
    response = client.post(_answer_url(complaint), {"outcome": "upheld", "answer": "Жауап."})
    # then 403, and the complaint waits as before
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.REGISTERED
    assert complaint.answered_by is None


def test_the_other_addressee_sees_the_complaint_without_the_form(client, bo_world):
    """§10: the quality-control reviewer reads a complaint to the provider's head but cannot
    answer it, so the page offers no form."""
    complaint = _complaint(bo_world, HEAD)
    client.force_login(bo_world.user(Role.QUALITY_REVIEWER))
    response = client.get(_change_url(complaint))
    assert response.status_code == 200
    assert 'id="bo-complaint-answer"' not in response.content.decode()


def test_another_providers_head_finds_no_such_complaint(client, bo_world, foreign_leadership):
    """§10: the provider's head answers for their own provider's cases only."""
    # given a complaint to the head of the world's provider
    complaint = _complaint(bo_world, HEAD)
    client.force_login(foreign_leadership)
    # when the other provider's head opens or answers it / then it does not exist for them
    assert client.get(_change_url(complaint)).status_code == 404
    response = client.post(_answer_url(complaint), {"outcome": "upheld", "answer": "Жауап."})
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.REGISTERED
    # and their complaint list is empty
    changelist = client.get(reverse("admin:landplots_complaint_changelist"))
    assert changelist.context["cl"].result_count == 0


def test_a_regional_reviewer_finds_no_complaint_of_another_region(client, bo_world):
    """§10: the quality-control reviewer answers within their scope (their region)."""
    complaint = _complaint(bo_world, QC)
    reviewer = _official("quality-other", Role.QUALITY_REVIEWER, region=bo_world.other_provider)
    client.force_login(reviewer)
    response = client.post(_answer_url(complaint), {"outcome": "upheld", "answer": "Жауап."})
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.REGISTERED


def test_answering_twice_is_a_conflict(client, bo_world):
    """§10: a complaint has one answer; a second one (another tab, a colleague) is refused."""
    # given a complaint already answered
    complaint = _complaint(bo_world, HEAD)
    leadership = bo_world.user(Role.LEADERSHIP)
    complaint_answer(complaint_id=complaint.pk, actor=leadership, outcome="upheld", answer="Бірі.")
    client.force_login(leadership)
    # when an answer is posted again
    response = client.post(_answer_url(complaint), {"outcome": "rejected", "answer": "Екінші."})
    # then 409 with the reason, and the first answer stands
    assert response.status_code == 409
    assert "already been answered" in response.content.decode()
    complaint.refresh_from_db()
    assert (complaint.state, complaint.answer) == (Complaint.State.UPHELD, "Бірі.")


def test_an_empty_answer_is_refused(client, bo_world):
    """§10: the applicant gets an answer, so a blank one is not sent."""
    # given a complaint and its answerer
    complaint = _complaint(bo_world, HEAD)
    client.force_login(bo_world.user(Role.LEADERSHIP))
    # when the answer is only spaces
    response = client.post(_answer_url(complaint), {"outcome": "upheld", "answer": "   "})
    # then 400 with the service's message on the answer field, and nothing changes
    assert response.status_code == 400
    assert response.context["form"].errors["answer"] == ["Write the answer to the applicant."]
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.REGISTERED
    assert not Notification.objects.filter(key=f"complaint:{complaint.pk}:answered").exists()


def test_my_tasks_and_the_index_show_the_complaint_to_its_answerer_only(client, bo_world):
    """§10: a registered complaint waits on its addressee; once answered it leaves the queue."""
    # given a complaint to the provider's head
    complaint = _complaint(bo_world, HEAD)
    leadership = bo_world.user(Role.LEADERSHIP)
    client.force_login(leadership)
    # when leadership opens My tasks / then the complaint is there with its deadline
    rows = client.get(reverse("admin:landplots_application_my_tasks")).context["rows"]
    complaint_rows = [r for r in rows if r["task"].kind == "complaint"]
    assert [r["task"].complaint.pk for r in complaint_rows] == [complaint.pk]
    assert complaint_rows[0]["task"].due_at == complaint.due_at
    assert complaint_rows[0]["status"] is not None
    assert "1 complaint to answer" in client.get(reverse("admin:index")).content.decode()
    # and the list filtered to what waits on leadership holds it
    changelist = reverse("admin:landplots_complaint_changelist")
    assert client.get(changelist, {"mine": "1"}).context["cl"].result_count == 1
    # and the quality-control reviewer has no task for it
    client.force_login(bo_world.user(Role.QUALITY_REVIEWER))
    rows = client.get(reverse("admin:landplots_application_my_tasks")).context["rows"]
    assert not [r for r in rows if r["task"].kind == "complaint"]
    assert "0 complaints to answer" in client.get(reverse("admin:index")).content.decode()
    # when leadership answers it / then it leaves their queue
    complaint_answer(complaint_id=complaint.pk, actor=leadership, outcome="upheld", answer="Иә.")
    client.force_login(leadership)
    rows = client.get(reverse("admin:landplots_application_my_tasks")).context["rows"]
    assert not [r for r in rows if r["task"].kind == "complaint"]
    assert client.get(changelist, {"mine": "1"}).context["cl"].result_count == 0
