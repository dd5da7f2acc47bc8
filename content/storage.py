"""Object storage behind one protocol: a local folder by default, MinIO/S3 in production.

Both stores pass one contract suite (tests/content/test_storage_contract.py). Besides whole
objects (`put`, ranged `open`, `stat` with an ETag, `delete`) the protocol has what resumable
uploads need: an object written by successive appends that survive a restart and another
worker (`create_multipart` → `part_writer(...).write/commit` per request → `complete_multipart`
or `abort_multipart`). The state between appends is a small JSON-able dict the caller keeps
(the upload row), so any worker can continue an upload. On S3 the appends are multipart parts:
parts must be ≥ 5 MiB except the last, so what does not fill a part yet waits in a "tail"
object until more bytes arrive. `local_path` lets the streaming path hand a file to the kernel
(sendfile, nginx X-Accel); `presigned_get` gives a short-lived direct URL where the store can.

The protocol is in `content.storage_api`, the local folder in `content.storage_local`, S3 in
`content.storage_s3`; this module names them all and builds the one the settings choose.
"""

from __future__ import annotations

from classroom.core.settings import Settings
from content.storage_api import (
    CHUNK,
    S3_PART,
    ObjectStat,
    ObjectStore,
    PartWriter,
    State,
    multipart_size,
    safe_key,
)
from content.storage_local import MULTIPART_DIR, LocalStore
from content.storage_s3 import MinioStore

__all__ = [
    "CHUNK",
    "MULTIPART_DIR",
    "S3_PART",
    "LocalStore",
    "MinioStore",
    "ObjectStat",
    "ObjectStore",
    "PartWriter",
    "State",
    "build_store",
    "multipart_size",
    "safe_key",
]


def build_store(settings: Settings) -> ObjectStore:
    if settings.storage_backend == "s3":
        return MinioStore(
            settings.s3_endpoint,
            settings.s3_access_key,
            settings.s3_secret_key,
            settings.s3_bucket,
            settings.s3_secure,
        )
    return LocalStore(settings.objects_dir)
