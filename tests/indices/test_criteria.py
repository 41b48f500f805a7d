"""What Pemerintah Digital's indicators ask, as data: loaded from pemdi-2026.json once (the session's load),
again without a change, keeping an administrator's correction; each level's criterion with its source and
class, the module's version first where the sources disagree; both sets of level names; the calendar; and an
edit in the admin in the audit trail."""

import json
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from indices import pemdi
from indices.models import CriterionText, CycleStage, EvidenceItem, Framework, FrameworkSource, LevelNameSet
from indices.transfer.criteria_loading import criteria_load
from indices.workspace.pemdi_models import INDICATOR_OF
from tests.conftest import audit_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(frameworks):
    return Framework.objects.get(slug="pemdi-2026")


def shown(framework, number, level):
    return CriterionText.objects.get(
        node__framework=framework, node__number=number, node__level="indicator", level=level, kind="criterion"
    )


def test_the_session_loaded_every_source_criterion_and_evidence_item(framework):
    assert set(FrameworkSource.objects.filter(framework=framework).values_list("key", flat=True)) == set(
        pemdi.framework()["sources"]
    )
    assert CriterionText.objects.filter(node__framework=framework, kind="criterion").count() == 100
    assert EvidenceItem.objects.of_framework(framework).count() == 232
    assert EvidenceItem.objects.get(code="I12-L1-02").node.number == 12


def test_each_criterion_names_its_source_and_that_sources_class(framework):
    sources = pemdi.framework()["sources"]
    for text in CriterionText.objects.filter(node__framework=framework, kind="criterion").select_related(
        "source"
    ):
        assert text.source.source_class == sources[text.source.key]["class"], text


@pytest.mark.parametrize("number", [3, 11, 17, 20])
def test_where_the_sources_disagree_the_module_is_shown_and_the_draft_stands_beside_it(framework, number):
    module = [level for level in range(1, 6) if shown(framework, number, level).source.key == "C"]
    assert module, number  # the module's text is shown wherever it is placed at a level
    for level in module:
        others = CriterionText.objects.filter(
            node__number=number, node__framework=framework, level=level, kind="other"
        )
        assert "A" in {text.source.key for text in others}, (number, level)


def test_both_sets_of_level_names_are_kept_and_the_regulations_is_shown_first(framework):
    sets = {s.key: s for s in LevelNameSet.objects.filter(framework=framework)}
    assert [n.name for n in sets["regulation"].names.all()] == [
        "Merintis", "Membangun", "Berkembang", "Melembaga", "Unggul",
    ]  # fmt: skip
    assert [n.name for n in sets["assessor"].names.all()][::4] == ["Rintisan", "Optimum"]
    assert (sets["regulation"].shown, sets["assessor"].shown) == (True, False)
    assert sets["assessor"].names.get(level=3).note  # not seen in the assessor's output: said so


def test_the_2026_calendar_holds_the_stages_of_the_cycle_with_their_sources(framework):
    stages = {s.kind: s for s in CycleStage.objects.of(framework, 2026)}
    assert (stages["self_assessment"].starts_on, stages["self_assessment"].ends_on) == (
        date(2026, 8, 1),
        date(2026, 9, 15),
    )
    assert (stages["interview"].starts_on, stages["visit"].ends_on) == (date(2026, 9, 21), date(2026, 10, 30))
    results = stages["results"]
    assert (results.starts_on, results.ends_on, results.estimate) == (
        date(2026, 11, 1),
        date(2026, 12, 15),
        True,
    )
    assert results.source.key == "E"


def test_loading_again_changes_nothing_and_keeps_an_administrators_correction(framework):
    text = shown(framework, 1, 1)
    text.text = "Koreksi admin."
    text.save()
    before = LogEntry.objects.count()
    result = criteria_load()
    assert result.created == 0 and result.kept > 400
    assert shown(framework, 1, 1).text == "Koreksi admin."
    assert LogEntry.objects.count() == before


def test_a_removed_item_is_loaded_again(framework):
    EvidenceItem.objects.filter(code="I20-L5-05").delete()
    assert criteria_load().created == 1
    assert EvidenceItem.objects.filter(code="I20-L5-05").exists()


def test_a_criteria_file_for_a_framework_not_installed_is_passed_over_with_a_note(tmp_path, frameworks):
    path = tmp_path / "later.json"
    path.write_text(json.dumps({"framework": "pemdi-2031"}), encoding="utf-8")
    assert criteria_load(paths=(path,)).notes == ["later.json: framework pemdi-2031 is not installed"]


def test_editing_a_criterion_in_the_admin_is_in_the_audit_trail(admin_client, framework):
    text = shown(framework, 12, 2)
    data = {
        "node": text.node_id,
        "level": "2",
        "kind": "criterion",
        "text": "TTIS telah ditetapkan dan menangani insiden pada sebagian layanan.",
        "source": text.source_id,
        "note": text.note,
        "position": "1",
    }
    response = admin_client.post(reverse("admin:indices_criteriontext_change", args=[text.pk]), data)
    assert response.status_code == 302
    (entry, *_) = audit_of(text)
    assert (entry.action, entry.actor.username) == (LogEntry.Action.UPDATE, "admin")
    assert entry.changes_dict["text"][1] == data["text"]


def test_an_operator_may_read_but_not_change_criteria(client, framework):
    from indices.models import Assignment
    from tests.conftest import account

    client.force_login(account("operator-criteria", Assignment.Role.OPERATOR, "11.04"))
    text = shown(framework, 12, 2)
    url = reverse("admin:indices_criteriontext_change", args=[text.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"node": text.node_id, "level": "2", "kind": "criterion", "text": "x", "position": "1"})
    text.refresh_from_db()
    assert text.text != "x"


def test_the_indices_other_agencies_publish_value_the_four_indicators_the_file_names():
    assert sorted(INDICATOR_OF.values()) == pemdi.framework()["external_indices"]["scored_from_other_indices"]
