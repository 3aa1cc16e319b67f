from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """Values every page needs: the quick-exit target and the same page in the other language.

    The language switch is a plain link to the translated URL: it needs no cookie and no form
    post, so it works under a no-referrer policy and without JavaScript.
    """
    from recours import __version__

    current = get_language() or settings.LANGUAGE_CODE
    switch = [
        (code, name, translate_url(request.get_full_path(), code))
        for code, name in settings.LANGUAGES
        if code != current
    ]
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "recours_version": __version__,
        "language_switch": switch,
    }
