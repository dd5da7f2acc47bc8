"""Reading a stored zip's directory without downloading it whole (Office documents).

`zipfile` needs a seekable file; `StoreFile` gives it one over ranged reads of the store, so
only the central directory at the end of the object is fetched.
"""

from __future__ import annotations

import io
import zipfile

from content.rules.magic import Refused, Sniffed, ZipEntry, office_verdict
from content.storage import ObjectStore


class StoreFile(io.RawIOBase):
    def __init__(self, store: ObjectStore, key: str, size: int) -> None:
        self.store, self.key, self.size, self.at = store, key, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.at

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.at, io.SEEK_END: self.size}[whence]
        self.at = max(0, base + offset)
        return self.at

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        want = min(len(buffer), self.size - self.at)
        if want <= 0:
            return 0
        data = b"".join(self.store.open(self.key, self.at, want))
        buffer[: len(data)] = data
        self.at += len(data)
        return len(data)


def inspect_office(store: ObjectStore, key: str, size: int) -> Sniffed | Refused:
    try:
        with zipfile.ZipFile(io.BufferedReader(StoreFile(store, key, size), 64 * 1024)) as archive:
            entries = [ZipEntry(i.filename, i.file_size, i.compress_size) for i in archive.infolist()]
    except (zipfile.BadZipFile, EOFError, ValueError):
        return Refused("upload.unsupported_type", "broken zip")
    return office_verdict(entries)
