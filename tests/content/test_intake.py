"""A PATCH's intake (`content.intake`) into the local store's part writer: bytes and hashes right
whatever the chunking and the resume offsets, O_DIRECT for the aligned bulk where the file
system has it, a failed write surfaced to the request and the writer aborted after the lanes."""

from __future__ import annotations

import hashlib
import itertools
import os
import random

import pytest

from content import intake as intake_module
from content.intake import BATCH, Intake
from content.storage import LocalStore, multipart_size
from content.storage_local import DIRECT_ALIGNMENT, LocalPartWriter
from tests.support.aio import run_async


def _chunks(data: bytes, rng: random.Random) -> list[bytes]:
    pieces, at = [], 0
    while at < len(data):
        size = rng.choice([1, 7, 4096, 65_536, 262_144, 1_000_003])
        pieces.append(data[at : at + size])
        at += size
    return pieces


async def _patch(store: LocalStore, state: dict, data: bytes, digest, rng: random.Random) -> dict:  # type: ignore[no-untyped-def]
    writer = store.part_writer("course/video.mp4", state)
    intake = Intake(writer, [digest])
    for chunk in _chunks(data, rng):
        await intake.add(chunk)
    await intake.finish()
    assert intake.written == intake.received == len(data)
    return writer.commit()


def test_patches_at_unaligned_offsets_keep_every_byte_and_the_hash(tmp_path):
    rng = random.Random(9)
    store = LocalStore(tmp_path)
    data = rng.randbytes(3 * BATCH + 12_345)
    cuts = [0, 4095, 4096 + 3, BATCH + 5, 2 * BATCH + 4096, len(data)]
    state = store.create_multipart("course/video.mp4")
    digest = hashlib.sha256()
    for begin, end in itertools.pairwise(cuts):
        state = run_async(_patch(store, state, data[begin:end], digest, rng))
        assert multipart_size(state) == end
    stat = store.complete_multipart("course/video.mp4", state)
    assert stat.size == len(data)
    assert (tmp_path / "course/video.mp4").read_bytes() == data
    assert digest.hexdigest() == hashlib.sha256(data).hexdigest()


def test_the_aligned_bulk_skips_the_page_cache(tmp_path, monkeypatch):
    store = LocalStore(tmp_path)
    state = store.create_multipart("course/video.mp4")
    probe = store.part_writer("course/video.mp4", state)
    assert isinstance(probe, LocalPartWriter)
    if probe.direct is None:
        probe.abort()
        pytest.skip("this file system has no O_DIRECT")
    probe.abort()
    cached: list[int] = []
    through_cache = LocalPartWriter._cached
    monkeypatch.setattr(
        LocalPartWriter, "_cached", lambda self, view: (cached.append(len(view)), through_cache(self, view))
    )
    data = os.urandom(2 * BATCH + 100)
    state = run_async(_patch(store, state, data[:1000], hashlib.sha256(), random.Random(1)))
    state = run_async(_patch(store, state, data[1000:], hashlib.sha256(), random.Random(2)))
    # Only the unaligned ends of each request went through the page cache.
    assert sum(cached) < 4 * DIRECT_ALIGNMENT
    store.complete_multipart("course/video.mp4", state)
    assert (tmp_path / "course/video.mp4").read_bytes() == data


class _FailingWriter:
    start, alignment = 0, 1

    def __init__(self) -> None:
        self.writes = 0
        self.aborted_after: int | None = None

    def write(self, data: bytes | memoryview) -> None:
        self.writes += 1
        raise OSError(28, "No space left on device")

    def commit(self) -> dict:  # type: ignore[type-arg]
        raise AssertionError("never committed")

    def abort(self) -> None:
        self.aborted_after = self.writes


def test_a_failed_write_reaches_the_request_and_the_writer_is_aborted_after_the_lanes(monkeypatch):
    monkeypatch.setattr(intake_module, "DEPTH", 2)
    writer = _FailingWriter()

    async def feed(intake: Intake) -> None:
        for _ in range(8):
            await intake.add(bytes(BATCH))
        await intake.finish()

    async def run() -> None:
        intake = Intake(writer, [])
        with pytest.raises(OSError, match="No space"):
            await feed(intake)
        await intake.abort()

    run_async(run())
    assert writer.writes == 1  # nothing more was handed to a writer that failed
    assert writer.aborted_after == 1
