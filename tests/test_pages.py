import pytest
from django.test import Client


@pytest.fixture
def client():
    return Client()


def test_the_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize(
    ("language", "heading", "exit_label"),
    [
        ("en", "options and risks", "Quick exit"),
        ("fr", "les options et leurs risques", "Sortie rapide"),
    ],
)
def test_the_home_page_speaks_the_chosen_language(client, language, heading, exit_label):
    response = client.get(f"/{language}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in body
    assert heading in body
    assert exit_label in body
    assert "legal advice" in body or "avis juridique" in body


def test_pages_load_scripts_only_from_this_site(client):
    body = client.get("/en/").content.decode()
    assert "/static/recours/htmx.min.js" in body
    assert "/static/recours/quick-exit.js" in body
    assert "<script>" not in body
    assert "cdn" not in body.lower()


def test_htmx_is_served_from_the_package(client):
    response = client.get("/static/recours/htmx.min.js")
    assert response.status_code == 200
    assert b"htmx" in b"".join(response.streaming_content)
