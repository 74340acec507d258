"""The interface in French has no English left: the main pages of every role, rendered in French, contain
none of the catalogue's English sources; the same pages in English contain none of its French texts. And every
page of every role reads as French is printed: a narrow no-break space before « : ; ! ? », years without a
thousands separator."""

import html
import re

import polib
import pytest
from django.test import Client

from accounts.models import User
from notifications.models import Notification
from tests.security.test_permission_matrix import EXPECTED, ROLES
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


# Text as a reader sees it, its no-break spaces kept (``str.split`` would take them for spaces).
BLANKS = re.compile(r"[ \t\r\n]+")
# A colon, semicolon, question or exclamation mark that is not after a no-break space (narrow or not); a colon
# between digits is a time of day, and one followed by a letter or a slash is part of an address.
BARE_PUNCTUATION = re.compile(r"(?<![\u00a0\u202f ])[;!?](?=\s|$)|(?<![\u00a0\u202f \d]):(?=\s|$)| [:;!?](?=\s|$)")
# A year of this century printed with a thousands separator: « 2 027 », not an amount (« 2 050,00 € »).
SEPARATED_YEAR = re.compile(r"(?<![\d,.])2[\u00a0\u202f .]0\d\d(?![\d,]|\s?€)")


# Code is quoted as the machine reads it (« Authorization: Bearer … »), not printed as French.
CODE = re.compile(r"<(code|pre)\b.*?</\1>", re.DOTALL)


def readable_text(content):
    return BLANKS.sub(" ", html.unescape(TAGS.sub(" ", CODE.sub(" ", content.decode())))).strip()


def every_page_of_every_role():
    """(role, URL name) of every page a role may read, as the permission matrix says it answers 200."""
    for name, answers in sorted(EXPECTED.items()):
        for role, expected in zip(ROLES, answers.split(), strict=True):
            if expected == "200":
                yield role, name


def french_typography_faults(text):
    faults = [text[max(0, m.start() - 30) : m.end() + 5] for m in BARE_PUNCTUATION.finditer(text)]
    return faults + [text[max(0, m.start() - 20) : m.end() + 5] for m in SEPARATED_YEAR.finditer(text)]


@pytest.mark.django_db
def test_every_page_of_every_role_follows_french_typography():
    """Every page each role may open, in French: a narrow no-break space before « : ; ! ? », plain years."""
    world = build_world()
    User.objects.update(language="fr")
    clients, faults, seen = {}, {}, 0
    for role, name in every_page_of_every_role():
        if role not in clients:
            clients[role] = Client(headers={"Accept-Language": "fr"})
            if role != "anonymous":
                clients[role].force_login(world.people[role])
        response = clients[role].get(url_for(name, world))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        seen += 1
        found = french_typography_faults(readable_text(response.content))
        if found:
            faults[f"{role} {name}"] = found
    assert seen > 100
    assert faults == {}


@pytest.mark.parametrize(
    ("text", "faults"),
    [
        (
            "Statut\u202f: déposée ; ouverte en 2027 ? À 14:30, 2\u202f050,00 € et 2 000 €.",
            ["ouverte en 2027 ?", "déposée ;"],
        ),
        ("Plan : 2\u202f027", ["Plan :", "2\u202f027"]),
        ("Plan: oui!", ["Plan:", "oui!"]),
        ("Statut\u202f: oui\u202f! Vraiment\u202f? 2027", []),
    ],
)
def test_the_typography_check_catches_what_a_french_reader_would(text, faults):
    found = french_typography_faults(text)

    assert sorted(f for f in faults if any(f in g for g in found)) == sorted(faults)
    assert len(found) == len(faults)
