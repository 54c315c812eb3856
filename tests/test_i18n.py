"""The English interface: the language switch, the catalogue's completeness, numbers kept Vietnamese."""

import ast
import re

import pytest
from django.conf import settings
from django.utils import translation

from targets.loader import programs_load

PO_FILE = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd%]")

HEADING_VI = "Chương trình hành động thực hiện Nghị quyết 46-NQ/TW"
HEADING_EN = "Action programs implementing Resolution 46-NQ/TW"


def _entries():
    """Every live entry of the .po as a dict: msgctxt, msgid, msgid_plural, msgstr[n], flags.

    A tiny reader for what makemessages writes; obsolete (#~) entries are skipped.
    """
    entries = []
    for block in re.split(r"\n\s*\n", PO_FILE.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if line.strip() and not line.startswith("#~")]
        if not any(line.startswith("msgid") for line in lines):
            continue
        entry, key = {"flags": set()}, None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _, value = line.partition(" ")
                entry[key] = ast.literal_eval(value)
        entries.append(entry)
    return entries


def _translations(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


@pytest.fixture
def english_reset():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def viewer_client(client, board_viewer, english_reset):
    client.force_login(board_viewer)
    return client


def _switch(client, language):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/programs/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/programs/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


def test_the_switch_turns_the_program_list_into_english_and_back(viewer_client):
    page = viewer_client.get("/programs/").content.decode()
    assert HEADING_VI in page

    _switch(viewer_client, "en")
    page = viewer_client.get("/programs/").content.decode()
    assert HEADING_EN in page
    assert HEADING_VI not in page
    for heading in ["Province", "Reference number", "Program title", "Date issued", "Status", "Log out"]:
        assert heading in page
    assert "You have not been assigned any program to monitor." in page

    _switch(viewer_client, "vi")
    page = viewer_client.get("/programs/").content.decode()
    assert HEADING_VI in page
    assert HEADING_EN not in page
    assert "Đăng xuất" in page


def test_english_keeps_vietnamese_numbers_and_dates(viewer_client):
    programs_load()
    _switch(viewer_client, "en")
    page = viewer_client.get("/programs/115-ctr-tu/").content.decode()
    assert "1.500 or more" in page
    assert "45 % or more" in page
    assert "từ 1.500 trở lên" not in page
    assert "1,500 or more" not in page
    assert "15/04/2024" in page


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = _entries()
    assert len(entries) > 300
    header, *messages = entries
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert "Language: en" in header["msgstr"]
    untranslated = [e["msgid"] for e in messages if not all(_translations(e))]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_translations_keep_the_placeholders():
    for entry in _entries()[1:]:
        wanted = set(PLACEHOLDER.findall(entry["msgid"]))
        for translated in _translations(entry):
            assert set(PLACEHOLDER.findall(translated)) == wanted, entry["msgid"]


def test_the_compiled_catalogue_matches_the_po(english_reset):
    """django.mo is committed (servers may lack gettext) and must be compiled from the current .po."""
    assert MO_FILE.exists()
    translation.activate("en")
    stale = []
    for entry in _entries()[1:]:
        context, msgid, plural = entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural")
        if plural:
            got = [
                translation.npgettext(context, msgid, plural, n) if context else translation.ngettext(msgid, plural, n)
                for n in (1, 2)
            ]
            wanted = [entry["msgstr[0]"], entry["msgstr[1]"]]
        else:
            got = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            wanted = entry["msgstr"]
        if got != wanted:
            stale.append(msgid)
    assert stale == []
