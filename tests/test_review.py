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
    """Counts the first piece of each highlight and rebuilds the text without tags.

    It also records the rejected marks open around every character, and counts marks
    opened inside a mark of the other kind (targets and rejected candidates never mix)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.firsts: list[str] = []
        self.ids: set[str] = set()
        self.rejected_firsts: list[int] = []
        self.text: list[str] = []
        self.open: list[tuple[str, str]] = []  # ("t", target id) or ("r", rejected index)
        self.greyed: list[set[int]] = []  # per character: the rejected candidates marked around it
        self.mixed = 0  # marks opened inside a mark of the other kind

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag != "mark":
            return
        kind = "t" if "t" in classes else "r"
        self.mixed += any(k != kind for k, _ in self.open)
        if "t" in classes:
            self.ids.add(a["data-target-id"] or "")
            if "cont" not in classes:
                self.firsts.append(a["data-target-id"] or "")
            self.open.append(("t", a["data-target-id"] or ""))
        elif "r" in classes:
            if "cont" not in classes:
                self.rejected_firsts.append(int(a["data-rejected"] or -1))
            self.open.append(("r", a["data-rejected"] or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        rejected = {int(key) for kind, key in self.open if kind == "r"}
        self.greyed.extend(rejected for _ in data)


def _parse(fragment: str) -> MarkCounter:
    counter = MarkCounter()
    counter.feed(fragment)
    counter.close()
    return counter


def _target(tid: str, start: int, end: int) -> dict[str, Any]:
    return {"id": tid, "tier": "list", "indicator": tid, "source": {"page": 1, "start": start, "end": end}}


def _rejected(start: int, end: int, verdict: str = "result") -> dict[str, Any]:
    return {
        "text": "x",
        "verdict": verdict,
        "reason": "reports a result ('đã')",
        "section": None,
        "source": {"page": 1, "start": start, "end": end},
    }


def _covered_by_targets(result: dict[str, Any]) -> set[int]:
    """Indices of the rejected candidates whose every character lies in some target's span."""
    covered = set()
    for t in result["targets"]:
        covered.update(range(t["source"]["start"], t["source"]["end"]))
    return {
        i
        for i, r in enumerate(result["rejected"])
        if set(range(r["source"]["start"], r["source"]["end"])) <= covered
    }


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


@pytest.mark.parametrize(
    ("targets", "rejected", "greyed"),
    [
        ([], [(0, 10)], {0}),
        ([(2, 5)], [(0, 10)], {0}),  # a target inside: the rejected mark goes around it in pieces
        ([(0, 10)], [(2, 5)], set()),  # inside a target: listed, not greyed
        ([(0, 4), (4, 10)], [(2, 8)], set()),  # covered by two targets together
        ([(0, 6)], [(4, 10), (5, 9)], {0, 1}),  # crossing a target, and one inside another rejected
        ([(5, 5)], [(0, 10)], {0}),  # an empty target: a point marker, never inside a rejected mark
        ([], [(3, 3), (2, 99)], set()),  # empty or out of the text: not located
    ],
)
def test_rejected_candidates_are_greyed_only_where_no_target_is(targets, rejected, greyed):
    text = "Tỷ lệ <b>&"
    result_targets = [_target(f"t{i}", s, e) for i, (s, e) in enumerate(targets)]
    result_rejected = [_rejected(s, e) for s, e in rejected]
    counter = _parse(highlight(text, result_targets, result_rejected))
    assert "".join(counter.text) == text
    assert sorted(counter.firsts) == sorted(t["id"] for t in result_targets)
    assert sorted(counter.rejected_firsts) == sorted(greyed)  # one first piece per greyed candidate
    assert counter.mixed == 0  # targets win: no mark of one kind inside one of the other
    for pos, in_rejected in enumerate(counter.greyed):
        want = {
            i
            for i, (s, e) in enumerate(rejected)
            if i in greyed and s <= pos < e and not any(a <= pos < b for a, b in targets)
        }
        assert in_rejected == want, pos


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
        "rejected": [dict(_rejected(0, 9), text="</script>", reason="<b>'đã'</b>")],
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
    assert "<b>'đã'</b>" not in page and "&lt;b&gt;&#x27;đã&#x27;&lt;/b&gt;" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # no CDN, no network


def test_real_documents_get_one_highlight_per_target(results):
    for doc_id, result in results.items():
        page = render_review(result)
        doc_html = page.split('<div id="doc">', 1)[1].split("</div></section>", 1)[0]
        counter = _parse(doc_html)
        assert len(counter.firsts) == len(result["targets"]), doc_id
        assert "".join(counter.text) == result["text"], doc_id


def test_real_documents_grey_their_rejected_candidates_and_list_them(results):
    for doc_id, result in results.items():
        assert result["rejected"], doc_id  # the corpus programs have clauses that are not targets
        page = render_review(result)
        doc_html = page.split('<div id="doc">', 1)[1].split("</div></section>", 1)[0]
        counter = _parse(doc_html)
        greyed = set(range(len(result["rejected"]))) - _covered_by_targets(result)
        assert sorted(counter.rejected_firsts) == sorted(greyed), doc_id
        assert counter.mixed == 0, doc_id
        assert page.count("<tr data-rejected=") == len(result["rejected"]), doc_id
        assert f"Rejected candidates ({len(result['rejected'])})" in page


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


def _point_in(browser: Chromium, selector: str, last_line: bool = False) -> tuple[float, float]:
    """A point inside the element ``selector`` (its first or last line), scrolled into view."""
    box = browser.evaluate(
        f"""(() => {{ const m = document.querySelector({json.dumps(selector)});
        m.scrollIntoView({{block: 'center'}}); const rects = m.getClientRects();
        const r = rects[{"rects.length - 1" if last_line else "0"}];
        return {{x: r.left + Math.min(4, r.width / 2), y: r.top + r.height / 2}}; }})()"""
    )
    return box["x"], box["y"]


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
    target_mark = f'#doc mark.t[data-target-id="{target["id"]}"]:not(.cont)'
    browser.click_at(*_point_in(browser, target_mark, last_line=True))
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

    # Rejected candidates are greyed where no target is, and a click on one says why it is no target.
    rejected = result["rejected"]
    greyed = set(range(len(rejected))) - _covered_by_targets(result)
    assert browser.evaluate("document.querySelectorAll('#doc mark.r:not(.cont)').length") == len(greyed)
    assert browser.evaluate("document.querySelectorAll('#doc mark.t mark.r, #doc mark.r mark.t').length") == 0
    assert browser.evaluate("document.getElementById('n-rejected').textContent") == str(len(rejected))
    assert browser.evaluate("document.getElementById('doc').textContent") == result["text"]
    # a candidate its own words rule out, if the document has one, else the first greyed one
    i = min(greyed, key=lambda i: (rejected[i]["verdict"] == "no-commitment", i))
    grey_mark = f'#doc mark.r[data-rejected="{i}"]:not(.cont)'
    browser.click_at(*_point_in(browser, grey_mark))
    assert browser.evaluate("document.getElementById('details-title').textContent") == "Rejected candidate"
    shown = browser.evaluate("document.getElementById('details-body').innerText")
    assert rejected[i]["reason"] in shown and rejected[i]["verdict"] in shown
    page_no = rejected[i]["source"]["page"]
    assert (str(page_no) if page_no is not None else "(no page)") in shown
    assert browser.evaluate(f"document.querySelector('#rejected tr[data-rejected=\"{i}\"]').className") == (
        "selected"
    )

    # The verdict filter narrows the rejected table to that verdict.
    verdict = rejected[i]["verdict"]
    browser.evaluate(
        f"(() => {{ const s = document.getElementById('verdict-filter'); s.value = {json.dumps(verdict)};"
        " s.dispatchEvent(new Event('input')); })()"
    )
    visible = browser.evaluate(
        "[...document.querySelectorAll('#rejected tbody tr')].filter(r => !r.hidden).map(r => r.dataset.verdict)"
    )
    assert visible == [r["verdict"] for r in rejected if r["verdict"] == verdict]

    # The checkbox hides them: the greyed spans look like plain text and a click on one shows nothing.
    browser.evaluate("document.getElementById('show-rejected').click()")
    assert browser.evaluate("document.getElementById('rejected-pane').hidden") is True
    assert browser.evaluate("getComputedStyle(document.querySelector('#doc mark.r')).backgroundColor") in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    assert browser.evaluate("document.getElementById('details-title').textContent") == "Target"
    browser.click_at(*_point_in(browser, grey_mark))
    assert rejected[i]["reason"] not in browser.evaluate("document.getElementById('details-body').innerText")
    browser.evaluate("document.getElementById('show-rejected').click()")
    assert browser.evaluate("document.getElementById('rejected-pane').hidden") is False
    assert browser.errors() == []

    shot = os.environ.get("CHITIEU_SCREENSHOT")
    if shot and source == SCREENSHOT_SOURCE:
        browser.evaluate(
            "(() => { const f = document.getElementById('filter'); f.value = '';"
            " f.dispatchEvent(new Event('input')); window.scrollTo(0, 0); })()"
        )
        browser.click_at(*_point_in(browser, target_mark, last_line=True))
        browser.screenshot(ROOT / shot)
