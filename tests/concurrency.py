"""Running calls at the same moment, each in its own thread with its own database connection."""

import threading

from django.db import connection
from django.utils import translation


def run_together(*calls):
    """Run each call in its own thread, released at the same moment; return results or exceptions.

    Threads do not inherit the active language: each runs in English, as the tests assert English messages.
    """
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):
                outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 -- the outcome is what the test inspects
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
