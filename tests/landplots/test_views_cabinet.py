"""The personal cabinet: my applications in plain words, the timeline, the promised date
(§5), what waits on me (§6 steps 1.10–1.11), documents, notices and complaints (§10)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from landplots.models import Complaint, State
from tests.factories import ApplicantFactory, ApplicationFactory
from tests.landplots.helpers import officials_to_awaiting_applicant, officials_to_granted
from workflow.services import cases
from workflow.services.complaints import complaint_answer

CABINET = reverse("portal:cabinet")


def submitted(world):
    app = world.application()
    cases.application_submit(application_id=app.pk, actor=world.applicant.user)
    app.refresh_from_db()
    return app


def test_the_cabinet_lists_my_cases_in_plain_words_with_the_promised_date(applicant_client, world):
    """§5: on acceptance the cabinet shows the status and the date the service is due."""
    app = submitted(world)
    other = ApplicationFactory(applicant=ApplicantFactory(), provider=world.provider)
    body = applicant_client.get(CABINET).content.decode()
    assert app.number in body
    assert "Sent, waiting for registration" in body
    assert "Result promised by" in body
    from django.utils import timezone

    assert timezone.localtime(app.promised_at).strftime("%d.%m.%Y %H:%M") in body
    assert f"/applications/{other.pk}/" not in body


def cabinet_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(CABINET).status_code == 200
    return len(ctx.captured_queries)


def test_the_cabinet_query_count_does_not_grow_with_the_cases(applicant_client, world):
    # given one case waiting on the applicant
    app = submitted(world)
    officials_to_awaiting_applicant(world, app.pk)
    one = cabinet_queries(applicant_client)
    # when four more cases, one also waiting, are added
    more = submitted(world)
    officials_to_awaiting_applicant(world, more.pk)
    for _ in range(3):
        submitted(world)
    # then the cabinet takes the same number of queries
    assert cabinet_queries(applicant_client) == one


def test_what_waits_on_me_shows_the_3_and_10_working_day_clocks(applicant_client, world):
    """§6 steps 1.10 (3 WD to agree and pay) and 1.11 (the act valid 10 WD)."""
    app = submitted(world)
    officials_to_awaiting_applicant(world, app.pk)
    for url in (CABINET, reverse("portal:application", args=[app.pk])):
        body = applicant_client.get(url).content.decode()
        assert "Agree the final act and pay the invoice (3 working days)" in body
        assert "The final act stays valid (10 working days)" in body
        assert "working days left" in body
    # once agreed, the 10 WD validity clock is gone; the payment clock remains
    cases.act_agree(application_id=app.pk, actor=world.applicant.user)
    body = applicant_client.get(CABINET).content.decode()
    assert "stays valid (10 working days)" not in body
    assert "(3 working days)" in body


def test_the_timeline_shows_every_step_with_its_date(applicant_client, world):
    app = submitted(world)
    officials_to_awaiting_applicant(world, app.pk)
    body = applicant_client.get(reverse("portal:application", args=[app.pk])).content.decode()
    assert "Steps of your case" in body
    for words in (
        "Sent, waiting for registration",
        "Registered by the akimat",
        "Being approved by state bodies and utilities",
        "Waiting for you: agree the act and pay",
    ):
        assert words in body


def test_documents_open_only_once_sent_and_only_to_the_owner(client, world):
    """§6 step 1.9: the final act with APZ and TU and the invoice reach the cabinet."""
    app = submitted(world)
    client.force_login(world.applicant.user)
    final_act = reverse("portal:document", args=[app.pk, "final_act"])
    # before the act is sent, it is not there
    assert client.get(final_act).status_code == 404
    officials_to_awaiting_applicant(world, app.pk)
    # once sent, the owner downloads it under our own name
    response = client.get(final_act)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert f"{app.number}-final_act.pdf" in response["Content-Disposition"]
    for kind in ("apz", "situational_scheme", "invoice", "scheme"):
        assert client.get(reverse("portal:document", args=[app.pk, kind])).status_code == 200
    assert client.get(reverse("portal:document", args=[app.pk, "nonsense"])).status_code == 404
    # and another applicant gets 404
    stranger = ApplicantFactory()
    client.force_login(stranger.user)
    assert client.get(final_act).status_code == 404


def test_the_decision_is_in_the_cabinet_when_granted(applicant_client, world):
    """§6 step 2.5: the decision is sent to the applicant's cabinet."""
    app = submitted(world)
    officials_to_awaiting_applicant(world, app.pk)
    cases.act_agree(application_id=app.pk, actor=world.applicant.user)
    cases.invoice_settle(application_id=app.pk, reference="PAY-T")
    officials_to_granted(world, app.pk)
    body = applicant_client.get(reverse("portal:application", args=[app.pk])).content.decode()
    assert "Granted: the decision is in your cabinet" in body
    decision = applicant_client.get(reverse("portal:document", args=[app.pk, "decision"]))
    assert "временного возмездного землепользования" in decision.content.decode()
    assert (
        applicant_client.get(
            reverse("portal:document", args=[app.pk, "cadastral_plan"])
        ).status_code
        == 200
    )


def test_the_notices_inbox(applicant_client, world):
    submitted(world)
    body = applicant_client.get(reverse("portal:notifications")).content.decode()
    assert "accepted" in body and "unread" in body
    applicant_client.post(reverse("portal:notifications"))
    assert not world.applicant.user.notifications.filter(read_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("addressee", "days"),
    [(Complaint.Addressee.PROVIDER_HEAD, 5), (Complaint.Addressee.QUALITY_CONTROL, 15)],
)
def test_filing_a_complaint_shows_its_deadline_and_then_the_answer(
    applicant_client, world, addressee, days
):
    """§10: to the provider's head, 5 WD; to the quality-control authority, 15 WD."""
    from workflow import working_time

    app = submitted(world)
    response = applicant_client.post(
        reverse("portal:complaint_new", args=[app.pk]),
        {"addressee": addressee, "text": "Срок регистрации нарушен."},
        follow=True,
    )
    complaint = Complaint.objects.get()
    assert complaint.addressee == addressee
    expected = working_time.add_working_days(
        complaint.registered_at, days, app.provider.office_hours
    )
    assert complaint.due_at == expected
    body = response.content.decode()
    from django.utils import timezone

    assert timezone.localtime(complaint.due_at).strftime("%d.%m.%Y %H:%M") in body
    # when it is answered, the answer shows
    from workflow.roles import Role

    answerer = (
        world.user(Role.LEADERSHIP)
        if addressee == Complaint.Addressee.PROVIDER_HEAD
        else world.user(Role.QUALITY_REVIEWER)
    )
    complaint_answer(
        complaint_id=complaint.pk, actor=answerer, outcome="upheld", answer="Нарушение устранено."
    )
    body = applicant_client.get(reverse("portal:application", args=[app.pk])).content.decode()
    assert "Нарушение устранено." in body


def test_a_draft_cannot_be_complained_about(applicant_client, world):
    app = world.application()
    response = applicant_client.post(
        reverse("portal:complaint_new", args=[app.pk]),
        {"addressee": "provider_head", "text": "x"},
    )
    assert response.status_code == 200
    assert "submit it first" in response.content.decode()
    assert app.state == State.DRAFT
    assert not Complaint.objects.exists()


def test_an_empty_complaint_is_refused(applicant_client, world):
    app = submitted(world)
    response = applicant_client.post(
        reverse("portal:complaint_new", args=[app.pk]), {"addressee": "provider_head", "text": ""}
    )
    assert response.status_code == 200
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("language", "area"), [("kk", "0,1200"), ("ru", "0,1200"), ("en", "0.1200")]
)
def test_the_area_is_written_as_the_language_writes_numbers(
    applicant_client, world, language, area
):
    """People type "0,12" in Kazakh and Russian: the case page writes the area that way, to
    four places."""
    # Given a case of 0.12 ha
    app = world.application(area_ha=Decimal("0.1200"))

    # When its page is opened in the language
    with translation.override(language):
        url = reverse("portal:application", args=[app.pk])
    body = applicant_client.get(url).content.decode()

    # Then the area is written with the language's decimal separator
    assert f'<dd id="area">{area}</dd>' in body
