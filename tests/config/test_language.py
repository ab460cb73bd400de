"""The language choice of the portal, the admin and the dashboards: from any language's
address to the same page in the chosen one (Kazakh has no prefix)."""

import pytest


@pytest.mark.parametrize(
    ("page", "language", "lands_on"),
    [
        ("/admin/", "ru", "/ru/admin/"),
        ("/ru/admin/", "kk", "/admin/"),
        ("/ru/admin/", "en", "/en/admin/"),
        ("/en/dashboard/?step=1.4", "kk", "/dashboard/?step=1.4"),
        ("/ru/", "kk", "/"),
    ],
)
def test_the_choice_leads_to_the_same_page_in_that_language(
    client, db, kazakh_default, page, language, lands_on
):
    response = client.post("/i18n/setlang/", {"language": language, "next": page})
    assert response.status_code == 302
    assert response["Location"] == lands_on


def test_a_missing_page_says_so_in_the_pages_language(client, db, kazakh_default):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="ru">' in body
    assert "Resolver404" not in body and "tried these URL patterns" not in body


def test_a_missing_list_page_keeps_the_reason_the_code_gave(client, world):
    from workflow.roles import Role

    client.force_login(world.user(Role.SUPERVISOR))
    response = client.get("/dashboard/clocks/overdue/", {"page": "99"})
    assert response.status_code == 404
    assert "No such page of this list." in response.content.decode()


def test_a_refused_admin_page_says_so_in_the_pages_language(client, world, kazakh_default):
    from workflow.roles import Role

    # given a clerk, who has no business with the accounts of the site
    client.force_login(world.user(Role.CLERK))
    # when the clerk opens the users' list in Russian
    response = client.get("/ru/admin/auth/user/")
    # then a 403 page in Russian says access is denied and leads back to the admin
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="ru">' in body
    assert "Доступ запрещён" in body
    assert 'href="/ru/admin/"' in body
