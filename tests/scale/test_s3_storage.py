"""Dossier files in S3-compatible storage (moto's server over HTTP), configured from the
environment exactly as production is: private objects, downloads only through the view."""

import pytest
from django.urls import reverse

from motcua.dossiers import services
from tests.accounts.factories import UserFactory
from tests.dossiers.conftest import PDF, pdf

PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


@pytest.fixture
def stored(s3_storage, applicant, world):
    """A draft with one file, saved to the bucket."""
    draft = services.start_draft(applicant, world["procedure"], world["unit"])
    document = world["documents"][0]
    return services.attach_file(draft.pk, applicant, document_id=document.pk, upload=pdf())


def download_url(item) -> str:
    return reverse("dossiers:download", args=[item.dossier_id, item.pk])


def test_a_file_goes_to_the_bucket_and_comes_back_through_the_view(
    stored, s3_storage, applicant_client
):
    listing = s3_storage.client().list_objects_v2(Bucket=s3_storage.name)
    assert [stored_object["Key"] for stored_object in listing["Contents"]] == [stored.file.name]
    response = applicant_client.get(download_url(stored))
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == PDF


def test_stored_objects_are_private(stored, s3_storage):
    acl = s3_storage.client().get_object_acl(Bucket=s3_storage.name, Key=stored.file.name)
    grantees = {grant["Grantee"].get("URI") for grant in acl["Grants"]}
    assert not grantees & PUBLIC_GRANTEES


def test_a_file_missing_from_the_bucket_is_404(stored, s3_storage, applicant_client):
    s3_storage.client().delete_object(Bucket=s3_storage.name, Key=stored.file.name)
    assert applicant_client.get(download_url(stored)).status_code == 404


def test_another_applicants_file_is_404(stored, client):
    client.force_login(UserFactory(username="binh"))
    assert client.get(download_url(stored)).status_code == 404
