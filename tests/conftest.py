import pytest


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploads written by a test go to its own folder, never to the developer's data."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
