"""The single place pages are registered, in workflow order.

Each entry: (file relative to app.py, i18n key of its title, icon). To add a page, insert ONE line at its
place in the workflow (keep the order: plan -> check -> share). Titles come from the page owner's own
namespace, e.g. ``("pages/map.py", "map.nav_title", ":material/map:")``. Entries whose file does not
exist yet are skipped by app.py, so registering early is safe.
"""

from __future__ import annotations

PAGES: list[tuple[str, str, str]] = [
    ("pages/overview.py", "nav.overview", ":material/home:"),
    ("pages/baseline.py", "nav.baseline", ":material/factory:"),
    ("pages/map.py", "map.nav", ":material/map:"),
    ("pages/targets.py", "nav.targets", ":material/flag:"),
    ("pages/measures.py", "nav.measures", ":material/construction:"),
    ("pages/optimise.py", "nav.optimise", ":material/insights:"),
    # compare / sensitivity / report (engineer E), CBAM / evaluation (engineer F) go below
    ("pages/scenarios.py", "scenarios.nav_title", ":material/save:"),
    ("pages/compare.py", "compare.nav_title", ":material/compare_arrows:"),
    ("pages/sensitivity.py", "sensitivity.nav_title", ":material/tune:"),
    ("pages/alternatives.py", "jobs.alt_nav", ":material/alt_route:"),
    ("pages/workshop.py", "workshop.nav", ":material/groups:"),
    ("pages/cbam.py", "cbam.nav_title", ":material/public:"),
    ("pages/evaluation.py", "evaluation.nav_title", ":material/fact_check:"),
    ("pages/requests.py", "requests.nav_title", ":material/forward_to_inbox:"),
    ("pages/reports.py", "reports.nav_title", ":material/description:"),
]
