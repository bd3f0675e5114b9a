"""Real-browser test: JupyterLab serves tutorials/04_explore.ipynb on localhost, Playwright drives Debian's
Chromium (no browser download): run the notebook, check the generation panel renders, move the age slider and
switch the modality, and check the displayed image changes each time and the page raises no JavaScript error.
Screenshots go to tests/artifacts/. Skipped when Chromium is absent unless WFDM_REQUIRE_BROWSER=1 (set by .ci/run)."""
import re
import os, shutil, socket, subprocess, sys, time, secrets, urllib.request
from pathlib import Path
import pytest
from conftest import ROOT, BIN

CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
ART = ROOT / 'tests' / 'artifacts'
if not Path(CHROMIUM).exists() and os.environ.get('WFDM_REQUIRE_BROWSER') != '1':
    pytest.skip('Debian chromium not installed (apt-get install chromium)', allow_module_level=True)
playwright = pytest.importorskip('playwright.sync_api') if os.environ.get('WFDM_REQUIRE_BROWSER') != '1' else __import__('playwright.sync_api')
from playwright.sync_api import sync_playwright

def _port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p

@pytest.fixture()
def lab(tmp_path):
    root = tmp_path / 'lab'; root.mkdir()
    shutil.copy(ROOT / 'tutorials' / '04_explore.ipynb', root)
    port, token = _port(), secrets.token_hex(8)
    env = {**os.environ, 'WFDM_QUICK': '1', 'JUPYTER_CONFIG_DIR': str(tmp_path / 'cfg'), 'JUPYTER_RUNTIME_DIR': str(tmp_path / 'rt')}
    p = subprocess.Popen([str(BIN / 'jupyter'), 'lab', '--no-browser', f'--port={port}', '--ip=127.0.0.1', f'--IdentityProvider.token={token}',
                          f'--ServerApp.root_dir={root}', '--LabApp.news_url=', '--ServerApp.disable_check_xsrf=True'] + (['--allow-root'] if os.geteuid() == 0 else []),
                         cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / 'lab.log', 'w'))
    url = f'http://127.0.0.1:{port}'
    for _ in range(120):
        try: urllib.request.urlopen(f'{url}/api/status?token={token}', timeout=1); break
        except Exception: time.sleep(0.5)
    else: p.kill(); raise RuntimeError('JupyterLab did not start: ' + (tmp_path / 'lab.log').read_text()[-2000:])
    yield url, token
    p.terminate(); p.wait(20)

def test_generation_panel_in_chromium(lab):
    url, token = lab
    ART.mkdir(exist_ok=True)
    errors = []
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                                                                '--disable-component-update', '--no-first-run', '--disable-sync'])
        page = b.new_page(viewport={'width': 1400, 'height': 1800})
        page.on('pageerror', lambda e: errors.append(str(e)))
        page.goto(f'{url}/lab/tree/04_explore.ipynb?token={token}', timeout=120_000)
        page.wait_for_selector('.jp-Notebook', timeout=120_000)
        page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"], .jp-Toolbar-kernelStatus', timeout=120_000)
        time.sleep(2)
        page.click('text=Run', timeout=30_000)
        page.click('text=Run All Cells', timeout=30_000)
        status = page.locator('.widget-html-content', has_text='guidance').first
        status.wait_for(timeout=300_000)
        img = page.locator('.widget-image').last
        img.wait_for(timeout=60_000)
        def shot(name):
            page.wait_for_timeout(500)
            data = img.screenshot(path=str(ART / name)); return data
        def wait_change(old_src):
            "Until the displayed image is replaced (each update gives the <img> a new blob URL)."
            for _ in range(600):
                if img.get_attribute('src') != old_src: return
                page.wait_for_timeout(200)
            raise AssertionError('the panel did not update')
        def wait_all_ran():
            "Until every code cell shows an execution count (the notebook's own cells also move the sliders)."
            prompts = page.locator('.jp-CodeCell .jp-InputPrompt')
            for _ in range(1500):
                texts = [t.strip() for t in prompts.all_inner_texts()]
                if texts and all(re.fullmatch(r'\[\d+\]:?', t) for t in texts): return
                page.wait_for_timeout(200)
            raise AssertionError(f'the notebook did not finish running: prompts {texts}')
        wait_all_ran()
        s0, before = img.get_attribute('src'), shot('panel_before.png')
        # age slider: type a value different from the current one into its editable readout
        age = page.locator('.widget-slider', has=page.locator('.widget-label', has_text='age')).first
        readout = age.locator('.widget-readout')
        new_age = '30' if readout.inner_text().strip() == '85' else '85'
        readout.click(); page.keyboard.press('Control+A'); page.keyboard.type(new_age); page.keyboard.press('Enter')
        wait_change(s0)
        s1, after_age = img.get_attribute('src'), shot('panel_after_age.png')
        assert after_age != before, 'moving the age slider did not change the displayed image'
        page.locator('.widget-dropdown', has=page.locator('.widget-label', has_text='modality')).first.locator('select').select_option('FLAIR')
        wait_change(s1)
        after_mod = shot('panel_after_modality.png')
        assert after_mod != after_age, 'switching the modality did not change the displayed image'
        page.screenshot(path=str(ART / 'page.png'), full_page=True)
        b.close()
    assert not errors, f'JavaScript errors: {errors}'
