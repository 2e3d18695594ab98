"""An import-linter contract that knows which apps are modules: every package of merhav/ with an apps.py
that is not in settings.FOUNDATION_APPS (the same rule settings.py uses to install them). So a new
module is covered the day it lands, with no edit to .importlinter.

Kept: no foundation app imports a module, and no module imports another except through an arrow the
contract's `allowed` lists (`merhav.a -> merhav.b`, with the reason in a comment).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck

PACKAGE = Path(__file__).resolve().parent.parent


def apps_of_merhav() -> tuple[list[str], list[str]]:
    """(foundation apps, module apps) by dotted name."""
    from merhav.settings import FOUNDATION_APPS

    installed = sorted(f"merhav.{path.parent.name}" for path in PACKAGE.glob("*/apps.py"))
    return list(FOUNDATION_APPS), [app for app in installed if app not in FOUNDATION_APPS]


class ModuleBoundaryContract(Contract):
    type_name = "module_boundaries"
    allowed = fields.ListField(subfield=fields.StringField(), required=False)

    def _allowed_arrows(self) -> set[tuple[str, str]]:
        arrows = set()
        for line in self.allowed or []:  # type: ignore[union-attr]
            importer, _, imported = str(line).split("#", 1)[0].partition("->")
            if importer.strip() and imported.strip():
                arrows.add((importer.strip(), imported.strip()))
        return arrows

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        foundation, modules = apps_of_merhav()
        allowed = self._allowed_arrows()
        broken = []
        importers = [(app, "foundation") for app in foundation] + [(app, "module") for app in modules]
        for importer, kind in importers:
            for imported in modules:
                if importer == imported or (importer, imported) in allowed:
                    continue
                if importer not in graph.modules or imported not in graph.modules:
                    continue
                for found in graph.find_matching_direct_imports(import_expression=f"{importer}.** -> {imported}.**"):
                    if ".tests." not in found["importer"]:  # tests may set up data through any app
                        broken.append((kind, found["importer"], found["imported"]))
        return ContractCheck(kept=not broken, warnings=[], metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        from importlinter.application import output

        for kind, importer, imported in check.metadata["broken"]:
            reason = "the foundation imports no module" if kind == "foundation" else "no arrow allows it"
            output.print_error(f"{importer} imports {imported} ({reason})", bold=False)
