// Loads every HTML page of a built annals site in headless Chromium (Debian's `chromium`) and
// fails when anything from content runs: any dialog (alert, confirm, prompt), any console
// message or page error carrying the corpus marker ANNALS-XSS, any uncaught page error, and,
// after load, any element with an event-handler attribute, any inline script, any script from
// another origin, and any link or embed whose URL a browser would run (javascript:, data:,
// vbscript:). The DOM checks use the browser's own parsing, so entity and whitespace tricks
// are judged as a reader's browser judges them.
//
// Usage: node check-pages.mjs SITE_DIR [SITE_DIR...]
//        node check-pages.mjs --self-test   (proves the checker catches a script)
// Env:   CHROMIUM (default /usr/bin/chromium)
import { chromium } from 'playwright-core';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

const MARKER = 'ANNALS-XSS';

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...htmlFiles(path));
    else if (name.endsWith('.html')) out.push(path);
  }
  return out;
}

// Runs in the page after load; returns a list of problems.
function domProblems(siteRoot) {
  const problems = [];
  const safe = new Set(['http:', 'https:', 'mailto:', 'file:']);
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) {
        problems.push(`event handler ${attr.name} on <${el.localName}>`);
      }
    }
    for (const prop of ['href', 'src', 'action', 'formAction', 'data', 'poster']) {
      const value = el[prop];
      if (typeof value !== 'string' || value === '') continue;
      let protocol;
      try { protocol = new URL(value, document.baseURI).protocol; } catch { continue; }
      if (!safe.has(protocol)) problems.push(`${protocol} URL in <${el.localName} ${prop}>`);
    }
  }
  for (const script of document.scripts) {
    const type = (script.type || '').toLowerCase();
    if (type === 'application/json' || type === 'application/ld+json') continue;
    if (!script.src) problems.push(`inline script: ${script.text.slice(0, 80)}`);
    else if (new URL(script.src).origin !== location.origin) problems.push(`foreign script ${script.src}`);
  }
  for (const tag of ['iframe', 'frame', 'object', 'embed', 'svg', 'base']) {
    if (document.getElementsByTagName(tag).length) problems.push(`a <${tag}> element`);
  }
  // Forms are allowed only as the site's own: GET to a page inside the site (the search box,
  // the topic filters built by annals.js). Nothing can post anywhere.
  for (const form of document.forms) {
    const action = new URL(form.getAttribute('action') || '', document.baseURI);
    if (form.method.toLowerCase() !== 'get' || !action.href.startsWith(siteRoot)) {
      problems.push(`a <form> element sending to ${action.href}`);
    }
  }
  return problems;
}

async function checkPages(browser, files, root) {
  const failures = [];
  for (const file of files) {
    const page = await browser.newPage();
    const problems = [];
    page.on('dialog', async (dialog) => {
      problems.push(`dialog ${dialog.type()}: ${dialog.message()}`);
      await dialog.dismiss().catch(() => {});
    });
    page.on('console', (msg) => {
      if (msg.text().includes(MARKER)) problems.push(`console.${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const siteRoot = pathToFileURL(root ?? dirname(file)).href.replace(/\/?$/, '/');
    problems.push(...(await page.evaluate(domProblems, siteRoot)));
    await page.close();
    if (problems.length) failures.push({ file, problems });
  }
  return failures;
}

async function main() {
  const args = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    if (args[0] === '--self-test') {
      const dir = mkdtempSync(join(tmpdir(), 'annals-browser-'));
      const bad = join(dir, 'bad.html');
      writeFileSync(bad, `<!DOCTYPE html><title>x</title><img src=x onerror="alert('${MARKER}')"><script>console.log('${MARKER}')</script><form method="post" action="https://evil.example/"></form>`);
      const failures = await checkPages(browser, [bad]);
      const found = failures.flatMap((f) => f.problems);
      const needed = ['dialog', 'console.log', 'event handler', 'inline script', 'a <form>'];
      const missed = needed.filter((n) => !found.some((p) => p.startsWith(n)));
      if (missed.length) {
        console.error(`self-test: the checker missed ${missed.join(', ')}; found ${JSON.stringify(found)}`);
        process.exit(1);
      }
      console.log(`self-test: the checker caught ${found.length} problems in a hostile page`);
      return;
    }
    let files = [];
    const failures = [];
    for (const dir of args) {
      const pages = htmlFiles(resolve(dir));
      files.push(...pages);
      failures.push(...(await checkPages(browser, pages, resolve(dir))));
    }
    if (!files.length) {
      console.error('no HTML pages found');
      process.exit(1);
    }
    for (const { file, problems } of failures) {
      console.error(`${file}:\n  ${problems.join('\n  ')}`);
    }
    console.log(`browser check: ${files.length - failures.length} pages clean, ${failures.length} with script from content`);
    if (failures.length) process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
