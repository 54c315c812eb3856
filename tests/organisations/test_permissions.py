import pytest

from organisations.permissions import Action, can, units_for, visible_provinces
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# (person, action, unit) → allowed. Units: root (province association) > a > branch; b; board.
MATRIX = [
    ("reporter", Action.REPORT, "a", True),
    ("reporter", Action.REPORT, "branch", False),
    ("reporter", Action.REPORT, "b", False),
    ("reporter", Action.VIEW, "branch", True),
    ("reporter", Action.VIEW, "b", False),
    ("reporter", Action.APPROVE, "a", False),
    ("approver", Action.APPROVE, "a", True),
    ("approver", Action.APPROVE, "branch", True),
    ("approver", Action.REPORT, "a", False),
    ("approver", Action.VIEW, "b", True),
    ("board_viewer", Action.VIEW, "branch", True),
    ("board_viewer", Action.REPORT, "a", False),
    ("board_viewer", Action.APPROVE, "a", False),
    ("board_viewer", Action.MANAGE, "root", False),
    ("program_admin", Action.MANAGE, "root", True),
    ("program_admin", Action.VIEW, "b", True),
    ("program_admin", Action.REPORT, "a", False),
    ("outsider", Action.VIEW, "a", False),
    ("outsider", Action.MANAGE, "root", False),
]


@pytest.mark.parametrize(("person", "action", "unit", "allowed"), MATRIX)
def test_who_may_do_what(request, tree, person, action, unit, allowed):
    user = request.getfixturevalue(person)
    assert can(user, action, tree[unit]) is allowed
    assert (tree[unit] in units_for(user, action)) is allowed


def test_a_person_without_a_role_may_do_nothing(tree):
    user = UserFactory()
    assert not any(can(user, action, tree["a"]) for action in Action)
    assert not visible_provinces(user).exists()


def test_superuser_may_do_everything(tree):
    user = UserFactory(is_superuser=True)
    assert all(can(user, action, tree["branch"]) for action in Action)


def test_visible_provinces(tree, reporter, outsider):
    assert list(visible_provinces(reporter)) == [tree["province"]]
    assert tree["province"] not in visible_provinces(outsider)
