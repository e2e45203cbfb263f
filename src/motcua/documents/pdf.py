"""PDF rendering of the standard forms: HTML templates through WeasyPrint.

Text is normalised to NFC before rendering (combining marks from some keyboards would
otherwise print as detached accents). Nothing is fetched from outside: the only URLs a
document may reference are inline `data:` images (QR code, barcode)."""

import base64
import io

import barcode
import segno
from barcode.writer import SVGWriter
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from motcua.core.text import nfc


def render_pdf(template_name: str, context: dict) -> bytes:
    html = nfc(render_to_string(template_name, context))
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def _svg_data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def qr_data_uri(text: str) -> str:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=4, border=1)
    return _svg_data_uri(buffer.getvalue())


def barcode_data_uri(text: str) -> str:
    """A Code 128 barcode of `text` (the dossier code) as an inline SVG image."""
    buffer = io.BytesIO()
    code = barcode.get("code128", text, writer=SVGWriter())
    code.write(buffer, options={"write_text": False, "module_height": 10, "quiet_zone": 2})
    return _svg_data_uri(buffer.getvalue())
