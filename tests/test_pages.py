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


@pytest.mark.django_db
def test_the_home_page_is_public_and_shows_no_workspace_links_to_a_visitor(client):
    body = client.get("/en/").content.decode()
    assert 'href="/en/cases/"' not in body and "Sign out" not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "cases", "due", "sign_out"),
    [("en", "Cases", "Due soon", "Sign out"), ("fr", "Dossiers", "À échéance", "Se déconnecter")],
)
def test_every_page_has_the_main_navigation_once_signed_in(client, language, cases, due, sign_out):
    from django.contrib.auth import get_user_model

    from recours.accounts.testing import sign_in

    sign_in(client, get_user_model().objects.create_user("nav", password="x" * 16))
    for url in (f"/{language}/", f"/{language}/cases/", f"/{language}/cases/due/"):
        body = client.get(url).content.decode()
        nav = body.split('<nav aria-label="', 1)[1].split("</nav>", 1)[0]
        assert f'href="/{language}/cases/"' in nav and f">{cases}</a>" in nav, url
        assert f'href="/{language}/cases/due/"' in nav and f">{due}</a>" in nav, url
        assert f">{sign_out}</button>" in nav, url
