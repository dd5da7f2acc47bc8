"""tus 1.0 resumable uploads (https://tus.io/protocols/resumable-upload): core, creation,
termination, checksum (sha256, sha1) and expiration, at `/api/v1/uploads`.

Standard clients (tus-js-client on the library page, tuspy in the tests) work unchanged. The
request body of a PATCH is streamed to the object store through `content.intake`: hashed and
written on worker threads while the next bytes arrive, so the event loop never blocks and memory
stays bounded whatever the file size. The new offset is acknowledged only once the store's
`commit` has made the bytes durable (fsync on the local store).
A PATCH holds no database transaction while its body arrives (on SQLite a transaction is the
whole database's write lock): the checks commit first, the bytes flow, then the new offset is
recorded in a second transaction; while the bytes flow the request holds no admission slot
either (`classroom.core.unit_of_work.stepped_aside`). Two PATCHes of one upload in one process
run one at a time.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import weakref
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session
from starlette.requests import ClientDisconnect

from classroom.accounts.auth import public_route
from classroom.core.db import DbSession
from classroom.core.errors import ClassroomError, ValidationFailed, problem, request_lang
from classroom.core.events import EventBus
from classroom.core.unit_of_work import stepped_aside
from content import uploads
from content.auth import UploadRef, Writer
from content.containers import inspect_office
from content.hashing import RunningHashes
from content.intake import Intake
from content.models import Upload
from content.rules.magic import SNIFF_BYTES, Refused, Sniffed, sniff
from content.rules.ranges import http_date
from content.settings import ContentSettings
from content.storage import ObjectStore, State

router = APIRouter(prefix="/api/v1/uploads", tags=["uploads (tus 1.0)"])

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,termination,checksum,expiration"
CHECKSUMS = {"sha256": hashlib.sha256, "sha1": hashlib.sha1}
OFFSET_TYPE = "application/offset+octet-stream"
CONTENT_ID_HEADER = "Classroom-Content-Id"

# The protocol's own answers, for the OpenAPI document (refusals carry the problem body).
Documented = dict[int | str, dict[str, Any]]
_VERSION: Documented = {
    412: {"description": "Tus-Resumable is missing or not 1.0.0 (Tus-Version says which)"}
}
_GONE: Documented = {410: {"description": "The upload is finished, cancelled or expired"}}
CREATED: Documented = {
    201: {"description": "Created: its address in Location"},
    413: {"description": "Larger than the size limit or the institution's storage quota"},
    422: {"description": "Upload-Length or Upload-Metadata is missing or malformed"},
    **_VERSION,
}
APPENDED: Documented = {
    204: {"description": "Appended: the new Upload-Offset (the last byte completes the upload)"},
    400: {"description": "Upload-Offset or Upload-Checksum is malformed, or the first chunk is too short"},
    409: {"description": "Upload-Offset is not the offset the server holds"},
    413: {"description": "More bytes than Upload-Length, or the quota no longer fits"},
    415: {"description": "Not application/offset+octet-stream, or a file type that is refused"},
    460: {"description": "The bytes do not match Upload-Checksum (nothing was kept)"},
    **_GONE,
    **_VERSION,
}

_locks: weakref.WeakValueDictionary[Any, asyncio.Lock] = weakref.WeakValueDictionary()


def _lock(upload: Upload) -> asyncio.Lock:
    lock = _locks.get(upload.id)
    if lock is None:
        lock = asyncio.Lock()
        _locks[upload.id] = lock
    return lock


def _tus_headers(upload: Upload | None = None) -> dict[str, str]:
    headers = {"Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store"}
    if upload is not None:
        headers["Upload-Offset"] = str(upload.received)
        headers["Upload-Length"] = str(upload.length)
        headers["Upload-Expires"] = http_date(upload.expires_at)
    return headers


def _refusal(request: Request, error: ClassroomError, upload: Upload | None = None) -> Response:
    lang = request_lang(request)
    response = problem(request, error.status, error.code, error.message(lang))
    response.headers.update(_tus_headers(upload) | error.headers)
    return response


def _version_refusal(request: Request) -> Response | None:
    if request.headers.get("tus-resumable") != TUS_VERSION:
        error = ClassroomError("upload.version", code="tus_version", status=412)
        error.headers = {"Tus-Version": TUS_VERSION}
        return _refusal(request, error)
    return None


def _parts(request: Request) -> tuple[ContentSettings, ObjectStore, Any, EventBus, RunningHashes]:
    state = request.app.state
    return state.content_settings, state.store, state.clock, state.events, state.running_hashes


@router.options("", dependencies=[Depends(public_route)], include_in_schema=False)
@router.options("/{upload_id}", dependencies=[Depends(public_route)], include_in_schema=False)
def discover(request: Request) -> Response:
    """What this tus server speaks (no sign-in needed: it says nothing about anyone's data)."""
    settings: ContentSettings = request.app.state.content_settings
    return Response(
        status_code=204,
        headers={
            "Tus-Resumable": TUS_VERSION,
            "Tus-Version": TUS_VERSION,
            "Tus-Extension": EXTENSIONS,
            "Tus-Max-Size": str(settings.max_upload_bytes),
            "Tus-Checksum-Algorithm": ",".join(CHECKSUMS),
        },
    )


@router.post("", status_code=201, responses=CREATED)
def create_upload(request: Request, principal: Writer, session: DbSession) -> Response:
    """tus creation: `Upload-Length` and `Upload-Metadata` (`filename`, `course_id`, optional
    `title`, and `content_id` to upload a new version of an item). Size, permission and the
    storage quota are checked (and the quota reserved) before any byte is sent."""
    refused = _version_refusal(request)
    if refused is not None:
        return refused
    raw = request.headers.get("upload-length", "")
    if not raw.isdigit():
        return _refusal(request, ValidationFailed("upload.length", code="upload_length"))
    settings, _, clock, _, _ = _parts(request)
    try:
        upload = uploads.create(
            session,
            clock,
            principal,
            settings,
            length=int(raw),
            metadata=uploads.parse_metadata(request.headers.get("upload-metadata")),
        )
    except ClassroomError as error:
        if error.status == 404:
            raise
        return _refusal(request, error)
    headers = _tus_headers(upload) | {"Location": f"/api/v1/uploads/{upload.id}"}
    headers.pop("Upload-Offset")
    return Response(status_code=201, headers=headers)


@router.head(
    "/{upload_id}", responses={200: {"description": "Upload-Offset and Upload-Length"}, **_GONE, **_VERSION}
)
def upload_offset(request: Request, principal: Writer, upload: UploadRef) -> Response:
    """tus: how many bytes the server holds. A finished, cancelled or expired upload is gone
    (410) — a completed one names its content item in `Classroom-Content-Id`."""
    refused = _version_refusal(request)
    if refused is not None:
        return Response(status_code=412, headers={"Tus-Resumable": TUS_VERSION, "Tus-Version": TUS_VERSION})
    headers = _tus_headers(upload)
    if upload.status.value == "complete":
        headers[CONTENT_ID_HEADER] = str(upload.content_id)
        return Response(status_code=200, headers=headers)
    if upload.status.value != "active":
        return Response(status_code=410, headers=_tus_headers())
    return Response(status_code=200, headers=headers)


@router.delete("/{upload_id}", status_code=204, responses={**_GONE, **_VERSION})
def terminate_upload(request: Request, principal: Writer, upload: UploadRef, session: DbSession) -> Response:
    """tus termination: the upload is cancelled, its bytes removed and its reservation released."""
    refused = _version_refusal(request)
    if refused is not None:
        return refused
    _, _, clock, events, hashes = _parts(request)
    uploads.terminate(session, clock, events, upload)
    hashes.forget(upload.id)
    return Response(status_code=204, headers=_tus_headers())


@dataclass
class _Checksum:
    algorithm: str
    expected: bytes
    running: Any


def _checksum(request: Request) -> _Checksum | None:
    header = request.headers.get("upload-checksum")
    if header is None:
        return None
    algorithm, _, value = header.strip().partition(" ")
    if algorithm not in CHECKSUMS:
        raise ClassroomError("upload.checksum_algorithm", code="checksum_algorithm", status=400)
    try:
        expected = base64.b64decode(value.strip(), validate=True)
    except binascii.Error:
        raise ClassroomError("upload.checksum_algorithm", code="checksum_value", status=400) from None
    return _Checksum(algorithm, expected, CHECKSUMS[algorithm]())


def _checksum_ok(checksum: _Checksum | None) -> bool:
    if checksum is None:
        return True
    return hmac.compare_digest(checksum.running.digest(), checksum.expected)


def _release(session: Session) -> None:
    """End the request's transaction before a long body transfer (see the module docstring);
    the request's unit of work still commits what comes after."""
    session.commit()


@router.patch("/{upload_id}", status_code=204, responses=APPENDED)
async def append(request: Request, principal: Writer, upload: UploadRef, session: DbSession) -> Response:
    """tus core: append the body at `Upload-Offset`; with `Upload-Checksum` the bytes are kept
    only if they match. The last byte turns the upload into a content version."""
    refused = _version_refusal(request)
    if refused is not None:
        return refused
    if request.headers.get("content-type", "").split(";")[0].strip() != OFFSET_TYPE:
        return _refusal(
            request, ClassroomError("upload.content_type", code="content_type", status=415), upload
        )
    raw_offset = request.headers.get("upload-offset", "")
    if not raw_offset.isdigit():
        return _refusal(
            request,
            ClassroomError(
                "upload.offset_mismatch", code="offset", status=400, params={"offset": upload.received}
            ),
            upload,
        )
    offset = int(raw_offset)
    try:
        checksum = _checksum(request)
    except ClassroomError as error:
        return _refusal(request, error, upload)
    settings, store, clock, events, hashes = _parts(request)
    async with _lock(upload):
        try:
            stopped = await run_in_threadpool(uploads.begin_patch, session, clock, events, upload, offset)
        except ClassroomError as error:
            if error.status == 404:
                raise
            return _refusal(request, error, upload)
        if stopped is not None:
            return _refusal(request, stopped, upload)
        await run_in_threadpool(_release, session)
        return await _receive(
            request, session, upload, offset, checksum, settings, store, clock, events, hashes
        )


async def _receive(
    request: Request,
    session: Session,
    upload: Upload,
    offset: int,
    checksum: _Checksum | None,
    settings: ContentSettings,
    store: ObjectStore,
    clock: Any,
    events: EventBus,
    hashes: RunningHashes,
) -> Response:
    key = upload.storage_key
    state: State = dict(upload.store_state)
    if not state:  # the first PATCH: the store's resumable object is recorded before any byte
        state = await run_in_threadpool(store.create_multipart, key)
        await run_in_threadpool(uploads.save_state, session, upload, state)
        await run_in_threadpool(_release, session)
    running = hashes.resume(upload.id, offset)
    writer = await run_in_threadpool(store.part_writer, key, state)
    intake = Intake(writer, [h for h in (running, checksum and checksum.running) if h is not None])
    sniffing = offset == 0 and upload.media_type is None
    sniffed: Sniffed | None = None
    head = bytearray()
    room = upload.length - offset
    too_much = False
    refused: Refused | None = None
    try:
        # No transaction is open while the body arrives (see `append`): the request gives its
        # admission slot back meanwhile, so a hundred slow uploads keep nobody else waiting.
        async with stepped_aside(request):
            try:
                async for chunk in request.stream():
                    if intake.received + len(head) + len(chunk) > room:
                        too_much = True
                        break
                    if not sniffing:
                        await intake.add(chunk)
                        continue
                    head += chunk
                    if len(head) >= min(SNIFF_BYTES, upload.length):
                        verdict = sniff(bytes(head[:SNIFF_BYTES]))
                        if isinstance(verdict, Refused):
                            refused = verdict
                            break
                        sniffed, sniffing = verdict, False
                        await intake.add(bytes(head))
                        head.clear()
            except ClientDisconnect:
                pass  # keep what arrived (without a checksum): the client resumes from the offset
        if refused is None and not too_much and not sniffing:
            await intake.finish()
    except BaseException:
        # ServiceBusy (nothing recorded: the client resends from the offset), a failed write, a
        # cancelled request: what this request wrote is forgotten.
        await intake.abort()
        raise
    if refused is not None or too_much or sniffing:
        await intake.abort()
    if refused is not None:
        error = await run_in_threadpool(uploads.refuse, session, clock, events, upload, refused.reason)
        return _refusal(request, error, upload)
    if too_much:
        return _refusal(
            request, ClassroomError("upload.beyond_length", code="beyond_length", status=413), upload
        )
    if sniffing:
        if not head and offset == upload.length:
            return await _complete(request, session, upload, state, None, clock, events, store, hashes)
        error = ClassroomError(
            "upload.first_chunk", code="first_chunk", status=400, params={"bytes": SNIFF_BYTES}
        )
        return _refusal(request, error, upload)
    if not _checksum_ok(checksum):
        await run_in_threadpool(writer.abort)
        return _refusal(
            request, ClassroomError("upload.checksum_mismatch", code="checksum_mismatch", status=460), upload
        )
    state = await run_in_threadpool(writer.commit)
    received = offset + intake.written
    if running is not None:
        hashes.keep(upload.id, received, running)
    await run_in_threadpool(
        uploads.record,
        session,
        clock,
        settings,
        upload,
        state=state,
        received=received,
        sniffed=sniffed,
        hash_lost=running is None,
    )
    if received == upload.length:
        return await _complete(request, session, upload, state, running, clock, events, store, hashes)
    return Response(status_code=204, headers=_tus_headers(upload))


async def _complete(
    request: Request,
    session: Session,
    upload: Upload,
    state: State,
    running: Any | None,
    clock: Any,
    events: EventBus,
    store: ObjectStore,
    hashes: RunningHashes,
) -> Response:
    key = upload.storage_key
    stat = await run_in_threadpool(store.complete_multipart, key, state)
    hashes.forget(upload.id)
    kind, media_type = upload.kind, upload.media_type
    if media_type is None or kind is None:  # an empty upload never had a first chunk
        return await _refuse_stored(request, session, clock, events, upload, store, "upload.empty")
    if Sniffed(kind, media_type).needs_container_check:
        verdict = await run_in_threadpool(inspect_office, store, key, stat.size)
        if isinstance(verdict, Refused):
            return await _refuse_stored(request, session, clock, events, upload, store, verdict.reason)
        kind, media_type = verdict.kind, verdict.media_type
    digest = running.hexdigest() if running is not None and not upload.sha256_pending else None
    finished = await run_in_threadpool(
        uploads.finish,
        session,
        clock,
        events,
        upload,
        size=stat.size,
        media_type=media_type,
        kind=kind,
        sha256=digest,
    )
    headers = _tus_headers(upload) | {CONTENT_ID_HEADER: str(finished.item.id)}
    return Response(status_code=204, headers=headers)


async def _refuse_stored(
    request: Request,
    session: Session,
    clock: Any,
    events: EventBus,
    upload: Upload,
    store: ObjectStore,
    reason: str,
) -> Response:
    await run_in_threadpool(store.delete, upload.storage_key)
    error = await run_in_threadpool(uploads.refuse, session, clock, events, upload, reason)
    return _refusal(request, error, upload)
