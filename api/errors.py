"""One error format for every refusal the API gives: validation, authentication, permission, a refused action.

``{"status": 409, "code": "refused", "reasons": [...], "fields": {...}}``: ``reasons`` are sentences in the
request's language (``Accept-Language``), ``fields`` the validation messages by field (``scores.12``).
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from permissions.refusal import ActionRefused

CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "refused",
    415: "unsupported_media_type",
    429: "throttled",
}


def error_response(status_code, reasons, fields=None, headers=None):
    body = {
        "status": status_code,
        "code": CODES.get(status_code, "error"),
        "reasons": [str(reason) for reason in reasons],
        "fields": fields or {},
    }
    return Response(body, status=status_code, headers=headers)


def exception_handler(exc, context):
    """Answer a refusal in the one format; anything else (a server error) goes on to Django's handler."""
    if isinstance(exc, ActionRefused):
        return error_response(exc.status_code, exc.reasons)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    headers = {name: value for name, value in response.items() if name in ("WWW-Authenticate", "Retry-After", "Allow")}
    if isinstance(exc, exceptions.ValidationError):
        fields = {}
        reasons = []
        _flatten(exc.detail, "", fields, reasons)
        if fields and not reasons:
            reasons = [_("Some fields are not valid: %(fields)s.") % {"fields": ", ".join(sorted(fields))}]
        return error_response(status.HTTP_400_BAD_REQUEST, reasons, fields, headers)
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    reasons = detail if isinstance(detail, list) else [detail]
    return error_response(response.status_code, reasons, headers=headers)


def _flatten(detail, path, fields, reasons):
    """Spread DRF's nested validation errors into ``fields`` by dotted path; general ones go to ``reasons``."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == "non_field_errors":
                _flatten(value, path, fields, reasons)
            else:
                _flatten(value, f"{path}.{key}" if path else str(key), fields, reasons)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                _flatten(value, f"{path}.{index}" if path else str(index), fields, reasons)
            elif path:
                fields.setdefault(path, []).append(str(value))
            else:
                reasons.append(str(value))
    elif path:
        fields.setdefault(path, []).append(str(detail))
    else:
        reasons.append(str(detail))
