"""Regression tests for the back-office findings of a run through the README."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from landplots.models import Complaint, Signature, State
from tests.backoffice.helpers import T1, drive
from tests.factories import PDF_BYTES
from workflow import clock
from workflow.backoffice.actions import ACTIONS, state_title, transition_title
from workflow.backoffice.clocks import step_title
from workflow.roles import Role
from workflow.services.complaints import complaint_file
from workflow.steps import AGREE_AND_PAY, STAGE_ONE

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _step_url(app, name):
    return reverse("admin:landplots_application_step", args=[app.pk, name])


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="x")


def test_change_page_renders_for_a_step_with_a_form(client, bo_world):
    # given a case at architecture
    app = drive(bo_world, bo_world.application(), State.AT_ARCHITECTURE)
    # when the architecture head opens it
    client.force_login(bo_world.user(Role.ARCH_HEAD))
    page = client.get(reverse("admin:landplots_application_change", args=[app.pk]))
    # then the page renders and offers a link to the executor form, not a one-click POST
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{_step_url(app, "assign_executor")}"' in html
    assert f'action="{_step_url(app, "assign_executor")}"' not in html


@pytest.mark.parametrize(
    "state, form_steps, click_steps",
    [
        (State.SUBMITTED, [], ["register"]),
        (State.REGISTERED, ["open_refusal"], ["forward"]),
        (State.AT_ARCHITECTURE, ["assign_executor"], []),
        (State.ACT_PREPARATION, ["dispatch"], []),
        (State.DECISION_DRAFTING, ["draft_decision"], []),
    ],
)
def test_change_page_renders_for_the_superuser(
    client, bo_world, superuser, state, form_steps, click_steps
):
    # given a case at the state
    app = drive(bo_world, bo_world.application(), state)
    # when the superuser opens it
    client.force_login(superuser)
    page = client.get(reverse("admin:landplots_application_change", args=[app.pk]))
    # then 200; form steps are links to their page, the others one-click buttons
    assert page.status_code == 200
    html = page.content.decode()
    for name in form_steps:
        assert f'href="{_step_url(app, name)}"' in html, name
        assert f'action="{_step_url(app, name)}"' not in html, name
    for name in click_steps:
        assert f'action="{_step_url(app, name)}"' in html, name


# --- officials' uploads are checked like the portal's ------------------------------------------

TEXT = b"just some text, not a document\n"


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _dispatch(client, app, **files):
    """§6 step 1.4 through the admin's step form, with the act, scheme and APZ given."""
    with clock.frozen_at(T1):
        return client.post(_step_url(app, "dispatch"), {"expected_state": app.state, **files})


def test_dispatch_refuses_a_text_file_as_the_draft_act(client, bo_world):
    # given a case waiting for its act
    app = drive(bo_world, bo_world.application(), State.ACT_PREPARATION)
    client.force_login(bo_world.user(Role.ARCH_EXECUTOR))
    # when a text file named .pdf is sent as the draft act
    response = _dispatch(
        client,
        app,
        draft_file=_upload("act.pdf", TEXT),
        situational_scheme=_upload("scheme.pdf", PDF_BYTES),
        apz_file=_upload("apz.pdf", PDF_BYTES),
    )
    # then 400 with the error on that field, and the case has not moved
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["draft_file"]
    app.refresh_from_db()
    assert app.state == State.ACT_PREPARATION


def test_dispatch_refuses_a_file_over_the_limit(client, bo_world, settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 100
    app = drive(bo_world, bo_world.application(), State.ACT_PREPARATION)
    client.force_login(bo_world.user(Role.ARCH_EXECUTOR))
    response = _dispatch(
        client,
        app,
        draft_file=_upload("act.pdf", PDF_BYTES + b"0" * 200),
        situational_scheme=_upload("scheme.pdf", PDF_BYTES[:50]),
        apz_file=_upload("apz.pdf", PDF_BYTES[:50]),
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["draft_file"]


def test_dispatch_form_errors_keep_their_wording(client, bo_world, settings):
    """§6 step 1.4: the one upload check (landplots/uploads.py) as form errors."""
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024 * 1024
    app = drive(bo_world, bo_world.application(), State.ACT_PREPARATION)
    client.force_login(bo_world.user(Role.ARCH_EXECUTOR))
    response = _dispatch(
        client,
        app,
        draft_file=_upload("act.pdf", TEXT),
        situational_scheme=_upload("scheme.pdf", PDF_BYTES + b"0" * 1024 * 1024),
        apz_file=_upload("apz.pdf", PDF_BYTES),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["draft_file"] == ["Upload a PDF, JPEG or PNG file."]
    assert errors["situational_scheme"] == ["The file is too large: at most 1 MB."]
    assert "apz_file" not in errors


def test_dispatch_stores_our_own_name_by_content(client, bo_world):
    # given a PNG sent under a misleading name
    app = drive(bo_world, bo_world.application(), State.ACT_PREPARATION)
    client.force_login(bo_world.user(Role.ARCH_EXECUTOR))
    response = _dispatch(
        client,
        app,
        draft_file=_upload("../../act.txt", PNG_BYTES),
        situational_scheme=_upload("scheme.pdf", PDF_BYTES),
        apz_file=_upload("apz.pdf", PDF_BYTES),
    )
    assert response.status_code == 302
    # then it is stored and served as a PNG
    app.refresh_from_db()
    assert app.selection_act.draft_file.name.endswith(".png")
    download = client.get(
        reverse("admin:landplots_application_document", args=[app.pk, "draft_act"])
    )
    assert download["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "state, role, name, data",
    [
        (State.FINAL_ACT_PREPARATION, Role.ARCH_EXECUTOR, "prepare_final_act", {}),
        (State.CADASTRAL_PLAN_PREPARATION, Role.STATE_CORP, "submit_cadastral_plan", {}),
        (State.DECISION_DRAFTING, Role.LAND_EXECUTOR, "draft_decision", {"text": ""}),
    ],
)
def test_every_step_upload_is_checked(client, bo_world, state, role, name, data):
    app = drive(bo_world, bo_world.application(), state)
    field = ACTIONS[name].form
    (file_field,) = [f for f, v in field.base_fields.items() if isinstance(v, forms.FileField)]
    client.force_login(bo_world.user(role))
    with clock.frozen_at(T1):
        response = client.post(
            _step_url(app, name),
            {"expected_state": app.state, file_field: _upload("x.pdf", TEXT), **data},
        )
    assert response.status_code == 400
    assert file_field in response.context["form"].errors
    app.refresh_from_db()
    assert app.state == state


# --- domain errors on the step URLs are admin pages with their message --------------------------


def _admin_error(response, status, message):
    assert response.status_code == status
    html = response.content.decode()
    assert 'id="header"' in html  # the admin's own layout
    assert f'<p class="errornote">{message}</p>' in html


def test_wrong_role_gets_the_translated_message_in_an_admin_page(client, bo_world):
    # given a submitted case
    app = drive(bo_world, bo_world.application(), State.SUBMITTED)
    client.force_login(bo_world.user(Role.ARCH_HEAD))
    # when the architecture head tries the clerk's step in Kazakh / then 403 with its message
    # (inside the override: the request leaves its language active on this thread)
    with translation.override("kk"):
        url = _step_url(app, "register")
        assert url.startswith("/kk/")
        _admin_error(client.post(url), 403, "Сіздің рөліңіз бұл қадамды орындай алмайды.")
    # and in English
    response = client.post(_step_url(app, "register"))
    _admin_error(response, 403, "Your role may not carry out this step.")


def test_out_of_scope_and_stale_steps_get_admin_pages(client, bo_world, foreign_arch_head):
    app = drive(bo_world, bo_world.application(), State.AT_ARCHITECTURE)
    # when another provider's head opens the step / then 404 with the message
    client.force_login(foreign_arch_head)
    response = client.get(_step_url(app, "assign_executor"))
    _admin_error(response, 404, "No such case in your scope.")
    # and an unknown step is a 404 page too
    response = client.get(_step_url(app, "no_such_step"))
    _admin_error(response, 404, "Not found, or not in your scope.")
    # when the own head posts from a stale page / then 409 with the message
    client.force_login(bo_world.user(Role.ARCH_HEAD))
    response = client.post(
        _step_url(app, "assign_executor"),
        {"expected_state": State.SUBMITTED},
    )
    assert response.status_code == 409
    assert "The case has already moved on" in response.content.decode()
    assert 'id="header"' in response.content.decode()


def test_complaint_answer_by_a_role_that_never_answers_is_an_admin_page(client, bo_world):
    # given a complaint on a submitted case
    complaint = _complaint(bo_world)
    url = reverse("admin:landplots_complaint_answer", args=[complaint.pk])
    # when the clerk, who sees the case but answers no complaint, opens the answer / then 403
    client.force_login(bo_world.user(Role.CLERK))
    _admin_error(client.get(url), 403, "Your role may not answer complaints.")
    # when a complaint outside the scope is asked for / then 404 with its message
    client.force_login(bo_world.user(Role.LEADERSHIP))
    missing = reverse("admin:landplots_complaint_answer", args=[999999])
    _admin_error(client.get(missing), 404, "No such complaint in your scope.")


# --- the timeline and the clocks read in the user's language -------------------------------------


def _section(html, panel):
    start = html.index(f'id="{panel}"')
    return html[start : html.index("</fieldset>", start)]


def test_timeline_and_clocks_show_translated_names(client, bo_world):
    # given a case forwarded to architecture (submit, register, forward in its log)
    app = drive(bo_world, bo_world.application(), State.AT_ARCHITECTURE)
    client.force_login(bo_world.user(Role.ARCH_HEAD))
    # when the head opens it in Kazakh
    with translation.override("kk"):
        page = client.get(reverse("admin:landplots_application_change", args=[app.pk]))
        expected_states = [str(s.label) for s in (State.DRAFT, State.SUBMITTED, State.REGISTERED)]
        register = str(ACTIONS["register"].label)
        stage_one = str(STAGE_ONE.title)
    assert page.status_code == 200
    html = page.content.decode()
    timeline = _section(html, "bo-timeline")
    # then the steps and states are named, not coded
    for code in ("<td>submit</td>", "<td>register</td>", "<td>draft</td>", "<td>submitted</td>"):
        assert code not in timeline, code
    for label in [*expected_states, register]:
        assert f"<td>{label}</td>" in timeline, label
    # and the stage total's clock reads by its title, without its internal code
    clocks = _section(html, "bo-clocks")
    assert "stage1" not in clocks
    assert stage_one in clocks


def test_step_title_keeps_the_regulation_number_only():
    with translation.override("en"):
        assert step_title("1.1") == "1.1 Register the documents"
        assert step_title("1.5a") == "1.5a Conclusion of an approving body"
        assert step_title("stage1") == "Stage 1: land-selection act"
        assert step_title("10.head") == "Complaint to the provider's head"
        assert step_title("SES") == "SES"


def test_transition_titles_cover_the_log_entries_that_are_no_step():
    with translation.override("en"):
        assert transition_title("submit", State.SUBMITTED) == "Submitted"
        assert transition_title("register", State.REGISTERED) == str(ACTIONS["register"].label)
        assert transition_title("agree_act", State.AWAITING_APPLICANT) == str(AGREE_AND_PAY.title)
        assert transition_title("close_round_positive", State.FINAL_ACT_PREPARATION) == (
            "Final act in preparation"
        )
        assert state_title("no_longer_a_state") == "no_longer_a_state"


# --- the admin carries our own name ---------------------------------------------------------


@pytest.mark.parametrize(
    "lang, header",
    [
        ("kk", "Құрылысқа арналған жер учаскелері"),
        ("ru", "Земельные участки под строительство"),
        ("en", "Land plots for construction"),
    ],
)
def test_admin_pages_carry_our_name_not_djangos(client, bo_world, lang, header):
    client.force_login(bo_world.user(Role.CLERK))
    with translation.override(lang):
        index = client.get(reverse("admin:index")).content.decode()
        changelist = client.get(reverse("admin:landplots_application_changelist")).content.decode()
    for html in (index, changelist):
        assert header in html
        assert "Даңғо сайтының әкімі" not in html
        assert "Django site admin" not in html
        assert "Django administration" not in html
        assert "Администрирование Django" not in html


# --- outside the scope every URL of a case is a 404 ---------------------------------------------


def _complaint(world, app=None):
    app = app or drive(world, world.application(), State.SUBMITTED)
    with clock.frozen_at(T1):
        return complaint_file(
            application_id=app.pk,
            actor=world.applicant.user,
            addressee=Complaint.Addressee.PROVIDER_HEAD,
            text="Өтініш 15 минут ішінде тіркелмеді.",
        )


def _case_urls(app):
    urls = [
        reverse(f"admin:landplots_application_{view}", args=[app.pk])
        for view in ("change", "history", "delete")
    ]
    urls += [
        reverse("admin:landplots_application_document", args=[app.pk, "draft_act"]),
        reverse("admin:landplots_application_pdf", args=[app.pk, "act", "kk"]),
    ]
    urls += [_step_url(app, name) for name in ACTIONS]
    return urls


@pytest.mark.parametrize("role", [Role.BODY_OFFICER, Role.MONOPOLY_OFFICER])
def test_a_body_official_gets_404_on_every_url_of_a_case_outside_the_scope(client, bo_world, role):
    # given a case not (yet) sent to any body, with a complaint, and its applicant's signature
    app = drive(bo_world, bo_world.application(), State.REGISTERED)
    complaint = _complaint(bo_world, app)
    signature = Signature.objects.create(
        application=app,
        signer=bo_world.applicant.user,
        signed_at=T1,
        method="test",
        digest="a" * 64,
        document={"number": app.number},
    )
    client.force_login(bo_world.user(role))
    urls = _case_urls(app)
    urls += [
        reverse(f"admin:landplots_complaint_{view}", args=[complaint.pk])
        for view in ("change", "history", "delete", "answer")
    ]
    urls += [
        reverse(f"admin:landplots_signature_{view}", args=[signature.pk])
        for view in ("change", "history", "delete")
    ]
    # when the body's official opens or posts to any of them / then 404 each time
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"post": "yes"}).status_code == 404, url
    app.refresh_from_db()
    assert app.state == State.REGISTERED


def test_a_body_official_in_scope_reads_documents_and_is_refused_steps(client, bo_world):
    # given a case whose act went to the state body
    app = drive(bo_world, bo_world.application(), State.IN_APPROVAL)
    client.force_login(bo_world.user(Role.BODY_OFFICER))
    # then the documents sent to the body download, and a step of the case is refused (403)
    document = reverse("admin:landplots_application_document", args=[app.pk, "draft_act"])
    assert client.get(document).status_code == 200
    assert client.post(_step_url(app, "prepare_final_act")).status_code == 403
