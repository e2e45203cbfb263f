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
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str = ""


@dataclass(frozen=True)
class Scenario:
    name: str
    paths: tuple[str, ...]
    connections: int = 32
    headers: dict[str, str] = field(default_factory=dict)
    # When given, request i is a POST of bodies[i] to paths[i] (else a GET of paths[i]).
    bodies: tuple[str, ...] = ()

    def requests(self) -> tuple[Request, ...]:
        if self.bodies:
            return tuple(
                Request("POST", path, self.headers, body)
                for path, body in zip(self.paths, self.bodies, strict=True)
            )
        return tuple(Request("GET", path, self.headers) for path in self.paths)


@dataclass(frozen=True)
class Mix:
    """Several scenarios' requests interleaved (each with its own headers), for the soak."""

    name: str
    parts: tuple[Scenario, ...]
    connections: int = 32

    def requests(self) -> tuple[Request, ...]:
        lists = [part.requests() for part in self.parts]
        longest = max((len(requests) for requests in lists), default=0)
        return tuple(
            requests[index % len(requests)]
            for index in range(longest)
            for requests in lists
            if requests
        )


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


def _lua_table(headers: dict[str, str]) -> str:
    return ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in headers.items())


def lua_script(scenario: Scenario | Mix) -> str:
    """wrk script: the requests are formatted once per thread; each thread starts at a
    different offset of the list, cycles through it, and `done` prints totals and latency
    percentiles (microseconds) as JSON."""
    requests = ",\n  ".join(
        f"{{{_lua(r.method)}, {_lua(r.path)}, {{{_lua_table(r.headers)}}}, {_lua(r.body)}}}"
        for r in scenario.requests()
    )
    return f"""
local specs = {{
  {requests}
}}
local requests = {{}}
local started = 0
local counter = 0
function setup(thread)
  thread:set("offset", started)
  started = started + 1
end
function init(args)
  for i, spec in ipairs(specs) do
    local body = nil
    if spec[4] ~= "" then body = spec[4] end
    requests[i] = wrk.format(spec[1], spec[2], spec[3], body)
  end
  counter = (tonumber(offset) or 0) * 7
end
function request()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
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
