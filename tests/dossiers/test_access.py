import pytest
from django.core.cache import caches
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.models import Status
from motcua.dossiers.selectors import dossier_for_user
from tests.accounts.factories import ApplicantProfileFactory, UserFactory

from .conftest import pdf
from .factories import DossierFactory


@pytest.fixture
def submitted(applicant, world):
    draft = services.start_draft(applicant, world["procedure"], world["unit"])
    for document in world["documents"][:2]:
        services.attach_file(draft.pk, applicant, document_id=document.pk, upload=pdf())
    services.save_draft(draft.pk, applicant, applicant={}, values={"noi_dung": "<b>đậm</b>"})
    return services.submit(draft.pk, applicant)


PAGES = ["detail", "edit", "files", "check", "confirmation", "withdraw"]


@pytest.mark.parametrize("page", PAGES)
def test_another_applicants_dossier_is_404(client, submitted, page):
    client.force_login(ApplicantProfileFactory(user=UserFactory(username="binh")).user)
    assert client.get(reverse(f"dossiers:{page}", args=[submitted.pk])).status_code == 404


def test_another_applicants_file_and_actions_are_404(client, submitted):
    client.force_login(UserFactory(username="binh"))
    item = submitted.files.first()
    assert client.get(reverse("dossiers:download", args=[submitted.pk, item.pk])).status_code == 404
    assert client.post(reverse("dossiers:delete", args=[submitted.pk])).status_code == 404
    assert client.post(reverse("dossiers:supplement", args=[submitted.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, submitted):
    response = client.get(reverse("dossiers:detail", args=[submitted.pk]))
    assert response.status_code == 302 and "/tai-khoan/" in response.url


def test_owner_downloads_with_the_original_name(applicant_client, submitted):
    item = submitted.files.first()
    response = applicant_client.get(reverse("dossiers:download", args=[submitted.pk, item.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_dossier_page_shows_values_as_text_and_the_timeline(applicant_client, submitted):
    page = applicant_client.get(reverse("dossiers:detail", args=[submitted.pk])).content.decode()
    assert "&lt;b&gt;đậm&lt;/b&gt;" in page and "<b>đậm</b>" not in page
    assert submitted.code in page and "Mới đăng ký" in page


def test_my_dossiers_has_no_per_row_queries(
    applicant_client, applicant, world, django_assert_max_num_queries
):
    for _ in range(8):
        DossierFactory(applicant=applicant, unit=world["unit"], procedure=world["procedure"])
        DossierFactory(applicant=applicant, status=Status.NEW, unit=world["unit"])
    DossierFactory(status=Status.NEW, code="KHAC-261126-0001")  # someone else's
    with django_assert_max_num_queries(8):
        response = applicant_client.get(reverse("dossiers:mine"))
    page = response.content.decode()
    assert page.count("/thong-tin/") == 8
    assert "KHAC-261126-0001" not in page
    assert page.count("Mới đăng ký") == 8


def test_supplement_round_trip(applicant_client, applicant, submitted, world):
    for status in (Status.RECEIVED, Status.PROCESSING):
        services.change_status(submitted.pk, status, actor=None)
    services.change_status(
        submitted.pk, Status.SUPPLEMENT, actor=None, supplement_request="Bản sao sổ hộ khẩu"
    )
    page = applicant_client.get(reverse("dossiers:detail", args=[submitted.pk])).content.decode()
    assert "Bản sao sổ hộ khẩu" in page
    empty = applicant_client.post(reverse("dossiers:supplement", args=[submitted.pk]))
    assert empty.url == reverse("dossiers:files", args=[submitted.pk])
    url = reverse("dossiers:files", args=[submitted.pk])
    applicant_client.post(url, {"document": world["documents"][2].pk, "files": [pdf()]})
    applicant_client.post(
        reverse("dossiers:supplement", args=[submitted.pk]), {"note": "Đã bổ sung"}
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.PROCESSING
    assert submitted.files.filter(kind="supplement").count() == 1
    assert list(submitted.history.values_list("to_status", flat=True)) == [1, 2, 4, 5, 4]


@pytest.mark.parametrize(
    "status", [Status.NEW, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT]
)
def test_withdraw_needs_a_reason_and_is_recorded(applicant_client, applicant, world, status):
    dossier = DossierFactory(applicant=applicant, status=status, unit=world["unit"])
    url = reverse("dossiers:withdraw", args=[dossier.pk])
    assert applicant_client.post(url, {"reason": ""}).status_code == 400
    applicant_client.post(url, {"reason": "Nộp nhầm thủ tục"})
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN
    assert dossier.history.get().note == "Nộp nhầm thủ tục"


def test_finished_dossier_cannot_be_withdrawn(applicant, world):
    dossier = DossierFactory(applicant=applicant, status=Status.DONE, unit=world["unit"])
    with pytest.raises(services.IllegalTransition):
        services.withdraw(dossier.pk, applicant, reason="Muộn rồi")


class TestLookup:
    @pytest.fixture(autouse=True)
    def _fresh_limits(self, db):
        caches["default"].clear()

    def get(self, client, code, contact):
        return client.post(reverse("dossiers:lookup"), {"ma": code, "lien_he": contact})

    @pytest.mark.parametrize(
        "contact", ["0905123456", "0905 123 456", "+84905123456", "056085001234"]
    )
    def test_found_by_phone_or_id_shows_status_but_no_personal_data(
        self, client, submitted, contact
    ):
        response = self.get(client, submitted.code, contact)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Mới đăng ký" in page
        assert "Nguyễn Văn An" not in page and "12 Trần Phú" not in page

    def test_same_answer_for_wrong_contact_and_unknown_code(self, client, submitted):
        wrong = self.get(client, submitted.code, "0912345678")
        unknown = self.get(client, "000.01.02.H56-991231-9999", "0905123456")
        assert wrong.status_code == unknown.status_code == 404
        marker = "Không tìm thấy hồ sơ"
        assert marker in wrong.content.decode()
        assert (
            wrong.content.decode().replace(submitted.code, "X").split(marker)[1]
            == (unknown.content.decode().replace("000.01.02.H56-991231-9999", "X").split(marker)[1])
        )

    def test_drafts_are_never_found(self, client, applicant, world):
        draft = DossierFactory(applicant=applicant, status=Status.DRAFT, code="NHAP-1")
        assert self.get(client, draft.code, draft.applicant_phone).status_code == 404

    def test_the_form_is_shown_and_nothing_is_counted_on_get(self, client):
        page = client.get(reverse("dossiers:lookup")).content.decode()
        assert 'name="ma"' in page and "Không tìm thấy" not in page

    def test_rate_limited(self, client, submitted, settings):
        settings.MOTCUA_RATE_LIMITS = {**settings.MOTCUA_RATE_LIMITS, "lookup": "3/day"}
        codes = [self.get(client, "X", "0905123456").status_code for _ in range(4)]
        assert codes == [404, 404, 404, 429]


def test_a_file_missing_from_storage_is_404_not_500(applicant_client, submitted):
    item = submitted.files.first()
    item.file.storage.delete(item.file.name)
    response = applicant_client.get(reverse("dossiers:download", args=[submitted.pk, item.pk]))
    assert response.status_code == 404


def test_reading_one_dossier_by_id_asks_for_no_ordering(applicant, django_assert_num_queries):
    """A lookup by id must not carry the model's ordering (latest change first): with it,
    PostgreSQL walked the applicant's whole (applicant, updated_at) index to find one id."""
    mine = DossierFactory(applicant=applicant, status=Status.NEW)
    DossierFactory.create_batch(3, applicant=applicant, status=Status.NEW)
    with django_assert_num_queries(2) as captured:  # the user's staff roles, the dossier
        found = dossier_for_user(applicant, mine.pk)
    assert found == mine
    assert "ORDER BY" not in captured[-1]["sql"] and "dossiers_dossier" in captured[-1]["sql"]
