"""The outputs of ``kg build`` and ``kg export`` as SHA-256 hashes, to hold a refactoring to "nothing changes".

    python tests/golden/outputs.py record      # write tests/golden/outputs.json from the current code
    python tests/golden/outputs.py show        # print the hashes of the current code

Two corpora: the first source (``data/``) and a small synthetic corpus with
planted violations (``kg synth --states 6 --events 120 --seed 3 --violations 1``,
whose build is rejected and written to ``OUT/rejected/``). Each is built with
``python -m kg build`` in a child process and exported with ``python -m kg
export`` (the rejected one from its ``rejected/`` folder). Every file the
commands write is hashed, except the build cache (not an output), and so is
every file of the synthetic corpus.

``tests/test_unchanged.py`` compares the current code against the recorded
hashes, with the exceptions it names.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECORD = Path(__file__).with_name("outputs.json")
SYNTH = ["--states", "6", "--events", "120", "--seed", "3", "--violations", "1"]


def _kg(*args: str, ok: tuple[int, ...] = (0,)) -> None:
    env = {**os.environ, "KG_BASE_IRI": "https://w3id.org/bilateral-kg/"}
    proc = subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if proc.returncode not in ok:
        raise RuntimeError(f"kg {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()}")


def visible_files(folder: Path) -> dict[str, Path]:
    """Every file under ``folder`` as users see it, links followed (OUT/rejected -> .builds/N); hidden
    names skipped: the build folder's working state (.cache, .lock, .builds: kg.pipeline.folder)."""
    out = {}
    for top, dirs, files in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith("."):
                path = Path(top) / name
                out[str(path.relative_to(folder))] = path
    return dict(sorted(out.items()))


def _hashes(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in visible_files(folder).items()}


def outputs(work: Path) -> dict[str, dict[str, str]]:
    """Build and export both corpora under ``work``; the hashes of every output file, per corpus."""
    seed_out = work / "seed"
    _kg("build", "--data", str(ROOT / "data"), "--out", str(seed_out))
    _kg("export", "--build-dir", str(seed_out), "--out", str(seed_out / "export"))
    corpus, synth_out = work / "synth-corpus", work / "synth"
    _kg("synth", *SYNTH, "--out", str(corpus))
    _kg("build", "--data", str(corpus), "--out", str(synth_out), ok=(1,))
    rejected = synth_out / "rejected"
    _kg("export", "--build-dir", str(rejected), "--out", str(synth_out / "export"))
    return {"seed": _hashes(seed_out), "synth": _hashes(synth_out), "synth-corpus": _hashes(corpus)}


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        found = outputs(Path(tmp))
    text = json.dumps(found, indent=1, sort_keys=True) + "\n"
    if argv[:1] == ["record"]:
        RECORD.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
