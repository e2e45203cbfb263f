"""Third-party browser assets are served by MotCua itself, from the packages installed."""

from django.contrib.staticfiles import finders


def test_chart_js_is_served_from_the_npm_package_not_a_cdn():
    found = finders.find("vendor/chartjs/chart.umd.min.js")
    assert found, "scripts/install.sh installs Chart.js (package.json) into node_modules/"
    with open(found, encoding="utf-8") as script:
        assert "Chart.js v4." in script.read(400)


def test_bootstrap_is_served_from_its_package():
    assert finders.find("vendor/bootstrap/css/bootstrap.min.css")
