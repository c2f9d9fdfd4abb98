"""Scores of ``kg extract`` on the project-written evaluation corpus (issue #15's goals).

For every document of ``tests/extract/corpus/`` (and the first source, and the
older Jordan test document): events found, precision and recall of events
(class, date at its precision, set of participants), precision and recall of
participants with their roles, and the number of invented dates. Totals for the
tuning documents and, with ``--held-out``, for the held-out ones (score them once,
at the end: see ``tests/extract/corpus/README.md``).

    .venv/bin/python benchmarks/eval_extract.py [--held-out] [--json]

Goals: held-out recall >= 0.85 and precision >= 0.80; the first source 1.00/1.00;
0 invented dates everywhere. Printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.evalcorpus import REFERENCE, documents, held_out, score  # noqa: E402
from kg.extract.evaluate import Score  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--held-out", action="store_true", help="also score the held-out documents")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    held = held_out()
    folders = [ROOT / "data", ROOT / "tests" / "extract" / "jordan"] + documents()
    rows, totals = [], {"tuning": (Score(), Score(), 0), "held-out": (Score(), Score(), 0)}
    for folder in folders:
        if folder.name in held and not args.held_out:
            continue
        s = score(folder, None if folder.name == "jordan" else REFERENCE, held=held)
        group = "held-out" if s.held_out else "tuning"
        ev, roles, inv = totals[group]
        for total, part in ((ev, s.report.overall), (roles, s.report.roles)):
            total.tp, total.fp, total.fn = total.tp + part.tp, total.fp + part.fp, total.fn + part.fn
        totals[group] = (ev, roles, inv + len(s.invented))
        name = "first source" if folder.name == "data" else s.name
        rows.append({"document": name, "group": group, "events": s.report.overall.as_dict(),
                     "roles": s.report.roles.as_dict(), "invented_dates": s.invented})
    if args.json:
        print(json.dumps({"documents": rows, "totals": {g: {"events": e.as_dict(), "roles": r.as_dict(),
                                                           "invented_dates": i} for g, (e, r, i) in totals.items()}},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"{'document':<40} {'group':<9} {'gold':>4} {'found':>5} {'ev P':>5} {'ev R':>5} "
          f"{'role P':>6} {'role R':>6} {'invented':>8}")
    for r in rows:
        e, ro = r["events"], r["roles"]
        print(f"{r['document']:<40} {r['group']:<9} {e['tp'] + e['fn']:>4} {e['tp'] + e['fp']:>5} "
              f"{e['precision']:>5.2f} {e['recall']:>5.2f} {ro['precision']:>6.2f} {ro['recall']:>6.2f} "
              f"{len(r['invented_dates']):>8}")
    for g, (e, ro, inv) in totals.items():
        if e.tp + e.fn:
            print(f"{'TOTAL ' + g:<40} {'':<9} {e.tp + e.fn:>4} {e.tp + e.fp:>5} {e.precision:>5.2f} "
                  f"{e.recall:>5.2f} {ro.precision:>6.2f} {ro.recall:>6.2f} {inv:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
