"""A program admin edits a target and reads it back in words while typing."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import MembershipFactory, OrganisationFactory, TargetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_target_editor_says_the_target_in_words_while_it_is_edited(login, live_server):
    province = OrganisationFactory()
    target = TargetFactory(program__province=province.province, value=1500)
    admin = MembershipFactory(organisation=province, role="program_admin").user
    admin.is_staff = True
    admin.save()
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["programs", "targets"]))
    page = login(admin)
    page.goto(f"{live_server.url}/admin/targets/target/{target.pk}/change/")
    words = page.locator("#target-in-words")
    assert words.inner_text() == "từ 1.500 trở lên mỗi năm"
    page.locator("#id_comparator").select_option("gt")
    page.locator("#id_value").fill("2.000")
    assert words.inner_text() == "trên 2.000 mỗi năm"
    page.locator("#id_measure").select_option("stock_latest")
    page.locator("#id_timing").select_option("year_end")
    assert words.inner_text() == "trên 2.000 (đánh giá vào cuối năm)"
