"""Place search: every place with a page, and the places a visitor's query names, by name or
Kemendagri code however typed."""

import re
import unicodedata

from indices.models import Instance, InstanceAlias, InstanceName
from indices.reads import stats
from indices.reads.sections import KIND_WORDS
from regions.models import Region


def folded(text: str) -> str:
    """`text` as the place search compares it: lower case, without accents or punctuation, words separated
    by one space ("Kab. Toli-Toli" reads "kab toli toli")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", plain.casefold()))


def search_keys(name: str) -> set[str]:
    """A name as the search matches it: folded and without spaces, whole and without its leading kind word,
    so that "Kota Palangkaraya" is found as "palangka raya" and as "palangkaraya kota", and "Kabupaten
    Toli-Toli" as "tolitoli"."""
    words = folded(name).split()
    keys = {"".join(words)}
    if len(words) > 1 and words[0] in KIND_WORDS:
        keys.add("".join(words[1:]))
    return keys


def place_list(regions: list[dict], agencies: list[dict], earlier_names: list[tuple[str, str]]) -> list[dict]:
    """Every place the portal has a page for, as the search finds it: regions (evaluated or not) and central
    agencies, each {"code", "name", "kind", "within" (a region's province, an agency's group), "url",
    "keys"}, its keys being the `search_keys` of its name and of the names it was evaluated under."""
    aliases = {}
    for code, name in earlier_names:
        aliases.setdefault(code, set()).update(search_keys(name))
    return [
        place | {"keys": sorted(search_keys(place["name"]) | aliases.get(place["code"], set()))}
        for place in [*regions, *agencies]
    ]


def _query(text: str) -> tuple[str | None, list[str]]:
    """The kind a query starts with ("Kab. Bandung", "Kota Bekasi", "Prov. Bali"), if any, and its other
    words. Only a leading kind word names the kind: "Lima Puluh Kota" is a regency."""
    words = folded(text).split()
    if len(words) > 1 and words[0] in KIND_WORDS:
        return KIND_WORDS[words[0]], words[1:]
    return None, words


def _code(text: str) -> str:
    """A Kemendagri code as the portal writes it, however typed ("6311", "63 11", "63.11"), else the
    text in lower case (an agency's identifier such as "kemenkeu")."""
    digits = folded(text).replace(" ", "")
    if digits.isascii() and digits.isdigit() and len(digits) in (2, 4):
        return digits if len(digits) == 2 else f"{digits[:2]}.{digits[2:]}"
    return text.strip().casefold()


def find_places(text: str, places: list[dict]) -> list[dict]:
    """The places (`places()`) a visitor's query names, best first: an exact code alone; else those whose
    name or earlier name holds every word of the query, with its kind if the query names one. Accents,
    punctuation, case and "Kab."/"Kabupaten"/"Kota"/"Prov."/"Provinsi" written out or not make no
    difference. Exact names first, then names that start so, then the rest; by kind, then name."""
    if not text.strip():
        return []
    code = _code(text)
    exact = [place for place in places if place["code"] == code]
    if exact:
        return exact
    kind, words = _query(text)
    if not words:
        return []
    whole = "".join(words)
    found = []
    for place in places:
        if kind and place["kind"] != kind:
            continue
        matching = [key for key in place["keys"] if all(word in key for word in words)]
        if matching:
            closeness = min(0 if key == whole else 1 if key.startswith(whole) else 2 for key in matching)
            found.append((closeness, stats.KIND_ORDER[place["kind"]], place["name"], place))
    return [place for *_order, place in sorted(found, key=lambda item: item[:3])]


def every_place() -> list[dict]:
    """Every region and central agency with a page, as the place search finds them (`place_list`)."""
    regions = [
        {
            "code": code,
            "name": name,
            "kind": kind,
            "within": province or "",
            "url": Instance.url_for(kind, code),
        }
        for code, name, kind, province in Region.objects.order_by("code").values_list(
            "code", "name", "kind", "province__name"
        )
    ]
    agencies = [
        {"code": code, "name": name, "kind": kind, "within": group, "url": Instance.url_for(kind, code)}
        for code, name, kind, group in Instance.objects.central()
        .order_by("code")
        .values_list("code", "name", "kind", "group")
    ]
    other_names = [
        *InstanceName.objects.values_list("instance_id", "name"),
        *InstanceAlias.objects.values_list("instance_id", "name"),
    ]
    return place_list(regions, agencies, other_names)
