"""The labelled corpus we own: templates in training/data filled with real names in outlet styles.

Each template line is ``label: text``. A template's instances all go to one split: every fifth
template of a label (in file order) is held out, so the held-out split shares no template with
training. ``python training/corpus.py`` writes the generated corpus to training/data/corpus.jsonl
for reading; the training script regenerates it the same way (fixed seed).
"""

from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import slots  # noqa: E402  (training/ is a directory of scripts, not a package)

DATA = Path(__file__).with_name("data")
TEMPLATE_FILES = (
    "events.txt",
    "nonevents.txt",
    "handwritten.txt",
    "extra.txt",
    "more.txt",
    "wider.txt",
)
HELD_OUT_EVERY = 5
SEED = 20260301
# Instances per template: events get fewer per template than the non-event kinds, which have
# fewer templates each but must be many (the issue asks for >= 1,500 non-event sentences).
EVENT_INSTANCES = 14
NON_EVENT_INSTANCES = 16
FIXED_INSTANCES = 3  # a template with no slots still varies by outlet style


@dataclass(frozen=True, slots=True)
class Template:
    label: str
    text: str
    template_id: str
    split: str  # train | heldout


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    template_id: str
    split: str
    style: str


def read_templates(directory: Path = DATA) -> list[Template]:
    """Every template of the files in ``directory``, with its id and split."""
    templates: list[Template] = []
    per_label: dict[str, int] = {}
    for name in TEMPLATE_FILES:
        path = directory / name
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            label, sep, text = line.partition(": ")
            if not sep or not re.fullmatch(r"[a-z_]+", label):
                raise ValueError(f"{path}:{number}: expected 'label: text', got {line[:60]!r}")
            k = per_label.get(label, 0)
            per_label[label] = k + 1
            split = "heldout" if k % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else "train"
            templates.append(Template(label, text.strip(), f"{label}/{name}:{number}", split))
    return templates


def _lower_start(sentence: str) -> str:
    first = sentence.split(" ", 1)[0]
    if first.lower().strip(",") in slots.COMMON_STARTS:
        return sentence[0].lower() + sentence[1:]
    return sentence


def _fill(text: str, rng: random.Random) -> str:
    place, country = rng.choice(slots.PLACES)
    values = {
        "place": place,
        "country": country,
        "usplace": rng.choice(slots.US_PLACES),
        "state": rng.choice(slots.STATE_FORCES),
        "armed": rng.choice(slots.ARMED_GROUPS),
        "date": rng.choice(slots.DATES),
        "n": rng.choice(slots.NUMBERS),
        "n2": rng.choice(slots.BIG_NUMBERS),
    }
    filled = text.format(**values)
    filled = re.sub(r"\s+([,.;])", r"\1", re.sub(r"\s{2,}", " ", filled)).strip()
    filled = re.sub(r"\bdozens of(?=[.,;]|$)", "dozens", filled)  # "killing dozens."
    return filled[0].upper() + filled[1:]


def _style(sentence: str, rng: random.Random, place: str, country: str) -> tuple[str, str]:
    style = rng.choice(list(slots.STYLES))
    wrapper = rng.choice(slots.STYLES[style])
    lower = _lower_start(sentence).rstrip(".")
    text = wrapper.format(s=sentence, l=lower, P=place.upper(), C=country)
    return text[0].upper() + text[1:], style


def generate(templates: list[Template], seed: int = SEED) -> list[Example]:
    """Instances of every template (fixed seed: the same corpus on every machine)."""
    rng = random.Random(seed)
    examples: list[Example] = []
    for template in templates:
        has_slots = "{" in template.text
        if not has_slots:
            count = FIXED_INSTANCES
        elif template.label.islower() and template.label in _EVENT_SET:
            count = EVENT_INSTANCES
        else:
            count = NON_EVENT_INSTANCES
        seen: set[str] = set()
        for _ in range(count * 3):
            if len(seen) >= count:
                break
            sentence = _fill(template.text, rng)
            place, country = rng.choice(slots.PLACES)
            text, style = (
                _style(sentence, rng, place, country) if len(seen) else (sentence, "plain")
            )
            if text in seen:
                continue
            seen.add(text)
            examples.append(
                Example(text, template.label, template.template_id, template.split, style)
            )
    return examples


def _event_set() -> set[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from warmonitor.classify.labels import EVENT_LABELS

    return set(EVENT_LABELS)


_EVENT_SET = _event_set()


def build_corpus(seed: int = SEED) -> list[Example]:
    return generate(read_templates(), seed)


def main() -> None:
    examples = build_corpus()
    out = DATA / "corpus.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for example in examples:
            handle.write(json.dumps(asdict(example), ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for example in examples:
        counts[example.label] = counts.get(example.label, 0) + 1
    print(f"{len(examples)} examples in {out}")
    for label, n in sorted(counts.items()):
        print(f"  {label:40s} {n}")


if __name__ == "__main__":
    main()
