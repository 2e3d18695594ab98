from django.core.exceptions import PermissionDenied
from ninja import NinjaAPI

from .auth import SessionAuth, TokenAuth

api = NinjaAPI(
    title="Merhav API",
    version="1",
    description="The Merhav API. Authenticate with a personal access token: `Authorization: Bearer <token>`.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(request, {"detail": "You are not allowed to do this."}, status=403)


api.add_router("/", "merhav.api.core.router")
api.add_router("/", "merhav.lessons.api.router")
