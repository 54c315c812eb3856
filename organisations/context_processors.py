from organisations.permissions import memberships_of


def memberships(request):
    """The signed-in person's organisations and roles, shown in the page header."""
    return {"my_memberships": memberships_of(request.user)}
