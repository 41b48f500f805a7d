"""The house's rules, checked on the code's own imports (STYLE.md, issue 19): the core imports none of the
sub-packages, the public side never imports the workspace or transfer, nothing but the URL configuration
imports the public side, `regions` knows nothing of `indices`, no module imports one that imports it back, and
no application file is over 400 lines."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPLICATION = ("indices", "regions", "spbe_portal")
SUBPACKAGES = ("reads", "public", "workspace", "transfer", "admin")
# Which part of the house may import which (the core and `regions` are below everything).
MAY_IMPORT = {
    "core": {"core"},
    "reads": {"core", "reads"},
    "transfer": {"core", "transfer"},
    "public": {"core", "reads", "public"},
    "workspace": {"core", "reads", "transfer", "workspace", "admin"},  # its admin stands on the admin's base
    "admin": {"core", "transfer", "admin"},
    "commands": {"core", "reads", "transfer", "workspace", "commands"},
}
# What may import the public side: the URL configuration (and, by name in settings, its middleware).
PUBLIC_IMPORTERS = {"spbe_portal.urls"}


def application_modules() -> dict[str, Path]:
    found = {}
    for app in APPLICATION:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "data" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = application_modules()


def imports_of(path: Path) -> set[str]:
    """The application modules `path` imports, at its top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.add(full if full in MODULES else node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name in MODULES}


GRAPH = {module: imports_of(path) for module, path in MODULES.items()}


def part(module: str) -> str:
    """Which part of the house a module belongs to."""
    parts = module.split(".")
    if parts[0] != "indices":
        return parts[0]
    if len(parts) > 1 and parts[1] in SUBPACKAGES:
        return parts[1]
    if len(parts) > 1 and parts[1] == "management":
        return "commands"
    return "core"


def test_each_part_imports_only_what_lies_below_it():
    wrong = [
        f"{module} ({part(module)}) imports {target} ({part(target)})"
        for module, targets in GRAPH.items()
        for target in targets
        if part(module) in MAY_IMPORT
        and part(target) not in MAY_IMPORT[part(module)]
        and part(target) not in ("regions", "spbe_portal")
    ]
    assert wrong == []


def test_the_core_imports_no_sub_package():
    assert [
        (m, t)
        for m, ts in GRAPH.items()
        for t in ts
        if part(m) == "core" and part(t) != "core" and part(t) != "regions"
    ] == []


def test_nothing_but_the_url_configuration_imports_the_public_side():
    importers = {m for m, ts in GRAPH.items() for t in ts if part(t) == "public" and part(m) != "public"}
    assert importers <= PUBLIC_IMPORTERS


def test_regions_knows_nothing_of_indices():
    assert [
        (m, t) for m, ts in GRAPH.items() for t in ts if part(m) == "regions" and t.startswith("indices")
    ] == []


def test_no_module_imports_one_that_imports_it_back():
    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            module = stack.pop()
            if module == goal:
                return True
            if module not in seen:
                seen.add(module)
                stack.extend(GRAPH.get(module, ()))
        return False

    cycles = sorted({tuple(sorted((a, b))) for a, ts in GRAPH.items() for b in ts if reaches(b, a)})
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_application_file_is_over_400_lines(module):
    assert len(MODULES[module].read_text().splitlines()) <= 400
