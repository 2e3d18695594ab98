"""Mail servers for tests, on 127.0.0.1: one that accepts connections and never says a word (a stalled
server), and one that speaks just enough SMTP to record what it is sent."""

import socket
import socketserver
import threading
from email import message_from_bytes


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler):
        super().__init__(("127.0.0.1", 0), handler)
        self.connections = 0
        self.connected = threading.Event()
        self.messages: list = []
        self.stop = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.shutdown()
        self.server_close()


class _Silent(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.connections += 1
        self.server.connected.set()
        # Never answer: not the greeting, not anything. Hold the connection until the client leaves or the
        # test ends.
        self.request.settimeout(0.2)
        while not self.server.stop.is_set():
            try:
                if self.request.recv(1024) == b"":
                    return
            except TimeoutError:
                continue
            except OSError:
                return


class _Recording(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.server.connections += 1
        self.server.connected.set()
        self.reply("220 fake.test ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 fake.test")
            elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 go ahead")
                data = b""
                while not data.endswith(b"\r\n.\r\n"):
                    chunk = self.rfile.readline()
                    if not chunk:
                        return
                    data += chunk
                self.server.messages.append(message_from_bytes(data[: -len(b".\r\n")]))
                self.reply("250 queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


def stalled_smtp_server() -> _Server:
    return _Server(_Silent)


def recording_smtp_server() -> _Server:
    return _Server(_Recording)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
