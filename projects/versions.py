"""What changed between two submitted versions of a study: pure functions of their frozen contents, no query."""

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from projects.enums import AttachmentKind, PlanCategory, PlanSide, Section

FIGURES = {
    "pupils_per_intake": _("Pupils per intake"),
    "pupils_at_capacity": _("Pupils at full capacity"),
    "board_members": _("Members of the association's board"),
    "plan_start_year": _("First year of the plan"),
    "plan_years": _("Years in the plan"),
}
SIDES = list(PlanSide)
CATEGORIES = list(PlanCategory)
# Words and the blanks between them: a text's diff marks whole words, and keeps its line breaks.
TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Chunk:
    """A run of a text's diff: ``op`` is "equal", "delete" (only in the older text) or "insert" (only in the newer)."""

    op: str
    text: str


@dataclass(frozen=True)
class SectionChange:
    key: str
    label: str
    diff: list


@dataclass(frozen=True)
class FigureChange:
    key: str
    label: str
    before: object
    after: object


@dataclass(frozen=True)
class PlanChange:
    """The amount of one category of one side of the plan, in one year, in each version (None when absent)."""

    side: str
    category: str
    year: int
    before: Decimal | None
    after: Decimal | None

    @property
    def side_label(self):
        return PlanSide(self.side).label if self.side in PlanSide.values else self.side

    @property
    def category_label(self):
        return PlanCategory(self.category).label if self.category in PlanCategory.values else self.category

    @property
    def difference(self):
        return (self.after or Decimal("0")) - (self.before or Decimal("0"))


@dataclass
class Comparison:
    sections: list = field(default_factory=list)  # SectionChange, in the editor's order
    figures: list = field(default_factory=list)  # FigureChange
    plan: list = field(default_factory=list)  # PlanChange, uses then resources, by category then year
    attachments_added: list = field(default_factory=list)  # the frozen attachment dicts, with their kind's label
    attachments_removed: list = field(default_factory=list)

    @property
    def has_changes(self):
        return bool(self.sections or self.figures or self.plan or self.attachments_added or self.attachments_removed)


def text_diff(before, after):
    """Return the diff of two texts as ``Chunk``s, word by word: the older text is the equal and deleted chunks,
    the newer one the equal and inserted chunks."""
    old, new = TOKENS.findall(before or ""), TOKENS.findall(after or "")
    chunks = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace"):
            chunks.append(Chunk("equal" if op == "equal" else "delete", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            chunks.append(Chunk("insert", "".join(new[j1:j2])))
    merged = []
    for chunk in chunks:
        if merged and merged[-1].op == chunk.op:
            merged[-1] = Chunk(chunk.op, merged[-1].text + chunk.text)
        elif chunk.text:
            merged.append(chunk)
    return merged


def plan_cells(content):
    """Sum a frozen plan's lines by (side, category, year): the cells of the plan's table."""
    cells = {}
    for line in content.get("financing_plan", []):
        key = (line["side"], line["category"], line["year"])
        cells[key] = cells.get(key, Decimal("0")) + Decimal(line["amount"])
    return cells


def _plan_order(key):
    side, category, year = key
    return (
        SIDES.index(side) if side in PlanSide.values else len(SIDES),
        CATEGORIES.index(category) if category in PlanCategory.values else len(CATEGORIES),
        category,
        year,
    )


def with_kind_label(item):
    return {**item, "kind_label": AttachmentKind(item["kind"]).label if item["kind"] in AttachmentKind.values else ""}


def compare_contents(before, after):
    """Return what changed from the content ``before`` to the content ``after`` (two ``StudyVersion.content``).

    Sections whose text differs, with a word diff; key figures; plan cells whose amount differs (a category
    present in one version only counts from or to nothing); attachments added or removed, told apart by their
    id: a file sent again is a new attachment.
    """
    old_sections, new_sections = before.get("sections", {}), after.get("sections", {})
    sections = [
        SectionChange(section.value, section.label, text_diff(old_sections.get(section), new_sections.get(section)))
        for section in Section
        if (old_sections.get(section) or "") != (new_sections.get(section) or "")
    ]
    old_figures, new_figures = before.get("figures", {}), after.get("figures", {})
    figures = [
        FigureChange(key, label, old_figures.get(key), new_figures.get(key))
        for key, label in FIGURES.items()
        if old_figures.get(key) != new_figures.get(key)
    ]
    old_cells, new_cells = plan_cells(before), plan_cells(after)
    plan = [
        PlanChange(*key, before=old_cells.get(key), after=new_cells.get(key))
        for key in sorted(old_cells.keys() | new_cells.keys(), key=_plan_order)
        if old_cells.get(key) != new_cells.get(key)
    ]
    old_files = {item["id"]: item for item in before.get("attachments", [])}
    new_files = {item["id"]: item for item in after.get("attachments", [])}
    return Comparison(
        sections=sections,
        figures=figures,
        plan=plan,
        attachments_added=[with_kind_label(item) for pk, item in new_files.items() if pk not in old_files],
        attachments_removed=[with_kind_label(item) for pk, item in old_files.items() if pk not in new_files],
    )
