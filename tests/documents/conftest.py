from tests.processing.conftest import _fast_passwords, desk, leader, specialist, unit  # noqa: F401
