from tests.workflow.conftest import (  # noqa: F401 -- shared fixtures
    complete,
    holder,
    home_region,
    other_region,
    people,
    study,
)
