"""Static files are served under content-hashed names (forum/assets.py): `js/live.1a2b3c4d5e.js`. Tests that
check which files a page loads compare the names without the hash."""
import re

HASHED = re.compile(r"\.[0-9a-f]{10}(\.(?:js|css|svg|png|ico|woff2?|mjs))\b")


def unhashed(text: str) -> str:
    """`text` with every static file's content hash taken out of its name."""
    return HASHED.sub(r"\1", text)
