"""Each unit measured against its own target (giao chỉ tiêu).

115-CTr/TU's target 1 (1.500 new members a year) is allocated for 2025: commune A 600, commune B 500
(1.100 in all, less than the province's 1.500). Nothing of target 2 (members, a stock) is allocated.
With the scenario's reports, as of Q2/2025, approved only:
- commune A: 500 new members against its 600, expected 600 × 2/4 = 300 by Q2: 166,7 %, on track;
  members "chưa được giao chỉ tiêu", no status against the province's 1.000;
  7a (a percentage) applies to every unit alike: 90 / 450 = 20 % against 100 %, behind;
- the province: 600 against 1.500, expected 750: 80 %, behind, as before.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from targets.measuring import Status
from targets.models import Allocation
from tests.factories import AllocationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def allocated(scenario, program):
    target = program.targets.get(label="1")
    AllocationFactory(target=target, unit=scenario["a"], value=600)
    AllocationFactory(target=target, unit=scenario["b"], value=500)
    return target


def progress(client, program, unit):
    response = client.get(
        reverse("dashboards:dashboard", args=[program.slug]), {"year": 2025, "quarter": 2, "unit": unit.pk}
    )
    return response, {p.target.label: p for p in response.context["dashboard"].progress}


def test_a_commune_is_measured_against_what_it_was_allocated(client, board_viewer, scenario, program, allocated):
    client.force_login(board_viewer)
    response, by_label = progress(client, program, scenario["a"])
    new_members, members, insured = by_label["1"], by_label["2"], by_label["7a"]
    assert (new_members.actual, new_members.goal, new_members.expected) == (500, 600, 300)
    assert round(new_members.percent_of_expected, 1) == Decimal("166.7")
    assert new_members.status == Status.ON_TRACK
    assert (members.actual, members.goal, members.status) == (450, None, Status.NOT_ALLOCATED)
    assert members.percent_of_expected is None
    assert (insured.actual, insured.goal, insured.status) == (20, 100, Status.BEHIND)
    rows = {row[0].value: row for row in response.context["dashboard"].table.rows}
    assert rows["1"][2].value == "từ 600 trở lên"
    assert rows["2"][2].value == "Chưa được giao chỉ tiêu"
    assert rows["2"][7].value == "Chưa được giao chỉ tiêu"


def test_the_province_is_measured_against_the_programs_own_target(client, board_viewer, scenario, program, allocated):
    client.force_login(board_viewer)
    _response, by_label = progress(client, program, scenario["root"])
    assert (by_label["1"].actual, by_label["1"].goal, by_label["1"].percent_of_expected) == (600, 1500, 80)


def test_a_unit_without_allocations_has_no_status_for_counts(client, board_viewer, scenario, program):
    client.force_login(board_viewer)
    _response, by_label = progress(client, program, scenario["b"])
    assert [by_label[label].status for label in ("1", "2")] == [Status.NOT_ALLOCATED] * 2


def test_allocations_go_to_units_below_the_plans_owner_within_its_years(scenario, program):
    target = program.targets.get(label="1")
    for unit, year, field in [
        (scenario["root"], 2025, "unit"),  # the province is measured against the program itself
        (OrganisationFactory(), 2025, "unit"),  # another province
        (scenario["a"], 2031, "year"),
    ]:
        with pytest.raises(ValidationError) as error:
            Allocation(target=target, unit=unit, year=year, value=10).full_clean()
        assert field in error.value.message_dict


def test_a_program_admin_allocates_in_the_admin_with_history(client, scenario, program, program_admin):
    program_admin.is_staff = True
    program_admin.save()
    program_admin.user_permissions.set(Permission.objects.filter(content_type__app_label="targets"))
    target = program.targets.get(label="1")
    client.force_login(program_admin)
    data = {"target": target.pk, "unit": scenario["a"].pk, "year": 2025, "value": "1.200"}
    assert client.post(reverse("admin:targets_allocation_add"), data).status_code == 302
    allocation = Allocation.objects.get()
    assert allocation.value == Decimal(1200)
    assert allocation.history.get().history_user == program_admin
    other = AllocationFactory()  # another province's
    assert client.get(reverse("admin:targets_allocation_change", args=[other.pk])).status_code == 404
