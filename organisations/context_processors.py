from organisations.models import Membership
from organisations.permissions import memberships_of


def memberships(request):
    """The signed-in person's organisations and roles, shown in the page header, and whether they
    manage a province's units and people (the "Đơn vị" link)."""
    mine = memberships_of(request.user)
    manages = request.user.is_superuser or any(m.role == Membership.Role.PROGRAM_ADMIN for m in mine)
    return {"my_memberships": mine, "manages_units": manages}
