"""scripts/serve's gunicorn sends an answer's head and body in one send (forum/gunicorn_conf.py: answer_in_one_send):
one segment, the desk (or nginx) woken once per answer."""
import subprocess
import sys

from tests.conftest import ROOT

# gunicorn's own Response, writing to a socket that records each send; the settings file loaded as gunicorn loads it
WRITE = """
import runpy, sys
from gunicorn.http.wsgi import Response
settings = runpy.run_path('forum/gunicorn_conf.py')
if sys.argv[1] == 'patched':
    settings['answer_in_one_send']()
    settings['answer_in_one_send']()  # a second call changes nothing

class Request:
    version, method = (1, 1), sys.argv[2]
    def should_close(self):
        return False

class Socket:
    sends = []
    def sendall(self, data):
        self.sends.append(bytes(data))

response = Response(Request(), Socket(), None)
headers = [('Content-Type', 'application/json')]
if sys.argv[3] == 'length':
    headers.append(('Content-Length', '24'))
write = response.start_response('201 CREATED', headers)
write(b'{"result": "checked')
write(b'_in"}')
response.close()
for data in Socket.sends:
    print(repr(data))
"""


def sends(variant: str, method: str = "POST", length: str = "length") -> list[bytes]:
    result = subprocess.run([sys.executable, "-c", WRITE, variant, method, length], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [eval(line) for line in result.stdout.splitlines()]  # noqa: S307  (our own repr of bytes)


def test_the_head_goes_out_with_the_first_piece_of_the_body():
    first, *rest = sends("patched")
    head, body = first.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 201 CREATED\r\n") and b"\r\nContent-Length: 24" in head
    assert body == b'{"result": "checked'
    assert rest == [b'_in"}']  # a later piece as before


def test_the_bytes_sent_are_those_gunicorn_sends_on_its_own():
    def without_date(data: list[bytes]) -> bytes:
        return b"".join(line for line in b"".join(data).split(b"\r\n") if not line.startswith(b"Date: "))

    for method, length in (("POST", "length"), ("POST", "chunked"), ("HEAD", "length")):
        assert without_date(sends("patched", method, length)) == without_date(sends("gunicorn's", method, length))


def test_a_chunked_answer_is_sent_as_before():
    assert len(sends("patched", length="chunked")) == len(sends("gunicorn's", length="chunked"))
