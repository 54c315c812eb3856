import pytest
from django.urls import reverse

from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_the_quarter_choices_follow_the_readers_language(client, board_viewer, tree):
    program = ProgramFactory(province=tree["province"])
    client.force_login(board_viewer)
    url = reverse("dashboards:dashboard", args=[program.slug])
    assert ">Quý III</option>" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert ">Quarter III</option>" in client.get(url).content.decode()
