"""The application form of Annex 1: the addressee hierarchy, the fields, the location scheme
upload, the draft and the signed submission."""

from decimal import Decimal

import pytest
from django.urls import reverse

from landplots.models import Application, Signature, State
from tests.factories import PDF_BYTES, ApplicantFactory, ApplicationFactory
from tests.landplots.helpers import JPEG_BYTES, PE_BYTES, PNG_BYTES, upload

NEW = reverse("portal:application_new")


def form_data(tree, **overrides):
    region, district, _rural = tree
    data = {
        "region": region.pk,
        "district": district.pk,
        "locality": "",
        "plot_address": "Алматы, Наурызбайский район, мкр. Шугыла, участок 15",
        "area_ha": "0,12",
        "purpose": "individual_housing",
        "purpose_detail": "",
        "use_right": "temporary_paid",
        "contact_phone": "+7 701 123 45 67",
        "consent": "on",
        "action": "draft",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_draft_is_saved_with_the_comma_area_and_the_deepest_provider(applicant_client, tree):
    """Annex 1: "0,12" with a comma is an area of 0.12 ha; the addressee is the deepest level
    chosen."""
    # given the hierarchy region → district → rural district
    _region, _district, rural = tree
    # when the applicant saves a draft addressed to the rural district
    response = applicant_client.post(
        NEW, form_data(tree, locality=rural.pk, location_scheme=upload())
    )
    # then the draft exists with the area parsed and the rural akim as addressee
    app = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:application", args=[app.pk])
    assert app.state == State.DRAFT
    assert app.area_ha == Decimal("0.1200")
    assert app.provider == rural


@pytest.mark.parametrize(
    ("area", "message"),
    [
        ("0", "more than zero"),
        ("-0,5", "more than zero"),
        ("0,00001", "at most 4 decimal places"),
        ("1200", "Did you type square metres"),
        ("12 соток", "for example 0,12"),
    ],
)
def test_bad_area_is_refused_with_a_clear_message(applicant_client, tree, area, message):
    """Annex 1: the area is a positive number of hectares with up to 4 places."""
    # when the area is zero, negative, too precise, absurd or not a number
    response = applicant_client.post(NEW, form_data(tree, area_ha=area))
    # then the form comes back with the message and nothing is saved
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_a_pe_file_renamed_pdf_is_refused(applicant_client, tree):
    """Issue 5: the location scheme is judged by content, not by name."""
    # when a Windows executable named scheme.pdf is attached
    response = applicant_client.post(
        NEW, form_data(tree, location_scheme=upload(PE_BYTES, "scheme.pdf"))
    )
    # then it is refused and nothing is stored
    assert response.status_code == 200
    assert "must be a PDF, JPEG or PNG" in response.content.decode()
    assert not Application.objects.exists()


def test_an_oversized_file_is_refused(applicant_client, tree, settings):
    """Issue 5: uploads have a size limit (10 MB by default)."""
    # given the default limit
    big = PDF_BYTES + b"0" * (10 * 1024 * 1024)
    # when a PDF just over 10 MB is attached
    response = applicant_client.post(NEW, form_data(tree, location_scheme=upload(big)))
    # then it is refused
    assert response.status_code == 200
    assert "too large" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "ext"),
    [
        (PNG_BYTES, "../../../etc/passwd.png", "png"),
        (JPEG_BYTES, "C:\\Users\\me\\Desktop\\схема.exe", "jpg"),
        (PDF_BYTES, "/tmp/evil/../scheme.png", "pdf"),
    ],
)
def test_the_stored_name_is_ours_never_the_users_path(applicant_client, tree, content, name, ext):
    """Issue 5: the stored name is ours; a path in the file name never reaches the storage,
    and the extension follows the content."""
    # when a file with a path (and a misleading extension) in its name is attached
    applicant_client.post(NEW, form_data(tree, location_scheme=upload(content, name)))
    # then it is stored under our own name, with the extension of its real format
    stored = Application.objects.get().location_scheme.name
    assert stored.startswith("schemes/")
    assert stored.endswith(f".{ext}")
    assert ".." not in stored and "passwd" not in stored and "\\" not in stored


def test_submit_without_consent_is_refused(applicant_client, tree):
    """Annex 1: the consent to the use of legally protected secrets is required."""
    # when the applicant signs and submits without ticking the consent
    response = applicant_client.post(
        NEW, form_data(tree, consent=None, action="submit", location_scheme=upload())
    )
    # then the form says so and no case is submitted
    assert response.status_code == 200
    assert "Give your consent" in response.content.decode()
    assert not Application.objects.exclude(state=State.DRAFT).exists()


def test_submit_without_a_scheme_is_refused(applicant_client, tree):
    """§2: the location scheme is attached to the application."""
    response = applicant_client.post(NEW, form_data(tree, action="submit"))
    assert response.status_code == 200
    assert "Attach the location scheme" in response.content.decode()
    assert not Application.objects.exists()


def test_sign_and_submit_records_the_signature_and_submits(applicant_client, tree, world):
    """Annex 1 is certified by the applicant's EDS; §5: the promised date is set on
    acceptance."""
    # when the applicant fills the form and signs and submits
    response = applicant_client.post(
        NEW, form_data(tree, action="submit", location_scheme=upload())
    )
    # then the case is submitted through the workflow, with a number and a promised date
    app = Application.objects.get()
    assert response.status_code == 302
    assert app.state == State.SUBMITTED
    assert app.number and app.promised_at
    # and the EDS adapter recorded who signed what and when
    signature = Signature.objects.get(application=app)
    assert signature.signer == world.applicant.user
    assert signature.method == "local"
    assert len(signature.digest) == 64
    assert signature.document["area_ha"] == "0.1200"
    assert app.applicant_snapshot["signature"]["digest"] == signature.digest
    # and the transition log has the step
    assert app.transition_log.filter(transition="submit").exists()


def test_the_eds_signer_is_chosen_by_one_setting(applicant_client, tree, settings):
    """The EDS boundary: swapping the implementation is a change of PORTAL_EDS_SIGNER."""
    # given a signer that refuses (as a real one does for a revoked certificate)
    settings.PORTAL_EDS_SIGNER = "tests.landplots.test_views_application.RefusingSigner"
    # when the applicant signs and submits
    response = applicant_client.post(
        NEW, form_data(tree, action="submit", location_scheme=upload())
    )
    # then the refusal is shown and the case stays a draft, unsigned
    assert response.status_code == 200
    assert "Certificate revoked" in response.content.decode()
    app = Application.objects.get()
    assert app.state == State.DRAFT
    assert not Signature.objects.exists()


class RefusingSigner:
    def sign(self, *, user, document, signed_blob=""):
        from landplots.adapters.eds import SignatureRefused

        raise SignatureRefused("Certificate revoked")


def test_a_draft_is_submitted_from_its_page(applicant_client, world):
    # given a complete draft
    app = world.application()
    # when the applicant presses "Sign and submit" on its page
    response = applicant_client.post(reverse("portal:application_submit", args=[app.pk]))
    # then it is submitted
    app.refresh_from_db()
    assert response.status_code == 302
    assert app.state == State.SUBMITTED


def test_a_submitted_application_cannot_be_edited(applicant_client, world):
    app = world.application()
    applicant_client.post(reverse("portal:application_submit", args=[app.pk]))
    response = applicant_client.post(
        reverse("portal:application_edit", args=[app.pk]), {"plot_address": "x"}
    )
    app.refresh_from_db()
    assert response.status_code == 302
    assert app.plot_address != "x"


def test_chained_selects_answer_the_next_level(applicant_client, tree):
    """Annex 1: the addressee comes from the hierarchy region → district → rural district."""
    region, district, rural = tree
    response = applicant_client.get(reverse("portal:provider_children"), {"parent": region.pk})
    assert [i["id"] for i in response.json()["items"]] == [district.pk]
    response = applicant_client.get(reverse("portal:provider_children"), {"parent": district.pk})
    assert [i["id"] for i in response.json()["items"]] == [rural.pk]


def test_without_javascript_the_next_level_is_filled_on_post_back(applicant_client, tree):
    # given a browser without JavaScript that chose only the region
    region, district, rural = tree
    # when it presses "Show the next level"
    response = applicant_client.post(
        NEW, {"region": region.pk, "district": district.pk, "refine": "1"}
    )
    # then the page lists the rural districts under the chosen district, with no errors
    body = response.content.decode()
    assert f'<option value="{rural.pk}">' in body
    assert "This field is required" not in body
    assert not Application.objects.exists()


def test_a_region_that_takes_no_applications_is_not_an_addressee(applicant_client, tree):
    _region, _district, _rural = tree
    response = applicant_client.post(NEW, form_data(tree, district=""))
    assert "does not take applications directly" in response.content.decode()
    assert not Application.objects.exists()


def test_a_district_from_another_region_is_refused(applicant_client, tree, world):
    # given a district that is not under the chosen region
    _region, _district, _rural = tree
    # when the form names it
    response = applicant_client.post(NEW, form_data(tree, district=world.other_provider.pk))
    # then it is not a valid choice
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_another_persons_application_answers_404(client, world):
    """Issue 5: another person's application answers 404, on every page of it."""
    # given a case of another applicant
    other = ApplicationFactory(applicant=ApplicantFactory(), provider=world.provider)
    client.force_login(world.applicant.user)
    # then every page of it answers 404 to our applicant
    for name in ("application", "application_edit", "complaint_new"):
        assert client.get(reverse(f"portal:{name}", args=[other.pk])).status_code == 404
    for name in ("application_submit", "act_agree", "pay"):
        assert client.post(reverse(f"portal:{name}", args=[other.pk])).status_code == 404
    assert client.get(reverse("portal:document", args=[other.pk, "scheme"])).status_code == 404
    other.refresh_from_db()
    assert other.state == State.DRAFT


def test_user_text_is_escaped(applicant_client, world):
    # given a plot address with markup in it
    app = world.application(plot_address='<script>alert("x")</script>')
    # then the page shows it as text
    body = applicant_client.get(reverse("portal:application", args=[app.pk])).content.decode()
    assert '<script>alert("x")</script>' not in body
    assert "&lt;script&gt;" in body


def test_a_refused_upload_shows_one_error_not_two(applicant_client, tree):
    """A wrong file on submission is reported as wrong, not also as missing."""
    # When the applicant signs and submits with an executable named scheme.pdf
    response = applicant_client.post(
        NEW, form_data(tree, action="submit", location_scheme=upload(PE_BYTES, "scheme.pdf"))
    )

    # Then the form shows the one error about the file
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("must be a PDF, JPEG or PNG") == 1
    assert "Attach the location scheme" not in body
    assert not Application.objects.exists()
