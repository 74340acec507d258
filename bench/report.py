"""How each benchmark hands its figures over: JSON on standard output, and in a file too when one is named."""

import json
import sys


def report(result, path=None):
    text = json.dumps(result, indent=2, default=str)
    if path:
        with open(path, "w") as target:
            target.write(text)
    sys.stdout.write(text + "\n")
