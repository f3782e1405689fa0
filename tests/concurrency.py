"""Running work at the same moment from several threads, for row-lock tests."""

import threading
from collections.abc import Callable, Sequence

from django.db import connection


def run_at_once(work: Sequence[Callable[[], object]]) -> list[object]:
    """Run each callable in its own thread and database connection, released together.

    Returns what each returned, or the exception it raised, in the order they
    finished. Only PostgreSQL has the row locks these tests exercise.
    """
    barrier = threading.Barrier(len(work))
    results: list[object] = []

    def run(item: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(item())
        except BaseException as error:  # the caller's assertions report it
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
