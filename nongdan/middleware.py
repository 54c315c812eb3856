from django.conf import settings
from django.contrib.admin.options import TO_FIELD_VAR
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose English with the language switch.

    The browser's Accept-Language is ignored on purpose: many officials' machines run
    English-language browsers, and the client wants the Vietnamese interface first.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


class ContentSecurityPolicyMiddleware:
    """Send SECURE_CSP as the Content-Security-Policy header of every response that has none.

    Pages load scripts, styles and images from our own static files only, with no inline code, so
    an injected <script> or onerror= does not run. Django 6.0 ships this middleware reading the same
    setting (django.middleware.csp); when the project moves to it, this class goes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = "; ".join(" ".join([directive, *sources]) for directive, sources in settings.SECURE_CSP.items())
        response.headers.setdefault("Content-Security-Policy", policy)
        return response


class AdminEmptyToFieldMiddleware:
    """Drop an empty `_to_field` from what the admin reads.

    The admin looks a record up by another field when the address or form names one in
    `_to_field`; an empty name passes its check and then fails the lookup, a server error (Django
    5.2, every admin page of a record). Empty means "by id", as no `_to_field` at all does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.GET.get(TO_FIELD_VAR) == "":
            request.GET = request.GET.copy()
            del request.GET[TO_FIELD_VAR]
        if request.method == "POST" and request.POST.get(TO_FIELD_VAR) == "":
            request.POST = request.POST.copy()
            del request.POST[TO_FIELD_VAR]
        return self.get_response(request)
