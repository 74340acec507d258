"""Every benchmark in one run (``make bench``): seed, pages, exports, transitions, pipeline, load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_bench python -m bench.run [--skip-seed]

Each part runs in a process of its own (the pages with no broker, the transitions and the pipeline on Redis
database 14); the figures are written to ``bench/out/results.json`` and printed as Markdown tables.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).with_name("out")
REDIS_BENCH_URL = "redis://127.0.0.1:6379/14"


def _run(module, *args, redis=False):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONWARNINGS": "ignore"}
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = REDIS_BENCH_URL
    target = OUT / f"{module.rsplit('.', 1)[-1]}-{'-'.join(args) or 'all'}.json"
    subprocess.run([sys.executable, "-m", module, *args, "--json", str(target)], env=env, check=True)
    return json.loads(target.read_text())


def seed():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "bench.seed_scale", "--recreate"], env=env, check=True)
    return {"seconds_with_migrations": round(time.monotonic() - started, 1)}


def collect(skip_seed=False):
    OUT.mkdir(exist_ok=True)
    results = {"machine": machine()}
    if not skip_seed:
        results["seed"] = seed()
    results["pages"] = _run("bench.measure", "pages")
    results["exports"] = _run("bench.measure", "exports")
    results["export_rss"] = {fmt: _run("bench.measure", "export-rss", "--format", fmt) for fmt in ("csv", "xlsx")}
    results["transitions"] = _run("bench.measure", "transitions", redis=True)
    results["pipeline"] = _run("bench.pipeline", redis=True)
    results["load"] = _run("bench.load")
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


def markdown(results):
    lines = ["| page | median ms | ratio to baseline | queries |", "|---|---:|---:|---:|"]
    for page in results["pages"]["pages"]:
        lines.append(f"| {page['page']} | {page['median_ms']} | {page['ratio']} | {page['queries']} |")
    lines += ["", "| export | rows | median s | peak Python allocations MB |", "|---|---:|---:|---:|"]
    for export in results["exports"]["exports"]:
        lines.append(f"| {export['export']} | {export['rows']} | {export['median_s']} | {export['peak_alloc_mb']} |")
    for fmt, rss in results["export_rss"].items():
        lines.append(f"\n{fmt}: resident memory {rss['before_mb']} MB before, {rss['peak_mb']} MB at the peak")
    t, p, load = results["transitions"], results["pipeline"], results["load"]["total"]
    lines += [
        "",
        f"transitions: {t['per_second']}/s (median {t['median_ms']} ms, p95 {t['p95_ms']} ms)",
        f"pipeline: {p['deliveries_per_second']} deliveries/s, no-op {p['noop_per_second']}/s, ratio {p['ratio']}",
        f"load: {load['requests']} requests, p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, "
        f"p99 {load['p99_ms']} ms, failures {load['failures']}",
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args(argv)
    sys.stdout.write(markdown(collect(skip_seed=args.skip_seed)) + "\n")


if __name__ == "__main__":
    main()
