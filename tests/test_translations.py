"""French is the primary language: every string of the interface is in the catalogue, translated and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")


def entries(path, parse=polib.pofile):
    return {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in parse(path)}


def test_every_french_entry_is_translated():
    catalogue = polib.pofile(CATALOGUE)

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert (untranslated, fuzzy) == ([], [])


def test_compiled_catalogue_matches_the_sources():
    compiled = {key: value for key, value in entries(COMPILED, polib.mofile).items() if key != (None, "")}
    sources = {key: value for key, value in entries(CATALOGUE).items() if key != (None, "")}

    assert compiled == sources


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext) to extract the strings")
def test_every_string_of_the_code_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "tree"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "media", "staticfiles", "test-artifacts", "*.sqlite3", "__pycache__"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "--ignore=tests", "--ignore=.venv"],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
        capture_output=True,
    )

    extracted = {key for key in entries(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")}
    committed = set(entries(CATALOGUE))
    assert sorted(extracted - committed, key=str) == []
