"""The model-based test of the process (``tests/workflow/test_process_model.py``), run long.

CI runs it with a bounded number of examples; this runs it with many more, on the database of ``DATABASE_URL``
(use a PostgreSQL database of its own):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_model python -m bench.process_model [examples] [steps]

Defaults: 1000 examples of 80 steps (about an hour on 2 cores). A failure prints the shortest sequence of
actions Hypothesis found, with the model's and the service's answers.
"""

import os
import sys

import pytest


def main(argv):
    os.environ["PROCESS_MODEL_EXAMPLES"] = argv[0] if argv else "1000"
    os.environ["PROCESS_MODEL_STEPS"] = argv[1] if len(argv) > 1 else "80"
    return pytest.main(["tests/workflow/test_process_model.py", "-q", "-s", "-p", "no:cacheprovider"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
