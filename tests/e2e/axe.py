"""axe-core (from the npm registry, installed at test time into var/npm — never copied into
the repository) run on a page in the browser: the serious and critical violations."""

import subprocess
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PREFIX = ROOT / "var" / "npm"
AXE = PREFIX / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = "4"
SERIOUS = ("serious", "critical")
# Run through the DevTools protocol (page.evaluate), so a Content Security Policy without
# 'unsafe-inline' does not stop it, as it would a <script> tag added to the page.
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => %s.includes(v.impact))
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


@cache
def axe_source() -> str:
    if not AXE.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(PREFIX),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"axe-core@{AXE_VERSION}",
            ],
            check=True,
            timeout=300,
        )
    return AXE.read_text(encoding="utf-8")


def serious_violations(page) -> list[dict]:
    """The page's serious and critical axe-core violations (id, impact, help, first nodes)."""
    page.evaluate(axe_source())
    return page.evaluate(RUN % list(SERIOUS))
