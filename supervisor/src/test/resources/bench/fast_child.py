# A child that cold-starts fast (~50-120 ms): serves /health like the bot, exits on stdin EOF.
import datetime
import http.server
import os
import sys
import threading


class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        body = ('{"status":"healthy","last_heartbeat_ack":"%s"}' % now).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def exit_on_eof():
    sys.stdin.read()
    os._exit(0)


server = http.server.HTTPServer(("127.0.0.1", int(os.environ.get("BOT_HEALTH_PORT", "8790"))), Health)
threading.Thread(target=exit_on_eof, daemon=True).start()
print("READY", os.getpid(), flush=True)
server.serve_forever()
