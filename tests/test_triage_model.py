"""The triage model: trained from the corpus files, scored without scikit-learn exactly as scikit-learn
would, saved and read back, never stale, and clear about a broken corpus line or a damaged file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.understanding.triage import default_triager
from bot.understanding.triage.built import built_path, default_model
from bot.understanding.triage.corpus import CorpusError, corpus_files, fingerprint, read_examples
from bot.understanding.triage.features import features
from bot.understanding.triage.model import LinearModel, ModelFileError
from bot.understanding.triage.train import SETTINGS, train

SAMPLE = read_examples(corpus_files())[::7]  # every seventh line: quick to train, every route present


@pytest.fixture(scope="module")
def small_model() -> LinearModel:
    return train(SAMPLE, "sample")


def test_the_plain_python_scorer_gives_scikit_learns_probabilities(small_model: LinearModel) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=SETTINGS["min_df"])
    matrix = vectoriser.fit_transform([e.text for e in SAMPLE])
    reference = LogisticRegression(
        C=SETTINGS["C"]["route"], solver="newton-cg", max_iter=500, class_weight="balanced"
    ).fit(matrix, [e.route for e in SAMPLE])
    texts = [e.text for e in read_examples(corpus_files())[3::97]] + ["a brand new message about nothing at all"]
    expected = reference.predict_proba(vectoriser.transform(texts))
    for text, row in zip(texts, expected, strict=True):
        ours = small_model.probabilities(small_model.vector(text), "route")
        theirs = dict(zip(reference.classes_, row, strict=True))
        assert ours == pytest.approx(theirs, abs=1e-4), text


def test_training_is_reproducible_and_the_file_round_trips(small_model: LinearModel) -> None:
    again = train(SAMPLE, "sample")
    assert again.to_bytes() == small_model.to_bytes()
    read_back = LinearModel.from_bytes(small_model.to_bytes())
    text = "the reg shouted at me in front of the whole ward"
    assert read_back.probabilities(read_back.vector(text), "route") == small_model.probabilities(
        small_model.vector(text), "route"
    )


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"not a model", "not a Kinship triage model"),
        (LinearModel.__module__.encode(), "not a Kinship triage model"),
    ],
)
def test_a_damaged_model_file_is_named_as_such(data: bytes, says: str) -> None:
    with pytest.raises(ModelFileError, match=says):
        LinearModel.from_bytes(data)


def test_a_truncated_model_file_is_refused(small_model: LinearModel) -> None:
    with pytest.raises(ModelFileError):
        LinearModel.from_bytes(small_model.to_bytes()[:-40])


def test_the_shipped_model_is_the_one_for_todays_corpus() -> None:
    model = default_model()
    assert built_path(corpus_files()).name == f"triage-{model.fingerprint}.bin"
    assert {"route", "script", "other"} <= set(model.heads)
    assert len(read_examples(corpus_files())) >= 1500  # the corpus the issue asks for


def test_a_changed_corpus_changes_the_fingerprint(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text("other | chat | hello there\n", encoding="utf-8")
    before = fingerprint([first], "settings")
    first.write_text("other | chat | hello there!\n", encoding="utf-8")
    assert fingerprint([first], "settings") != before
    assert fingerprint([first], "other settings") != fingerprint([first], "settings")


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("witnessed | exclusion", "expected 'ROUTE | TOPIC | message'"),
        ("seen it | exclusion | they left her out", "unknown route 'seen it'"),
        ("other | gossip | did you hear", "topic 'gossip'"),
        ("other | chat |  ", "the message is empty"),
    ],
)
def test_a_broken_corpus_line_is_named_with_its_file_and_line(tmp_path: Path, line: str, says: str) -> None:
    path = tmp_path / "broken.txt"
    path.write_text(f"# a comment\n\nother | chat | fine line\n{line}\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        read_examples([path])
    assert f"{path}:4:" in str(caught.value) and says in str(caught.value)


def test_every_route_is_reachable_and_needs_support_follows_triage() -> None:
    import bot

    reader = default_triager()
    assert reader.read("I've written the letters and I know which bridge").route == "support"
    assert bot.needs_support("I've written the letters and I know which bridge")
    assert bot.triage("what does allyship mean?") == "other"
    assert not bot.needs_support("what does allyship mean?")
