// Renders build/icons/icon.svg to the PNG icons electron-builder packs: NxN.png for Linux (16 … 512) and icon.png
// (512) for Windows and macOS. Uses the system Chromium through playwright-core (no browser download):
//   node build/make-icons.mjs            (CHROMIUM=/path/to/chromium to use another one)
// The PNGs are committed, so packaging never needs a browser.
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const iconSizes = [16, 24, 32, 48, 64, 128, 256, 512];

const icons = new URL('./icons/', import.meta.url);
const svg = readFileSync(new URL('icon.svg', icons), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of iconSizes) {
    await page.setViewportSize({ width: size, height: size });
    // The SVG scaled into the viewport; a transparent page so the rounded corners stay transparent.
    await page.setContent(
      `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    writeFileSync(new URL(`${size}x${size}.png`, icons), png);
    if (size === 512) writeFileSync(new URL('icon.png', icons), png);
    console.log(`build/icons/${size}x${size}.png`);
  }
} finally {
  await browser.close();
}
