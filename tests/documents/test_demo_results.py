"""The demo's trade-promotion notice gets its result from the built-in template, once."""

import pytest

from motcua.demo.results import load_result_templates
from motcua.documents.models import GeneratedResult, ResultTemplate
from tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_the_promotion_notice_uses_the_acknowledgement_template():
    assert load_result_templates() == ""  # no catalogue yet: nothing to do
    notice = ProcedureFactory(name="Thông báo thực hiện khuyến mại")
    assert "Thông báo thực hiện khuyến mại" in load_result_templates()
    assert load_result_templates() == ""
    template = ResultTemplate.objects.get()
    assert (template.procedure, template.template) == (notice, GeneratedResult.PROMOTION_NOTICE)
