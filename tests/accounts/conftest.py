import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Password hashing at production strength would make every login test slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
