"""Login throttling (django-axes): who is asking, and the page a locked-out person sees.

Axes counts wrong passwords per account and per address in PostgreSQL; see AXES_* in settings.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render

# The throttle stores the name each attempt gives in a column of this length.
_STORED_USERNAME = AccessAttempt._meta.get_field("username").max_length


def client_ip(request) -> str | None:
    """The visitor's address as the first of our trusted reverse proxies saw it.

    With REVERSE_PROXY_COUNT proxies in front (nginx adds the address it sees to
    X-Forwarded-For), the last that many entries are theirs; anything to the left of them came
    from the visitor and may be forged, so it is never used.
    """
    count = settings.REVERSE_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def client_username(request, credentials=None) -> str | None:
    """The account a login attempt names, cut to what the throttle stores.

    No account has a longer name (Django's stop at 150 characters), so nothing is lost; uncut, a
    longer name sent by a script was a server error on PostgreSQL instead of a wrong login.
    """
    source = credentials or getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    return username[:_STORED_USERNAME] if isinstance(username, str) else username


def locked_out(request, original_response=None, credentials=None):
    """Too many wrong passwords: say so in words, and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
