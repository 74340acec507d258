"""Emails: a template per event, plain text and HTML, in the recipient's language, with a link back."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.template.base import Lexer, TokenType
from django.template.loader import render_to_string

from juries.models import JurySession
from juries.signals import session_planned
from notifications.enums import EventKind
from notifications.models import Delivery, Notification
from notifications.services import render_email
from tests.notifications.conftest import jury_session, put_in_state
from workflow.enums import State
from workflow.services import apply_transition

EMAIL_TEMPLATES = Path(__file__).resolve().parents[2] / "notifications" / "templates" / "notifications" / "email"


def untranslated_words(source):
    """Return the words of a template written outside ``translate`` / ``blocktranslate`` tags."""
    kept, translating = [], False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            translating = token.contents.startswith("blocktranslate") or (
                translating and not token.contents.startswith("endblocktranslate")
            )
        elif token.token_type == TokenType.TEXT and not translating:
            kept.append(token.contents)
        else:
            kept.append("0")
    text = re.sub(r"<[^>]*>|&\w+;", " ", "".join(kept))
    return re.findall(r"[^\W\d_]{2,}", text)


@pytest.mark.parametrize("path", sorted(EMAIL_TEMPLATES.iterdir()), ids=lambda path: path.name)
def test_email_template_has_no_untranslated_string(path):
    assert untranslated_words(path.read_text()) == []


@pytest.mark.parametrize("kind", EventKind.values)
def test_every_event_has_a_plain_text_and_an_html_email(kind):
    assert [(EMAIL_TEMPLATES / f"{kind}.{suffix}").is_file() for suffix in ("txt", "html")] == [True, True]


@pytest.mark.django_db
def test_email_is_written_in_the_recipients_language_with_a_link_back(people, settings):
    settings.SITE_URL = "https://tremplin.example.org"
    president, member = people["juror"], people["bank_expert"]
    president.language, member.language = "fr", "en"
    president.save()
    member.save()
    session = jury_session(president=president, members=[member])
    JurySession.objects.filter(pk=session.pk).update(date=date(2027, 3, 12))
    session.refresh_from_db()

    session_planned.send(sender=JurySession, session=session, members=[president, member], actor=None)

    french, english = (Delivery.objects.get(recipient=user) for user in (president, member))
    french_item = Notification.objects.get(recipient=president)
    assert french.subject == "Vous êtes membre de la session de jury « Jury de printemps » du 12 mars 2027."
    assert english.subject == "You are a member of the jury session “Jury de printemps” on March 12, 2027."
    (french_text, french_html), (_english_text, english_html) = render_email(french), render_email(english)
    assert french_html.splitlines()[1] == '<html lang="fr">'
    assert english_html.splitlines()[1] == '<html lang="en">'
    link = f"https://tremplin.example.org/notifications/{french_item.pk}/"
    assert f"Ouvrir dans Tremplin\u202f: {link}" in french_text.splitlines()
    assert f'<p><a href="{link}">Ouvrir dans Tremplin</a></p>' in french_html.splitlines()


@pytest.mark.django_db
def test_email_sent_carries_both_bodies(study, people, django_capture_on_commit_callbacks):
    study = put_in_state(study, State.SUBMITTED)
    people["holder"].language = "en"
    people["holder"].save()

    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(study, "request_changes", actor=people["regional_coordinator"], comment="Préciser le budget.")

    message = next(message for message in mail.outbox if message.to == [people["holder"].email])
    assert (
        message.subject == "Changes were requested on the opportunity study of “École de Production de Villeurbanne”."
    )
    assert message.body.splitlines()[:3] == ["Hello Claire Porteuse,", "", message.subject]
    assert "Préciser le budget." in message.body.splitlines()
    assert [mimetype for _content, mimetype in message.alternatives] == ["text/html"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_digest_template_counts_its_items():
    text = render_to_string(
        "notifications/email/digest.txt",
        {"recipient": {"full_name": "Claire"}, "day": "March 12, 2027", "items": [["Un", "https://x/1/"]]},
    )

    assert text.splitlines()[2] == "What happened in Tremplin (March 12, 2027): 1 item."
