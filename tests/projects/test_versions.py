"""The comparison of two frozen contents: a pure function, tested on plain dicts."""

from decimal import Decimal

from projects.versions import Chunk, compare_contents, text_diff


def content(sections=None, figures=None, plan=(), attachments=()):
    return {
        "sections": {"territorial_diagnosis": "Un bassin industriel.", "premises": "", **(sections or {})},
        "figures": {
            "pupils_per_intake": 12,
            "pupils_at_capacity": 36,
            "board_members": 7,
            "plan_start_year": 2027,
            "plan_years": 3,
            **(figures or {}),
        },
        "financing_plan": [
            {"year": year, "side": side, "category": category, "label": "", "amount": amount}
            for year, side, category, amount in plan
        ],
        "attachments": [
            {"id": pk, "kind": kind, "name": name, "size": 100, "sha256": "0" * 64} for pk, kind, name in attachments
        ],
    }


PLAN = [(2027, "use", "staff", "250000.00"), (2027, "resource", "region", "250000.00")]
FILES = [(1, "letter_of_support", "lettre.pdf"), (2, "statutes", "statuts.pdf")]


def test_the_same_content_has_no_change():
    comparison = compare_contents(content(plan=PLAN, attachments=FILES), content(plan=PLAN, attachments=FILES))

    assert comparison.has_changes is False


def test_a_section_rewritten_is_listed_with_its_word_diff():
    comparison = compare_contents(content(), content(sections={"territorial_diagnosis": "Un bassin rural."}))

    [change] = comparison.sections
    assert (change.key, str(change.label)) == ("territorial_diagnosis", "Territorial diagnosis")
    assert change.diff == [
        Chunk("equal", "Un bassin "),
        Chunk("delete", "industriel."),
        Chunk("insert", "rural."),
    ]


def test_a_section_written_from_nothing_is_all_inserted():
    comparison = compare_contents(content(), content(sections={"premises": "Un atelier."}))

    assert [(change.key, change.diff) for change in comparison.sections] == [
        ("premises", [Chunk("insert", "Un atelier.")])
    ]


def test_text_diff_keeps_line_breaks_and_markup_as_text():
    diff = text_diff("Ligne un.\nLigne deux.", "Ligne un.\n<b>Ligne</b> deux.")

    assert diff == [
        Chunk("equal", "Ligne un.\n"),
        Chunk("delete", "Ligne"),
        Chunk("insert", "<b>Ligne</b>"),
        Chunk("equal", " deux."),
    ]
    assert "".join(c.text for c in diff if c.op != "insert") == "Ligne un.\nLigne deux."


def test_plan_cells_changed_added_and_removed_by_category_and_year():
    before = content(plan=[*PLAN, (2028, "resource", "loans", "10000.00")])
    after = content(
        plan=[
            (2027, "use", "staff", "260000.00"),
            (2027, "resource", "region", "250000.00"),
            (2027, "resource", "foundations", "10000.00"),
        ]
    )

    comparison = compare_contents(before, after)

    assert [(c.side, c.category, c.year, c.before, c.after, c.difference) for c in comparison.plan] == [
        ("use", "staff", 2027, Decimal("250000.00"), Decimal("260000.00"), Decimal("10000.00")),
        ("resource", "foundations", 2027, None, Decimal("10000.00"), Decimal("10000.00")),
        ("resource", "loans", 2028, Decimal("10000.00"), None, Decimal("-10000.00")),
    ]


def test_plan_lines_of_one_cell_are_summed_before_comparing():
    split = content(plan=[(2027, "use", "staff", "200000.00"), (2027, "use", "staff", "50000.00")])

    assert compare_contents(content(plan=PLAN[:1]), split).plan == []


def test_attachments_added_and_removed_by_id_with_their_kind():
    after = [FILES[0], (3, "statutes", "statuts.pdf")]

    comparison = compare_contents(content(attachments=FILES), content(attachments=after))

    assert [(a["id"], a["name"], str(a["kind_label"])) for a in comparison.attachments_added] == [
        (3, "statuts.pdf", "Association statutes")
    ]
    assert [a["id"] for a in comparison.attachments_removed] == [2]


def test_key_figures_changed():
    comparison = compare_contents(content(), content(figures={"pupils_per_intake": 14, "plan_years": 4}))

    assert [(f.key, f.before, f.after) for f in comparison.figures] == [
        ("pupils_per_intake", 12, 14),
        ("plan_years", 3, 4),
    ]
