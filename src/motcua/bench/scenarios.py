"""What each scenario requests: URL builders and the wrk Lua script that cycles through them
and prints its result as one JSON line. Pure functions (no Django, no network): tested alone."""

import json
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

# Real queries as people type them, with and without accents.
SEARCH_QUERIES = (
    "khai sinh",
    "đăng ký khai sinh",
    "dang ky ket hon",
    "kết hôn",
    "chứng thực bản sao",
    "chung thuc",
    "hộ kinh doanh",
    "ho kinh doanh",
    "giấy phép lao động",
    "luat su",
    "thành lập doanh nghiệp",
    "khuyen mai",
    "xây dựng",
    "thu y",
)
PUBLIC_READS = ("home", "search", "procedure", "api_procedures", "lookup")
JSON_MARK = "BENCH_JSON "


@dataclass(frozen=True)
class Scenario:
    name: str
    paths: tuple[str, ...]
    connections: int = 32
    headers: dict[str, str] = field(default_factory=dict)
    # When given, request i is a POST of bodies[i] to paths[i] (else a GET of paths[i]).
    bodies: tuple[str, ...] = ()


def home_paths() -> tuple[str, ...]:
    return ("/",)


def search_paths(queries: tuple[str, ...] = SEARCH_QUERIES) -> tuple[str, ...]:
    return tuple(f"/thu-tuc/?{urlencode({'q': query})}" for query in queries)


def procedure_paths(codes: list[str]) -> tuple[str, ...]:
    return tuple(f"/thu-tuc/{quote(code, safe='')}/" for code in codes)


def api_procedure_paths(pages: int = 5, queries: tuple[str, ...] = SEARCH_QUERIES[:4]):
    listing = [f"/api/v1/procedures?page={page}" for page in range(1, pages + 1)]
    searches = [f"/api/v1/procedures?{urlencode({'q': query})}" for query in queries]
    return tuple(listing + searches)


def lookup_scenario(pairs: list[tuple[str, str]]) -> Scenario:
    """POST /api/v1/lookup with each (code, phone) as its JSON body: the number is never put
    in a URL."""
    bodies = tuple(json.dumps({"code": code, "phone": phone}) for code, phone in pairs)
    headers = {"Content-Type": "application/json"}
    return Scenario("lookup", ("/api/v1/lookup",) * len(bodies), headers=headers, bodies=bodies)


def queue_paths() -> tuple[str, ...]:
    return ("/can-bo/",)


def dossier_paths(dossier_ids: list[int]) -> tuple[str, ...]:
    return tuple(f"/ho-so/{pk}/" for pk in dossier_ids)


def stats_report_paths(year: int) -> tuple[str, ...]:
    """The official table for one year across all units, by unit and by field (staff)."""
    period = urlencode({"ky": "nam", "nam": year})
    return (f"/can-bo/thong-ke/?{period}", f"/can-bo/thong-ke/?{period}&nhom=linh-vuc")


def stats_public_paths(year: int, unit_ids: list[int]) -> tuple[str, ...]:
    """The public statistics page, a unit's 766 page and both open API calls for the year."""
    span = urlencode({"from": f"{year}-01-01", "to": f"{year}-12-31"})
    return (
        f"/thong-ke/?nam={year}",
        *(f"/thong-ke/766/{pk}/?nam={year}" for pk in unit_ids),
        f"/api/v1/stats/report?{span}&group=unit",
        f"/api/v1/stats/report?{span}&group=field",
        f"/api/v1/stats/indicators?{span}",
    )


def session_headers(session_key: str) -> dict[str, str]:
    return {"Cookie": f"sessionid={session_key}"}


def _lua(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal here


def lua_script(scenario: Scenario) -> str:
    """wrk script: each thread starts at a different offset of the path list, cycles through
    it, and `done` prints totals and latency percentiles (microseconds) as JSON."""
    paths = ", ".join(_lua(path) for path in scenario.paths)
    bodies = ", ".join(_lua(body) for body in scenario.bodies)
    headers = ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in scenario.headers.items())
    return f"""
local paths = {{{paths}}}
local bodies = {{{bodies}}}
local headers = {{{headers}}}
local started = 0
local counter = 0
function setup(thread)
  thread:set("offset", started)
  started = started + 1
end
function init(args)
  counter = (tonumber(offset) or 0) * 7
end
function request()
  counter = counter + 1
  local index = (counter % #paths) + 1
  if #bodies > 0 then
    return wrk.format("POST", paths[index], headers, bodies[index])
  end
  return wrk.format("GET", paths[index], headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{JSON_MARK}{{"requests": %d, "duration_us": %d, "socket_errors": %d, "status_errors": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d}}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
