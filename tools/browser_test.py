#!/usr/bin/env python
"""The explorer (`12_explorer`) in a real browser: Voila serves it, headless Chromium drives it.

    python tools/browser_test.py                   # makes a tiny run (asd_nb.pipeline.run, preset tiny) in a temp folder
    python tools/browser_test.py --run DIR         # the explorer on an existing results directory (e.g. nbs/asd_nb_results/demo)
    python tools/browser_test.py --out DIR         # makes (or reuses) the tiny run in DIR and keeps it

Voila serves `tools/browser_explorer.ipynb` (the explorer on the run named by `ASD_NB_EXPLORE_RUN`) on
127.0.0.1 at a free port; Playwright for Python drives Debian's Chromium (`/usr/bin/chromium`, never a
downloaded browser). The test waits for the widgets, then changes the machine type, the domain and the
clip, and after each change asserts that the picture (the bytes of the plot image) and the text change,
that the audio player holds a playable clip, and that no widget error, "Traceback" or error output
appears on the page or in Voila's log; then it opens the folded list of the clips that share the pseudo
label and counts its rows against its summary. Screenshots before and after each change go to the artefact
folder (default `browser_artefacts/`, git-ignored). Prints a summary and the wall time; exits 1 on failure.

Needs: `pip install -e ".[browser]"` (voila, ipykernel, playwright) and `apt-get install chromium`.
"""
import argparse, os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.error, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NB = ROOT/'tools'/'browser_explorer.ipynb'
CHROMIUM = '/usr/bin/chromium'
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']
ERROR_TEXTS = ('Traceback', 'Error displaying widget', 'Failed to create view', 'Exception in')

# The page's state as the test sees it: the largest image (its bytes hashed), the texts of the HTML
# widgets, the audio element, the controls' values, and any error marks.
STATE_JS = """async () => {
  const imgs = [...document.querySelectorAll('img')].filter(i => i.complete && i.naturalWidth > 0);
  imgs.sort((a, b) => b.naturalWidth*b.naturalHeight - a.naturalWidth*a.naturalHeight);
  const img = imgs[0];
  let hash = null, bytes = 0, size = null;
  if (img) {
    const buf = await (await fetch(img.src)).arrayBuffer();
    const d = await crypto.subtle.digest('SHA-1', buf);
    hash = [...new Uint8Array(d)].map(b => b.toString(16).padStart(2, '0')).join('');
    bytes = buf.byteLength; size = [img.naturalWidth, img.naturalHeight, img.clientWidth, img.clientHeight];
  }
  const text = [...document.querySelectorAll('.widget-html, .widget-htmlmath')].map(e => e.innerText).join('\\n');
  const au = document.querySelector('audio');
  const sel = [...document.querySelectorAll('.widget-dropdown')].map(d => {
      const s = d.querySelector('select'); return [d.innerText.split('\\n')[0], s ? s.options[s.selectedIndex]?.text : null]; });
  const tog = [...document.querySelectorAll('.widget-toggle-button.mod-active')].map(b => b.innerText);
  return {hash, bytes, size, text,
          audio: au ? {src: au.src, ready: au.readyState, duration: au.duration} : null,
          controls: {dropdowns: sel, toggles: tog},
          errors: {stderr: document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]').length,
                   error_widgets: document.querySelectorAll('.jupyter-widgets-error-widget').length,
                   page_text: document.body.innerText}};
}"""


def free_port() -> int:
    "A TCP port free on 127.0.0.1 now."
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def tiny_run(out: Path) -> Path:
    "The results directory of a tiny run in `out` (made, or finished, with `asd_nb.pipeline.run`)."
    from asd_nb.pipeline import run
    t0 = time.time()
    run(out=out, preset='tiny', verbose=False)
    print(f'tiny run in {out}: {time.time() - t0:.0f} s', flush=True)
    return out


def start_voila(run_dir: Path, port: int, log) -> subprocess.Popen:
    "Voila serving the explorer notebook on `run_dir` at 127.0.0.1:`port`, its output into the file `log`."
    env = dict(os.environ, ASD_NB_EXPLORE_RUN=str(Path(run_dir).resolve()), ASD_NB_QUIET='1', MPLBACKEND='module://matplotlib_inline.backend_inline')
    cmd = [sys.executable, '-m', 'voila', str(NB), '--no-browser', f'--port={port}', '--Voila.ip=127.0.0.1',
           '--show_tracebacks=True', '--Voila.log_level=INFO']
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)


def wait_http(url: str, proc: subprocess.Popen, timeout: float):
    "Wait until `url` answers (the server is up) or `proc` dies."
    t0 = time.time()
    while time.time() - t0 < timeout:
        if proc.poll() is not None: raise RuntimeError(f'voila exited with status {proc.returncode}')
        try:
            with urllib.request.urlopen(url + 'favicon.ico', timeout=2): return
        except urllib.error.HTTPError: return            # it answers (404 is an answer)
        except OSError: time.sleep(0.3)
    raise TimeoutError(f'{url}: no answer in {timeout:.0f} s')


class Failure(AssertionError): pass


def check(cond, msg):
    if not cond: raise Failure(msg)


def shot(page, path, width: int, height: int):
    "A screenshot of the whole page at `path` (the window made as tall as the page: Voila scrolls an inner element)."
    h = page.evaluate("() => Math.max(...[...document.querySelectorAll('.widget-vbox, .jp-OutputArea')].map(e => e.getBoundingClientRect().bottom)) + 30")
    page.set_viewport_size(dict(width=width, height=max(height, min(int(h), 8000))))
    page.screenshot(path=str(path), full_page=True)


def no_errors(st: dict, where: str):
    "Fail if the page state `st` shows an error output, an error widget or an error text."
    e = st['errors']
    check(e['stderr'] == 0, f'{where}: {e["stderr"]} error output(s) (stderr) on the page')
    check(e['error_widgets'] == 0, f'{where}: {e["error_widgets"]} widget error(s) on the page')
    for t in ERROR_TEXTS: check(t not in e['page_text'], f'{where}: "{t}" on the page')


def drive(page, a, target: str, steps: list, url: str):
    "Open the explorer's page, change machine type (to `target`), domain and clip, checking each change; what was checked into `steps`."
    console = []
    page.on('console', lambda m: console.append(f'{m.type}: {m.text} ({m.location.get("url")})') if m.type == 'error' else None)
    page.on('pageerror', lambda e: console.append(f'pageerror: {e}'))
    t1 = time.time()
    page.goto(url, timeout=a.load_timeout*1000, wait_until='domcontentloaded')
    page.wait_for_selector('.widget-dropdown select', timeout=a.load_timeout*1000)
    page.wait_for_function("() => [...document.querySelectorAll('img')].some(i => i.complete && i.naturalWidth > 0)",
                           timeout=a.load_timeout*1000)
    page.wait_for_timeout(300)
    st = page.evaluate(STATE_JS)
    print(f'page with widgets and picture: {time.time() - t1:.1f} s', flush=True)
    no_errors(st, 'initial page')
    check(st['audio'] is not None and st['audio']['src'], 'initial page: no audio player with a clip')
    shot(page, a.artefacts/'00_initial.png', a.width, a.height)

    def dropdown(label):
        return page.locator('.widget-dropdown', has=page.locator('label', has_text=label)).locator('select')

    changes = [
        ('machine', f'machine -> {target}', lambda: dropdown('machine').select_option(label=target)),
        ('domain', 'domain -> target', lambda: page.locator('.widget-toggle-button', has_text='target').first.click()),
        ('clip', 'clip -> the 3rd of the list', lambda: dropdown('clip').select_option(index=2)),
    ]
    for i, (name, what, act) in enumerate(changes, 1):
        before = st
        shot(page, a.artefacts/f'{i:02d}_{name}_before.png', a.width, a.height)
        ts = time.time()
        act()
        # wait until the picture and the text have both changed (and the picture is stable)
        while True:
            st = page.evaluate(STATE_JS)
            no_errors(st, what)
            if st['hash'] and st['hash'] != before['hash'] and st['text'] != before['text']: break
            if time.time() - ts > a.timeout:
                shot(page, a.artefacts/f'{i:02d}_{name}_timeout.png', a.width, a.height)
                check(st['hash'] != before['hash'], f'{what}: the picture did not change in {a.timeout:.0f} s')
                check(st['text'] != before['text'], f'{what}: the text did not change in {a.timeout:.0f} s')
            page.wait_for_timeout(50)
        dt = time.time() - ts
        page.wait_for_timeout(300)
        st = page.evaluate(STATE_JS)
        no_errors(st, what)
        check(st['audio'] and st['audio']['src'] and st['audio']['src'] != before['audio']['src'], f'{what}: the audio did not change')
        page.wait_for_function("() => { const a = document.querySelector('audio'); return a && a.readyState >= 1 && a.duration > 0; }",
                               timeout=a.timeout*1000)
        dur = page.evaluate("() => document.querySelector('audio').duration")
        shot(page, a.artefacts/f'{i:02d}_{name}_after.png', a.width, a.height)
        steps.append((what, dt, st['bytes'], dur, st['size']))
        print(f'  {what}: picture and text changed after {dt:.2f} s (png {st["bytes"]} bytes, '
              f'{st["size"][0]}x{st["size"][1]} px shown at {st["size"][2]}x{st["size"][3]}; audio {dur:.2f} s)', flush=True)
    # the folded list of the clips that share the pseudo label: opens, and holds as many rows as it says
    det = page.locator('.widget-html details')
    if det.count():
        page.locator('.widget-html details summary').first.click()
        page.wait_for_function("() => document.querySelector('.widget-html details').open", timeout=a.timeout*1000)
        said = page.evaluate("() => document.querySelector('.widget-html details summary').innerText")
        rows = page.evaluate("() => document.querySelectorAll('.widget-html details tr').length - 1")
        want = int(said.split('list all ')[1].split(' ')[0])
        check(rows == want, f'pseudo-label list: "{said}" but {rows} rows')
        shot(page, a.artefacts/'04_pseudo_list_open.png', a.width, a.height)
        no_errors(page.evaluate(STATE_JS), 'pseudo-label list')
        print(f'  pseudo-label list opened: {rows} clips, as its summary says', flush=True)
    else: print('  (no pseudo-label list on this clip: not checked)')
    check(not [c for c in console if 'pageerror' in c or 'widget' in c.lower()], f'browser errors: {console}')
    if console: print('  browser console errors (not about widgets):', *console[:5], sep='\n    ')


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--run', type=Path, help='an existing results directory (default: make a tiny run)')
    ap.add_argument('--out', type=Path, help='where to make the tiny run and keep it (default: a temp folder, removed)')
    ap.add_argument('--artefacts', type=Path, default=ROOT/'browser_artefacts', help='folder for the screenshots and the Voila log')
    ap.add_argument('--width', type=int, default=1280, help='browser window width (px)')
    ap.add_argument('--height', type=int, default=1000, help='browser window height (px)')
    ap.add_argument('--timeout', type=float, default=30, help='seconds to wait for each change to show')
    ap.add_argument('--load-timeout', type=float, default=300, help='seconds to wait for the page and its widgets')
    ap.add_argument('--machine', help='the machine type to switch to (default: an attribute-less one, else the second)')
    a = ap.parse_args(argv)

    t0 = time.time()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))      # killed (e.g. by `timeout`): still stop Voila and remove the run
    a.artefacts.mkdir(parents=True, exist_ok=True)
    for f in a.artefacts.glob('*.png'): f.unlink()
    tmp = None
    steps, ok, err = [], False, None
    proc = None
    log_path = a.artefacts/'voila.log'
    try:
        if a.run: run_dir = a.run
        elif a.out: run_dir = tiny_run(a.out)
        else: tmp = tempfile.mkdtemp(prefix='asd_nb_browser_'); run_dir = tiny_run(Path(tmp)/'tiny')
        from asd_nb.explorer import load_results
        res = load_results(run_dir)                                   # fails early on a directory that is no run
        machines = sorted(res.scores.machine.unique())
        hidden = sorted(res.pseudo.machine.unique()) if res.pseudo is not None and len(res.pseudo) else []
        target = a.machine or next((m for m in hidden if m != machines[0]), machines[1 % len(machines)])

        from playwright.sync_api import sync_playwright
        port = free_port()
        url = f'http://127.0.0.1:{port}/'
        log = open(log_path, 'w')
        proc = start_voila(run_dir, port, log)
        wait_http(url, proc, 60)
        print(f'voila on {url} ({time.time() - t0:.0f} s)', flush=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=dict(width=a.width, height=a.height))
            try: drive(page, a, target, steps, url)
            except BaseException:
                try: shot(page, a.artefacts/'failure.png', a.width, a.height)
                except Exception: pass
                raise
            finally: browser.close()
        ok = True
    except Exception as e:                      # a failed check or anything that stopped the test
        err = f'{type(e).__name__}: {e}'
    finally:
        if proc is not None:
            proc.terminate()
            try: proc.wait(10)
            except subprocess.TimeoutExpired: proc.kill(); proc.wait()
        if tmp: shutil.rmtree(tmp, ignore_errors=True)
    if ok and log_path.exists():
        bad = [t for t in ('Traceback', 'Exception in') if t in log_path.read_text()]
        if bad: ok, err = False, f'Voila log {log_path} holds {" and ".join(bad)}'
    wall = time.time() - t0
    print(f'browser test {"passed" if ok else "FAILED"}: {len(steps)} of 3 changes checked; screenshots in {a.artefacts}; wall time {wall:.0f} s')
    if not ok:
        print(f'  {err}')
        if log_path.exists(): print('  Voila log (last lines):', *log_path.read_text().splitlines()[-15:], sep='\n    ')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
