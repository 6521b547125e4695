"""Export downloads in the browser: /events/<slug>/exports/<name>.<format> (organisers only)."""
from flask_login import current_user

from forum.exports import bp
from forum.exports.download import send_export
from forum.security import staff_required


@bp.get("/events/<slug>/exports/<any(attendance, inputs, minutes):name>.<any(csv, xlsx, pdf):fmt>")
@staff_required("organiser")
def download(slug, name, fmt):
    return send_export(slug, name, fmt, current_user._get_current_object())
