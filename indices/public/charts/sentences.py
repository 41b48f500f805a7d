"""The sentence beside each chart: what it shows, in words, in the active language.

Each sentence is also the chart's text alternative, so it must be true for the data drawn. Plain rows in,
a string out, like the figure builders in `indices.public.charts`.
"""

from django.utils.translation import gettext as _

from indices.formatting import format_score


def trend_summary(name: str, points: list[dict]) -> str:
    """One sentence that says what the trend chart shows; also the chart's text alternative."""
    evaluated = [p for p in points if p.get("status") != "carried_over"]
    if not evaluated:
        return _("No SPBE index has been recorded for %(name)s yet.") % {"name": name}
    sentence = _latest_move(name, evaluated)
    carried = [p for p in points if p.get("status") == "carried_over"]
    if len(points) > 2:
        sentence += " " + _("Results since %(first)s: %(years)s.") % {
            "first": points[0]["year"],
            "years": ", ".join(str(p["year"]) for p in points),
        }
    for point in carried:
        sentence += " " + _(
            "%(year)s counts the value of %(origin)s again (carried over, no evaluation)."
        ) % {
            "year": point["year"],
            "origin": point["carried_from"],
        }
    return sentence


def _latest_move(name: str, points: list[dict]) -> str:
    """The latest evaluation and how it moved from the one before, under the same framework."""
    last = points[-1]
    values = {
        "name": name,
        "value": format_score(last["value"]),
        "year": last["year"],
        "predicate": last["predicate"],
    }
    if len(points) == 1:
        return _("The SPBE index of %(name)s was %(value)s in %(year)s, predicate %(predicate)s.") % values
    previous = points[-2]
    values |= {"previous": format_score(previous["value"]), "previous_year": previous["year"]}
    if previous["framework_id"] != last["framework_id"]:
        return (
            _(
                "The SPBE index of %(name)s was %(value)s in %(year)s, predicate %(predicate)s, under a new "
                "framework that is not compared with %(previous_year)s."
            )
            % values
        )
    if last["value"] > previous["value"]:
        sentence = _(
            "The SPBE index of %(name)s rose from %(previous)s (%(previous_year)s) to %(value)s (%(year)s), predicate %(predicate)s."
        )
    elif last["value"] < previous["value"]:
        sentence = _(
            "The SPBE index of %(name)s fell from %(previous)s (%(previous_year)s) to %(value)s (%(year)s), predicate %(predicate)s."
        )
    else:
        sentence = _(
            "The SPBE index of %(name)s stayed at %(value)s from %(previous_year)s to %(year)s, predicate %(predicate)s."
        )
    return sentence % values


def compare_summary(series: list[dict]) -> str:
    """The highest of the compared instances in the latest year in which most of them have a score."""
    scored = [s for s in series if s["points"]]
    if not scored:
        return _("None of the chosen instances has a score yet.")
    if len(series) == 1:
        return trend_summary(series[0]["name"], series[0]["points"])
    years = {p["year"] for s in scored for p in s["points"]}
    # The latest year holding the most of them: a year only one of them has would crown it by default.
    year = max(years, key=lambda y: (sum(1 for s in scored if _in_year(s, y)), y))
    in_year = [_in_year(s, year) | {"name": s["name"]} for s in scored if _in_year(s, year)]
    best = max(in_year, key=lambda p: p["value"])
    values = {
        "count": len(series),
        "scored": len(in_year),
        "year": year,
        "name": best["name"],
        "value": format_score(best["value"]),
        "predicate": best["predicate"],
    }
    if len(in_year) == len(series):
        return (
            _(
                "%(count)s instances compared; in %(year)s the highest index among them is %(name)s with "
                "%(value)s (%(predicate)s)."
            )
            % values
        )
    return (
        _(
            "%(count)s instances compared; %(scored)s of them have a score for %(year)s, the highest "
            "%(name)s with %(value)s (%(predicate)s)."
        )
        % values
    )


def _in_year(series: dict, year: int) -> dict | None:
    return next((p for p in series["points"] if p["year"] == year), None)


def predicate_counts_summary(counts: dict[int, dict[str, int]], bands: list[dict], year: int) -> str:
    """How many instances held each predicate in `year`, highest first; on the page of a year that is not
    counted (the portal lacks its national table), the last year counted, saying why."""
    last_year = year if year in counts else list(counts)[-1]
    last = counts[last_year]
    parts = ", ".join(
        f"{last[b['predicate']]} {b['predicate']}" for b in reversed(bands) if last.get(b["predicate"])
    )
    sentence = _("In %(year)s, %(total)s instances have a score: %(parts)s.") % {
        "year": last_year,
        "total": sum(last.values()),
        "parts": parts,
    }
    if last_year == year:
        return sentence
    counted = _("Counted only for the years with KemenPANRB's whole national table (%(years)s).") % {
        "years": ", ".join(str(y) for y in counts)
    }
    return f"{counted} {sentence}"


def tiles_summary(scored: int, total: int, year: int) -> str:
    return _("%(scored)s of %(total)s provinces have a score for %(year)s; grey tiles have none.") % {
        "scored": scored,
        "total": total,
        "year": year,
    }


def tiles_note() -> str:
    return _(
        "A tile too small for the province's short name carries its Kemendagri code; the chart's data table "
        "gives each code with its name."
    )


def children_summary(province_name: str, rows: list[dict], year: int) -> str:
    """The range of a province's regencies and cities in `year`, from the lowest to the highest."""
    best = max(rows, key=lambda r: r["value"])
    worst = min(rows, key=lambda r: r["value"])
    values = {
        "year": year,
        "count": len(rows),
        "province": province_name,
        "best": best["name"],
        "best_value": format_score(best["value"]),
        "worst": worst["name"],
        "worst_value": format_score(worst["value"]),
    }
    if len(rows) == 1:
        return (
            _("In %(year)s, one regency or city of %(province)s has a score: %(best)s (%(best_value)s).")
            % values
        )
    return (
        _(
            "In %(year)s, %(count)s regencies and cities of %(province)s have a score, from %(worst)s "
            "(%(worst_value)s) to %(best)s (%(best_value)s)."
        )
        % values
    )


def national_summary(national: list[dict]) -> str:
    """The national index's latest change and how it stands against its target."""
    sentence = trend_summary(_("Indonesia"), national)
    last = national[-1]
    if last["target"] is None:
        return sentence
    met = _("met") if last["value"] >= last["target"] else _("not met")
    return f"{sentence} " + _("The national target for %(year)s was %(target)s: %(met)s.") % {
        "year": last["year"],
        "target": format_score(last["target"]),
        "met": met,
    }


def domains_summary(name: str, rows: list[dict], year: int, kind_label: str) -> str:
    """The weakest domain in words, against the mean of the instance's kind where others of its kind have
    domain values that year (`rows`: `pages.domains` rows, with kind_count)."""
    weakest = min(rows, key=lambda row: (row["value"], row["number"]))
    values = {
        "name": name,
        "year": year,
        "domain": weakest["name"],
        "value": format_score(weakest["value"]),
        "kind": kind_label,
        "count": weakest.get("kind_count"),
        "mean": format_score(weakest["kind_mean"]),
    }
    if weakest["kind_mean"] is None:
        return (
            _(
                "In %(year)s the weakest domain of %(name)s is %(domain)s (%(value)s); no other %(kind)s has "
                "domain values for %(year)s to compare with."
            )
            % values
        )
    return (
        _(
            "In %(year)s the weakest domain of %(name)s is %(domain)s (%(value)s; mean of its kind, "
            "%(count)s instances: %(mean)s)."
        )
        % values
    )
