"""The Content Security Policy on every answer, its one per-view exception, and templates
that need no exception (tests/e2e/test_csp.py checks the pages in a browser)."""

import re
from pathlib import Path

import pytest

import motcua

SRC = Path(motcua.__file__).parent
# Rendered to PDF by WeasyPrint, never served to a browser: the documents app's templates and
# every template built on its PDF layout (a receipt, the official report table).
PDF_TEMPLATES = SRC / "documents" / "templates" / "documents"
PDF_LAYOUT = '{% extends "documents/base.html" %}'


def is_pdf_template(path) -> bool:
    return PDF_TEMPLATES in path.parents or path.read_text().startswith(PDF_LAYOUT)


INLINE = re.compile(r"<style|<script(?![^>]*\bsrc=)(?![^>]*application/json)|\son[a-z]+=|\sstyle=")


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/tra-cuu/", "/api/docs", "/api/v1/procedures", "/404/"])
def test_every_answer_carries_the_policy(client, path):
    policy = directives(client.get(path))

    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in " ".join(policy.values())


@pytest.mark.urls("tests.core.security_urls")
def test_a_frameable_view_may_be_framed_by_the_same_origin_only(client):
    ordinary, viewer = client.get("/ordinary/"), client.get("/viewer/")

    assert directives(ordinary)["frame-ancestors"] == "'none'"
    assert ordinary.headers["X-Frame-Options"] == "DENY"
    assert directives(viewer)["frame-ancestors"] == "'self'"
    assert viewer.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(viewer)["script-src"] == "'self'"


def test_no_template_has_inline_script_style_or_handler():
    offenders = [
        f"{path.relative_to(SRC)}: {match.group(0)}"
        for path in SRC.rglob("*.html")
        if not is_pdf_template(path)
        for match in INLINE.finditer(path.read_text())
    ]

    assert offenders == []


def test_the_admin_schema_widget_uses_a_class_not_an_inline_style():
    from motcua.catalog.eform import SchemaWidget

    widget = SchemaWidget()

    assert "style=" not in widget.render("form_schema", "[]")
    assert "motcua/admin.css" in str(widget.media)
