"""The workspace, its what-if and the report card give a gap to a target as the public pages do: index −
target, in words (issue 21, item 5). The overview and the what-if showed target − draft ("+0.50")."""

from decimal import Decimal

import pytest

from indices.models import Target
from tests.indices.test_access import OWN
from tests.workspace.test_levels import fill, spbe_2020

D = Decimal
pytestmark = pytest.mark.usefixtures("published")


@pytest.fixture
def operator(client, people):
    client.force_login(people["operator"])
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def short_by_half(source):
    """Kapuas's 2024 target 2,50 and a self-assessment at level 2 everywhere: an index of 2,00."""
    Target.objects.create(instance_id=OWN, year=2024, value=D("2.50"), document="rpjmd", source=source)
    fill(spbe_2020(), OWN, 2024, self_level=D(2))


def test_the_overview_gives_the_gap_as_index_minus_target_in_words(operator, short_by_half):
    response = operator.get("/ruang-kerja/62.03/2024/")
    assert response.context["target"]["gap"] == D("-0.50")
    assert response.context["scenario_gap"] == D("-0.50")
    page = response.content.decode()
    assert "self-assessed levels: 0.50 short of the target" in page
    assert '<span class="whatif-value" data-whatif="gap">0.50 short of the target</span>' in page
    assert "+0.50" not in page


def test_the_what_if_gives_the_gap_with_the_same_sign(operator, short_by_half):
    response = operator.get("/ruang-kerja/62.03/2024/", {"i1": "5"})
    assert response.context["scenario_gap"] > response.context["target"]["gap"]
    whatif = response.context["whatif"]
    assert whatif["gap_words"] == {
        "short": "%(gap)s short of the target",
        "above": "%(gap)s above the target",
        "on": "on the target",
    }


def test_the_what_if_speaks_the_pages_language(client, people, short_by_half):
    client.force_login(people["operator"])
    whatif = client.get("/ruang-kerja/62.03/2024/").context["whatif"]
    assert whatif["gap_words"]["short"] == "kurang %(gap)s dari target"


def test_the_report_card_words_the_gap(client, people, short_by_half):
    client.force_login(people["operator"])
    page = client.get("/ruang-kerja/62.03/2024/rapor/").content.decode()
    # Kapuas's published 2024 index 2,63 against the target 2,50.
    assert "melampaui target 0,13" in page
