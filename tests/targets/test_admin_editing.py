"""Program admins edit targets in the Django admin; two of them never silently overwrite each other."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from tests.admin_forms import admin_form_data
from tests.factories import AllocationFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(tree, program_admin):
    second = UserFactory(username="admin2", is_staff=True)
    second.memberships.create(organisation=tree["root"], role="program_admin")
    permissions = Permission.objects.filter(content_type__app_label__in=["programs", "targets"])
    for user in (program_admin, second):
        user.is_staff = True
        user.save()
        user.user_permissions.set(permissions)
    return program_admin, second


def test_a_second_admin_saving_an_old_copy_is_stopped_and_keeps_what_they_typed(client, admins, tree):
    first, second = admins
    target = TargetFactory(program__province=tree["province"], value=Decimal("1500"))
    url = reverse("admin:targets_target_change", args=[target.pk])

    client.force_login(second)
    stale = admin_form_data(client.get(url))

    client.force_login(first)
    fresh = admin_form_data(client.get(url))
    fresh["value"] = "1600"
    assert client.post(url, fresh).status_code == 302

    client.force_login(second)
    stale["value"] = "1700"
    response = client.post(url, stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "đã sửa bản ghi này lúc" in page and "admin" in page
    assert 'value="1700"' in page
    target.refresh_from_db()
    assert target.value == Decimal("1600")
    assert [h.history_user.username for h in target.history.all()[:1]] == ["admin"]


def test_a_program_admin_cannot_edit_another_provinces_target(client, admins):
    other = TargetFactory()  # another province
    client.force_login(admins[0])
    response = client.get(reverse("admin:targets_target_change", args=[other.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("typed", "saved"), [("1.500", Decimal("1500")), ("1 800", Decimal("1800")), ("45,5", Decimal("45.5"))]
)
def test_target_values_are_typed_the_vietnamese_way_in_the_admin(client, admins, tree, typed, saved):
    target = TargetFactory(program__province=tree["province"], value=Decimal("1200"))
    url = reverse("admin:targets_target_change", args=[target.pk])
    client.force_login(admins[0])
    data = admin_form_data(client.get(url))
    assert data["value"] == "1.200"  # shown the Vietnamese way, not 1200.00
    data["value"] = typed
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.value == saved


def test_a_wrong_target_value_gets_a_vietnamese_message_and_keeps_the_typing(client, admins, tree):
    target = TargetFactory(program__province=tree["province"])
    url = reverse("admin:targets_target_change", args=[target.pk])
    client.force_login(admins[0])
    data = admin_form_data(client.get(url))
    data["value"] = "1.5oo"
    page = client.post(url, data).content.decode()
    assert "“1.5oo” không phải là một số" in page and 'value="1.5oo"' in page


# --- History that holds: a new goal applies from a year on ---------------------------------------


@pytest.fixture
def stock_target(tree):
    """ "Từ 300 hội viên trở lên", 2024–2030, with its own value for 2025 (320) as the document sets it."""
    target = TargetFactory(
        program__province=tree["province"], measure="stock_latest", numerator__kind="stock", value=Decimal(300)
    )
    target.year_values.create(year=2025, value=Decimal(320))
    return target


def test_a_new_value_applies_from_the_year_chosen_and_past_years_keep_theirs(client, admins, stock_target):
    client.force_login(admins[0])
    url = reverse("admin:targets_target_change", args=[stock_target.pk])
    data = admin_form_data(client.get(url))
    assert data["applies_from"] == timezone.localdate().year  # by default
    data.update(value="400", applies_from="2027")
    assert client.post(url, data).status_code == 302
    stock_target.refresh_from_db()
    goals = {year: stock_target.value_for(year) for year in (2024, 2025, 2026, 2027, 2030)}
    assert goals == {2024: 300, 2025: 320, 2026: 300, 2027: 400, 2030: 400}
    assert {y.year: y.history.get().history_user for y in stock_target.year_values.all()} == {
        2024: admins[0],
        2025: None,  # the document's own value, untouched
        2026: admins[0],
    }


def test_a_changed_comparator_leaves_past_years_compared_as_before(client, admins, stock_target):
    client.force_login(admins[0])
    url = reverse("admin:targets_target_change", args=[stock_target.pk])
    data = admin_form_data(client.get(url))
    data.update(comparator="gt", applies_from="2026")
    assert client.post(url, data).status_code == 302
    stock_target.refresh_from_db()
    described = {year: stock_target.describe(stock_target.value_for(year), year) for year in (2024, 2025, 2026)}
    assert described == {2024: "từ 300 trở lên", 2025: "từ 320 trở lên", 2026: "trên 300"}


def test_a_changed_goal_needs_a_year_within_the_program(client, admins, stock_target):
    client.force_login(admins[0])
    url = reverse("admin:targets_target_change", args=[stock_target.pk])
    data = admin_form_data(client.get(url))
    for year, message in [
        ("", "Chỉ tiêu đã đổi: hãy ghi năm bắt đầu áp dụng."),
        ("2031", "Năm phải trong thời gian của chương trình (2024–2030)."),
    ]:
        data.update(value="1.200", applies_from=year)
        response = client.post(url, data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert 'value="1.200"' in response.content.decode()
    stock_target.refresh_from_db()
    assert stock_target.value == 300
    assert stock_target.year_values.count() == 1


def test_the_program_page_lists_the_years_kept_and_the_new_value(client, admins, board_viewer, stock_target):
    client.force_login(admins[0])
    url = reverse("admin:targets_target_change", args=[stock_target.pk])
    data = admin_form_data(client.get(url))
    data.update(value="400", applies_from="2025")
    client.post(url, data)
    client.force_login(board_viewer)
    response = client.get(reverse("programs:detail", args=[stock_target.program.slug]))
    changes = {(c.field, c.old, c.new) for c in response.context["target_changes"]}
    assert changes == {
        ("chỉ tiêu riêng năm 2025", "—", "từ 320 trở lên"),  # the document's own, entered with the target
        ("giá trị hằng năm", "300", "400"),
        ("chỉ tiêu riêng năm 2024", "—", "từ 300 trở lên"),  # kept when the value changed
    }


def test_the_target_editor_and_list_say_the_target_as_the_document_writes_it(client, admins, tree):
    target = TargetFactory(program__province=tree["province"], value=Decimal(1500))
    yearly_rating = TargetFactory(
        program=target.program, ratio=True, value=95, timing="year_end", short_name="Cơ sở Hội vững mạnh"
    )
    AllocationFactory(target=target, unit=tree["a"], value=Decimal(1200))
    client.force_login(admins[0])
    page = client.get(reverse("admin:targets_target_change", args=[target.pk])).content.decode()
    assert ">từ 1.500 trở lên mỗi năm</output>" in page
    assert "js/target-words" in page
    listing = client.get(reverse("admin:targets_target_changelist")).content.decode()
    assert "từ 1.500 trở lên mỗi năm" in listing
    assert "95 % (đánh giá vào cuối năm)" in listing
    assert yearly_rating.in_words() == "95 % (đánh giá vào cuối năm)"
    shares = client.get(reverse("admin:targets_allocation_changelist")).content.decode()
    assert ">1.200<" in shares and "1200,00" not in shares
