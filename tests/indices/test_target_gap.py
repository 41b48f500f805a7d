"""One sign and one wording for a gap to a target everywhere (issue 21, item 5): index − target, read
"kurang 0,48 dari target" or "melampaui target 0,12" on public pages, the report card, the workspace, the
what-if and the admin. The workspace and the what-if used to show target − draft as a bare "+0,50"."""

from decimal import Decimal

import pytest
from django.utils import translation

from indices.formatting import target_gap
from indices.models import Target

D = Decimal


@pytest.mark.parametrize(
    ("gap", "indonesian", "english"),
    [
        (D("-0.48"), "kurang 0,48 dari target", "0.48 short of the target"),
        (D("0.12"), "melampaui target 0,12", "0.12 above the target"),
        (D("0"), "tepat pada target", "on the target"),
        (D("-0.004"), "tepat pada target", "on the target"),  # what rounds to 0,00 is not short of it
        (D("-0.005"), "kurang 0,01 dari target", "0.01 short of the target"),
        (None, "—", "—"),
    ],
)
def test_a_gap_is_index_minus_target_in_words(gap, indonesian, english):
    with translation.override("id"):
        assert target_gap(gap) == indonesian
    with translation.override("en"):
        assert target_gap(gap) == english


def test_the_province_table_words_each_childs_gap(client, published, source):
    Target.objects.create(instance_id="64.01", year=2024, value=D("3.50"), document="rpjmd", source=source)
    rows = {row.record["code"]: row for row in client.get("/wilayah/64/").context["children_table"].rows}
    assert rows["64.01"].get_cell("gap") == "kurang 0,23 dari target"  # Paser 3,27 in 2024


def test_an_instances_targets_table_words_a_target_exceeded(client, published, source):
    Target.objects.create(instance_id="64.01", year=2024, value=D("3.00"), document="rpjmd", source=source)
    page = client.get("/wilayah/64.01/").content.decode()
    assert "melampaui target 0,27" in page


@pytest.mark.usefixtures("no_results")
def test_the_admins_target_list_words_the_gap(admin_client, balangan, make_score, source):
    make_score(balangan, 2024, "3.34")
    Target.objects.create(instance=balangan, year=2024, value=D("3.50"), document="rpjmd", source=source)
    page = admin_client.get("/admin/indices/target/").content.decode()
    assert "kurang 0,16 dari target" in page
