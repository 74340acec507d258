from tests.security.process_matrix import process_world  # noqa: F401 -- built once per module
from tests.workflow.conftest import (  # noqa: F401 -- shared fixtures
    complete,
    holder,
    home_region,
    other_region,
    people,
    study,
)
