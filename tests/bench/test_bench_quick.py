"""The bench's pieces that need no server: URL builders, the wrk script, parsing wrk's result,
the targets (PASS/MISS) and the JSON document. The full run is `make bench BENCH_QUICK=1`."""

import json
from urllib.parse import parse_qs, urlsplit

from motcua.bench import results
from motcua.bench.scenarios import (
    JSON_MARK,
    SEARCH_QUERIES,
    Mix,
    Request,
    Scenario,
    lookup_scenario,
    lua_script,
    procedure_paths,
    search_paths,
    session_headers,
    stats_public_paths,
    stats_report_paths,
)

WRK_JSON = {
    "requests": 3000,
    "duration_us": 3_000_000,
    "socket_errors": 1,
    "status_errors": 2,
    "p50_us": 9500,
    "p95_us": 21000,
    "p99_us": 48250,
}
WRK_OUTPUT = f"""Running 3s test @ http://127.0.0.1:8801
  2 threads and 32 connections
{JSON_MARK}{json.dumps(WRK_JSON)}
"""


def test_search_urls_keep_accents_and_plain_queries():
    queries = [parse_qs(urlsplit(path).query)["q"][0] for path in search_paths()]
    assert queries == list(SEARCH_QUERIES)
    assert "đăng ký khai sinh" in queries and "dang ky ket hon" in queries


def test_procedure_urls_are_escaped():
    assert procedure_paths(["1.000 893/X"]) == ("/thu-tuc/1.000%20893%2FX/",)


def test_the_lookup_posts_the_phone_in_a_json_body_never_in_the_url():
    scenario = lookup_scenario([("000.00.01.H56-250224-0001", "0905 123 456")])

    assert scenario.paths == ("/api/v1/lookup",)
    assert json.loads(scenario.bodies[0]) == {
        "code": "000.00.01.H56-250224-0001",
        "phone": "0905 123 456",
    }
    script = lua_script(scenario)
    assert '{"POST", "/api/v1/lookup", {["Content-Type"] = "application/json"}, ' in script
    assert scenario.requests()[0].body == scenario.bodies[0]


def test_wrk_script_cycles_through_the_paths_with_the_session_cookie():
    scenario = Scenario("officer_queue", ("/can-bo/", '/x?q="a"'), 16, session_headers("abc"))
    script = lua_script(scenario)
    assert '{"GET", "/can-bo/", {["Cookie"] = "sessionid=abc"}, ""}' in script
    assert '{"GET", "/x?q=\\"a\\"", {["Cookie"] = "sessionid=abc"}, ""}' in script
    assert "latency:percentile(99)" in script and JSON_MARK in script


def test_wrk_result_in_milliseconds_with_every_error_counted():
    result = results.parse_wrk(WRK_OUTPUT)
    assert result == {
        "requests": 3000,
        "rps": 1000.0,
        "p50_ms": 9.5,
        "p95_ms": 21.0,
        "p99_ms": 48.25,
        "errors": 3,
    }


def test_missing_wrk_result_is_a_clear_error():
    try:
        results.parse_wrk("unable to connect to 127.0.0.1:8801 Connection refused")
    except results.BenchError as error:
        assert "Connection refused" in str(error)
    else:
        raise AssertionError("no BenchError")


def read(rps: float, p95: float = 20.0, p99: float = 50.0, errors: int = 0, **extra) -> dict:
    return {"rps": rps, "p50_ms": 5.0, "p95_ms": p95, "p99_ms": p99, "errors": errors, **extra}


def test_targets_pass_or_miss():
    bare = 2000.0
    assert results.verdict("search", results.with_ratio(read(700), bare))[0] == "PASS"
    assert results.verdict("search", results.with_ratio(read(500), bare))[0] == "MISS"
    assert results.verdict("home", results.with_ratio(read(900, p99=120), bare))[0] == "MISS"
    assert results.verdict("lookup", results.with_ratio(read(900, errors=1), bare))[0] == "MISS"
    assert results.verdict("officer_queue", read(100, p95=90))[0] == "PASS"
    assert results.verdict("officer_queue", read(100, p95=130))[0] == "MISS"
    assert results.verdict("submit", read(120, codes_distinct=True))[0] == "PASS"
    assert results.verdict("submit", read(120, codes_distinct=False))[0] == "MISS"
    assert results.verdict("submit", read(80, codes_distinct=True))[0] == "MISS"
    assert results.verdict("stats_report", read(100, p95=140))[0] == "PASS"
    assert results.verdict("stats_public", read(100, p95=160))[0] == "MISS"
    assert results.verdict("dossier_detail", read(100)) == ("", "")
    assert results.memory_verdict(150) == "PASS" and results.memory_verdict(250) == "MISS"


def test_percentile_by_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert results.percentile(values, 0.50) == 50.0
    assert results.percentile(values, 0.99) == 99.0
    assert results.percentile([7.0], 0.95) == 7.0


def test_table_and_json_document(tmp_path):
    bare = read(2000)
    scenarios = {
        "home": results.with_ratio(read(800), 2000),
        "submit": read(130, codes_distinct=True),
    }
    text = results.table(bare, scenarios, rss_mb=120)
    assert "home" in text and "0.40" in text and "PASS" in text and "120 MB" in text

    path = tmp_path / "bench" / "results.json"
    results.write_json(path, results.report(bare, scenarios, {"dossiers": 2000}, {"cores": 2}))

    document = json.loads(path.read_text(encoding="utf-8"))
    assert set(document) == {"scenarios", "bare", "dataset", "machine"}
    home = document["scenarios"]["home"]
    assert {"rps", "p50_ms", "p95_ms", "p99_ms", "errors", "ratio_to_bare"} <= set(home)
    assert home["ratio_to_bare"] == 0.4 and home["verdict"] == "PASS"


def test_a_run_with_errors_or_repeated_codes_is_broken_a_slow_one_is_not():
    fine = {"rps": 12.0, "p50_ms": 900.0, "p95_ms": 990.0, "p99_ms": 999.0, "errors": 0}
    assert results.broken(fine, {"submit": {**fine, "codes_distinct": True}}) == []
    assert results.broken(fine, {"home": {**fine, "errors": 3}}) == ["home: 3 errors"]
    repeated = {"submit": {**fine, "codes_distinct": False}}
    assert results.broken(fine, repeated) == ["submit: codes not distinct or not stored"]


def test_statistics_urls_ask_for_the_year():
    assert stats_report_paths(2026) == (
        "/can-bo/thong-ke/?ky=nam&nam=2026",
        "/can-bo/thong-ke/?ky=nam&nam=2026&nhom=linh-vuc",
    )
    public = stats_public_paths(2026, [7])
    assert "/thong-ke/766/7/?nam=2026" in public
    assert "/api/v1/stats/indicators?from=2026-01-01&to=2026-12-31" in public


def test_the_soak_mix_interleaves_the_scenarios_each_with_its_own_headers():
    officer = Scenario("officer_queue", ("/can-bo/",), 16, session_headers("abc"))
    public = Scenario("search", ("/a", "/b", "/c"))
    mix = Mix("soak", (officer, public))
    assert mix.requests() == (
        Request("GET", "/can-bo/", {"Cookie": "sessionid=abc"}),
        Request("GET", "/a", {}),
        Request("GET", "/can-bo/", {"Cookie": "sessionid=abc"}),
        Request("GET", "/b", {}),
        Request("GET", "/can-bo/", {"Cookie": "sessionid=abc"}),
        Request("GET", "/c", {}),
    )
    script = lua_script(mix)
    assert (
        script.count('"/can-bo/"') == 3 and "wrk.format(spec[1], spec[2], spec[3], body)" in script
    )


def soak(baseline: dict, final: dict, errors: int = 0) -> dict:
    wrk = {**read(400, errors=errors), "connections": 32}
    return results.soak_result(wrk, baseline, final, [final], submitted=50)


def test_the_soak_passes_only_without_errors_and_with_worker_memory_steady():
    steady = soak({1: 100.0, 2: 120.0}, {1: 105.0, 2: 129.0})
    assert steady["rss_growth"] == 0.075 and steady["submitted"] == 50
    assert results.verdict("soak", steady)[0] == "PASS"
    growing = soak({1: 100.0, 2: 120.0}, {1: 111.0, 2: 120.0})
    assert growing["rss_growth"] == 0.11
    assert results.verdict("soak", growing)[0] == "MISS"
    assert results.verdict("soak", soak({1: 100.0}, {1: 100.0}, errors=2))[0] == "MISS"


def test_a_worker_that_died_during_the_soak_is_an_error():
    replaced = soak({1: 100.0, 2: 100.0}, {1: 100.0, 3: 60.0})
    assert replaced["workers_replaced"] == 1 and replaced["errors"] == 1
    assert results.verdict("soak", replaced)[0] == "MISS"
    assert results.broken(read(2000), {"soak": replaced}) == ["soak: 1 errors"]
