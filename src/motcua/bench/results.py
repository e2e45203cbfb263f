"""Turning load-generator output into results: wrk's JSON line, the targets (PASS/MISS), the
printed table and var/bench/results.json. Pure functions, tested alone."""

import json
import math
from pathlib import Path

from .scenarios import JSON_MARK, PUBLIC_READS

MIN_RATIO = 0.30  # public reads: at least this share of the bare view's requests/s
MAX_P99_MS = 100.0  # public reads
MAX_QUEUE_P95_MS = 100.0  # officer queue at 16 connections
MIN_SUBMIT_RATE = 100.0  # dossiers/s
MAX_STATS_P95_MS = 150.0  # statistics: the year's table across all units, public page, API
STATS = ("stats_report", "stats_public")
MAX_WORKER_RSS_MB = 200.0
MAX_SOAK_RSS_GROWTH = 0.10  # one worker's memory, from after the soak's warm-up to its end


class BenchError(RuntimeError):
    """The bench could not measure something (a server error page, no wrk output...)."""


def parse_wrk(output: str) -> dict:
    """The scenario result from wrk's stdout (the line our Lua `done` printed)."""
    for line in output.splitlines():
        if line.startswith(JSON_MARK):
            raw = json.loads(line[len(JSON_MARK) :])
            break
    else:
        raise BenchError(f"wrk printed no result:\n{output[-2000:]}")
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "errors": raw["socket_errors"] + raw["status_errors"],
    }


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (0 < share <= 1) of a non-empty list."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))
    return ordered[index]


def with_ratio(result: dict, bare_rps: float) -> dict:
    ratio = round(result["rps"] / bare_rps, 3) if bare_rps else None
    return {**result, "ratio_to_bare": ratio}


def verdict(name: str, result: dict) -> tuple[str, str]:
    """(PASS / MISS / "", the target in words) for one scenario."""
    if name in PUBLIC_READS:
        ok = (result.get("ratio_to_bare") or 0) >= MIN_RATIO and result["p99_ms"] <= MAX_P99_MS
        goal = f"≥ {MIN_RATIO:.2f} × bare, p99 ≤ {MAX_P99_MS:.0f} ms"
    elif name == "officer_queue":
        ok = result["p95_ms"] <= MAX_QUEUE_P95_MS
        goal = f"p95 ≤ {MAX_QUEUE_P95_MS:.0f} ms at {result.get('connections', 16)} conn."
    elif name in STATS:
        ok = result["p95_ms"] <= MAX_STATS_P95_MS
        goal = f"p95 ≤ {MAX_STATS_P95_MS:.0f} ms at {result.get('connections', 16)} conn."
    elif name == "soak":
        ok = (
            result["rss_growth"] <= MAX_SOAK_RSS_GROWTH
            and not result["workers_replaced"]
            and result["errors"] == 0
        )
        goal = f"0 errors, worker memory growth ≤ {MAX_SOAK_RSS_GROWTH:.0%}"
    elif name == "submit":
        ok = (
            result["rps"] >= MIN_SUBMIT_RATE
            and result["errors"] == 0
            and result.get("codes_distinct", False)
        )
        goal = f"≥ {MIN_SUBMIT_RATE:.0f} dossiers/s, 0 errors, distinct codes"
    else:
        return "", ""
    return ("PASS" if ok and result["errors"] == 0 else "MISS"), goal


def soak_result(
    wrk: dict,
    baseline: dict[int, float],
    final: dict[int, float],
    samples: list[dict[int, float]],
    *,
    submitted: int,
) -> dict:
    """The soak's figures: wrk's, the submissions made beside it, and the workers' memory
    (MB by pid) after the warm-up, through the run and at the end. The growth is the largest
    of one worker's; a worker that was replaced during the run (it died) counts as an error."""
    kept = baseline.keys() & final.keys()
    replaced = len(baseline.keys() - final.keys())
    growth = max(((final[pid] - baseline[pid]) / baseline[pid] for pid in kept), default=0.0)
    return {
        **wrk,
        "errors": wrk["errors"] + replaced,
        "submitted": submitted,
        "rss_baseline_mb": max(baseline.values(), default=0.0),
        "rss_final_mb": max(final.values(), default=0.0),
        "rss_samples_mb": [max(sample.values(), default=0.0) for sample in samples],
        "rss_growth": round(growth, 4),
        "workers_replaced": replaced,
    }


def broken(bare: dict, scenarios: dict[str, dict]) -> list[str]:
    """What makes a run unusable, whatever its speed: requests that failed, or submissions
    whose codes are not all distinct and stored. `make test` runs the quick bench and fails
    on these; a missed target is only reported."""
    problems = [
        f"{name}: {result['errors']} errors"
        for name, result in {"bare": bare, **scenarios}.items()
        if result["errors"]
    ]
    problems += [
        f"{name}: codes not distinct or not stored"
        for name, result in scenarios.items()
        if result.get("codes_distinct") is False
    ]
    return problems


def memory_verdict(rss_mb: float) -> str:
    return "PASS" if rss_mb <= MAX_WORKER_RSS_MB else "MISS"


def table(bare: dict, scenarios: dict[str, dict], rss_mb: float) -> str:
    header = (
        f"{'scenario':<15} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7} {'× bare':>7} {'gen CPU':>7}  verdict"
    )
    lines = [header, "-" * len(header)]

    def row(name: str, result: dict, mark: str, goal: str) -> str:
        ratio = result.get("ratio_to_bare")
        return (
            f"{name:<15} {result['rps']:>9.1f} {result['p50_ms']:>8.2f} {result['p95_ms']:>8.2f} "
            f"{result['p99_ms']:>8.2f} {result['errors']:>7} "
            f"{(f'{ratio:.2f}' if ratio is not None else '-'):>7} "
            f"{result.get('generator_cpu', 0):>6.0%}  {mark} {goal}".rstrip()
        )

    lines.append(row("bare", bare, "", "(Django's own limit)"))
    for name, result in scenarios.items():
        lines.append(row(name, result, *verdict(name, result)))
    limit = f"≤ {MAX_WORKER_RSS_MB:.0f} MB"
    lines.append(
        f"gunicorn worker RSS after the run: {rss_mb:.0f} MB  {memory_verdict(rss_mb)} {limit}"
    )
    return "\n".join(lines)


def report(bare: dict, scenarios: dict[str, dict], dataset: dict, machine: dict) -> dict:
    """The JSON document (var/bench/results.json), verdicts included."""
    return {
        "scenarios": {
            name: {**result, "verdict": verdict(name, result)[0] or None}
            for name, result in scenarios.items()
        },
        "bare": bare,
        "dataset": dataset,
        "machine": machine,
    }


def write_json(path: Path, document: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
