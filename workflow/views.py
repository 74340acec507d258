from django.http import FileResponse
from django.shortcuts import get_object_or_404

from workflow.selectors import attachments_for_user


def download_attachment(request, pk):
    """Serve an attachment to whoever may see its study, as a download (never rendered inline)."""
    attachment = get_object_or_404(attachments_for_user(request.user), pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
