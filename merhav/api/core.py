"""API for the platform: the current user, authorities, departments, memberships."""

from ninja import Router, Schema

from merhav.tenancy import selectors
from merhav.tenancy.selectors import memberships_of

from .auth import enter_authority

router = Router(tags=["platform"])


class MembershipOut(Schema):
    authority: str
    authority_name: str
    role: str
    department: str | None


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    language: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut)
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "memberships": [
            {
                "authority": m.authority.slug,
                "authority_name": m.authority.name,
                "role": m.role,
                "department": m.department.name if m.department else None,
            }
            for m in memberships_of(user).values()
        ],
    }


class AuthorityOut(Schema):
    slug: str
    name: str
    code: str
    kind: str


@router.get("/authorities", response=list[AuthorityOut])
def authorities(request):
    return [
        {"slug": m.authority.slug, "name": m.authority.name, "code": m.authority.code, "kind": m.authority.kind}
        for m in memberships_of(request.auth).values()
    ]


class DepartmentOut(Schema):
    id: int
    name: str
    kind: str
    is_active: bool


@router.get("/authorities/{authority_slug}/departments", response=list[DepartmentOut])
def departments(request, authority_slug: str):
    with enter_authority(request, authority_slug):
        return list(selectors.departments(request.authority))
