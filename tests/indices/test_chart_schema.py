"""Every chart spec the portal builds is a figure plotly accepts: checked against plotly's own schema
(`plotly.graph_objects.Figure` raises on a misspelt or misplaced property), for the plotly.js version the
portal ships (static/vendor/plotly-basic-4.1.1, the one plotly 7.1.0 bundles)."""

import plotly
import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs_version

from indices.public.charts.cards import Chart

PAGES = [
    "/",
    "/?tahun=2023",
    "/wilayah/62/",
    "/wilayah/62.03/",
    "/wilayah/35/",
    "/instansi/kemenkeu/",
    "/bandingkan/?wilayah=62&wilayah=64&wilayah=63.11&wilayah=kemenkeu",
]


def charts_of(context) -> list[Chart]:
    """The charts a page was rendered with (each template's context, once each)."""
    found = {}
    for layer in context if isinstance(context, list) else [context]:
        for value in layer.flatten().values():
            if isinstance(value, Chart):
                found[id(value)] = value
    return list(found.values())


def test_the_schema_is_that_of_the_plotly_js_the_portal_ships():
    assert get_plotlyjs_version() == "4.1.1"
    assert plotly.__version__ == "7.1.0"


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_chart_of_every_page_is_a_valid_plotly_figure(client, published, language):
    client.cookies["django_language"] = language
    checked = 0
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        for chart in charts_of(response.context):
            for spec in filter(None, (chart.figure, chart.narrow_figure)):
                go.Figure(spec)  # raises ValueError naming the property plotly does not know
                checked += 1
    assert checked >= 12


def test_a_misspelt_property_is_refused():
    with pytest.raises(ValueError, match="colr"):
        go.Figure({"data": [{"type": "scatter", "x": [1], "y": [2], "colr": "red"}], "layout": {}})
