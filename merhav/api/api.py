from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from ninja import NinjaAPI

from merhav.core.api import errors
from merhav.core.api.input import StrictParser
from merhav.core.api.openapi import document_common_errors
from merhav.core.modules import api_routers

from .auth import SessionAuth, TokenAuth


class MerhavAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        # 401, 403, 404, 422 and 429 can answer any operation; the schema says so (schemathesis checks it).
        return document_common_errors(super().get_openapi_schema(*args, **kwargs))


api = MerhavAPI(
    title="Merhav API",
    version="1",
    description="The Merhav API. Authenticate with a personal access token: `Authorization: Bearer <token>`.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    parser=StrictParser(),  # a NUL in the query or the body: 422 by field (PostgreSQL cannot store it)
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    errors.activate_language(request)
    return api.create_response(request, {"detail": gettext("You are not allowed to do this.")}, status=403)


errors.install(api)  # 422 {"detail", "errors": {field: [messages]}} in the user's language

for router in api_routers():  # each app declares its router (merhav.core.modules)
    api.add_router("/", router)
