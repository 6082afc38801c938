"""The real phoenix_live_view client's rendered.js (bundled by the conformance suite), driven
over pipes: join with a render, merge diffs, and read back the HTML the client builds."""

import json
import os
import subprocess

_REPO = os.environ.get("LIVEDIFF_REPO_ROOT") or os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


def bundle_path():
    path = os.environ.get("LIVEDIFF_JS_CLIENT_BUNDLE") or os.path.join(
        _REPO, "build", "release", "tests", "conformance", "client_runner.bundle.js")
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"{path} is missing: build it with cmake --build --preset release "
            "--target livediff_js_client, or set LIVEDIFF_JS_CLIENT_BUNDLE")
    return path


class JsClient:
    def __init__(self):
        self.proc = subprocess.Popen(
            [os.environ.get("LIVEDIFF_NODE", "node"), bundle_path()],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def _call(self, cmd):
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        if "error" in reply:
            raise AssertionError(f"the client refused {cmd.get('cmd')}: {reply['error']}")
        return reply

    def join(self, rendered_json, view="phx-view"):
        return self._call({"cmd": "join", "view": view, "rendered": json.loads(rendered_json)})["html"]

    def diff(self, diff_json):
        return self._call({"cmd": "diff", "diff": json.loads(diff_json)})["html"]

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
