"""The interface in French has no English left: the main pages of every role, rendered in French, contain
none of the catalogue's English sources; the same pages in English contain none of its French texts."""

import html
import re

import polib
import pytest
from django.test import Client

from accounts.models import User
from notifications.models import Notification
from tests.security.urlmap import url_for
from tests.security.world import MAIN_PAGES, build_world
from tests.test_translations import CATALOGUE
from workflow.services import apply_transition

PAGES = {**MAIN_PAGES, "anonymous": ["login", "password_reset"]}
TAGS = re.compile(r"<script.*?</script>|<[^>]+>", re.DOTALL)
# Words that read the same in both languages, and texts too short to say which language they are in.
SAME_IN_BOTH = {"Jury", "Notifications", "Date", "Quorum", "Tremplin", "Budget", "Total", "Page", "Ions"}


def visible_text(content):
    return " ".join(html.unescape(TAGS.sub(" ", content.decode())).split())


def catalogue_texts():
    for entry in polib.pofile(CATALOGUE):
        for source, translation in [(entry.msgid, entry.msgstr), (entry.msgid_plural, entry.msgstr_plural.get(1, ""))]:
            if source and "%" not in source and "{" not in source and source != translation:
                yield source, translation


def rendered(language):
    """Render the pages for people who chose ``language``, their inbox holding an event told in it."""
    world = build_world()
    User.objects.update(language=language)
    Notification.objects.all().delete()
    apply_transition(world.study, "request_changes", actor=world.people["bank_expert"], comment="Préciser le prêt.")
    texts = {}
    for role, names in PAGES.items():
        client = Client(headers={"Accept-Language": language})
        if role != "anonymous":
            client.force_login(world.people[role])
        for name in names:
            response = client.get(url_for(name, world))
            assert response.status_code == 200, (role, name)
            texts[f"{role} {name}"] = visible_text(response.content)
    return texts


def leftovers(texts, phrases):
    """The phrases (whole words, two words at least or long) that appear in the rendered texts."""
    found = []
    for phrase in phrases:
        if phrase in SAME_IN_BOTH or (" " not in phrase and len(phrase) < 12):
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
        found += [(page, phrase) for page, text in texts.items() if pattern.search(text)]
    return found


@pytest.mark.django_db
def test_french_pages_have_no_english_left():
    english = {source for source, _translation in catalogue_texts()}

    assert leftovers(rendered("fr"), english) == []


@pytest.mark.django_db
def test_english_pages_have_no_french_left():
    french = {translation for _source, translation in catalogue_texts() if translation}

    assert leftovers(rendered("en"), french) == []
