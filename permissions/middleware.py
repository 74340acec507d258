"""Show a refusal that no view caught as a page with its reasons, never as a server error."""

from django.shortcuts import render

from permissions.refusal import ActionRefused


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ActionRefused):
            return render(request, "refused.html", {"reasons": exception.reasons}, status=exception.status_code)
        return None
