"""Operational endpoints and checks: the health check and the connection budget of the production shape."""

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_health_check_answers_when_the_database_does(client):
    """GET /healthz is 200 with the database vendor and task backend."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == connection.vendor


@pytest.mark.production
@pytest.mark.django_db
def test_connection_budget_warns_when_threads_exceed_postgresql_limit(settings, capsys):
    """`check --database default` warns (W001) when web threads and workers exceed max_connections."""
    from tsunagu.core.checks import connection_budget

    settings.WEB_PROCESSES, settings.WEB_THREADS, settings.WORKER_PROCESSES = 1, 2, 1
    assert connection_budget(None, databases=["default"]) == []
    settings.WEB_PROCESSES, settings.WEB_THREADS = 100, 100
    warnings = connection_budget(None, databases=["default"])
    assert [w.id for w in warnings] == ["tsunagu.W001"]
    assert "10001 connections" in warnings[0].msg
    call_command("check", databases=["default"])
    assert "tsunagu.W001" in capsys.readouterr().err


@pytest.mark.django_db
def test_unknown_api_paths_answer_json_404_and_pages_html_404(client):
    """An unknown /api/ path gets the API's JSON error; an unknown page gets the site's 404 page."""
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert "text/html" in page["Content-Type"]


@pytest.mark.django_db
def test_every_page_shows_the_site_name_even_where_django_passes_the_domain(client, settings):
    """The log-in page (whose view passes the request's domain as site_name) still shows SITE_NAME."""
    settings.SITE_NAME = "みんなのつなぐ"
    page = client.get("/login/").content.decode()
    assert "<title>" in page and "| みんなのつなぐ</title>" in page
    assert "testserver" not in page
