"""What the frameworks' indicators ask, into the database: from each framework's criteria file (today
`frameworks/pemdi-2026.json`), the sources with their class, the sets of level names, each indicator's
descriptions and level criteria (the version shown and the others beside it), the evidence items of each
level, and the cycle's calendar. Like the other loaders it creates what is missing and keeps what exists, so
running it twice changes nothing and an administrator's corrections stay."""

import json
from datetime import date
from pathlib import Path

from indices.models import (
    CriterionText,
    CycleStage,
    EvidenceItem,
    Framework,
    FrameworkNode,
    FrameworkSource,
    LevelName,
    LevelNameSet,
    create_all,
)
from indices.transfer.loading import DATA, LoadResult, recorded_load

CRITERIA_FILES = (DATA / "frameworks" / "pemdi-2026.json",)

# The calendar's stages by the words the file starts them with; any other is a date the cycle starts from.
STAGE_KINDS = (
    ("Penilaian mandiri", CycleStage.Kind.SELF_ASSESSMENT),
    ("Hasil penilaian dokumen", CycleStage.Kind.DOCUMENT_REVIEW),
    ("Interviu", CycleStage.Kind.INTERVIEW),
    ("Visitasi", CycleStage.Kind.VISIT),
    ("Penetapan hasil", CycleStage.Kind.RESULTS),
    ("Rapat koordinasi", CycleStage.Kind.REGIONAL),
)
NOTE_LENGTH = CriterionText._meta.get_field("note").max_length


@recorded_load
def criteria_load(*, paths: tuple[Path, ...] = CRITERIA_FILES) -> LoadResult:
    """Create, for each criteria file's framework, the sources, level names, criterion texts, evidence items
    and calendar stages it lacks; a record already stored (an administrator's correction included) is kept.
    A framework not yet installed is passed over with a note."""
    result = LoadResult(created=0, kept=0)
    for path in paths:
        spec = json.loads(path.read_text(encoding="utf-8"))
        framework = Framework.objects.filter(slug=spec["framework"]).first()
        if framework is None:
            result.notes.append(f"{path.name}: framework {spec['framework']} is not installed")
            continue
        sources = _sources(framework, spec["sources"], result)
        _level_names(framework, spec["level_name_sets"], sources, result)
        nodes = {
            node.number: node
            for node in framework.nodes.filter(level=FrameworkNode.Level.INDICATOR).prefetch_related(
                "texts", "evidence_items"
            )
        }
        indicators = [indicator for aspect in spec["aspects"] for indicator in aspect["indicators"]]
        texts, items = [], []
        for indicator in indicators:
            node = nodes[indicator["number"]]
            texts += _missing_texts(node, _texts(node, indicator, sources), result)
            items += _missing_items(node, indicator, sources, result)
        for record in texts + items:  # lengths and printable characters, without a query per record
            record.clean_fields(exclude=["node", "source"])
        create_all(CriterionText, texts)
        create_all(EvidenceItem, items)
        _calendar(framework, spec["calendar"]["stages"], sources, result)
    return result


def _sources(framework, spec: dict, result: LoadResult) -> dict[str, FrameworkSource]:
    stored = {source.key: source for source in framework.reference_sources.all()}
    new = [
        FrameworkSource(
            framework=framework,
            key=key,
            where=fields["where"],
            source_class=fields["class"],
            basis=fields.get("date") or "",
            reliability=fields.get("reliability") or "",
        )
        for key, fields in spec.items()
        if key not in stored
    ]
    _count(result, len(new), len(spec))
    for source in create_all(FrameworkSource, new):
        stored[source.key] = source
    return stored


def _level_names(framework, spec: list, sources: dict, result: LoadResult) -> None:
    stored = {name_set.key: name_set for name_set in framework.level_name_sets.all()}
    some_shown = any(name_set.shown for name_set in stored.values())
    names = []
    for position, item in enumerate(spec):
        name_set = stored.get(item["key"])
        if name_set is None:
            name_set = LevelNameSet.objects.create(
                framework=framework,
                key=item["key"],
                label=item["label"],
                source=sources.get(item.get("source")),
                shown=position == 0 and not some_shown,  # the first set of the file: the regulation's
            )
            result.created += 1
        else:
            result.kept += 1
        have = set(name_set.names.values_list("level", flat=True))
        result.kept += len(have)
        names += [
            LevelName(
                name_set=name_set,
                level=name["level"],
                name=name["name"],
                english=name.get("english") or "",
                note=name.get("gap") or "",
            )
            for name in item["names"]
            if name["level"] not in have
        ]
    create_all(LevelName, names)
    result.created += len(names)


def _texts(node, indicator: dict, sources: dict) -> list[CriterionText]:
    """Every text the file gives about one indicator, in the order it reads."""
    kind = CriterionText.Kind

    def text(kind, item, *, level=None, position=1, note=""):
        return CriterionText(
            node=node,
            level=level,
            kind=kind,
            text=item["text"],
            source=sources.get(item.get("source")),
            note=note[:NOTE_LENGTH],
            position=position,
        )

    texts = []
    if indicator.get("scored_from"):
        texts.append(
            text(kind.DESCRIPTION, indicator["scored_from"], note="scored from another agency's index")
        )
    for position, item in enumerate(indicator["descriptions"], start=len(texts) + 1):
        texts.append(text(kind.DESCRIPTION, item, position=position))
    if indicator.get("initial_condition"):
        item = indicator["initial_condition"]
        texts.append(text(kind.INITIAL, item, note=_placed(item)))
    for position, item in enumerate(indicator["unplaced_module_fragments"], start=1):
        texts.append(text(kind.FRAGMENT, item, position=position, note=_placed(item)))
    for level in indicator["levels"]:
        shown = level["criterion"]
        note = " ".join(part for part in (shown.get("tag"), shown.get("basis"), shown.get("note")) if part)
        texts.append(text(kind.CRITERION, shown, level=level["level"], note=note))
        for position, other in enumerate(level["other_versions"], start=1):
            texts.append(
                text(kind.OTHER_VERSION, other, level=level["level"], position=position, note=_placed(other))
            )
    agreement = indicator.get("source_agreement")
    if agreement:
        texts.append(text(kind.AGREEMENT, agreement, note=agreement.get("by") or ""))
    return texts


def _placed(item: dict) -> str:
    """How a source places a text: its tag, whether verified, its note ("[O L2] level as extracted")."""
    return " ".join(part for part in (item.get("tag"), item.get("placement"), item.get("note")) if part)


def _missing_texts(node, texts: list, result: LoadResult) -> list:
    stored = {(t.level, t.kind, t.position) for t in node.texts.all()}
    missing = [t for t in texts if (t.level, t.kind, t.position) not in stored]
    _count(result, len(missing), len(texts))
    return missing


def _missing_items(node, indicator: dict, sources: dict, result: LoadResult) -> list:
    stored = {item.code for item in node.evidence_items.all()}
    items = [
        EvidenceItem(
            node=node,
            level=level["level"],
            code=item["code"],
            source_code=item.get("source_code") or "",
            text=item["text"],
            source=sources.get(item.get("source")),
            position=position,
        )
        for level in indicator["levels"]
        for position, item in enumerate(level["evidence_items"], start=1)
    ]
    missing = [item for item in items if item.code not in stored]
    _count(result, len(missing), len(items))
    return missing


def _calendar(framework, stages: list, sources: dict, result: LoadResult) -> None:
    stored = set(framework.cycle_stages.values_list("year", "name"))
    new = []
    for position, stage in enumerate(stages, start=1):
        ends_on = _day(stage["end"])
        if (ends_on.year, stage["stage"]) in stored:
            continue
        kind = next((k for words, k in STAGE_KINDS if stage["stage"].startswith(words)), None)
        new.append(
            CycleStage(
                framework=framework,
                year=ends_on.year,
                kind=kind or CycleStage.Kind.MILESTONE,
                name=stage["stage"],
                starts_on=_day(stage["start"]) if stage["start"] else None,
                ends_on=ends_on,
                dates_as_given=stage["dates"],
                estimate=stage["estimate"],
                source=sources.get(stage["source"]),
                source_detail=stage.get("source_detail") or "",
                position=position,
            )
        )
    for stage in new:
        stage.clean_fields(exclude=["framework", "source"])
    create_all(CycleStage, new)
    _count(result, len(new), len(stages))


def _day(text: str) -> date:
    """An ISO date; a month alone ("2026-11", as precise as the source) is its first day."""
    return date.fromisoformat(text if len(text) > 7 else f"{text}-01")


def _count(result: LoadResult, created: int, total: int) -> None:
    result.created += created
    result.kept += total - created
