"""Korean / English texts of the content API (uploads, streaming, progress)."""

MESSAGES: dict[str, dict[str, str]] = {
    "upload.empty": {"ko": "빈 파일은 올릴 수 없습니다.", "en": "An empty file cannot be uploaded."},
    "upload.executable": {
        "ko": "실행 파일은 올릴 수 없습니다. 동영상(mp4·webm·mov), 음성(mp3·m4a), PDF, 이미지(png·jpg), 오피스 문서(pptx·xlsx·docx)만 올릴 수 있습니다.",
        "en": "Executable files cannot be uploaded. Allowed: video (mp4, webm, mov), audio (mp3, m4a), PDF, "
        "images (png, jpg) and Office documents (pptx, xlsx, docx).",
    },
    "upload.unsupported_type": {
        "ko": "지원하지 않는 파일 형식입니다(파일 이름이 아니라 내용으로 판단합니다). 동영상(mp4·webm·mov), 음성(mp3·m4a), PDF, 이미지(png·jpg), 오피스 문서(pptx·xlsx·docx)만 올릴 수 있습니다.",
        "en": "This file type is not supported (judged by the file's contents, not its name). Allowed: video "
        "(mp4, webm, mov), audio (mp3, m4a), PDF, images (png, jpg) and Office documents (pptx, xlsx, docx).",
    },
    "upload.zip_bomb": {
        "ko": "압축을 풀면 지나치게 커지는 문서는 올릴 수 없습니다(압축 폭탄 의심).",
        "en": "A document that expands to an excessive size cannot be uploaded (suspected zip bomb).",
    },
    "upload.too_large": {
        "ko": "파일이 너무 큽니다: 최대 {limit_gb:,.1f} GB까지 올릴 수 있습니다.",
        "en": "The file is too large: at most {limit_gb:,.1f} GB can be uploaded.",
    },
    "upload.first_chunk": {
        "ko": "업로드의 첫 요청에는 파일 형식을 확인할 수 있도록 처음 {bytes:,}바이트 이상이 있어야 합니다.",
        "en": "The first request of an upload must carry at least the first {bytes:,} bytes so the file type can be checked.",
    },
    "upload.metadata": {
        "ko": "업로드 정보(Upload-Metadata)에 {field} 값이 없거나 올바르지 않습니다.",
        "en": "The upload metadata (Upload-Metadata) lacks a valid {field}.",
    },
    "upload.length": {
        "ko": "Upload-Length 헤더에 파일 크기(0 이상의 정수)를 적어 주세요.",
        "en": "Send the file size in the Upload-Length header (a whole number, 0 or more).",
    },
    "upload.offset_mismatch": {
        "ko": "업로드 위치가 맞지 않습니다: 서버는 {offset:,}바이트를 받았습니다. 이어서 올리려면 그 위치부터 보내세요.",
        "en": "Upload offset mismatch: the server holds {offset:,} bytes. Resume from there.",
    },
    "upload.content_type": {
        "ko": "PATCH 요청의 Content-Type은 application/offset+octet-stream이어야 합니다.",
        "en": "A PATCH request must have Content-Type: application/offset+octet-stream.",
    },
    "upload.version": {
        "ko": "tus 1.0.0 프로토콜(Tus-Resumable: 1.0.0)로 요청해 주세요.",
        "en": "Speak tus 1.0.0 (send Tus-Resumable: 1.0.0).",
    },
    "upload.checksum_algorithm": {
        "ko": "지원하지 않는 체크섬 방식입니다: sha256 또는 sha1을 쓰세요.",
        "en": "Unsupported checksum algorithm: use sha256 or sha1.",
    },
    "upload.checksum_mismatch": {
        "ko": "받은 데이터의 체크섬이 맞지 않아 저장하지 않았습니다. 같은 위치부터 다시 보내세요.",
        "en": "The checksum of the received data does not match; nothing was stored. Send it again from the same offset.",
    },
    "upload.beyond_length": {
        "ko": "선언한 파일 크기(Upload-Length)보다 많은 데이터를 보냈습니다.",
        "en": "More data was sent than the declared Upload-Length.",
    },
    "upload.finished": {
        "ko": "이미 끝났거나 취소된 업로드입니다.",
        "en": "This upload has already finished or was cancelled.",
    },
    "upload.quota_lost": {
        "ko": "업로드 중에 기관의 저장 용량이 줄어 이 파일을 더 받을 수 없습니다. 업로드를 취소했고 예약한 용량을 돌려놓았습니다.",
        "en": "The institution's storage quota shrank during the upload, so this file no longer fits. "
        "The upload was cancelled and its reserved space released.",
    },
    "upload.kind_mismatch": {
        "ko": "새 버전은 기존 자료와 같은 종류여야 합니다({expected}).",
        "en": "A new version must be of the same kind as the item ({expected}).",
    },
    "content.kind.video": {"ko": "동영상", "en": "Video"},
    "content.kind.audio": {"ko": "음성", "en": "Audio"},
    "content.kind.document": {"ko": "문서", "en": "Document"},
    "content.kind.image": {"ko": "이미지", "en": "Image"},
    "content.lesson_not_vod": {
        "ko": "이러닝(녹화) 차시에만 자료를 연결할 수 있습니다.",
        "en": "Content can be attached to recorded (VOD) lessons only.",
    },
    "content.deleted": {"ko": "삭제된 자료입니다.", "en": "This item was deleted."},
    "content.not_deleted": {
        "ko": "삭제되지 않은 자료는 영구 삭제할 수 없습니다.",
        "en": "Only a deleted item can be purged.",
    },
    "content.no_version": {"ko": "아직 저장된 파일이 없습니다.", "en": "No file has been stored yet."},
    "content.purged": {"ko": "파일이 영구 삭제되었습니다.", "en": "The file was permanently removed."},
    "content.delivery_unavailable": {
        "ko": "이 저장소에서는 서명된 주소로 전달할 수 없습니다.",
        "en": "This storage cannot hand out presigned addresses.",
    },
    "progress.not_playable": {
        "ko": "동영상과 음성 자료만 진도율을 기록합니다.",
        "en": "Viewing progress is kept for video and audio only.",
    },
    "progress.version_changed": {
        "ko": "자료가 새 버전으로 바뀌었습니다. 페이지를 새로 고쳐 주세요.",
        "en": "The item has a new version. Reload the page.",
    },
}
