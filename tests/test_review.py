"""The review page: highlights at the right offsets, and a real browser opens it cleanly.

The browser test drives Debian's chromium over the DevTools protocol on a pipe
(--remote-debugging-pipe: fd 3 in, fd 4 out, NUL-separated JSON), so it needs no
driver download and no Python package beyond the standard library.
Set CHITIEU_SCREENSHOT=docs/review.png to save a screenshot of the page it tests.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from pipeline.review import highlight, render_review, write_review

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, Any]]:
    from pipeline.extract import extract_file

    return {p.stem: extract_file(p) for p in CORPUS}


class MarkCounter(HTMLParser):
    """Counts the first piece of each highlight and rebuilds the text without tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.firsts: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "mark" and "t" in (a.get("class") or "").split():
            self.ids.add(a["data-target-id"] or "")
            if "cont" not in (a.get("class") or "").split():
                self.firsts.append(a["data-target-id"] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(fragment: str) -> MarkCounter:
    counter = MarkCounter()
    counter.feed(fragment)
    counter.close()
    return counter


def _target(tid: str, start: int, end: int) -> dict[str, Any]:
    return {"id": tid, "tier": "list", "indicator": tid, "source": {"page": 1, "start": start, "end": end}}


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 10)],
        [(0, 10), (2, 5)],  # nested
        [(0, 6), (4, 10)],  # crossing
        [(0, 5), (1, 4), (3, 8), (0, 10)],  # nested and crossing
        [(3, 3), (0, 10)],  # empty span inside another
        [(2, 7), (2, 7)],  # the same span twice
    ],
)
def test_every_target_gets_exactly_one_highlight_and_the_text_is_untouched(spans):
    text = "Tỷ lệ <b>&"  # 10 characters, some that need escaping
    targets = [_target(f"t{i}", s, e) for i, (s, e) in enumerate(spans)]
    counter = _parse(highlight(text, targets))
    assert sorted(counter.firsts) == sorted(t["id"] for t in targets)
    assert "".join(counter.text) == text


def test_targets_without_valid_offsets_are_listed_but_not_highlighted():
    targets = [_target("ok", 0, 2), _target("bad", 5, 99), {"id": "none", "source": {}}]
    page = render_review({"document": {"id": "x"}, "text": "abcdef", "targets": targets, "warnings": []})
    assert _parse(page).firsts == ["ok"]
    assert page.count("<tr data-target-id=") == 3


def test_page_is_self_contained_and_escapes_document_content():
    text = "</script><script>alert(1)</script> đạt 97%"
    result = {
        "document": {"id": "x", "title": "<b>Tiêu đề</b>"},
        "text": text,
        "targets": [dict(_target("t1", 0, len(text)), indicator="</script>", text=text)],
        "warnings": [
            {
                "kind": "percent_over_100",
                "message": "<i>x</i>",
                "sources": [{"page": 1, "start": 0, "end": 3}],
            }
        ],
    }
    page = render_review(result)
    assert page.count("</script>") == 2  # the JSON data and the code, nothing from the document
    assert "<b>Tiêu đề</b>" not in page and "&lt;b&gt;Tiêu đề&lt;/b&gt;" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # no CDN, no network


def test_real_documents_get_one_highlight_per_target(results):
    for doc_id, result in results.items():
        page = render_review(result)
        doc_html = page.split('<div id="doc">', 1)[1].split("</div></section>", 1)[0]
        counter = _parse(doc_html)
        assert len(counter.firsts) == len(result["targets"]), doc_id
        assert "".join(counter.text) == result["text"], doc_id


def test_write_review_writes_atomically(tmp_path, results):
    result = next(iter(results.values()))
    out = write_review(result, tmp_path / "sub" / "doc.html")
    assert out.read_text(encoding="utf-8") == render_review(result)
    assert [p.name for p in out.parent.iterdir()] == ["doc.html"]


# --- a real browser -----------------------------------------------------------------------


class Chromium:
    """Headless chromium driven over --remote-debugging-pipe (DevTools protocol)."""

    def __init__(self, binary: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="chitieu-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_fds() -> None:  # in the child: its fd 3 reads our commands, fd 4 carries replies
            r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire_fds,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        self.target_id: str | None = None

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict[str, Any] | None = None, session: bool = True) -> dict[str, Any]:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        """The first event ``method`` of the current tab, waiting for it if needed."""

        def mine(e: dict[str, Any]) -> bool:
            return e.get("method") == method and e.get("sessionId") == self.session

        for e in self.events:
            if mine(e):
                return e
        deadline = time.monotonic() + self.timeout
        while True:
            e = self._read_message(deadline)
            self.events.append(e)
            if mine(e):
                return e

    def open(self, url: str, width: int = 1440, height: int = 1000) -> None:
        """Open ``url`` in a fresh tab (closing the previous one) and wait until it has loaded."""
        if self.target_id:
            self.send("Target.closeTarget", {"targetId": self.target_id}, session=False)
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        self.target_id = target["targetId"]
        self.events = []
        self.session = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False
        )["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def click_at(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
            )

    def errors(self) -> list[str]:
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e.get("method") == "Runtime.exceptionThrown":
                out.append(json.dumps(p.get("exceptionDetails"), ensure_ascii=False)[:300])
            elif e.get("method") == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(json.dumps(p.get("args"), ensure_ascii=False)[:300])
            elif e.get("method") == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(p["entry"].get("text", "")[:300])
        return out

    def screenshot(self, path: Path) -> None:
        png = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(png))

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (make test installs it where it can: see make system-deps)")
    b = Chromium(CHROMIUM)
    yield b
    b.close()


SCREENSHOT_SOURCE = "ha-dong-18-ctr-2026.pdf"  # a PDF, so the details panel shows real pages


@pytest.mark.parametrize("source", [p.name for p in CORPUS] + [SCREENSHOT_SOURCE])
def test_review_page_in_headless_chromium(browser, results, tmp_path, source):
    if source.endswith(".txt"):
        result = results[Path(source).stem]
    else:
        from pipeline.extract import extract_file

        result = extract_file(ROOT / "corpus" / source)
        assert any((t.get("source") or {}).get("page") for t in result["targets"])
    page = write_review(result, tmp_path / f"{Path(source).stem}.html")
    browser.open(page.as_uri())

    assert browser.errors() == []
    n = len(result["targets"])
    assert browser.evaluate("document.querySelectorAll('#doc mark.t:not(.cont)').length") == n
    ids = browser.evaluate(
        "[...new Set([...document.querySelectorAll('#doc mark.t')].map(m => m.dataset.targetId))]"
    )
    assert sorted(ids) == sorted(t["id"] for t in result["targets"])
    assert browser.evaluate("document.getElementById('doc').textContent") == result["text"]

    # Click the highlight of a quantified target: its fields and page appear in the details panel.
    target = next(t for t in result["targets"] if t.get("value") is not None or t.get("low") is not None)
    box = browser.evaluate(
        f"""(() => {{ const m = document.querySelector('#doc mark.t[data-target-id="{target["id"]}"]:not(.cont)');
        m.scrollIntoView({{block: 'center'}}); const rects = m.getClientRects(); const r = rects[rects.length - 1];
        return {{x: r.left + Math.min(4, r.width / 2), y: r.top + r.height / 2}}; }})()"""
    )
    browser.click_at(box["x"], box["y"])
    shown = browser.evaluate("document.getElementById('details-body').innerText")
    assert target["id"] in shown
    assert (target["text"] or "")[:30] in shown.replace("\n", " ") or target["text"][:30] in shown
    page_no = (target.get("source") or {}).get("page")
    assert (str(page_no) if page_no is not None else "(no page)") in shown

    # The filter narrows the table to the matching rows.
    word = (target.get("indicator") or target["text"]).split()[-1]
    browser.evaluate(
        f"(() => {{ const f = document.getElementById('filter'); f.value = {json.dumps(word)};"
        " f.dispatchEvent(new Event('input')); })()"
    )
    visible = browser.evaluate(
        "[...document.querySelectorAll('#targets tbody tr')].filter(r => !r.hidden).length"
    )
    assert 1 <= visible <= n

    # A warning's place link selects the warned text.
    for w in result["warnings"][:3]:
        src = w["sources"][0]
        selected = browser.evaluate(
            f"(() => {{ document.querySelector('#warnings a.src[data-start=\"{src['start']}\"]').click();"
            " return window.getSelection().toString(); })()"
        )
        assert selected == result["text"][src["start"] : src["end"]]
    assert browser.errors() == []

    shot = os.environ.get("CHITIEU_SCREENSHOT")
    if shot and source == SCREENSHOT_SOURCE:
        browser.evaluate(
            "(() => { const f = document.getElementById('filter'); f.value = '';"
            " f.dispatchEvent(new Event('input')); window.scrollTo(0, 0); })()"
        )
        browser.click_at(box["x"], box["y"])
        browser.screenshot(ROOT / shot)
