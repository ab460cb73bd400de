"""The applicant's whole journey in headless Chromium: sign-up, the application, and after the
officials' steps (done through the services) the agreement, the payment on the simulated
gateway's page and the decision in the cabinet."""

import os
import re
from pathlib import Path

import pytest

from landplots.models import Application, State
from tests.factories import PDF_BYTES
from tests.landplots.helpers import (
    hierarchy,
    officials_to_awaiting_applicant,
    officials_to_granted,
)

CHROMIUM = "/usr/bin/chromium"
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls (the
# officials' steps) are still plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
]


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()


def test_from_sign_up_to_the_decision(live_server, world, page):
    """Issue 5 end to end: Annex 1 signed and submitted; §6 step 1.10 agreed and paid through
    the gateway; §6 step 2.5 the decision in the cabinet."""
    region, district, _rural = hierarchy(world)
    base = live_server.url

    # given a person who signs up with an IIN
    page.goto(base + "/")
    page.click("text=Sign up")
    page.fill("#id_iin", "760212350620")
    page.fill("#id_last_name", "Серикова")
    page.fill("#id_first_name", "Айгуль")
    page.fill("#id_address", "Алматы, ул. Абая, 1")
    page.fill("#id_email", "aigul@example.kz")
    page.fill("#id_password1", "Zhol-2026-plot")
    page.fill("#id_password2", "Zhol-2026-plot")
    page.click("button[type=submit]:has-text('Create the account')")
    page.wait_for_url(re.compile(r"/cabinet/$"))

    # when she fills Annex 1, choosing the addressee down the hierarchy, and signs and submits
    page.click("text=New application")
    page.select_option("#id_region", str(region.pk))
    page.wait_for_selector(f"#id_district option[value='{district.pk}']", state="attached")
    page.select_option("#id_district", str(district.pk))
    page.fill("#id_plot_address", "Алматы, мкр. Шугыла, участок 15")
    page.fill("#id_area_ha", "0,12")
    page.select_option("#id_purpose", "individual_housing")
    page.check("input[name=use_right][value=temporary_paid]")
    page.set_input_files(
        "#id_location_scheme",
        files=[{"name": "схема.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}],
    )
    page.check("#id_consent")
    page.click("button[value=submit]")
    page.wait_for_selector("#status")

    # then the case is submitted, with its promised date
    assert "Sent, waiting for registration" in page.inner_text("#status")
    assert page.is_visible("#promised")
    app = Application.objects.get(applicant__user__username="760212350620")
    assert app.state == State.SUBMITTED

    # when the officials do their steps and the act and invoice reach her cabinet
    officials_to_awaiting_applicant(world, app.pk)
    page.reload()
    assert "Waiting for you" in page.inner_text("#status")
    assert "working days left" in page.content()

    # and she agrees the act and pays on the gateway's page
    page.click("#agree")
    page.wait_for_selector("text=You have agreed the final land-selection act")
    page.click("#pay")
    page.wait_for_url(re.compile(r"/gateway/local/"))
    assert "45000" in page.content()
    page.click("#gateway-pay")
    page.wait_for_selector("text=Payment received")
    app.refresh_from_db()
    assert app.state == State.CADASTRAL_PLAN_PREPARATION

    # and the officials finish stage 2
    officials_to_granted(world, app.pk)

    # then the cabinet shows the decision
    page.goto(base + "/cabinet/")
    assert "Granted: the decision is in your cabinet" in page.content()
    page.click(f"text={app.number}")
    page.click("text=Decision granting the land-use right")
    assert "временного возмездного землепользования" in page.inner_text("#decision-text")
