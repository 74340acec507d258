"""The OpenAPI schema: every operation documents the one error format for the refusals it may give."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from api.errors import CODES


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.ChoiceField(choices=sorted({*CODES.values(), "error"}))
    reasons = serializers.ListField(child=serializers.CharField())
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))

    class Meta:
        ref_name = "Error"


READ_ERRORS = ("400", "401", "403", "404", "406", "429")
WRITE_ERRORS = (*READ_ERRORS, "405", "409", "415")


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in WRITE_ERRORS if self.method not in ("GET", "HEAD") else (*READ_ERRORS, "405"):
            responses.setdefault(code, self._get_response_for_code(OpenApiResponse(ErrorSerializer), code))
        return responses


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "tpl_… (My account: API tokens)"}
