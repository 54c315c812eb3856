import pytest
from django.urls import reverse

from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_the_period_choices_are_the_reviews_in_the_readers_language(client, board_viewer, tree):
    """Quý I, sơ kết 6 tháng, 9 tháng, tổng kết năm: each counts the year from its start."""
    program = ProgramFactory(province=tree["province"])
    client.force_login(board_viewer)
    url = reverse("dashboards:dashboard", args=[program.slug])
    html = client.get(url).content.decode()
    for name in (">Quý I</option>", ">6 tháng đầu năm</option>", ">9 tháng</option>", ">Cả năm</option>"):
        assert name in html
    client.post(reverse("set_language"), {"language": "en", "next": url})
    html = client.get(url).content.decode()
    for name in (">Quarter I</option>", ">First six months</option>", ">Nine months</option>", ">Whole year</option>"):
        assert name in html
