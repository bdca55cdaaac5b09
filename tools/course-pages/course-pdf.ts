/**
 * The PDF of the whole course: Chromium prints the site's one-document version (each part on a new page).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../../src/atomic-write';
import { launchChromium } from './browser';

/** Prints `htmlFile` (a local file) to `pdfFile` with Chromium, A4, page numbers in the footer; written atomically. */
export async function printToPdf(htmlFile: string, pdfFile: string): Promise<number> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => (/^(file|data):/.test(route.request().url()) ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(path.resolve(htmlFile)).href, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: '<div style="font-size:8pt;width:100%;text-align:center;color:#57606a"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
    writeFileAtomic(pdfFile, pdf);
    return pdf.length;
  } finally {
    await browser.close();
  }
}
