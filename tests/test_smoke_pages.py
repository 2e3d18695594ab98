from django.urls import reverse


def test_dashboard_shows_people_panel(login, staff, authority):
    response = login(staff).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    assert response.status_code == 200
    assert "עיר הבית" in response.content.decode()


def test_outsider_gets_404(login, outsider, authority):
    response = login(outsider).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    assert response.status_code == 404
