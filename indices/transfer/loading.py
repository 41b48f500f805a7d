"""The data the portal ships, into the database: the evaluated instances and the published record
(KemenPANRB's national results and index, and figures published by regional governments and the press). Each
loader creates what is missing and never overwrites a record that exists, so running it twice changes nothing
and an admin's corrections stay. The frameworks are loaded by `indices.transfer.framework_loading`.
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
from indices.models import (
    ChangeSet,
    Framework,
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
    state_before,
    update_all,
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
    named = {(n.instance_id, n.year): n for n in InstanceName.objects.all()}
    create_all(
        InstanceName,
        [
            InstanceName(
                instance_id=row["id"],
                year=int(row["tahun"]),
                name=row["nama_instansi"],
                group=row["kelompok"],
            )
            for row in rows
            if (row["id"], int(row["tahun"])) not in named
        ],
    )
    # Names loaded before groups were kept per year get the group their year printed.
    ungrouped, before = [], []
    for row in rows:
        name = named.get((row["id"], int(row["tahun"])))
        if name and row["kelompok"] and not name.group:
            before.append(state_before(name, {"group": ""}))
            name.group = row["kelompok"]
            ungrouped.append(name)
    update_all(InstanceName, ungrouped, ["group"], before)
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


@recorded_load
def national_load(*, folder: Path = RESULTS, published: Path = DATA / "published_scores.json") -> LoadResult:
    """KemenPANRB's national index of each year since 2018 with its source, and with it each year's rule for a
    result on a band's edge (`NationalIndex.predicate_basis`), which an import of exported results needs to
    give 2024's three edge rows their printed predicate. Creates what is missing and keeps what exists."""
    spec = json.loads(published.read_text(encoding="utf-8"))
    data_changed()  # bulk writes send no signals
    key = spec["national_source"]
    result = LoadResult(created=0, kept=0)
    _national_load(folder / "indeks-nasional.csv", _sources({key: spec["sources"][key]})[key], result)
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
    existing = {national.year: national for national in NationalIndex.objects.all()}
    frameworks = Framework.objects.facts()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year = int(row["tahun"])
            if national := existing.get(year):
                _national_citation_correct(national, row)
                result.kept += 1
                continue
            framework = frameworks.for_year(year)
            national = NationalIndex(
                year=year,
                value=Decimal(row["indeks"]),
                target=Decimal(row["target"]) if row["target"] else None,
                target_detail=row["rincian_target"],
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


def _national_citation_correct(national: NationalIndex, row: dict) -> None:
    """A year loaded before its citation was corrected gets the corrected one (the figures stay as they are)."""
    corrected = {"source_detail": row["rincian_sumber"], "target_detail": row["rincian_target"]}
    if all(getattr(national, name) == value for name, value in corrected.items()):
        return
    before = state_before(national, {name: getattr(national, name) for name in corrected})
    for name, value in corrected.items():
        setattr(national, name, value)
    update_all(NationalIndex, [national], list(corrected), [before])


def _targets_create(targets: list, sources: dict, result: LoadResult) -> None:
    for code, year, value, document, source_key, note, *quoted in targets:
        quoted = quoted[0] if quoted else ""
        if stored := Target.objects.filter(instance_id=code, year=year).first():
            if quoted and not stored.quoted:  # loaded before the source's own words were kept
                before = state_before(stored, {"quoted": ""})
                stored.quoted = quoted
                update_all(Target, [stored], ["quoted"], [before])
            result.kept += 1
            continue
        target = Target(
            instance_id=code,
            year=year,
            value=Decimal(value),
            document=document,
            source=sources[source_key],
            note=note,
            quoted=quoted,
        )
        target.full_clean()
        target.save()
        result.created += 1
