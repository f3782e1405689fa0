"""Where a case's CPU time goes: the web workers, PostgreSQL, Redis, the load generator.

Reads /proc (Linux): every process's user + system time, grouped by what it is,
and the machine's idle and steal time, before and after a case. Divided by the
requests the case made, that is CPU milliseconds per request per group: on a
two-core machine the groups' sum bounds the throughput at 2,000 ms / sum. Where
/proc is missing, sample() returns None and the table leaves the columns empty.
"""

import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
# Process name (comm) prefixes of each group; the load generator is this process.
GROUPS = {
    "web": ("gunicorn",),
    "postgres": ("postgres", "postmaster"),
    "redis": ("redis-server",),
}


@dataclass(frozen=True)
class Sample:
    processes: dict[int, tuple[str, float]]  # pid: (group, CPU seconds so far)
    idle: float  # machine-wide idle + iowait seconds, all cores
    steal: float
    total: float  # all time of all cores


def _group_of(pid: Path) -> tuple[str | None, float]:
    try:
        stat = (pid / "stat").read_text()
    except OSError:  # the process ended between listing and reading
        return None, 0.0
    comm = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    seconds = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    if int(pid.name) == os.getpid():
        return "loadgen", seconds
    for group, prefixes in GROUPS.items():
        if comm.startswith(prefixes):
            return group, seconds
    # gunicorn started as `python -m gunicorn` is named python.
    with suppress(OSError):
        if b"gunicorn" in (pid / "cmdline").read_bytes():
            return "web", seconds
    return None, seconds


def sample() -> Sample | None:
    if not (PROC / "stat").exists():
        return None
    processes = {}
    for pid in PROC.iterdir():
        if pid.name.isdigit():
            group, seconds = _group_of(pid)
            if group is not None:
                processes[int(pid.name)] = (group, seconds)
    cpu = (PROC / "stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, cpu[:8])
    total = user + nice + system + idle + iowait + irq + softirq + steal
    return Sample(processes, (idle + iowait) / TICKS, steal / TICKS, total / TICKS)


def per_request(
    before: Sample | None, after: Sample | None, requests: int
) -> dict[str, float] | None:
    """CPU ms per request of each group, and the machine's idle and steal shares.

    A process that started during the case counts all its time; one that ended
    during it (a PostgreSQL autovacuum worker) counts none.
    """
    if before is None or after is None or not requests:
        return None
    used = dict.fromkeys([*GROUPS, "loadgen"], 0.0)
    for pid, (group, seconds) in after.processes.items():
        used[group] += seconds - before.processes.get(pid, (group, 0.0))[1]
    cpu = {
        f"cpu_{group}_ms": round(1000 * seconds / requests, 2)
        for group, seconds in used.items()
    }
    total = after.total - before.total
    if total > 0:
        cpu["idle_share"] = round((after.idle - before.idle) / total, 3)
        cpu["steal_share"] = round((after.steal - before.steal) / total, 3)
    return cpu
