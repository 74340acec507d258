"""An upload handler that drops a file as soon as it passes the attachment size limit.

Django would otherwise spool the whole file to memory or disk before any form could refuse it. The rest
of the file is skipped as it streams in (the other fields, the CSRF token among them, are still read),
and the request is marked (``request.upload_too_large``) so that the form can say why the file is missing.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.ATTACHMENT_MAX_BYTES:
            self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
