from datetime import UTC, datetime

import pytest
from django.template import TemplateSyntaxError, engines

from motcua.core.templatetags.motcua import moment


def test_moment_is_the_local_vietnamese_date_and_time():
    assert moment(datetime(2026, 11, 26, 21, 5, tzinfo=UTC)) == "04:05 27/11/2026"
    assert moment(datetime(2026, 1, 2, 3, 4)) == "03:04 02/01/2026"  # naive: as it is
    assert moment(None) == ""


def test_moment_gives_what_the_date_filter_gives():
    template = engines["django"].from_string(
        '{% load motcua %}{{ t|date:"H:i d/m/Y" }}|{{ t|moment }}'
    )
    at = datetime(2026, 3, 9, 7, 30, tzinfo=UTC)
    django_way, ours = template.render({"t": at}).split("|")
    assert django_way == ours == "14:30 09/03/2026"


def _template(source: str):
    return engines["django"].from_string("{% load i18n static motcua %}" + source)


def test_a_once_block_is_rendered_once_per_language():
    from django.utils import translation

    page = _template(
        '{% once %}<a href="{% url "desk:queue" %}">{% translate "Hồ sơ" %}</a> '
        "{{ province_name }}{% endonce %} {{ who }}"
    )
    with translation.override("vi"):
        first = page.render({"province_name": "Khánh Hòa", "who": "An"})
        again = page.render({"province_name": "Phú Yên", "who": "Bình"})
    with translation.override("en"):
        english = page.render({"province_name": "Khánh Hòa", "who": "Cúc"})
    assert first == '<a href="/can-bo/">Hồ sơ</a> Khánh Hòa An'
    assert again == '<a href="/can-bo/">Hồ sơ</a> Khánh Hòa Bình'  # kept; the rest is live
    assert english == '<a href="/can-bo/">Dossiers</a> Khánh Hòa Cúc'


@pytest.mark.parametrize(
    "content",
    [
        "{{ user.username }}",
        "{% csrf_token %}",
        "{% block main %}{% endblock %}",
        "{% if user.is_authenticated %}x{% endif %}",
        '{% url "desk:detail" dossier.pk %}',
        "{% static path %}",
        "{% translate message %}",
        "{{ province_name|default:user.username }}",
    ],
)
def test_a_once_block_refuses_what_may_differ_between_people(content):
    with pytest.raises(TemplateSyntaxError):
        _template(f"{{% once %}}{content}{{% endonce %}}")
