"""Refusing an oversized import while it arrives, not after it has been stored."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

#: What a multipart form adds around the file: boundaries, the other fields, headers.
OVERHEAD = 64 * 1024


class ImportSizeLimit(FileUploadHandler):
    """Stop reading a request whose file is larger than ``IMPORT_MAX_BYTES``.

    Django would otherwise spool a 50 MB upload to disk before any view could look at it.
    The request is marked (``request.upload_too_large``, the announced size) and the import
    page says so; the rest of the body is never read.
    """

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, *args: Any, **kwargs: Any
    ) -> None:
        self.announced = content_length
        self.request.upload_too_large = 0  # type: ignore[union-attr]

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.announced > settings.IMPORT_MAX_BYTES + OVERHEAD:
            self.refuse(self.announced)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > settings.IMPORT_MAX_BYTES:
            self.refuse(max(self.announced, start + len(raw_data)))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def refuse(self, size: int) -> None:
        self.request.upload_too_large = size  # type: ignore[union-attr]
        raise StopUpload(connection_reset=True)
