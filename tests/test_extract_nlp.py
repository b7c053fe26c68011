"""The document's Docs: offsets are the document's, analyses only where triage sent the model."""

from __future__ import annotations

import pytest

from warmonitor.extract.sentences import split_sentences
from warmonitor.nlp import load_nlp
from warmonitor.nlp.doc import parse_document, whole_doc

TEXT = (
    "Markets reopened in the capital.\n\n"
    "Rebels shot down a helicopter near Idlib on Monday. Two pilots died.\n"
    "The weather was mild."
)


def _nlp():  # type: ignore[no-untyped-def]
    return load_nlp(("attribute_ruler", "lemmatizer"))


def test_triaged_sentences_are_spans_of_one_document_doc() -> None:
    sentences = split_sentences(TEXT)
    triaged = [s for s in sentences if "shot" in s.text or "died" in s.text]
    doc = parse_document(triaged, TEXT, _nlp())
    assert doc.text == TEXT
    for s in triaged:
        assert s.span.doc is doc
        assert (s.span.start_char, s.span.end_char) == (s.start, s.end)
    shot = next(t for t in triaged[0].span if t.text == "shot")
    assert shot.dep_ == "ROOT" and TEXT[shot.idx : shot.idx + 4] == "shot"
    assert [e.text for e in triaged[0].span.ents] == ["Idlib", "Monday"]
    markets = doc[0]  # a sentence triage skipped: tokens only
    assert markets.text == "Markets" and markets.dep_ == "" and markets.tag_ == ""


def test_geoparse_doc_has_the_splitters_sentence_starts() -> None:
    sentences = split_sentences(TEXT)
    doc = whole_doc([], TEXT, sentences, _nlp())
    assert [s.start_char for s in doc.sents] == [s.start for s in sentences]


def test_sentence_starts_on_a_long_text() -> None:
    text = " ".join(["A man was shot in Kyiv on Monday."] * 3000)
    sentences = split_sentences(text)
    doc = whole_doc([], text, sentences, _nlp())
    assert sum(1 for _ in doc.sents) == len(sentences) == 3000


def test_a_sentence_that_does_not_line_up_is_parsed_from_the_documents_tokens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import warmonitor.nlp.doc as nlp_doc

    def analyses(sentences: list) -> list:  # type: ignore[type-arg]
        return [[(t.text, t.dep_, t.head.i, t.tag_) for t in s.span] for s in sentences]

    sentences = split_sentences(TEXT)
    parse_document(sentences, TEXT, _nlp())
    usual = analyses(sentences)
    monkeypatch.setattr(nlp_doc, "_lines_up", lambda *args: False)
    again = split_sentences(TEXT)
    parse_document(again, TEXT, _nlp())
    assert analyses(again) == usual
    assert [[e.text for e in s.ents] for s in again] == [
        [e.text for e in s.ents] for s in sentences
    ]
