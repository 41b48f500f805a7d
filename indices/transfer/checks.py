"""The checks of one row against the database: its instance, year, value, source, domain values, and
whether it repeats an earlier row; each refusal worded for the person who sent the file."""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint
from django.utils.translation import gettext as _

from indices import formatting, scoring
from indices.columns import EXPORT_HEADERS
from indices.facts import FrameworkFacts
from indices.formatting import NumberError, format_score
from indices.models import (
    PART_MIN,
    PART_RANGE_MESSAGE,
    SCORE_MAX,
    SCORE_MIN,
    SCORE_RANGE_MESSAGE,
    Framework,
    Instance,
    InstanceAlias,
    InstanceName,
    NationalIndex,
    Source,
)
from indices.models.frameworks import year_problem
from indices.scoring import LEVELS
from indices.transfer.cells import Formula, cell_text, name_key, parse_code, parse_year, present
from indices.transfer.reading import Table

# Two decimals are published; an index recomputed from rounded domain values may differ by this much.
TOLERANCE = Decimal("0.01")


YES = {"ya", "y", "yes", "true", "1", "x"}


NO = {"", "tidak", "t", "no", "n", "false", "0"}

# What a code looks like: a Kemendagri code ("63", "63.11") or an agency's identifier ("kemenkeu"). Anything
# else in the code column (a space, a capital, a slash) is read as a name.
CODE_LIKE = re.compile(r"[0-9]{2}(\.[0-9]{2})?|[a-z0-9][a-z0-9-]{0,29}")


class Checker:
    """What a plan needs from the database, loaded once: instances, frameworks, sources, each year's
    predicate basis."""

    def __init__(self, table: Table):
        self.table = table
        self.instances = {i.code: i for i in Instance.objects.all()}
        by_name: dict[str, set[str]] = {}
        names = [(i.code, i.name) for i in self.instances.values()]
        names += list(InstanceName.objects.values_list("instance_id", "name"))
        names += list(InstanceAlias.objects.values_list("instance_id", "name"))
        for code, name in names:
            by_name.setdefault(name_key(name), set()).add(code)
            bare = re.sub(r"^(kabupaten|kota)", "", name_key(name))
            if bare != name_key(name):
                by_name.setdefault(bare, set()).add(code)
        self.by_name = by_name
        self.frameworks = Framework.objects.facts()
        self.before_rounding = set(
            NationalIndex.objects.filter(predicate_basis=NationalIndex.PredicateBasis.UNROUNDED).values_list(
                "year", flat=True
            )
        )
        self.sources_by_title: dict[str, list[Source]] = {}
        self.sources_by_url: dict[str, Source] = {}
        for source in Source.objects.order_by("pk"):
            self.sources_by_title.setdefault(_title_key(source.title), []).append(source)
            if source.url:
                self.sources_by_url.setdefault(source.url, source)
        self.new_sources: dict[str, Source] = {}
        self.seen: dict[tuple, int] = {}

    def column(self, name: str) -> str:
        return self.table.headers.get(name, EXPORT_HEADERS.get(name, name))

    def register_missing(self) -> str | None:
        """Why no row can be checked in a database that was migrated but never loaded: without the register of
        instances no code or name matches, without frameworks no year has a scale. Said once, with the
        commands that load them, rather than as an unknown code on every row. The national index goes with
        them: it holds each year's rule for a result on a band's edge."""
        if not self.instances:
            return _(
                "The register of regions and instances is not loaded in this database (it was migrated, but "
                "nothing was loaded), so no code or name in the file can be matched: nothing was imported. "
                "Load it first with python manage.py load_regions, python manage.py load_frameworks, "
                "python manage.py load_instances and python manage.py load_national, in this order; or with "
                "python manage.py load_shipped_data, which also loads the published record."
            )
        if not self.frameworks:
            return _(
                "The evaluation frameworks are not loaded in this database, so no year in the file can be "
                "checked: nothing was imported. Load them first with python manage.py load_frameworks."
            )
        return None

    def instance(self, cells, errors) -> Instance | None:
        code_cell, name_cell = cells.get("code", ""), cells.get("name", "")
        if isinstance(code_cell, Formula) or isinstance(name_cell, Formula):
            return None  # reported once, as a formula
        name = cell_text(name_cell)
        if present(code_cell):
            code = parse_code(code_cell)
            instance = self.instances.get(code)
            written = cell_text(code_cell)
            if instance is None and (not CODE_LIKE.fullmatch(code) or name_key(written) in self.by_name):
                # A name in the code column is accepted, as the README says: "Kementerian Keuangan", "PANRB".
                instance = self._named(written, self.column("code"), errors)
                if instance is None:
                    return None
                code = instance.code
            if instance is None:
                errors.append(
                    (
                        self.column("code"),
                        _(
                            "Unknown code %(code)s: neither a region's Kemendagri code nor an agency's identifier."
                        )
                        % {"code": code},
                    )
                )
                return None
            if name and code not in self.by_name.get(name_key(name), set()):
                errors.append(
                    (
                        self.column("name"),
                        _("“%(name)s” does not match code %(code)s (%(instance)s).")
                        % {"name": name, "code": code, "instance": instance.name},
                    )
                )
                return None
            return instance
        if not name:
            column = self.column("code") if "code" in self.table.headers else self.column("name")
            errors.append((column, _("Give the instance's code or name.")))
            return None
        return self._named(name, self.column("name"), errors)

    def _named(self, name: str, column: str, errors) -> Instance | None:
        """The one instance `name` names: its name, a name it was evaluated under or a name people use for it
        (`InstanceAlias`); an exact name wins over a name without its kind word."""
        matches = sorted(self.by_name.get(name_key(name), set()))
        if len(matches) > 1:
            exact = [code for code in matches if name_key(self.instances[code].name) == name_key(name)]
            matches = exact if len(exact) == 1 else matches
        if not matches:
            errors.append((column, _("No instance is named “%(name)s”.") % {"name": name}))
            return None
        if len(matches) > 1:
            errors.append(
                (
                    column,
                    _("“%(name)s” matches several instances; write Kabupaten or Kota, or give the code.")
                    % {"name": name},
                )
            )
            return None
        return self.instances[matches[0]]

    def kind_agrees(self, instance, kind: str) -> list[tuple[str, str]]:
        if kind == instance.kind:
            return []
        message = _("%(name)s is a %(kind)s, not “%(written)s”.")
        names = {"name": instance.name, "kind": instance.get_kind_display().lower(), "written": kind}
        return [(self.column("instance_kind"), message % names)]

    def node_values(self, cells, spec, framework, errors) -> dict[int, Decimal]:
        """The domain and aspect values of the row, by node id of the year's framework."""
        values = {}
        for column, cell in cells.items():
            if (
                not column.startswith(("domain_", "aspect_"))
                or not present(cell)
                or isinstance(cell, Formula)
            ):
                continue
            if not spec.has_values:
                errors.append((self.column(column), _("A target has no domain or aspect values.")))
                continue
            level, number = column.split("_")
            value = self.value(cells, column, framework, errors, part=True)
            if framework is None or value is None:
                continue
            node = next((n for n in framework.nodes if (n.level, n.number) == (level, int(number))), None)
            if node is None:
                errors.append(
                    (
                        self.column(column),
                        _("%(framework)s has no %(level)s %(number)s.")
                        % {"framework": framework.name, "level": LEVELS[level].lower(), "number": number},
                    )
                )
                continue
            values[node.id] = value
        return values

    def index_agrees(self, record, framework, values) -> list[tuple[str, str]]:
        """Refuse domain values that do not give the row's index."""
        computed = scoring.index_of(framework.nodes, values)
        if computed is None:
            return []
        if abs(computed - record.value) > TOLERANCE:
            return [
                (
                    self.column("score"),
                    _(
                        "The domain values give an index of %(computed)s, %(difference)s away from %(index)s; "
                        "check the values."
                    )
                    % {
                        "computed": format_score(computed),
                        "difference": format_score(abs(computed - record.value)),
                        "index": format_score(record.value),
                    },
                )
            ]
        return []

    def unrounded(self, year: int, framework, values) -> Decimal | None:
        return scoring.unrounded_index(framework.nodes, values, year in self.before_rounding)

    def year(self, cells, errors, evaluated: bool) -> tuple[int | None, FrameworkFacts | None]:
        """The row's year and the framework in force; `evaluated`: a result, which cannot be for a year to come."""
        cell = cells.get("year", "")
        if isinstance(cell, Formula):
            return None, None
        try:
            year = parse_year(cell)
        except ValueError:
            errors.append((self.column("year"), _("“%(text)s” is not a year.") % {"text": cell_text(cell)}))
            return None, None
        if problem := year_problem(year, evaluated):
            errors.append((self.column("year"), problem))
            return None, None
        framework = self.frameworks.for_year(year)
        if framework is None:
            errors.append(
                (self.column("year"), _("No evaluation framework covers the year %(year)s.") % {"year": year})
            )
        return year, framework

    def value(self, cells, column, framework, errors, part=False) -> Decimal | None:
        """An index or target in the framework's scale; with `part`, a domain or aspect value (0.00-5.00)."""
        cell = cells.get(column, "")
        if isinstance(cell, Formula):
            return None
        if not present(cell):
            errors.append((self.column(column), _("This field is required.")))
            return None
        try:
            value = formatting.parse_score(cell)
        except NumberError as error:
            errors.append((self.column(column), error.message))
            return None
        if part:
            if not PART_MIN <= value <= SCORE_MAX:
                errors.append((self.column(column), str(PART_RANGE_MESSAGE)))
                return None
            return value
        if not SCORE_MIN <= value <= SCORE_MAX:
            errors.append((self.column(column), str(SCORE_RANGE_MESSAGE)))
            return None
        low, high = framework.scale if framework else (SCORE_MIN, SCORE_MAX)
        if not low <= value <= high:
            message = _("The scale of %(framework)s runs from %(low)s to %(high)s.")
            errors.append(
                (
                    self.column(column),
                    message
                    % {"framework": framework.name, "low": format_score(low), "high": format_score(high)},
                )
            )
            return None
        return value

    def source(self, cells, errors, kind: str = Source.Kind.OFFICIAL) -> Source | None:
        """The source a row cites: an existing one by title (or URL), else a new one of `kind`."""
        text = cell_text(cells.get("source", ""))
        if not text or isinstance(cells.get("source"), Formula):
            return None
        if re.match(r"https?://", text, re.IGNORECASE):
            found = self.sources_by_url.get(text)
            title, url = text, text
        else:
            candidates = self.sources_by_title.get(_title_key(text), [])
            url = cell_text(cells.get("source_url", ""))
            publisher = cell_text(cells.get("publisher", ""))
            preferred = [
                s for s in candidates if (url and s.url == url) or (publisher and s.publisher == publisher)
            ]
            found = (preferred or candidates or [None])[0]
            title = text
        if found:
            return found
        key = _title_key(title)
        if key in self.new_sources:
            return self.new_sources[key]
        source = Source(
            title=title,
            url=url,
            publisher=cell_text(cells.get("publisher", "")),
            document=cell_text(cells.get("source_document", "")) or ("" if url else title),
            note=cell_text(cells.get("source_note", "")),
            kind=kind,
        )
        date_text = cell_text(cells.get("source_date", ""))
        if date_text:
            try:
                source.published_on = datetime.date.fromisoformat(date_text[:10])
            except ValueError:
                errors.append(
                    (
                        self.column("source_date"),
                        _("“%(text)s” is not a date; write it as YYYY-MM-DD.") % {"text": date_text},
                    )
                )
                return None
        try:
            # Not the one-row-per-publication constraint: a parallel import may save this source between
            # now and the write, which then shares that row (`applying._save_or_share`).
            source.full_clean(exclude=["published_on"], validate_constraints=False)
            for constraint in Source._meta.constraints:
                if isinstance(constraint, CheckConstraint):
                    constraint.validate(Source, source)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = {
                    "url": "source_url",
                    "publisher": "publisher",
                    "document": "source_document",
                    "note": "source_note",
                }.get(field_name, "source")
                errors.extend((self.column(column), message) for message in messages)
            return None
        self.new_sources[key] = source
        return source

    def repeated(self, key: tuple, line: int, errors) -> bool:
        if key in self.seen:
            errors.append(
                (
                    self.column("year"),
                    _("Repeats line %(line)s: same instance and year.") % {"line": self.seen[key]},
                )
            )
            return True
        self.seen[key] = line
        return False


def _title_key(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().casefold()
