"""Whatever bytes arrive under an activity file's name, every parser either refuses them with
`UnreadableFile` or returns runs that can be saved as they are: never another exception.

The bytes are random, or mutations (flipped bytes, cuts, splices, numbers and dates swapped for
absurd ones) of the small valid files in `samples/` and, when present, of the real files in
`../shared/data/activities/`.
"""

import datetime as dt
import math
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkins.parsers import PARSERS
from checkins.parsers.common import ParsedFile, UnreadableFile
from checkins.runs import EARLIEST_START, FUTURE_SLACK, MAX_RUN_DISTANCE_M, MAX_RUN_DURATION_S
from tests.conftest import SHARED_ACTIVITIES

# fitdecode warns about every odd field it meets; the fuzzer feeds it thousands.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
# More with IMPORT_FUZZ_EXAMPLES=2000 when changing a parser; the default keeps `make test` quick.
EXAMPLES = int(os.environ.get("IMPORT_FUZZ_EXAMPLES", "60"))
SAMPLES = Path(__file__).parent / "samples"

# What a broken file or a hostile runner puts where a number or a date belongs.
ODD_VALUES = [
    b"nan", b"NaN", b"inf", b"-inf", b"1e400", b"-1", b"0", b"99999999999", b"-0.0",
    b"0001-01-01T00:00:00Z", b"2999-12-31T23:59:59Z", b"9999-12-31T23:59:59-05:00",
    b"1989-12-31T23:59:59Z", b"Jan 1, 0001, 1:00:00 AM", b"Dec 31, 2999, 11:59:59 PM",
    b"\x00", b"\xff\xfe", b"&lt;", b"]]>", b"<", b'"', b",", b"\n", b"",
    b"x" * 200,
]  # fmt: skip
NUMBER_OR_DATE = re.compile(rb"-?[0-9][0-9.:T-]*Z?|[A-Z][a-z]{2} [0-9]{1,2}, [0-9]{4}")


def seed_files(suffix: str) -> list[bytes]:
    paths = sorted(SAMPLES.glob(f"*{suffix}"))
    if SHARED_ACTIVITIES.is_dir():
        paths += sorted(SHARED_ACTIVITIES.glob(f"*{suffix}"))
    return [path.read_bytes() for path in paths]


@st.composite
def mutation_of(draw, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        match draw(st.sampled_from(["odd value", "flip", "cut", "insert", "delete", "splice"])):
            case "odd value":  # the first number or date from a random point on
                found = NUMBER_OR_DATE.search(data, at)
                if found:
                    data[found.start() : found.end()] = draw(st.sampled_from(ODD_VALUES))
            case "flip":
                if at < len(data):
                    data[at] ^= draw(st.integers(1, 255))
            case "cut":
                del data[at:]
            case "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=16))
            case "delete":
                del data[at : at + draw(st.integers(1, 64))]
            case "splice":
                other = draw(st.sampled_from(seeds))
                data[at:] = other[draw(st.integers(0, len(other))) :]
    return bytes(data)


def any_bytes_for(suffix: str) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=2048), mutation_of(seed_files(suffix)))


def assert_refused_or_valid(parse, data: bytes) -> None:
    try:
        parsed = parse(data)
    except UnreadableFile as error:
        assert str(error), "a refusal must say why"
        return
    assert isinstance(parsed, ParsedFile)
    assert parsed.runs
    # Read after the parser's own check, so never earlier than the moment it compared against.
    latest = timezone.now() + FUTURE_SLACK
    for run in parsed.runs:
        assert run.started_at.utcoffset() == dt.timedelta(0)
        assert EARLIEST_START <= run.started_at <= latest
        assert 0 < run.duration_s <= MAX_RUN_DURATION_S
        assert 0 <= run.distance_m <= MAX_RUN_DISTANCE_M
        assert not any(math.isnan(x) for x in (run.distance_m, run.duration_s))
        assert 0 < len(run.fingerprint) <= 64
        assert "\x00" not in run.notes + run.fingerprint


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("suffix", sorted(PARSERS))
def test_the_samples_are_valid_files_of_their_kind(suffix):
    (data, *_) = [path.read_bytes() for path in sorted(SAMPLES.glob(f"*{suffix}"))]

    assert PARSERS[suffix](data).runs


@pytest.mark.parametrize("suffix", sorted(PARSERS))
def test_any_bytes_are_refused_cleanly_or_give_valid_runs(suffix):
    @FUZZ
    @given(data=any_bytes_for(suffix))
    def check(data: bytes) -> None:
        assert_refused_or_valid(PARSERS[suffix], data)

    check()


@pytest.mark.parametrize("suffix", sorted(PARSERS))
def test_every_file_kind_read_by_every_parser_is_refused_cleanly_or_valid(suffix):
    """A .fit renamed .gpx, a CSV renamed .tcx: the wrong parser meets real files."""
    others = [seed for other in sorted(PARSERS) if other != suffix for seed in seed_files(other)]

    @FUZZ
    @given(data=st.one_of(st.sampled_from(others), mutation_of(others)))
    def check(data: bytes) -> None:
        assert_refused_or_valid(PARSERS[suffix], data)

    check()
