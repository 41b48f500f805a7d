"""The data the portal ships, into the database: frameworks with their bands and trees, the evaluated
instances, and the published record (KemenPANRB's national results and index, and figures published by
regional governments and the press). Each loader creates what is missing and never overwrites a record that
exists, so running it twice changes nothing and an admin's corrections stay.
"""

import csv
import json
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal
from functools import wraps
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from indices import scoring
from indices.changes import data_changed
from indices.facts import NodeFacts
from indices.models import (
    Band,
    ChangeSet,
    Framework,
    FrameworkNode,
    Instance,
    InstanceAlias,
    InstanceName,
    NationalIndex,
    NationalValue,
    Score,
    ScoreValue,
    Source,
    Succession,
    Target,
    create_all,
    recording,
    validate_band_cover,
)
from indices.transfer import applying, checks, planning, reading
from indices.transfer.records import SCORES
from regions.models import Region

DATA = Path(__file__).resolve().parents[1] / "data"  # indices/data
RESULTS = DATA / "results"


@dataclass
class LoadResult:
    created: int
    kept: int
    notes: list[str] = field(default_factory=list)


def recorded_load(load):
    """Run a loader in one transaction as one change set of the audit trail (dropped if it recorded nothing,
    so that loading again leaves no trace)."""

    @wraps(load)
    def run(*args, **kwargs) -> LoadResult:
        with transaction.atomic():
            change_set = ChangeSet.objects.create(kind=ChangeSet.Kind.LOAD, filename=load.__name__)
            with recording(change_set):
                result = load(*args, **kwargs)
            with suppress(ProtectedError):  # refused while a historical record belongs to it: it stays then
                change_set.delete()
            return result

    return run


# Frameworks ------------------------------------------------------------------------------------------------


@recorded_load
def frameworks_install(*, path: Path = DATA / "frameworks.json") -> LoadResult:
    """Create the shipped frameworks that are missing, and the tree of any that has none; leave existing
    frameworks, bands and trees (and admins' edits) alone. A tree whose weights do not add up is refused."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for item in spec["frameworks"]:
        scale = tuple(Decimal(value) for value in item["scale"])
        tree = _tree_nodes(item["tree"], path.parent)
        problems = scoring.tree_problems([node for node, _parent in tree])
        if problems:
            raise ValidationError([f"{item['name']}: {problem}" for problem in problems])
        framework = Framework.objects.filter(slug=item["slug"]).first()
        if framework is None:
            bands = [(Decimal(lower), Decimal(upper)) for _name, lower, upper, _colour in item["bands"]]
            validate_band_cover(bands, scale)
            framework = Framework(
                slug=item["slug"],
                name=item["name"],
                legal_basis=item["legal_basis"],
                first_year=item["first_year"],
                last_year=item["last_year"],
                scale_min=scale[0],
                scale_max=scale[1],
                whole_levels=item.get("whole_levels", True),
                note=item["note"],
            )
            framework.full_clean()
            framework.save()
            create_all(
                Band,
                [
                    Band(
                        framework=framework,
                        predicate=name,
                        lower=lower,
                        upper=upper,
                        colour=colour,
                        order=order,
                    )
                    for order, (name, lower, upper, colour) in enumerate(item["bands"], start=1)
                ],
            )
            created += 1
        _tree_complete(framework, tree)
    return LoadResult(created=created, kept=len(spec["frameworks"]) - created)


def _tree_nodes(tree, folder: Path) -> list[tuple[NodeFacts, dict]]:
    """The tree of a framework file as (NodeFacts with provisional ids, fields) in parent-first order."""
    if isinstance(tree, str):
        tree = json.loads((folder / tree).read_text(encoding="utf-8"))
    nodes = []

    def walk(items, level, parent_id):
        for item in items:
            weight = None if item.get("weight") is None else Decimal(item["weight"])
            facts = NodeFacts(len(nodes) + 1, level, item["number"], item["name"], weight, parent_id)
            fields = {"question": item.get("question", ""), "criteria": item.get("criteria", [])}
            nodes.append((facts, fields))
            for child_level, key in (("aspect", "aspects"), ("indicator", "indicators")):
                if key in item:
                    walk(item[key], child_level, facts.id)

    for level, key in (("domain", "domains"), ("aspect", "aspects")):
        if key in tree:
            walk(tree[key], level, None)
    return nodes


def _tree_complete(framework: Framework, tree: list[tuple[NodeFacts, dict]]) -> None:
    """Create the nodes of `tree` that the framework lacks and give a weight to those stored without one (the
    SPBE 2018 weights were found in 2026); a name, question or weight already stored, an admin's correction
    included, is kept."""
    stored = {}
    for node in framework.nodes.select_related("parent"):
        stored[(node.level, node.number, node.parent.number if node.parent else None)] = node
    saved = {}
    for facts, fields in tree:  # parents come first
        parent = saved.get(facts.parent_id)
        key = (facts.level, facts.number, parent.number if parent else None)
        node = stored.get(key)
        if node is None:
            node = FrameworkNode.objects.create(
                framework=framework,
                parent=parent,
                level=facts.level,
                number=facts.number,
                name=facts.name,
                weight=facts.weight,
                **fields,
            )
        elif node.weight is None and facts.weight is not None:
            node.weight = facts.weight
            node.save(update_fields=["weight"])
        saved[facts.id] = node


# Instances -------------------------------------------------------------------------------------------------


@recorded_load
def instances_install(*, agencies: Path = RESULTS / "agencies.csv") -> LoadResult:
    """One instance per evaluated region (its government) and per central agency of the name table, with the
    names each agency was evaluated under. Existing instances are kept as they are."""
    existing = set(Instance.objects.values_list("code", flat=True))
    instances = [
        Instance(code=region.code, kind=region.kind, name=region.name, region=region)
        for region in Region.objects.evaluated()
        if region.code not in existing
    ]
    with agencies.open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: (row["id"], row["tahun"]))
    latest = {row["id"]: row for row in rows}  # the last year's name and group are the current ones
    instances += [
        Instance(code=code, kind=row["jenis"], name=row["nama_instansi"], group=row["kelompok"])
        for code, row in latest.items()
        if code not in existing
    ]
    codes = _kemenpanrb_codes(RESULTS / "kemenpanrb_codes.csv")
    for instance in instances:
        instance.kemenpanrb_code = codes.get(instance.code, "")
        instance.full_clean(validate_unique=False)
    data_changed()  # bulk writes send no signals
    create_all(Instance, instances)
    for instance in Instance.objects.filter(kemenpanrb_code="", code__in=codes):
        instance.kemenpanrb_code = codes[instance.code]
        instance.save(update_fields=["kemenpanrb_code"])
    _successions_create(RESULTS / "agency_successions.csv")
    aliases_install(RESULTS / "agency_aliases.csv")
    named = set(InstanceName.objects.values_list("instance_id", "year"))
    create_all(
        InstanceName,
        [
            InstanceName(instance_id=row["id"], year=int(row["tahun"]), name=row["nama_instansi"])
            for row in rows
            if (row["id"], int(row["tahun"])) not in named
        ],
    )
    return LoadResult(created=len(instances), kept=len(existing))


def _kemenpanrb_codes(path: Path) -> dict[str, str]:
    """Portal code -> KemenPANRB's own instance code, from the reviewed table (its errata rows, which hold for
    one year's sheet only, left out)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["kode"]: row["kode_kemenpanrb"] for row in csv.DictReader(handle) if not row.get("tahun")}


def aliases_install(path: Path = RESULTS / "agency_aliases.csv") -> int:
    """The names people use for agencies (`InstanceAlias`) from the reviewed table, for the instances present
    and names not yet recorded; how many were added."""
    present = set(Instance.objects.values_list("code", flat=True))
    known = {name.casefold() for name in InstanceAlias.objects.values_list("name", flat=True)}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            row
            for row in csv.DictReader(handle)
            if row["id"] in present and row["nama"].casefold() not in known
        ]
    create_all(
        InstanceAlias, [InstanceAlias(instance_id=r["id"], name=r["nama"], kind=r["jenis"]) for r in rows]
    )
    return len(rows)


def _successions_create(path: Path) -> None:
    existing = set(Succession.objects.values_list("predecessor_id", "successor_id"))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if (row["pendahulu"], row["penerus"]) not in existing]
    successions = [
        Succession(
            predecessor_id=row["pendahulu"],
            successor_id=row["penerus"],
            year=int(row["tahun"]),
            event=row["peristiwa"],
            basis=row["dasar"],
        )
        for row in rows
    ]
    for succession in successions:
        succession.full_clean(validate_unique=False, validate_constraints=False)
    create_all(Succession, successions)


# The published record --------------------------------------------------------------------------------------


@recorded_load
def results_load(*, folder: Path = RESULTS, published: Path = DATA / "published_scores.json") -> LoadResult:
    """The national index since 2018, every instance's result of 2023 and 2024 with its domain values, and
    the figures regional governments and the press published, each with its source.

    The report tables go through the importer (`hasil-evaluasi.csv` is in its columns), so they meet every
    check an admin's file meets: a row whose domain values do not give its index is refused. Creates what is
    missing and keeps what exists, an admin's corrections included.
    """
    spec = json.loads(published.read_text(encoding="utf-8"))
    data_changed()  # bulk writes send no signals
    sources = _sources(spec["sources"])
    result = LoadResult(created=0, kept=0)
    _national_load(folder / "indeks-nasional.csv", sources[spec["national_source"]], result)
    path = folder / "hasil-evaluasi.csv"
    plan = planning.plan(reading.read_table(path.read_bytes(), path.name), SCORES)
    if plan.errors:
        raise ValidationError([str(error) for error in plan.errors])
    # A stored score with the report's value but another source (a news article loaded by an earlier
    # version) takes the report as its source, the old one on record; one with another value is an
    # admin's correction and is kept.
    differing = [change for change in plan.updates if change.old["value"] != change.record.value]
    plan.updates = [change for change in plan.updates if change not in differing]
    result.kept += len(differing) + len(plan.unchanged)
    applying.apply(plan, reason=_("Import of %(file)s") % {"file": path.name})
    result.created += len(plan.creates) + len(plan.updates)
    _news_load(spec, sources, result)
    _targets_create(spec["targets"], sources, result)
    applying.refresh_statistics(
        Instance, InstanceName, Score, ScoreValue, Target, NationalIndex, NationalValue, Source
    )
    return result


def _news_load(spec: dict, sources: dict, result: LoadResult) -> None:
    """Figures published by regional governments and the press, each a reported figure (never a result)
    beside the evaluation's result of its year, with the domain values the article gives."""
    stored = set(
        Score.objects.filter(status=Score.Status.REPORTED).values_list("instance_id", "year", "source_id")
    )
    frameworks = Framework.objects.facts()
    for code, year, value, source_key, note in spec["scores"]:
        value, source = Decimal(value), sources[source_key]
        if (code, year, source.pk) in stored or Score.objects.filter(
            instance_id=code, year=year, status=Score.Status.REPORTED
        ).exists():
            result.kept += 1
            continue
        framework = frameworks.for_year(year)
        published_domains = [Decimal(d) for d in spec["domains"].get(f"{code} {year}", [])]
        domains = dict(zip((node.id for node in framework.top), published_domains, strict=False))
        computed = scoring.index_of(framework.nodes, domains)
        if computed is not None and abs(computed - value) > checks.TOLERANCE:
            raise ValidationError(f"{code} {year}: the domain values give {computed}, the index is {value}.")
        score = Score(
            instance_id=code, year=year, value=value, source=source, note=note, status=Score.Status.REPORTED
        )
        score.full_clean()
        score.save()
        create_all(ScoreValue, [ScoreValue(score=score, node_id=n, value=v) for n, v in domains.items()])
        result.created += 1


def _sources(spec: dict) -> dict[str, Source]:
    sources = {}
    for key, fields in spec.items():
        source = Source.objects.filter(title=fields["title"], publisher=fields["publisher"]).first()
        if source is None:
            source = Source(**fields)
            source.full_clean()
            source.save()
        sources[key] = source
    return sources


def _national_load(path: Path, source: Source, result: LoadResult) -> None:
    """The national index of each year with its domain values, instances evaluated and national target."""
    existing = set(NationalIndex.objects.values_list("year", flat=True))
    frameworks = Framework.objects.facts()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year = int(row["tahun"])
            if year in existing:
                result.kept += 1
                continue
            framework = frameworks.for_year(year)
            national = NationalIndex(
                year=year,
                value=Decimal(row["indeks"]),
                target=Decimal(row["target"]) if row["target"] else None,
                instances_evaluated=int(row["instansi_dievaluasi"]) if row["instansi_dievaluasi"] else None,
                good_or_better=int(row["baik_ke_atas"]) if row["baik_ke_atas"] else None,
                # The three 2024 rows on band edges (Nias Barat, Pacitan, Luwu) carry the predicate of their
                # unrounded index; the 2023 rows on edges (Nias Barat, Boven Digoel, Kota Serang) that of
                # the rounded one. Earlier years publish no table to tell.
                predicate_basis=NationalIndex.PredicateBasis.UNROUNDED
                if year >= 2024
                else NationalIndex.PredicateBasis.ROUNDED,
                source=source,
                source_detail=row["rincian_sumber"],
            )
            national.full_clean()
            national.save()
            domains = [row[key] for key in ("d_kebijakan", "d_tata_kelola", "d_manajemen", "d_layanan")]
            if len(framework.top) == 3:
                domains = [domains[0], domains[1], domains[3]]  # SPBE 2018 has no Manajemen domain
            create_all(
                NationalValue,
                [
                    NationalValue(national=national, node_id=node.id, value=Decimal(value))
                    for node, value in zip(framework.top, domains, strict=True)
                    if value
                ],
            )
            result.created += 1


def _targets_create(targets: list, sources: dict, result: LoadResult) -> None:
    for code, year, value, document, source_key, note in targets:
        if Target.objects.filter(instance_id=code, year=year).exists():
            result.kept += 1
            continue
        target = Target(
            instance_id=code,
            year=year,
            value=Decimal(value),
            document=document,
            source=sources[source_key],
            note=note,
        )
        target.full_clean()
        target.save()
        result.created += 1
