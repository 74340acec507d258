"""Every benchmark in one run (``make bench``): seed at each size, pages cold and warm, caches, writes, the
dashboards' first view after a transition, exports, transitions, pipeline, load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_bench python -m bench.run \
        [--sizes 200,20000] [--skip-seed] [--only pages,writes] [--rounds 15]

Each size has a database of its own, ``DATABASE_URL``'s name followed by ``_<size>`` (dropped, created and
seeded again unless ``--skip-seed``). Each part runs in a process of its own, with the cache on Redis as in
production (``BENCH_REDIS_URL``, database 13 by default; it is emptied by the cold measurements). The exports,
the pipeline and the load test run at the largest size only. The figures are written to
``bench/out/results.json`` and printed as Markdown tables.

Suites of their own join the run through ``OPTIONAL_SUITES``: a module listed there that exists in the checkout
is run once, as ``python -m <module> <its arguments> --rounds N --json FILE``, on a database of its own
(``DATABASE_URL``'s name followed by ``_<last part of the module name>``), with the cache on the same Redis; it
seeds at its own sizes (the jury pages: agendas of 20 to 2,000 studies) and writes ``{"pages": [rows],
"writes": ...}``, page rows as ``bench.measure`` writes them (``cold``/``warm``, or one ``median_ms``, ``ratio``
and ``queries``). Its tables follow the others'. A module not in the checkout is reported as missing.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

OUT = Path(__file__).with_name("out")
REDIS_BENCH_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
SIZES = (200, 20_000)
# Suites measured by their own module when it is there, with the arguments it takes: the jury pages (agendas
# of 20 to 2,000 studies), whose seed is one session holding them all.
OPTIONAL_SUITES = {"bench.juries": ("--seed",)}
PARTS = ("pages", "caches", "writes", "dashboards", "suites", "exports", "transitions", "pipeline", "load")


def database_url(size):
    """Return ``DATABASE_URL`` with the database name suffixed by the size: one database a size."""
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tremplin_bench"))
    return urlunsplit(url._replace(path=f"{url.path.rstrip('/')}_{size}"))


def _env(size, redis=True):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONWARNINGS": "ignore",
        "DATABASE_URL": database_url(size),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent.parent), os.environ.get("PYTHONPATH")])),
    }
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = REDIS_BENCH_URL
    return env


def _run(module, *args, size, redis=True):
    """Run one part in a process of its own; return its figures, or why it failed (the run goes on)."""
    target = OUT / f"{module.rsplit('.', 1)[-1]}-{'-'.join(args) or 'all'}-{size}.json"
    try:
        subprocess.run([sys.executable, "-m", module, *args, "--json", str(target)], env=_env(size, redis), check=True)
    except subprocess.CalledProcessError as error:
        return {"failed": f"{module} {' '.join(args)} exited with {error.returncode}"}
    return json.loads(target.read_text())


def seed(size):
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "bench.seed_scale", "--recreate", "--no-progress", "--studies", str(size)],
        env=_env(size, redis=False),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return {"seconds_with_migrations": round(time.monotonic() - started, 1)}


def suites():
    """Return the optional suites that exist in this checkout."""
    return [name for name in OPTIONAL_SUITES if importlib.util.find_spec(name) is not None]


def collect(sizes=SIZES, skip_seed=False, only=PARTS, rounds=15):
    OUT.mkdir(exist_ok=True)
    present = suites()
    results = {"machine": machine(), "sizes": {}, "suites": {}}
    results["missing_suites"] = [name for name in OPTIONAL_SUITES if name not in present]
    for size in sizes:
        figures = results["sizes"][str(size)] = {}
        if not skip_seed:
            figures["seed"] = seed(size)
        if "pages" in only:
            figures["pages"] = _run("bench.measure", "pages", "--rounds", str(rounds), size=size)
        if "caches" in only:
            figures["caches"] = _run("bench.measure", "caches", "--rounds", str(rounds), size=size)
        # Writes last: they move studies along the life cycle.
        if "writes" in only:
            figures["writes"] = _run("bench.measure", "writes", size=size)
        # After the writes, whose rows its withdrawals would take.
        if "dashboards" in only:
            figures["dashboards"] = _run("bench.measure", "dashboards", "--rounds", str(rounds), size=size)
    if "suites" in only:
        for name in present:
            suffix = name.rsplit(".", 1)[-1]
            results["suites"][name] = _run(name, *OPTIONAL_SUITES[name], "--rounds", str(rounds), size=suffix)
    largest = str(max(sizes))
    full = results["sizes"][largest]
    if "exports" in only:
        full["exports"] = _run("bench.measure", "exports", size=largest, redis=False)
        full["export_rss"] = {
            fmt: _run("bench.measure", "export-rss", "--format", fmt, size=largest, redis=False)
            for fmt in ("csv", "xlsx")
        }
    if "transitions" in only:
        full["transitions"] = _run("bench.measure", "transitions", size=largest)
    if "pipeline" in only:
        full["pipeline"] = _run("bench.pipeline", size=largest)
    if "load" in only:
        full["load"] = _run("bench.load", size=largest, redis=False)
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    return results


def machine():
    def out(*command):
        try:
            return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    memory = out("free", "-m").splitlines()
    return {
        "cpus": os.cpu_count(),
        "memory_mb": memory[1].split()[1] if len(memory) > 1 else "?",
        "postgresql": out("psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"),
        "redis": out("redis-server", "--version").split(" ")[2] if out("redis-server", "--version") else "?",
        "python": sys.version.split()[0],
        "load_average": os.getloadavg(),
    }


def _page_cells(row):
    if row is None:
        return "—", "—"
    cold, warm = row["cold"], row["warm"]
    return (
        f"{cold['median_ms']} ({cold['ratio']}×, {row['queries_cold']} q)",
        f"{warm['median_ms']} ({warm['ratio']}×, {row['queries_warm']} q)",
    )


def pages_table(results, part="pages", cold="cold"):
    """One row a page, cold and warm at each size: median ms (ratio to the baseline, queries).

    ``part`` names the measurement (``pages``, or ``dashboards``, whose cold is the first view after a transition)
    and ``cold`` its heading.
    """
    sizes = list(results["sizes"])
    rows = {}
    for size in sizes:
        figures = results["sizes"][size]
        for row in figures.get(part, {}).get("pages", []):
            rows.setdefault(row["page"], {})[size] = row
    head = "| page | " + " | ".join(f"{size}: {cold} | {size}: warm" for size in sizes) + " |"
    lines = [head, "|---|" + "---:|" * 2 * len(sizes)]
    for page, by_size in rows.items():
        cells = [cell for size in sizes for cell in _page_cells(by_size.get(size))]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    for name in results.get("missing_suites", []) if part == "pages" else ():
        lines.append(f"| {name}: not in this checkout | " + " | ".join(["see its section"] * 2 * len(sizes)) + " |")
    return lines


def suite_tables(name, figures):
    """The tables of an optional suite: its pages (cold and warm, or one median), then its writes."""
    lines = [f"{name}:", "", "| page | cold | warm |", "|---|---:|---:|"]
    for row in figures.get("pages", []):
        if "warm" in row:
            cold, warm = _page_cells(row)
        else:
            cold, warm = "—", f"{row['median_ms']} ({row['ratio']}×, {row['queries']} q)"
        lines.append(f"| {row['page']} | {cold} | {warm} |")
    writes = figures.get("writes") or {}
    if writes:
        lines += ["", "| write | size | median ms | figures |", "|---|---:|---:|---|"]
    if isinstance(writes, dict):
        rows = writes.items()
    else:
        rows = [(row.get("size", ""), {row["write"]: row}) for row in writes]
    for size, by_write in rows:
        for write, row in by_write.items():
            rest = ", ".join(f"{k} {v}" for k, v in row.items() if k not in ("write", "median_ms", "size"))
            lines.append(f"| {write} | {size} | {row.get('median_ms')} | {rest} |")
    return lines


def caches_table(results):
    lines = [
        "| size | cache | page | with: cold | with: warm | without: cold | without: warm |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for size, figures in results["sizes"].items():
        for row in figures.get("caches", {}).get("caches", []):
            on, off = _page_cells(row["with"]), _page_cells(row["without"])
            lines.append(f"| {size} | {row['cache']} | {row['page']} | {on[0]} | {on[1]} | {off[0]} | {off[1]} |")
    return lines


def writes_table(results):
    sizes = list(results["sizes"])
    rows = {}
    for size in sizes:
        figures = results["sizes"][size]
        for row in figures.get("writes", {}).get("writes", []):
            rows.setdefault(row["write"], {})[size] = row
    head = "| write | " + " | ".join(f"{size}: median ms (p90) | n" for size in sizes) + " | ratio largest/smallest |"
    lines = [head, "|---|" + "---:|---:|" * len(sizes) + "---:|"]
    for write, by_size in rows.items():
        cells = []
        for size in sizes:
            row = by_size.get(size)
            cells += [f"{row['median_ms']} ({row['p90_ms']})", str(row["count"])] if row else ["—", "—"]
        first, last = by_size.get(sizes[0]), by_size.get(sizes[-1])
        ratio = (
            round(last["median_ms"] / first["median_ms"], 2)
            if first and last and first["median_ms"] and last["median_ms"]
            else "—"
        )
        lines.append(f"| {write} | " + " | ".join(cells) + f" | {ratio} |")
    return lines


def markdown(results):
    lines = [
        *pages_table(results),
        "",
        *pages_table(results, "dashboards", "after a transition"),
        "",
        *caches_table(results),
        "",
        *writes_table(results),
    ]
    for name, figures in results.get("suites", {}).items():
        lines += ["", *suite_tables(name, figures)]
    full = results["sizes"][str(max(int(size) for size in results["sizes"]))]
    failed = [part["failed"] for part in full.values() if isinstance(part, dict) and "failed" in part]
    lines += [f"\n{message}: see its error output" for message in failed]
    if "exports" in full and "failed" not in full["exports"]:
        lines += ["", "| export | rows | median s | peak Python allocations MB |", "|---|---:|---:|---:|"]
        for export in full["exports"]["exports"]:
            lines.append(
                f"| {export['export']} | {export['rows']} | {export['median_s']} | {export['peak_alloc_mb']} |"
            )
        for fmt, rss in full["export_rss"].items():
            if "failed" in rss:
                continue
            lines.append(f"\n{fmt}: resident memory {rss['before_mb']} MB before, {rss['peak_mb']} MB at the peak")
    if "transitions" in full and "failed" not in full["transitions"]:
        t = full["transitions"]
        lines += ["", f"transitions: {t['per_second']}/s (median {t['median_ms']} ms, p95 {t['p95_ms']} ms)"]
    if "pipeline" in full and "failed" not in full["pipeline"]:
        p = full["pipeline"]
        lines.append(
            f"pipeline: {p['deliveries_per_second']} deliveries/s, no-op {p['noop_per_second']}/s, ratio {p['ratio']}"
        )
    if "load" in full and "failed" not in full["load"]:
        load = full["load"]["total"]
        lines.append(
            f"load: {load['requests']} requests, p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, "
            f"p99 {load['p99_ms']} ms, failures {load['failures']}"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--only", default=",".join(PARTS), help=f"parts among {', '.join(PARTS)}")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--markdown", help="print the tables of a results.json instead of measuring")
    args = parser.parse_args(argv)
    if args.markdown:
        results = json.loads(Path(args.markdown).read_text())
    else:
        sizes = [int(size) for size in args.sizes.split(",")]
        results = collect(sizes=sizes, skip_seed=args.skip_seed, only=args.only.split(","), rounds=args.rounds)
    sys.stdout.write(markdown(results) + "\n")


if __name__ == "__main__":
    main()
