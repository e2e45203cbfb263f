from django.template import loader


def test_server_error_page_renders_without_any_context():
    """Django renders 500.html with an empty context: it must not depend on the request."""
    html = loader.get_template("500.html").render()

    assert "Hệ thống đang gặp sự cố" in html
