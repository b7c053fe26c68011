"""Benchmark: geoparsing cost beyond NER, and the gazetteer's build time and size.

Usage:
    python bench/bench_geoparse.py [--words 700] [--repeat 50] [--build]

Parses a ~700-word war-report-like text once with spaCy, then times
``geoparse(text, doc=doc)`` alone (the NER is reused, as the pipeline does).
With ``--build`` it also rebuilds the gazetteer into a temporary file and reports
the build time and the file size.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from warmonitor.geo.gazetteer import build, open_gazetteer
from warmonitor.geo.geoparse import geoparse
from warmonitor.nlp import load_nlp

# Our own sentences, varied so the text has ~60 place mentions of several kinds.
SENTENCES = [
    "Government forces shelled Saraqeb and Ariha in Idlib province on Monday.",
    "Rebels near Aleppo attacked army positions outside Hama, a monitor said.",
    "Turkey sent more troops to the border near Kilis and Reyhanli.",
    "Russian jets struck the western countryside of Aleppo before dawn.",
    "A helicopter was downed halfway between Aleppo and Khmeimim air base.",
    "Residents fled from Maarat al-Numan towards the Turkish border.",
    "In Washington, officials said talks with Moscow and Ankara would resume.",
    "The United Nations said 700,000 people had fled since December.",
    "Clashes were also reported in Daraa and near Deir ez-Zor in the east.",
    "Drones were seen over Latakia and Tartus on the Mediterranean coast.",
    "Aid convoys crossed from Bab al-Hawa into northern Syria.",
    "The monitor reported shelling 10 km south of Idlib city.",
]


def make_text(words: int) -> str:
    out: list[str] = []
    i = 0
    while sum(len(s.split()) for s in out) < words:
        out.append(SENTENCES[i % len(SENTENCES)])
        i += 1
    return " ".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=700)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--build", action="store_true", help="also time a fresh gazetteer build")
    args = ap.parse_args(argv)

    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            stats = build(Path(tmp) / "gazetteer.sqlite")
            print(
                f"gazetteer build: {stats.seconds:.1f} s, {stats.bytes / 1e6:.1f} MB, {stats.rows} rows"
            )

    gaz = open_gazetteer()
    nlp = load_nlp()
    text = make_text(args.words)
    t0 = time.perf_counter()
    doc = nlp(text)
    ner_ms = (time.perf_counter() - t0) * 1000
    mentions = geoparse(text, doc=doc, gazetteer=gaz)  # warm the lookup caches once
    cold = []
    for _ in range(3):
        gaz._lookup_cache.clear()
        gaz._place_cache.clear()
        t0 = time.perf_counter()
        geoparse(text, doc=doc, gazetteer=gaz)
        cold.append((time.perf_counter() - t0) * 1000)
    times, cpu = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        geoparse(text, doc=doc, gazetteer=gaz)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    print(
        f"text: {len(text.split())} words, {len(mentions)} place mentions; spaCy NER {ner_ms:.1f} ms"
    )
    print(
        f"geoparse beyond NER: median {statistics.median(times):.2f} ms, "
        f"p95 {sorted(times)[int(0.95 * len(times)) - 1]:.2f} ms (warm caches); "
        f"cold lookups median {statistics.median(cold):.2f} ms"
    )
    # CPU time is what the code costs; wall time also counts other processes' load.
    print(f"geoparse CPU time: median {statistics.median(cpu):.2f} ms")
    # The baseline in the same process: spaCy's NER on the same text, which the
    # pipeline runs anyway; the ratio is geoparsing's cost relative to it.
    ner_cpu = []
    for _ in range(3):
        c0 = time.process_time()
        nlp(text)
        ner_cpu.append((time.process_time() - c0) * 1000)
    ratio = statistics.median(cpu) / statistics.median(ner_cpu)
    print(
        f"spaCy NER CPU time: median {statistics.median(ner_cpu):.1f} ms; "
        f"geoparse / NER = {ratio:.3f}"
    )
    # Real articles, when the shared seeds sit beside the repository (read, never copied).
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    for path in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        article = path.read_text(encoding="utf-8")
        adoc = nlp(article)
        found = geoparse(article, doc=adoc, gazetteer=gaz)
        spent = []
        for _ in range(max(10, args.repeat // 5)):
            c0 = time.process_time()
            geoparse(article, doc=adoc, gazetteer=gaz)
            spent.append((time.process_time() - c0) * 1000)
        print(
            f"{path.name}: {len(article.split())} words, {len(found)} mentions, "
            f"CPU median {statistics.median(spent):.2f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
