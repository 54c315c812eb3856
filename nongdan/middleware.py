from django.conf import settings
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
