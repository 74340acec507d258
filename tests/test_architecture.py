from pathlib import Path

from workflow.diagram import lifecycle_edges, lifecycle_mermaid

ARCHITECTURE = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"


def test_architecture_doc_has_the_current_lifecycle_diagram():
    text = ARCHITECTURE.read_text()
    start, end = text.index("<!-- lifecycle:start -->"), text.index("<!-- lifecycle:end -->")

    assert text[start:end].split("```mermaid\n", 1)[1].rsplit("\n```", 1)[0] == lifecycle_mermaid()


def test_lifecycle_edges_follow_the_contract():
    assert set(lifecycle_edges()) == {
        ("draft", "submit", "submitted"),
        ("changes_requested", "submit", "submitted"),
        ("changes_requested", "submit", "financing_review"),
        ("submitted", "request_changes", "changes_requested"),
        ("financing_review", "request_changes", "changes_requested"),
        ("submitted", "accept", "training"),
        ("training", "complete_training", "financing_review"),
        ("financing_review", "send_to_jury", "jury"),
        ("jury", "approve", "approved"),
        ("jury", "defer", "deferred"),
        ("jury", "reject", "rejected"),
        ("deferred", "revise", "draft"),
        *{
            (source, "withdraw", "withdrawn")
            for source in (
                "draft",
                "submitted",
                "changes_requested",
                "training",
                "financing_review",
                "jury",
                "deferred",
            )
        },
        ("approved", "record_funding", "funded"),
        ("funded", "record_opening", "opened"),
    }
