"""Moving a unit in the tree: its whole subtree follows, and nothing but the service moves it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organisations.models import Organisation
from organisations.services import organisation_move, organisation_update
from tests.admin_forms import admin_form_data
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_moving_a_unit_moves_its_whole_subtree(tree):
    group = OrganisationFactory(parent=tree["branch"], kind=Organisation.Kind.GROUP)
    branch = tree["branch"]
    organisation_move(unit=branch, parent=tree["b"], by=None)
    group.refresh_from_db()
    assert group.path == f"{tree['b'].path}{branch.pk:08d}/{group.pk:08d}/"
    assert set(Organisation.objects.subtree(tree["b"])) == {tree["b"], branch, group}
    assert set(Organisation.objects.subtree(tree["a"])) == {tree["a"]}


def test_a_unit_cannot_move_below_its_own_descendant(tree):
    commune = tree["a"]
    with pytest.raises(ValidationError) as error:
        organisation_update(
            unit=commune, by=None, code=commune.code, name=commune.name, kind=commune.kind, parent=tree["branch"]
        )
    assert "parent" in error.value.message_dict
    tree["a"].refresh_from_db()
    assert tree["a"].parent == tree["root"]


def test_a_plain_save_does_not_move_a_unit(tree):
    branch = tree["branch"]
    branch.parent = tree["b"]
    with pytest.raises(ValueError, match="organisation_move"):
        branch.save()


def test_moving_a_unit_in_the_admin_moves_its_subtree(client, tree):
    group = OrganisationFactory(parent=tree["branch"], kind=Organisation.Kind.GROUP)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse("admin:organisations_organisation_change", args=[tree["branch"].pk])
    data = admin_form_data(client.get(url))
    data["parent"] = str(tree["b"].pk)
    assert client.post(url, data).status_code == 302
    group.refresh_from_db()
    assert group.path.startswith(tree["b"].path)
