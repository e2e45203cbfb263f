"""E-mails are multipart: the plain text as before, and an HTML alternative of the same text
(the site's name as header, paragraphs, clickable links, the dossier code in bold), in which
every value is escaped. Seen as the mail server receives them."""

import pytest

from motcua.notifications.services import queue_email
from motcua.processing import services
from tests.processing.factories import new_dossier

pytestmark = pytest.mark.django_db
SITE = "https://dichvucong.khanhhoa.gov.vn"
HOSTILE = '<script>alert("x")</script> Trần & Con'


@pytest.fixture(autouse=True)
def _site(settings, immediate):
    settings.MOTCUA_SITE_URL = SITE
    settings.MOTCUA_SITE_NAME = "Cổng dịch vụ công tỉnh Khánh Hòa"


def parts(message) -> tuple[str, str]:
    plain = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return plain.replace("\r\n", "\n"), html


def test_a_dossier_message_has_its_text_and_an_html_alternative(unit, desk, commit, mailbox):
    dossier = new_dossier(unit, applicant_name=HOSTILE)
    with commit():
        services.receive(dossier.pk, actor=desk)
    [message] = [m for m in mailbox.to(dossier.applicant_email) if dossier.code in m["Subject"]]
    assert message.get_content_type() == "multipart/alternative"
    plain, html = parts(message)

    assert f"Kính gửi {HOSTILE}," in plain  # the text part is the text, unchanged
    assert "<h1>Cổng dịch vụ công tỉnh Khánh Hòa</h1>" in html
    assert f"<strong>{dossier.code}</strong>" in html
    link = f"{SITE}/ho-so/{dossier.pk}/"
    assert f'<a href="{link}">{link}</a>' in html
    assert "<p>Kính gửi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Trần &amp; Con,</p>" in (
        html
    )
    assert "<script" not in html


def test_a_one_off_mail_gets_the_html_alternative_too(commit, mailbox):
    body = "Xin chào,\n\nMời bạn đánh giá: https://dichvucong.khanhhoa.gov.vn/danh-gia/?t=a&b=1\n"
    with commit():
        queue_email("survey:1", "an@example.vn", "Mời bạn đánh giá", body)
    plain, html = parts(mailbox.last())
    assert plain == body
    assert "<p>Xin chào,</p>" in html
    link = "https://dichvucong.khanhhoa.gov.vn/danh-gia/?t=a&amp;b=1"
    assert f'<p>Mời bạn đánh giá: <a href="{link}">{link}</a></p>' in html
