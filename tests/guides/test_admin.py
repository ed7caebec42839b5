"""Editors maintain a guide on one screen, with a live preview by the site's renderer."""

from django.test import Client

PREVIEW = "/admin/markdownx/markdownify/"


def test_guide_with_steps_items_and_citations_on_one_screen(editor_client, seed_guide):
    response = editor_client.get(f"/admin/guides/guide/{seed_guide.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="personal ID card"' in html
    assert 'value="Self-service payment machine"' in html
    assert "markdownx" in html  # the live-preview editor
    assert html.count('name="steps-') > 20


def test_preview_uses_the_sites_sanitising_renderer(editor_client):
    response = editor_client.post(PREVIEW, {"content": "**bold** <script>alert(1)</script>"})
    assert response.status_code == 200
    assert response.content.decode().strip() == "<p><strong>bold</strong> </p>"
    assert editor_client.post(PREVIEW, {}).status_code == 200


def test_preview_is_for_staff_only_and_posts_only(editor_client):
    anonymous = Client().post(PREVIEW, {"content": "x"})
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    assert editor_client.get(PREVIEW).status_code == 405


def test_image_upload_is_not_routed(editor_client):
    assert editor_client.post("/markdownx/upload/").status_code == 404
    assert editor_client.post("/admin/markdownx/upload/").status_code == 404
