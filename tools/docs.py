#!/usr/bin/env python
"""Build asd_nb's documentation site offline, without Quarto: `python tools/docs.py [--serve]`.

1. nbdev's own pre-processing (`nbdev.serve.proc_nbs`, what `nbdev-docs` hands to Quarto) writes `_proc/`:
   show_doc rendered, export cells hidden, front matter (title, description, output-file) in a raw cell.
2. Every processed notebook becomes one page of `_site/`, named by its `output-file`, in notebook order
   (home, the numbered reference notebooks, then `studies/`): prose, equations, code, kept outputs, API docs.
   The Quarto cell options nbdev writes (`#| echo: false`, `#| output: asis`, …) are obeyed, never shown.
3. Equations are rendered at build time by KaTeX (the npm package, fetched once with `npm pack` into
   `.docs_cache/`; Node.js runs it), so pages need no script and no CDN to show them; KaTeX's stylesheet and
   fonts are served from the site.
4. Pagefind (PyPI `pagefind[bin]`) indexes the pages for the search box.
5. Every internal link, anchor and image is checked; the build names each broken one and fails.

Quarto users can still run `nbdev-docs` (`nbs/_quarto.yml` is kept); this script is the route that needs
only PyPI and npm. Options: `--out DIR` (default `_site`), `--no-proc` (reuse `_proc/`), `--serve [PORT]`.
"""
from __future__ import annotations
import argparse, base64, html, json, os, re, shutil, subprocess, sys, tarfile, time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

ROOT = Path(__file__).resolve().parents[1]
KATEX = '0.16.47'                       # the KaTeX release the site is built with (npm package `katex`)
CACHE = ROOT/'.docs_cache'
WIDGET = 'application/vnd.jupyter.widget-view+json'
ANSI = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]')


# ---------------------------------------------------------------- pages
@dataclass
class Page:
    "One notebook of `_proc/` and where its page goes."
    src: Path                            # processed notebook
    rel: str                             # notebook path relative to nbs/, e.g. 'studies/scale.ipynb'
    out: str                             # page path relative to the site, e.g. 'studies/scale.html'
    title: str
    description: str = ''
    group: str = 'Reference'
    toc: list = field(default_factory=list)
    description_html: str = ''

    @property
    def root(self) -> str: return '../' * self.out.count('/')   # from this page to the site's root


def front_matter(nb: dict) -> dict:
    "The YAML of the notebook's leading raw cell (nbdev writes title, description and output-file there)."
    c = nb['cells'][0] if nb['cells'] else None
    if c and c['cell_type'] == 'raw':
        m = re.match(r'\s*---\n(.*?)\n---', ''.join(c['source']), re.S)
        if m: return yaml.safe_load(m.group(1)) or {}
    return {}


def order_key(rel: str):
    "Home first, then the numbered notebooks, then studies, each in file-name order."
    return (rel != 'index.ipynb', rel.startswith('studies/'), rel)


def collect(proc: Path) -> list[Page]:
    "The pages of the processed notebooks under `proc`, in site order."
    pages = []
    for src in proc.rglob('*.ipynb'):
        rel = src.relative_to(proc).as_posix()
        if any(p.startswith(('_', '.')) for p in Path(rel).parts): continue
        fm = front_matter(json.loads(src.read_text()))
        folder = rel.rsplit('/', 1)[0] + '/' if '/' in rel else ''
        out = folder + (fm.get('output-file') or Path(rel).with_suffix('.html').name)
        group = 'Home' if rel == 'index.ipynb' else 'Studies' if rel.startswith('studies/') else 'Reference'
        pages.append(Page(src, rel, out, str(fm.get('title') or Path(rel).stem), str(fm.get('description') or ''), group))
    return sorted(pages, key=lambda p: order_key(p.rel))


# ---------------------------------------------------------------- markdown and math
def slug(text: str) -> str:
    "Pandoc's identifier of a heading (what Quarto and nbdev's doc links use)."
    s = re.sub(r'<[^>]+>', '', text).strip().lower()
    s = re.sub(r'[^\w\s.-]', '', s)
    s = re.sub(r'\s+', '-', s)
    return re.sub(r'^[^a-z]+', '', s) or 'section'


def heading_text(inline) -> str:
    "The text a reader sees of a heading's inline token: link targets left out, as Pandoc's identifiers do."
    if not inline.children: return inline.content
    return ''.join(c.content for c in inline.children if c.type in ('text', 'code_inline', 'html_inline'))


class Math:
    "Collects every TeX expression of the site and renders them all at once with KaTeX."
    def __init__(self): self.items = []

    def add(self, tex: str, display: bool) -> str:
        self.items.append((tex, display))
        return f'\x00math{len(self.items) - 1}\x00'

    def render(self, katex_dir: Path) -> list[dict]:
        "KaTeX's HTML (or its error) for each expression, in the order they were added."
        script = CACHE/'render_math.js'
        script.write_text(_KATEX_JS)
        r = subprocess.run(['node', str(script), str(katex_dir/'dist'/'katex.js')], input=json.dumps(self.items),
                           capture_output=True, text=True, check=True)
        return json.loads(r.stdout)


_KATEX_JS = r"""
const katex = require(process.argv[2]);
let input = ''; process.stdin.on('data', d => input += d).on('end', () => {
  const out = JSON.parse(input).map(([tex, display]) => {
    try { return {html: katex.renderToString(tex, {displayMode: display, throwOnError: true, output: 'htmlAndMathml'})}; }
    catch (e) { return {error: String(e.message || e)}; }
  });
  process.stdout.write(JSON.stringify(out));
});
"""


def markdown_renderer(math: Math, ids: dict) -> MarkdownIt:
    "Markdown as Quarto reads nbdev's output: tables, `$…$`/`$$…$$` math, `{attr=…}` after links, heading ids."
    md = MarkdownIt('commonmark', {'html': True}).enable(['table', 'strikethrough'])
    md.use(dollarmath_plugin, double_inline=True, allow_space=True, allow_digits=False)
    md.use(attrs_plugin)
    r = md.renderer.rules
    r['math_inline'] = lambda toks, i, o, e: math.add(toks[i].content, False)
    r['math_inline_double'] = lambda toks, i, o, e: math.add(toks[i].content, True)
    r['math_block'] = lambda toks, i, o, e: '<div class="math">' + math.add(toks[i].content, True) + '</div>\n'
    r['math_block_label'] = r['math_block']

    def heading_ids(state):
        toks = state.tokens
        for i, t in enumerate(toks):
            if t.type == 'heading_open' and not t.attrGet('id'):
                base = slug(heading_text(toks[i + 1]))
                n = ids.get(base, 0)
                ids[base] = n + 1
                t.attrSet('id', base if n == 0 else f'{base}-{n}')
    md.core.ruler.push('heading_ids', heading_ids)

    def code_block(toks, i, o, e):
        info = toks[i].info.strip().split()
        return code_html(toks[i].content, info[0] if info else 'text')
    r['fence'] = code_block
    return md


_FMT = HtmlFormatter(nowrap=True)


def code_html(src: str, lang: str = 'python') -> str:
    "A code block, highlighted when it is Python."
    lang = lang.strip('{}').lstrip('.')
    body = highlight(src, PythonLexer(), _FMT) if lang in ('python', 'py', 'ipython3') else html.escape(src)
    return f'<pre class="code"><code class="language-{html.escape(lang or "text")}">{body}</code></pre>\n'


# ---------------------------------------------------------------- cells
def options(src: str) -> tuple[dict, str]:
    "Quarto cell options (`#| key: value` lines at the top) and the source without them."
    opts, lines = {}, src.splitlines()
    while lines and lines[0].startswith('#|'):
        k, _, v = lines.pop(0)[2:].partition(':')
        opts[k.strip()] = v.strip() or True
    return opts, '\n'.join(lines).strip('\n')


class Renderer:
    "Turns the cells of one processed notebook into the HTML of its page."
    def __init__(self, page: Page, pages: dict, site_url: str, math: Math, site: Path):
        self.page, self.pages, self.site_url, self.math, self.site = page, pages, site_url.rstrip('/') + '/', math, site
        self.ids, self.n_fig = {}, 0
        self.md = markdown_renderer(math, self.ids)

    def markdown(self, text: str) -> str:
        return self.links(self.md.render(text))

    def links(self, h: str) -> str:
        "Links made relative to this page: nbdev's absolute site links, and `.ipynb` links to the notebook's page."
        def fix(m):
            attr, url = m.group(1), html.unescape(m.group(2))
            if url.startswith(self.site_url):                       # nbdev's link to a symbol's API entry
                return f'{attr}="{html.escape(self.page.root + url[len(self.site_url):])}" data-doclink="1"'
            else:
                parts = urlsplit(url)
                if not parts.scheme and parts.path.endswith('.ipynb'):
                    here = Path(self.page.rel).parent
                    target = os.path.normpath(here/unquote(parts.path)).replace(os.sep, '/')
                    if target in self.pages:
                        url = os.path.relpath(self.pages[target], here.as_posix() or '.').replace(os.sep, '/')
                        url += f'#{parts.fragment}' if parts.fragment else ''
            return f'{attr}="{html.escape(url)}"'
        return re.sub(r'\b(href|src)="([^"]*)"', fix, h)

    def figure(self, b64: str, ext: str) -> str:
        "A figure of the notebook's outputs, written next to the page."
        self.n_fig += 1
        name = f'{Path(self.page.out).stem}_files/figure-{self.n_fig}.{ext}'
        f = self.site/Path(self.page.out).parent/name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(base64.b64decode(b64))
        return f'<img src="{name}" alt="figure {self.n_fig}" loading="eager">'

    def output(self, o: dict, asis: bool) -> str:
        t = o['output_type']
        if t == 'stream':
            text = ANSI.sub('', ''.join(o['text']))
            return f'<pre class="output {o.get("name", "")}">{html.escape(text.rstrip())}</pre>' if text.strip() else ''
        if t == 'error': return f'<pre class="output error">{html.escape(ANSI.sub("", chr(10).join(o["traceback"])))}</pre>'
        d = {k: ''.join(v) if isinstance(v, list) else v for k, v in o.get('data', {}).items()}
        if WIDGET in d: return ''                                  # interactive widgets need a kernel: not shown
        if 'image/png' in d: return self.figure(d['image/png'], 'png')
        if 'image/svg+xml' in d: return f'<div class="svg">{d["image/svg+xml"]}</div>'
        if 'text/html' in d: return f'<div class="html-output">{self.links(d["text/html"])}</div>'
        if 'text/markdown' in d:
            body = self.markdown(d['text/markdown'])
            return body if asis else f'<div class="md-output">{body}</div>'
        if 'text/latex' in d: return self.markdown(d['text/latex'])
        if 'text/plain' in d: return f'<pre class="output">{html.escape(ANSI.sub("", d["text/plain"]))}</pre>'
        return ''

    def cell(self, c: dict) -> str:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown': return self.markdown(src)
        if c['cell_type'] != 'code': return ''
        opts, code = options(src)
        if opts.get('include') == 'false': return ''
        parts = [] if opts.get('echo') == 'false' or not code.strip() else [code_html(code)]
        if opts.get('output') != 'false':
            parts += [self.output(o, opts.get('output') == 'asis') for o in c.get('outputs', [])]
        parts = [p for p in parts if p]
        return f'<div class="cell">{"".join(parts)}</div>\n' if parts else ''

    def body(self, nb: dict) -> str:
        cells = nb['cells'][1:] if front_matter(nb) else nb['cells']
        return ''.join(self.cell(c) for c in cells)


# ---------------------------------------------------------------- site
def tables_scroll(h: str) -> str:
    "Wide tables scroll sideways in their own box instead of breaking words."
    return re.sub(r'<table(.*?)</table>', r'<div class="table-wrap"><table\1</table></div>', h, flags=re.S)


def undocumented_links(bodies: dict) -> int:
    "nbdev links every name of the module index, private ones too; a name with no API entry is left as plain code."
    ids = {page: set(re.findall(r'\bid="([^"]+)"', b)) for page, b in bodies.items()}
    n = 0
    def unwrap(m, page):
        nonlocal n
        target = os.path.normpath(os.path.join(os.path.dirname(page), m.group(1))).replace(os.sep, '/')
        if target in ids and m.group(2) not in ids[target]:
            n += 1
            return m.group(3)
        return m.group(0)
    for page in bodies:
        bodies[page] = re.sub(r'<a href="([^"#]*)#([^"]+)" data-doclink="1">(.*?)</a>', lambda m: unwrap(m, page),
                              bodies[page])
    return n


def toc(h: str) -> list:
    "(level, id, text) of the h2 and h3 headings of a page."
    return [(int(l), i, re.sub(r'<[^>]+>', '', t)) for l, i, t in re.findall(r'<h([23]) id="([^"]+)">(.*?)</h\1>', h, re.S)]


def nav(pages: list[Page], here: Page) -> str:
    out, group = [], None
    for p in pages:
        if p.group != group:
            if group: out.append('</ul>')
            group = p.group
            out.append(f'<p class="nav-group">{group}</p><ul>')
        num = re.match(r'(\d+[a-z]?)_', Path(p.rel).name)
        label = (f'<span class="num">{num.group(1)}</span> ' if num else '') + html.escape(p.title)
        cls = ' class="active"' if p is here else ''
        out.append(f'<li><a{cls} href="{here.root}{p.out}">{label}</a></li>')
    return '\n'.join(out + ['</ul>'])


def page_html(p: Page, body: str, pages: list[Page], site_title: str) -> str:
    i = pages.index(p)
    prev_, next_ = (pages[i - 1] if i else None), (pages[i + 1] if i + 1 < len(pages) else None)
    toc_html = ''.join(f'<li class="l{l}"><a href="#{i_}">{html.escape(t)}</a></li>' for l, i_, t in p.toc)
    pn = ''.join(f'<a class="{k}" href="{p.root}{q.out}">{lbl} {html.escape(q.title)}</a>'
                 for k, q, lbl in (('prev', prev_, '←'), ('next', next_, '→')) if q)
    desc = f'<p class="description">{p.description_html}</p>' if p.description else ''
    title = site_title if p.group == 'Home' else f'{p.title} – {site_title}'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{html.escape(title)}</title>
<meta name="description" content="{html.escape(p.description)}">
<link rel="stylesheet" href="{p.root}assets/katex/katex.min.css">
<link rel="stylesheet" href="{p.root}pagefind/pagefind-ui.css">
<link rel="stylesheet" href="{p.root}assets/site.css">
</head><body>
<nav class="sidebar"><a class="brand" href="{p.root}index.html">{html.escape(site_title)}</a>
<div id="search"></div>
{nav(pages, p)}
</nav>
<main data-pagefind-body>
<header><h1>{html.escape(p.title)}</h1>{desc}</header>
{body}
<footer class="pager" data-pagefind-ignore>{pn}</footer>
</main>
<aside class="toc" data-pagefind-ignore><p>On this page</p><ul>{toc_html}</ul></aside>
<script src="{p.root}pagefind/pagefind-ui.js"></script>
<script>
window.addEventListener('DOMContentLoaded', () => new PagefindUI({{element: '#search', showSubResults: true, showImages: false,
  baseUrl: new URL('{p.root or './'}', location.href).pathname, resetStyles: false}}));
</script>
</body></html>
"""


def katex_package() -> Path:
    "KaTeX's npm package, unpacked in the cache (fetched once with `npm pack`)."
    d = CACHE/f'katex-{KATEX}'
    if (d/'dist'/'katex.js').exists(): return d
    CACHE.mkdir(exist_ok=True)
    tgz = CACHE/f'katex-{KATEX}.tgz'
    if not tgz.exists():
        if not shutil.which('npm'): sys.exit(f'docs: npm is needed once to fetch KaTeX {KATEX} (or put {tgz.name} in {CACHE})')
        subprocess.run(['npm', 'pack', f'katex@{KATEX}', '--pack-destination', str(CACHE)], check=True,
                       capture_output=True)
    tmp = CACHE/'katex.tmp'
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tgz) as t: t.extractall(tmp, filter='data')
    (tmp/'package').rename(d)
    shutil.rmtree(tmp)
    return d


class _Refs(HTMLParser):
    "Ids, links and image sources of one HTML page."
    def __init__(self):
        super().__init__()
        self.ids, self.refs = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get('id'): self.ids.add(a['id'])
        if tag == 'a' and a.get('name'): self.ids.add(a['name'])
        if tag == 'a' and a.get('href'): self.refs.append(a['href'])
        if tag == 'img' and a.get('src'): self.refs.append(a['src'])


def check_links(site: Path) -> list[str]:
    "Every internal link, anchor and image of the site that does not resolve, as 'page: link (why)'."
    parsed = {}
    for f in site.rglob('*.html'):
        if 'pagefind' in f.parts: continue
        parsed[f] = _Refs()
        parsed[f].feed(f.read_text())
    broken = []
    for f, refs in parsed.items():
        for ref in refs.refs:
            u = urlsplit(ref)
            if u.scheme or ref.startswith(('//', 'mailto:', 'data:')): continue
            target = (f.parent/unquote(u.path)).resolve() if u.path else f
            where = f.relative_to(site).as_posix()
            if not target.exists(): broken.append(f'{where}: {ref} (no such file)')
            elif u.fragment and target.suffix == '.html' and u.fragment not in parsed.get(target, _Refs()).ids:
                broken.append(f'{where}: {ref} (no such anchor)')
    return sorted(set(broken))


def build(out: Path = ROOT/'_site', proc: bool = True) -> dict:
    "Build the site into `out` (written under a temporary name, then renamed); returns its figures."
    t0 = time.time()
    os.chdir(ROOT)
    if proc:
        from nbdev.serve import proc_nbs
        proc_nbs(n_workers=min(2, os.cpu_count() or 1))
    procdir = ROOT/'_proc'
    cfg = yaml.safe_load((ROOT/'nbs'/'nbdev.yml').read_text())['website']
    pages = collect(procdir)
    by_nb = {p.rel: p.out for p in pages}
    tmp = out.with_name(out.name + '.tmp')
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    math, bodies = Math(), {}
    for p in pages:
        r = Renderer(p, by_nb, cfg.get('site-url', ''), math, tmp)
        bodies[p.out] = tables_scroll(r.body(json.loads(p.src.read_text())))
        p.description_html = r.links(r.md.renderInline(p.description))
    unlinked = undocumented_links(bodies)
    katex = katex_package()
    rendered = math.render(katex)
    errors = [f'{page}: ${m[0]}$ ({r["error"]})' for page, b in bodies.items()
              for m, r in ((math.items[int(i)], rendered[int(i)]) for i in re.findall(r'\x00math(\d+)\x00', b))
              if 'error' in r]
    def typeset(h): return re.sub(r'\x00math(\d+)\x00', lambda m: rendered[int(m.group(1))].get(
        'html', html.escape(math.items[int(m.group(1))][0])), h)
    for p in pages:
        p.description_html = typeset(p.description_html)
        b = typeset(bodies[p.out])
        p.toc = toc(b)
        f = tmp/p.out
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(page_html(p, b, pages, cfg.get('title', 'asd_nb')))
    shutil.copytree(ROOT/'nbs'/'images', tmp/'images')
    for sub in ('studies',):
        if (ROOT/'nbs'/sub/'images').exists(): shutil.copytree(ROOT/'nbs'/sub/'images', tmp/sub/'images')
    (tmp/'assets').mkdir()
    shutil.copytree(katex/'dist', tmp/'assets'/'katex', ignore=shutil.ignore_patterns('*.mjs', 'contrib', '*.js', 'README*'))
    (tmp/'assets'/'site.css').write_text(SITE_CSS + HtmlFormatter(style='friendly').get_style_defs('.code'))
    pf = subprocess.run([sys.executable, '-m', 'pagefind', '--site', str(tmp)], capture_output=True, text=True)
    if pf.returncode: sys.exit(f'docs: pagefind failed:\n{pf.stdout}\n{pf.stderr}')
    broken = check_links(tmp)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    size = sum(f.stat().st_size for f in out.rglob('*') if f.is_file())
    return dict(pages=len(pages), equations=len(math.items), math_errors=errors, broken=broken, unlinked=unlinked,
                size_mb=size / 2**20, seconds=time.time() - t0, out=out)


SITE_CSS = """
:root { --w-nav: 16rem; --w-toc: 14rem; --fg: #1d2329; --muted: #5c6670; --accent: #1f6feb; --code-bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       display: grid; grid-template-columns: var(--w-nav) minmax(0, 1fr) var(--w-toc); }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
.sidebar { position: sticky; top: 0; height: 100vh; overflow-y: auto; padding: 1rem; border-right: 1px solid #e3e6e8;
           background: #fafbfc; font-size: 0.92rem; }
.brand { display: block; font-weight: 700; font-size: 1.3rem; margin-bottom: 0.8rem; color: var(--fg); }
.nav-group { margin: 1rem 0 0.3rem; font-weight: 600; text-transform: uppercase; font-size: 0.75rem; color: var(--muted); }
.sidebar ul { list-style: none; margin: 0; padding: 0; }
.sidebar li a { display: block; padding: 0.15rem 0.4rem; border-radius: 4px; color: var(--fg); }
.sidebar li a.active { background: #e7f0fe; color: var(--accent); font-weight: 600; }
.sidebar .num { display: inline-block; min-width: 2.1em; color: var(--muted); font-variant-numeric: tabular-nums; }
main { padding: 1.5rem 2.5rem 4rem; min-width: 0; max-width: 62rem; }
header h1 { margin: 0 0 0.3rem; font-size: 2.1rem; }
.description { margin: 0 0 1.5rem; font-size: 1.15rem; color: var(--muted); font-style: italic; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #e3e6e8; padding-bottom: 0.2rem; }
h3 { margin-top: 1.6rem; }
pre { overflow-x: auto; padding: 0.6rem 0.8rem; border-radius: 6px; font-size: 0.85rem; line-height: 1.45; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; }
pre.code { background: var(--code-bg); border: 1px solid #e3e6e8; margin: 0.6rem 0 0.2rem; }
pre.output { margin: 0 0 0.5rem 0.8rem; border-left: 2px solid lightsalmon; border-radius: 0; background: none; }
pre.output.stderr { border-left-color: #d0a000; color: #6b5500; }
pre.output.error { border-left-color: #c00; color: #900; }
:not(pre) > code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 4px; }
.cell { margin: 0.4rem 0 1rem; }
.cell img, main img { max-width: 100%; height: auto; }
.svg svg { max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; margin: 0.8rem 0; max-width: 100%; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border: 1px solid #d8dde2; padding: 0.25rem 0.55rem; overflow-wrap: normal; word-break: normal; }
thead th { background: #f3f5f7; }
.html-output table { font-variant-numeric: tabular-nums; }
.math { overflow-x: auto; overflow-y: hidden; }
blockquote { margin: 1rem 0; padding: 0.2rem 1rem; border-left: 4px solid #d8dde2; color: var(--muted); }
hr { border: none; border-top: 1px solid #e3e6e8; margin: 2rem 0 1rem; }
.md-output, .cell > h3 { margin-top: 0.6rem; }
.toc { position: sticky; top: 0; height: 100vh; overflow-y: auto; padding: 1.5rem 1rem; font-size: 0.85rem; }
.toc p { font-weight: 600; margin: 0 0 0.4rem; }
.toc ul { list-style: none; padding: 0; margin: 0; } .toc li.l3 { padding-left: 0.9rem; }
.toc a { color: var(--muted); display: block; padding: 0.1rem 0; }
.pager { display: flex; justify-content: space-between; margin-top: 3rem; padding-top: 1rem; border-top: 1px solid #e3e6e8; }
.pager .next { margin-left: auto; }
#search { margin-bottom: 0.5rem; --pagefind-ui-scale: 0.75; }
#search .pagefind-ui__drawer { position: fixed; z-index: 10; left: 1rem; top: 6.2rem; width: min(46rem, 92vw);
  max-height: calc(100vh - 7rem); overflow-y: auto; background: #fff; padding: 0 1rem; border: 1px solid #d8dde2;
  border-radius: 8px; box-shadow: 0 8px 28px rgba(0,0,0,.18); }
#search .pagefind-ui__drawer:empty, #search .pagefind-ui__drawer:not(:has(*)) { display: none; }
@media (max-width: 1200px) { body { grid-template-columns: var(--w-nav) minmax(0, 1fr); } .toc { display: none; } }
@media (max-width: 800px) { body { display: block; } .sidebar { position: static; height: auto; } main { padding: 1rem; } }
"""


def serve(site: Path, port: int):
    "Serve the built site on 127.0.0.1 (search needs HTTP, not file://)."
    import functools, http.server
    h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(('127.0.0.1', port), h) as s:
        print(f'serving {site} on http://127.0.0.1:{port}/ (Ctrl-C stops)')
        s.serve_forever()


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', type=Path, default=ROOT/'_site', help='folder of the site')
    ap.add_argument('--no-proc', action='store_true', help="reuse _proc/ instead of running nbdev's pre-processing")
    ap.add_argument('--serve', type=int, nargs='?', const=8000, metavar='PORT', help='serve the site after building')
    a = ap.parse_args()
    r = build(a.out.resolve(), proc=not a.no_proc)
    print(f"docs: {r['pages']} pages, {r['equations']} equations, {r['size_mb']:.1f} MB in {r['seconds']:.0f} s -> {r['out']}"
          f" ({r['unlinked']} names without an API entry left unlinked)")
    for e in r['math_errors']: print('  equation KaTeX cannot render:', e)
    for b in r['broken']: print('  broken link:', b)
    if r['math_errors'] or r['broken']:
        sys.exit(f"docs: {len(r['math_errors'])} equations and {len(r['broken'])} links to mend")
    if a.serve: serve(r['out'], a.serve)
