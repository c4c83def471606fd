#!/usr/bin/env python
"""The documentation site in a real browser, as a reader opens it.

    python tools/docs.py && python tools/docs_test.py      # build, then test the built `_site/`
    python tools/docs_test.py --build                      # the same in one command

Serves the built site on 127.0.0.1 (a free port) and drives Debian's Chromium (`/usr/bin/chromium`) with
Playwright. Every page is first read as text: no raw `#|` cell option, `:::` fence or YAML front matter, no
unrendered `$$`, no widget shown as text, no path of the machine that ran a notebook, nothing loaded from another site (no CDN). Then the browser opens the home page, `06_losses`, `11_pipeline` and an API entry of
`04_metrics` and checks on each: equations rendered by KaTeX (where the page has some), every image loaded
(natural width > 0), the search box answers "AdaCos" and "pseudo label" with hits, the API entry's anchor
leads to its heading and signature, and no console error. Screenshots at 1280 px go to the artefact folder
(default `browser_artefacts/docs/`, git-ignored). Exits 1 on any failure, naming it.

Needs: `pip install -e ".[docs]"` and `apt-get install chromium`.
"""
import argparse, functools, http.server, re, subprocess, sys, threading, time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = '/usr/bin/chromium'
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']
# (page, anchor, needs equations, what the screenshot is called)
PAGES = [('index.html', '', True, 'home'), ('losses.html', '', True, '06_losses'),
         ('pipeline.html', '', False, '11_pipeline'), ('metrics.html', 'evaluate', False, 'api_metrics_evaluate')]
SEARCHES = ('AdaCos', 'pseudo label')


class _Text(HTMLParser):
    "The visible text of a page (outside scripts, styles and KaTeX's MathML copy)."
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ('script', 'style', 'annotation'): self.skip += 1

    def handle_endtag(self, tag):
        if tag in ('script', 'style', 'annotation'): self.skip -= 1

    def handle_data(self, d):
        if not self.skip: self.parts.append(d)


RAW = [(re.compile(r'^\s*#\|', re.M), 'a raw "#|" cell option'), (re.compile(r'^\s*:::', re.M), 'a raw ":::" fence'),
       (re.compile(r'^(output-file|title|description):', re.M), 'YAML front matter'),
       (re.compile(r'\$\$'), 'an unrendered "$$"'), (re.compile(r'[VH]Box\(children='), "a widget's text"),
       (re.compile(r'(?<![\w<>~])/(?:tmp/tmp|root/)'), "a path of the machine that ran the notebook")]
EXTERNAL = re.compile(r'<(?:script|img|link|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.I)


def static_checks(site: Path) -> list[str]:
    "What a reader must never see as text, on every page of the site."
    bad = []
    for f in sorted(site.rglob('*.html')):
        if 'pagefind' in f.parts: continue
        t = _Text()
        t.feed(f.read_text())
        text = ''.join(t.parts)
        bad += [f'{f.relative_to(site)}: {what}' for rx, what in RAW if rx.search(text)]
        if EXTERNAL.search(f.read_text()): bad.append(f'{f.relative_to(site)}: loads a file from another site')
    return bad


def serve(site: Path):
    "An HTTP server of `site` on 127.0.0.1 in a thread, and its base URL."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    h = functools.partial(Quiet, directory=str(site))
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), h)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}/'


PAGE_JS = """() => {
  const main = document.querySelector('main');
  const imgs = [...document.querySelectorAll('img')];
  return {katex: document.querySelectorAll('.katex').length,
          raw_dollars: main.innerText.includes('$$'),
          images: imgs.length, broken_images: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src),
          title: document.querySelector('header h1')?.innerText,
          nav: document.querySelectorAll('.sidebar li a').length};
}"""


def browse(base: str, artefacts: Path, width: int, timeout_ms: int) -> list[str]:
    "Open the pages in Chromium; the failures found."
    from playwright.sync_api import sync_playwright
    fails = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={'width': width, 'height': 1000})
        console = []
        page.on('console', lambda m: console.append(f'{m.type}: {m.text} ({m.location.get("url")})') if m.type == 'error' else None)
        page.on('pageerror', lambda e: console.append(f'pageerror: {e}'))
        page.on('requestfailed', lambda r: console.append(f'request failed: {r.url}'))
        for name, anchor, needs_math, shot in PAGES:
            console.clear()
            page.goto(base + name + (f'#{anchor}' if anchor else ''), wait_until='load', timeout=timeout_ms)
            st = page.evaluate(PAGE_JS)
            where = name + (f'#{anchor}' if anchor else '')
            if needs_math and st['katex'] == 0: fails.append(f'{where}: no KaTeX equation rendered')
            if st['raw_dollars']: fails.append(f'{where}: raw "$$" in the text')
            if st['broken_images']: fails.append(f'{where}: images not loaded: {st["broken_images"]}')
            if st['nav'] < 10: fails.append(f'{where}: the sidebar lists {st["nav"]} pages')
            if anchor:
                h = page.locator(f'[id="{anchor}"]')
                if h.count() != 1: fails.append(f'{where}: {h.count()} elements with the id')
                else:
                    box = h.bounding_box()
                    if not box or not (-5 <= box['y'] < 300): fails.append(f'{where}: the entry is not at the top ({box})')
                    sig = page.locator(f'[id="{anchor}"] ~ pre.code').first
                    if anchor not in (sig.inner_text() if sig.count() else ''):
                        fails.append(f'{where}: no signature after the heading')
            artefacts.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(artefacts/f'{shot}.png'))
            print(f'  {where}: {st["katex"]} equations, {st["images"]} images, title {st["title"]!r}')
            if name == 'index.html':
                for q in SEARCHES:
                    box = page.locator('#search input')
                    box.fill(q)
                    try:
                        page.wait_for_selector('.pagefind-ui__result', timeout=timeout_ms)
                        n = page.locator('.pagefind-ui__result').count()
                        print(f'  search {q!r}: {n} results shown')
                    except Exception as e:
                        fails.append(f'search {q!r}: no result ({type(e).__name__})')
                    page.screenshot(path=str(artefacts/f'search_{q.replace(" ", "_")}.png'))
                    box.fill('')
            fails += [f'{where}: console {c}' for c in console]
        browser.close()
    return fails


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--site', type=Path, default=ROOT/'_site', help='the built site')
    ap.add_argument('--build', action='store_true', help='build the site first (python tools/docs.py)')
    ap.add_argument('--artefacts', type=Path, default=ROOT/'browser_artefacts'/'docs', help='folder for the screenshots')
    ap.add_argument('--width', type=int, default=1280, help='browser window width (px)')
    ap.add_argument('--timeout', type=float, default=30, help='seconds to wait for a page or a search')
    a = ap.parse_args(argv)
    t0 = time.time()
    if a.build and subprocess.run([sys.executable, str(ROOT/'tools'/'docs.py'), '--out', str(a.site)]).returncode:
        print('docs test: the build failed')
        return 1
    if not (a.site/'index.html').exists():
        print(f'docs test: no site in {a.site} (run python tools/docs.py)')
        return 1
    fails = static_checks(a.site)
    srv, base = serve(a.site)
    try: fails += browse(base, a.artefacts, a.width, int(a.timeout * 1000))
    finally: srv.shutdown()
    for f in fails: print('  FAIL', f)
    print(f'docs test: {"FAILED" if fails else "passed"} in {time.time() - t0:.0f} s; screenshots in {a.artefacts}')
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
