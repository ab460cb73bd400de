import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_broker_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_down(client, monkeypatch):
    # Given a broker that cannot be reached (nothing listens on port 1 of this machine)
    from celery import Celery

    # Not made the current app: shared tasks queued by later tests would follow it.
    unreachable = Celery("unreachable", set_as_current=False)
    # broker_write_url: CELERY_BROKER_URL in the environment would override broker_url.
    unreachable.conf.broker_write_url = "redis://127.0.0.1:1/0"
    monkeypatch.setattr("config.health.celery_app", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert response.json()["database"]["ok"] is True


@pytest.mark.django_db
def test_home_and_admin_login_answer(client):
    assert client.get("/admin/login/").status_code == 200
