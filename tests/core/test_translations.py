"""English is the second language: every Vietnamese msgid has an English translation, and a
visitor who chose English with the switcher reads the public pages in English."""

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.factories import OfferingFactory, ProcedureFactory

CATALOGUE = Path(__file__).resolve().parents[2] / "src/motcua/locale/en/LC_MESSAGES/django.po"


def _po_entries(text: str) -> list[dict[str, str]]:
    """Each entry of a .po file as {keyword: text}, with its '#,' flags under 'flags'."""
    entries = []
    for block in text.strip().split("\n\n"):
        entry: dict[str, str] = {"flags": ""}
        keyword = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line[2:]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[keyword] += ast.literal_eval(line)
            else:
                keyword, _, quoted = line.partition(" ")
                entry[keyword] = ast.literal_eval(quoted)
        entries.append(entry)
    return entries


def _translations(entry: dict[str, str]) -> list[str]:
    return [text for keyword, text in entry.items() if keyword.startswith("msgstr")]


def test_every_message_has_an_english_translation_and_none_is_fuzzy():
    entries = _po_entries(CATALOGUE.read_text(encoding="utf-8"))
    messages = [entry for entry in entries if entry["msgid"]]
    assert len(messages) > 700
    untranslated = [e["msgid"] for e in messages if not all(_translations(e))]
    fuzzy = [e["msgid"] or "(header)" for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_plural_messages_have_both_english_forms():
    plurals = [e for e in _po_entries(CATALOGUE.read_text(encoding="utf-8")) if "msgid_plural" in e]
    assert plurals
    for entry in plurals:
        assert entry["msgstr[0]"] and entry["msgstr[1]"], entry["msgid"]


@pytest.fixture
def compiled_catalogue(settings, tmp_path):
    """The .mo is not in git: compile the committed .po (format-checked) for this test only."""
    target = tmp_path / "en/LC_MESSAGES"
    target.mkdir(parents=True)
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed to compile the catalogue"
    result = subprocess.run(
        [msgfmt, "--check-format", "-o", str(target / "django.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    settings.LOCALE_PATHS = [tmp_path]


@pytest.fixture
def english(client, compiled_catalogue):
    client.get("/ngon-ngu/en/?next=/")
    return client


@pytest.fixture
def online_procedure(db):
    procedure = ProcedureFactory(name="Đăng ký khai sinh")
    OfferingFactory(procedure=procedure, online_level=3)
    return procedure


VIETNAMESE_NAVIGATION = ["Trang chủ", "Thủ tục hành chính", "Tra cứu hồ sơ", "Đăng nhập"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "english_texts", "vietnamese_texts"),
    [
        (
            "/",
            ["Public Services Portal", "Find an administrative procedure", "Track a dossier"],
            ["Cổng dịch vụ công", "Tìm thủ tục hành chính", "Số liệu dịch vụ công"],
        ),
        (
            "/thu-tuc/",
            ["Administrative procedures", "1 procedure found", "Partly online (level 3)"],
            ["Tìm thấy", "Một phần (mức độ 3)", "Tất cả lĩnh vực"],
        ),
        (
            "/tai-khoan/login/",
            ["Log in", "Forgot your password?", "Register an account"],
            ["Quên mật khẩu?", "Chưa có tài khoản?", "Mật khẩu"],
        ),
    ],
)
def test_a_visitor_who_chose_english_reads_the_page_in_english(
    english, online_procedure, path, english_texts, vietnamese_texts
):
    page = english.get(path).content.decode()
    for text in english_texts:
        assert text in page
    for text in vietnamese_texts + VIETNAMESE_NAVIGATION:
        assert text not in page


@pytest.mark.django_db
def test_without_the_cookie_the_portal_is_vietnamese(client, compiled_catalogue, online_procedure):
    response = client.get("/thu-tuc/")
    page = response.content.decode()
    assert response["Content-Language"] == "vi"
    assert "Thủ tục hành chính" in page
    assert "Tìm thấy 1 thủ tục" in page
    assert "Administrative procedures" not in page
