"""Frameworks as trees: domains, aspects and indicators with weights that add up, and the one scoring function."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from indices import scoring
from indices.facts import NodeFacts
from indices.models import Framework, FrameworkNode
from indices.transfer.framework_loading import frameworks_install
from indices.transfer.loading import DATA

pytestmark = pytest.mark.django_db


def tree(slug):
    (framework,) = Framework.objects.filter(slug=slug).facts()
    return framework


def nodes_of(slug, level):
    return FrameworkNode.objects.filter(framework__slug=slug, level=level).order_by("number")


def test_spbe_2020_has_4_domains_8_aspects_and_47_indicators_as_the_regulation_weighs_them(frameworks):
    assert [(d.number, d.name, d.weight) for d in nodes_of("spbe-2020", "domain")] == [
        (1, "Kebijakan Internal SPBE", Decimal("13.00")),
        (2, "Tata Kelola SPBE", Decimal("25.00")),
        (3, "Manajemen SPBE", Decimal("16.50")),
        (4, "Layanan SPBE", Decimal("45.50")),
    ]
    assert [a.weight for a in nodes_of("spbe-2020", "aspect")] == [
        Decimal(w) for w in ("13", "10", "10", "5", "12", "4.5", "27.5", "18")
    ]
    indicators = list(nodes_of("spbe-2020", "indicator"))
    assert [i.number for i in indicators] == list(range(1, 48))
    assert indicators[22].name == "Tingkat Kematangan Penerapan Manajemen Data" and indicators[
        22
    ].weight == Decimal("1.50")
    assert {i.weight for i in indicators if i.parent.number == 7} == {Decimal("2.75")}


def test_every_spbe_2020_indicator_has_its_question_and_five_level_criteria(frameworks):
    for indicator in nodes_of("spbe-2020", "indicator"):
        assert indicator.question.startswith("Apakah")
        assert len(indicator.criteria) == 5 and all(indicator.criteria)
    first = nodes_of("spbe-2020", "indicator").first()
    assert first.criteria[0] == (
        "Konsep kebijakan internal terkait Arsitektur SPBE Instansi Pusat/Pemerintah Daerah belum atau telah tersedia."
    )
    assert first.criteria[4].startswith("Kriteria tingkat 4 telah terpenuhi")


def test_spbe_2018_has_the_2018_reports_weights_and_no_invented_indicator_weight(frameworks):
    domains = list(nodes_of("spbe-2018", "domain"))
    assert [(d.name, d.weight) for d in domains] == [
        ("Kebijakan SPBE", Decimal("17")),
        ("Tata Kelola SPBE", Decimal("28")),
        ("Layanan SPBE", Decimal("55")),
    ]
    assert [a.weight for a in nodes_of("spbe-2018", "aspect")] == [
        Decimal(w) for w in (7, 10, 8, 8, 12, 33, 22)
    ]
    indicators = nodes_of("spbe-2018", "indicator")
    assert indicators.count() == 35 and not indicators.filter(weight__isnull=False).exists()
    assert not Framework.objects.scoring_levels().filter(slug="spbe-2018").exists()  # no workspace scores it
    framework = Framework.objects.get(slug="spbe-2018")
    assert (framework.first_year, framework.last_year) == (2018, 2020)


def test_pemerintah_digital_has_7_aspects_and_20_indicators_and_no_domain(frameworks):
    framework = Framework.objects.get(slug="pemdi-2026")
    assert not nodes_of("pemdi-2026", "domain").exists()
    aspects = list(nodes_of("pemdi-2026", "aspect"))
    assert [a.weight for a in aspects] == [Decimal(w) for w in ("10", "10", "15", "15", "10", "15", "25")]
    assert nodes_of("pemdi-2026", "indicator").count() == 20
    assert (framework.first_year, framework.last_year) == (2026, None)
    assert framework.band_for(Decimal("1.00")).predicate == "Kurang"


@pytest.mark.parametrize("slug", ["spbe-2018", "spbe-2020", "pemdi-2026"])
def test_every_shipped_tree_adds_up(frameworks, slug):
    assert scoring.tree_problems(tree(slug).nodes) == []


def node(id_, level, number, weight, parent=None):
    return NodeFacts(
        id_, level, number, f"{level} {number}", None if weight is None else Decimal(weight), parent
    )


def test_weights_that_do_not_add_up_to_their_parent_are_named():
    nodes = [
        node(1, "domain", 1, "40"),
        node(2, "domain", 2, "60"),
        node(3, "aspect", 1, "30", 1),
        node(4, "aspect", 2, "5", 1),
    ]
    with translation.override("en"):
        assert scoring.tree_problems(nodes) == [
            "The weights of the parts of Domain 1 add up to 35.00 instead of 40.00."
        ]


def test_a_first_level_that_does_not_add_up_to_100_is_named():
    with translation.override("en"):
        problems = scoring.tree_problems([node(1, "aspect", 1, "60"), node(2, "aspect", 2, "30")])
    assert problems == ["The weights of the parts of the whole index add up to 90.00 instead of 100.00."]


def test_siblings_with_and_without_weights_are_refused():
    assert scoring.tree_problems([node(1, "domain", 1, "100"), node(2, "domain", 2, None)])


def test_the_loader_refuses_a_tree_that_does_not_add_up_and_writes_nothing(no_results, tmp_path):
    spec = json.loads((DATA / "frameworks.json").read_text(encoding="utf-8"))
    broken = next(f for f in spec["frameworks"] if f["slug"] == "pemdi-2026")
    broken |= {"slug": "pemdi-uji", "first_year": 2040, "last_year": None}
    broken["tree"]["aspects"][0]["indicators"][0]["weight"] = "6"  # 6 + 5 is not the aspect's 10
    (tmp_path / "frameworks.json").write_text(json.dumps({"frameworks": [broken]}), encoding="utf-8")
    with translation.override("en"), pytest.raises(ValidationError, match="add up to 11.00 instead of 10.00"):
        frameworks_install(path=tmp_path / "frameworks.json")
    assert not Framework.objects.filter(slug="pemdi-uji").exists()


def test_the_regulations_worked_example_is_reproduced(frameworks):
    """PermenPANRB 59/2020, Tabel 10-12: aspect 2 from its indicators, domain 2 from its aspects, the index
    from the four domains."""
    spbe = tree("spbe-2020")
    by_number = {(n.level, n.number): n.id for n in spbe.nodes}
    levels = {by_number[("indicator", i)]: Decimal(v) for i, v in {11: 3, 12: 4, 13: 3, 14: 2}.items()}
    assert scoring.roll_up(spbe.nodes, levels)[by_number[("aspect", 2)]] == Decimal("3.00")
    aspects = {by_number[("aspect", a)]: Decimal(v) for a, v in {2: "3.00", 3: "4.00", 4: "3.00"}.items()}
    assert scoring.roll_up(spbe.nodes, aspects)[by_number[("domain", 2)]] == Decimal("3.40")
    domains = {
        by_number[("domain", d)]: Decimal(v) for d, v in {1: "3.70", 2: "3.40", 3: "3.00", 4: "3.20"}.items()
    }
    assert scoring.index_of(spbe.nodes, domains) == Decimal("3.282")  # printed 3,28


def test_all_47_levels_roll_up_to_the_same_index_as_their_domains(frameworks):
    spbe = tree("spbe-2020")
    indicators = [n for n in spbe.nodes if n.level == "indicator"]
    levels = {n.id: Decimal(1 + n.number % 5) for n in indicators}
    values = scoring.roll_up(spbe.nodes, levels)
    domains = {n.id: values[n.id] for n in spbe.top}
    assert scoring.index_of(spbe.nodes, domains) == values[scoring.INDEX]
    assert values[scoring.INDEX] == sum(n.weight * levels[n.id] for n in indicators) / 100


def test_a_missing_value_leaves_the_index_undetermined(frameworks):
    spbe = tree("spbe-2020")
    three = {n.id: Decimal("3.00") for n in spbe.top[:3]}
    assert scoring.index_of(spbe.nodes, three) is None
