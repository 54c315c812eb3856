"""The load command drives a real server: people sign in, reporters save drafts, viewers read."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from reports.loadtest import load_setup, loopback_base, run_load
from reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite in memory locks its tables between the live server's threads"
)
def test_a_short_load_against_a_live_server_saves_drafts_and_reads_dashboards(live_server):
    slug, people = load_setup(communes=3, reporters=2, viewers=2)
    assert load_setup(communes=3, reporters=2, viewers=2) == (slug, people)  # made once

    lines = run_load(servers=[live_server.url], slug=slug, people=people, seconds=30, limit=24)

    total = lines[-1]
    assert "24 yêu cầu" in total and "lỗi 0." in total
    assert any(line.startswith("Lưu nháp") for line in lines)
    drafts = Report.objects.filter(unit__province__code="tai-thu", status=Report.Status.DRAFT)
    assert drafts.exists()  # what the reporters saved is in the database, with their comment
    assert drafts.first().values.first().comment == "Số liệu thử tải"


@pytest.mark.parametrize("url", ["http://10.1.2.3:8000", "https://127.0.0.1:8000", "http://example.org"])
def test_the_load_goes_only_to_this_machine(url, settings):
    settings.DEBUG = True
    with pytest.raises(ValueError, match="chính máy này"):
        loopback_base(url)
    with pytest.raises(CommandError, match="chính máy này"):
        call_command("loadtest", "--server", url)
