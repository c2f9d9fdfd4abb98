"""Benchmarks of ``kg extract``: which date finder, and how fast.

1. Date finders on the labelled expressions of ``tests/extract/dates.yaml``:
   the project's own rules (:mod:`kg.extract.dates`) against dateparser's
   ``search_dates`` (languages=['ar']), scored on value and precision, then on
   everything (value, precision, qualifier, Hijri flag). The one right more
   often is the one ``kg extract`` uses. dateparser is needed only here::

       .venv/bin/pip install 'dateparser==1.5.0'

   (it is not a dependency of the project: the comparison chose the rules).
2. Speed: sentences per second of the whole extraction on about 1 MB of Arabic
   text (the first source repeated).

    .venv/bin/python benchmarks/bench_extract.py [--mb 1.0] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import extract_text  # noqa: E402
from kg.extract.dates import find_dates  # noqa: E402
from kg.extract.entities import Registry  # noqa: E402

DATES = ROOT / "tests" / "extract" / "dates.yaml"
SOURCE = ROOT / "data" / "sources" / "kuwait-azerbaijan-relations.ar.txt"


def expected(item: dict) -> tuple:
    v = item.get("value")
    return (str(v) if v is not None else None, item.get("precision"), item.get("qualifier"),
            item.get("calendar") == "hijri")


def ours(text: str) -> tuple:
    found = [d for d in find_dates(text) if not d.partial]
    d = next((d for d in found if d.value), found[0] if found else None)
    if d is None:
        return (None, None, None, False)
    return (d.value, d.precision, d.qualifier, d.calendar == "hijri")


def dateparser_finder(settings: dict):
    """A finder built on dateparser.search.search_dates; precision from DateDataParser's period."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    ddp = DateDataParser(languages=["ar"], settings=settings)

    def find(text: str) -> tuple:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                hits = search_dates(text, languages=["ar"], settings=settings) or []
            except Exception:  # noqa: BLE001 - a crash counts as nothing found
                hits = []
        if not hits:
            return (None, None, None, False)
        phrase, dt = hits[-1] if len(hits) > 1 and any(ch.isdigit() for ch in hits[-1][0]) else hits[0]
        try:
            period = ddp.get_date_data(phrase).period or "day"
        except Exception:  # noqa: BLE001
            period = "day"
        if period == "year":
            return (f"{dt.year:04d}", "year", None, False)
        if period == "month":
            return (f"{dt.year:04d}-{dt.month:02d}", "month", None, False)
        return (dt.strftime("%Y-%m-%d"), "day", None, False)

    return find


def score(finder, items) -> tuple[float, float, list]:
    vp = full = 0
    wrong = []
    for it in items:
        got = finder(it["text"])
        exp = expected(it)
        if got[:2] == exp[:2]:
            vp += 1
        else:
            wrong.append((it["text"], got[:2], exp[:2]))
        if got == exp:
            full += 1
    n = len(items)
    return vp / n, full / n, wrong


def plain(item: dict) -> bool:
    """A plain Gregorian day, month or year: no qualifier, decade or Hijri (what dateparser claims)."""
    return item.get("value") is not None and item.get("precision") in ("day", "month", "year") \
        and not item.get("qualifier") and item.get("calendar") != "hijri"


def bench_dates(verbose: bool) -> dict:
    items = yaml.safe_load(DATES.read_text(encoding="utf-8"))["items"]
    plain_items = [it for it in items if plain(it)]
    out = {"expressions": len(items), "plain_expressions": len(plain_items)}
    acc, acc_full, wrong = score(ours, items)
    out["rules"] = {"value_precision": acc, "full": acc_full, "wrong": len(wrong),
                    "plain": score(ours, plain_items)[0]}
    if verbose:
        for w in wrong:
            print("  rules wrong:", w)
    try:
        import dateparser  # noqa: F401
        configs = {
            "dateparser (PREFER_DAY_OF_MONTH=first)": {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                                                       "PREFER_DATES_FROM": "past"},
            "dateparser (REQUIRE_PARTS=year)": {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                                                "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["year"]},
        }
        for name, settings in configs.items():
            finder = dateparser_finder(settings)
            a, af, w = score(finder, items)
            out[name] = {"value_precision": a, "full": af, "wrong": len(w), "version": dateparser.__version__,
                         "plain": score(finder, plain_items)[0]}
            if verbose:
                for x in w[:80]:
                    print(f"  {name} wrong:", x)
    except ImportError:
        out["dateparser"] = "not installed (pip install 'dateparser==1.5.0' to compare)"
    best_dp = max((v["value_precision"] for k, v in out.items() if k.startswith("dateparser (")), default=None)
    out["choice"] = "rules" if best_dp is None or acc >= best_dp else "dateparser"
    return out


def bench_speed(mb: float) -> dict:
    registry = Registry.load(ROOT / "data")
    base = SOURCE.read_text(encoding="utf-8")
    copies = max(1, int(mb * 1_000_000 // len(base.encode("utf-8"))) + 1)
    text = "\n\n".join([base] * copies)
    t0 = time.perf_counter()
    ex = extract_text(text, registry, source="bench")
    dt = time.perf_counter() - t0
    return {"bytes": len(text.encode("utf-8")), "sentences": ex.sentences, "events": len(ex.events),
            "seconds": round(dt, 2), "sentences_per_second": round(ex.sentences / dt, 1)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="size of the speed test text in MB (default 1)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the expressions each finder got wrong")
    args = ap.parse_args(argv)
    dates = bench_dates(args.verbose)
    speed = bench_speed(args.mb)
    if args.json:
        print(json.dumps({"dates": dates, "speed": speed}, ensure_ascii=False, indent=2))
        return 0
    print(f"Date finders on {dates['expressions']} labelled expressions (tests/extract/dates.yaml); "
          f"'plain' = the {dates['plain_expressions']} plain Gregorian day/month/year ones:")
    for name, r in dates.items():
        if isinstance(r, dict):
            print(f"  {name:<42} value+precision {r['value_precision']:6.1%}   "
                  f"all (qualifier, Hijri flag) {r['full']:6.1%}   plain {r['plain']:6.1%}")
        elif name == "dateparser":
            print(f"  {r}")
    print(f"  choice: {dates['choice']}")
    print(f"Speed on {speed['bytes'] / 1e6:.2f} MB ({speed['sentences']} sentences, {speed['events']} events): "
          f"{speed['seconds']} s, {speed['sentences_per_second']} sentences/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
