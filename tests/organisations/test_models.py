import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organisations.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_paths_make_subtrees_of_any_depth(tree):
    group = OrganisationFactory(parent=tree["branch"], kind=Organisation.Kind.GROUP, name="Tổ Hội 1")
    assert group.path == f"{tree['branch'].path}{group.pk:08d}/"
    subtree = set(Organisation.objects.subtree(tree["a"]))
    assert subtree == {tree["a"], tree["branch"], group}
    assert group in Organisation.objects.subtree(tree["root"])
    assert group not in Organisation.objects.subtree(tree["b"])


def test_only_branches_and_groups_can_be_professional(tree):
    commune = tree["a"]
    commune.professional = True
    with pytest.raises(ValidationError) as error:
        commune.full_clean()
    assert "Chỉ chi Hội và tổ Hội mới có thể là nghề nghiệp." in error.value.messages
    with transaction.atomic(), pytest.raises(IntegrityError):
        commune.save()


def test_a_merged_unit_must_say_when_it_stopped(tree):
    old = tree["b"]
    old.merged_into = tree["a"]
    with pytest.raises(ValidationError) as error:
        old.full_clean()
    assert error.value.message_dict["retired_on"] == ["Đơn vị đã sáp nhập phải có ngày ngừng hoạt động."]
    with transaction.atomic(), pytest.raises(IntegrityError):
        old.save()
    old.retired_on = datetime.date(2025, 7, 1)
    old.full_clean()
    old.save()
    assert list(tree["a"].merged_from.all()) == [old]


def test_a_unit_cannot_be_put_below_its_own_descendant(tree):
    commune = tree["a"]
    commune.parent = tree["branch"]
    with pytest.raises(ValidationError) as error:
        commune.full_clean()
    assert "parent" in error.value.message_dict


def test_retired_units_keep_their_history(tree):
    unit = tree["b"]
    unit.retired_on = datetime.date(2025, 7, 1)
    unit.save()
    assert unit.history.count() == 2
    assert unit in Organisation.objects.all() and unit not in Organisation.objects.active()
