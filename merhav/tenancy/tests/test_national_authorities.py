"""National admins manage authorities (created with the standard departments) and regions under /national/."""

from django.urls import reverse
from django_scopes import scopes_disabled

from merhav.audit.models import AuditEntry
from merhav.tenancy.models import Authority, Department, Region, StandardDepartment


def authority_data(**extra):
    return {"name_he": "מצפה הגליל", "name_ar": "متسبيه هجليل", "name_en": "Mitzpe HaGalil", "slug": "mitzpe",
            "code": "1234", "kind": Authority.Kind.LOCAL_COUNCIL, "district": Authority.District.NORTH,
            "population": "12500", "region": "", **extra}


def test_national_admin_creates_an_authority_with_the_standard_departments(login, national_admin):
    client = login(national_admin)
    assert client.get(reverse("national:authority_create")).status_code == 200
    response = client.post(reverse("national:authority_create"), authority_data())
    assert response.status_code == 302
    authority = Authority.objects.get(slug="mitzpe")
    assert (authority.name_en, authority.code, authority.kind, authority.population) == (
        "Mitzpe HaGalil", "1234", Authority.Kind.LOCAL_COUNCIL, 12500
    )
    with scopes_disabled():
        kinds = sorted(Department.objects.filter(authority=authority).values_list("kind", flat=True))
    assert kinds == sorted(StandardDepartment.values)
    assert AuditEntry.objects.filter(action="create", object_type="tenancy.authority", user=national_admin).exists()


def test_a_taken_slug_or_code_is_refused_next_to_the_field(login, national_admin, authority):
    response = login(national_admin).post(reverse("national:authority_create"),
                                          authority_data(slug=authority.slug, code=authority.code))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["slug"] and form.errors["code"]
    assert form["name_he"].value() == "מצפה הגליל"


def test_national_admin_edits_an_authority(login, national_admin, authority):
    region = Region.objects.create(name_he="גליל", slug="galil")
    data = authority_data(name_he="עיר הבית החדשה", code=authority.code, region=region.pk, is_active="on")
    data.pop("slug")
    response = login(national_admin).post(reverse("national:authority_edit", kwargs={"authority_id": authority.pk}),
                                          data)
    assert response.status_code == 302
    authority.refresh_from_db()
    assert (authority.name_he, authority.region, authority.slug) == ("עיר הבית החדשה", region, "home-city")
    entry = AuditEntry.objects.get(action="update", object_type="tenancy.authority")
    assert {"name_he", "region"} <= set(entry.fields)


def test_deactivating_an_authority_closes_it_to_its_members(login, national_admin, authority, staff):
    data = authority_data(name_he=authority.name_he, name_ar=authority.name_ar, name_en=authority.name_en,
                          code=authority.code, kind=authority.kind)
    data.pop("slug")  # is_active left unticked
    login(national_admin).post(reverse("national:authority_edit", kwargs={"authority_id": authority.pk}), data)
    authority.refresh_from_db()
    assert authority.is_active is False
    assert login(staff).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})).status_code == 404


def test_national_admin_manages_regions(login, national_admin):
    client = login(national_admin)
    response = client.post(reverse("national:region_create"), {"name_he": "נגב", "name_en": "Negev", "slug": "negev"})
    assert response.status_code == 302
    region = Region.objects.get(slug="negev")
    client.post(reverse("national:region_edit", kwargs={"region_id": region.pk}),
                {"name_he": "הנגב", "name_en": "Negev", "slug": "negev"})
    region.refresh_from_db()
    assert region.name_he == "הנגב"
    assert AuditEntry.objects.filter(object_type="tenancy.region", action="update", fields=["name_he"]).exists()
    assert "הנגב" in client.get(reverse("national:regions")).content.decode()


def test_authority_members_are_refused(login, authority, authority_admin, ceo, auditor):
    for user in (authority_admin, ceo, auditor):
        client = login(user)
        assert client.get(reverse("national:authorities")).status_code == 403
        assert client.post(reverse("national:authority_create"), authority_data()).status_code == 403
        assert client.post(reverse("national:authority_edit", kwargs={"authority_id": authority.pk}),
                           authority_data()).status_code == 403
        assert client.post(reverse("national:region_create"), {"name_he": "x", "slug": "x"}).status_code == 403
    assert not Authority.objects.filter(slug="mitzpe").exists()
    assert not Region.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("national:authorities"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_header_links_to_national_administration_for_national_admins_only(login, national_admin, staff, authority):
    link = f'href="{reverse("national:authorities")}"'
    assert link in login(national_admin).get(reverse("national:regions")).content.decode()
    dashboard = reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    assert link not in login(staff).get(dashboard).content.decode()
