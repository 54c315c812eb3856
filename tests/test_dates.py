"""Dates and moments as the client writes them, in both languages, from nongdan/formats."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from nongdan.dates import format_date, format_moment

MOMENT = datetime.datetime(2024, 4, 15, 2, 30, tzinfo=datetime.UTC)  # 09:30 in Hà Nội


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_and_moments_read_day_first_whatever_the_language(language):
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }} · {{ moment|ngaygio }} · {{ nothing|ngaygio }}.')
    with translation.override(language):
        shown = template.render(Context({"day": MOMENT.date(), "moment": MOMENT, "nothing": None}))
    assert shown == "15/04/2024 · 15/04/2024 09:30 · ."


def test_python_code_writes_them_the_same_way():
    with translation.override("en"):
        assert (format_date(MOMENT.date()), format_moment(MOMENT), format_date(None)) == (
            "15/04/2024",
            "15/04/2024 09:30",
            "",
        )
