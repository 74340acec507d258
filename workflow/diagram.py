"""The life-cycle diagram, generated from the transitions declared in ``workflow.lifecycle``."""

from django_fsm import State as TargetChoice

from projects.models import OpportunityStudy
from workflow.enums import State
from workflow.lifecycle import TRANSITIONS


def lifecycle_edges():
    """Return the (source, transition, target) triples of the study life cycle, in declaration order."""
    edges = []
    for name in TRANSITIONS:
        for transition in getattr(OpportunityStudy, name)._django_fsm.transitions.values():
            targets = (
                transition.target.allowed_states if isinstance(transition.target, TargetChoice) else [transition.target]
            )
            edges.extend((transition.source, transition.name, target) for target in targets)
    return edges


def lifecycle_mermaid(current=None):
    """Render the life cycle as a Mermaid state diagram, ``current`` highlighted if given."""
    lines = ["stateDiagram-v2", f"    [*] --> {State.DRAFT}"]
    lines += [f"    {source} --> {target}: {name}" for source, name, target in lifecycle_edges()]
    lines += [f"    {state} --> [*]" for state in (State.OPENED, State.REJECTED, State.WITHDRAWN)]
    if current:
        lines += ["    classDef current font-weight:bold,stroke-width:3px", f"    class {current} current"]
    return "\n".join(lines)
