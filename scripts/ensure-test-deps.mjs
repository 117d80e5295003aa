// Installs what the test suite needs from Debian when it is missing: Chromium for the browser
// tests, CJK fonts so Chinese renders in screenshots, poppler for reading generated PDFs,
// LibreOffice Writer (no GUI) for opening generated DOCX as a word processor would.
// Runs as the `pretest` step, so `npm test` works on a fresh machine.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const need = [];
if (!existsSync('/usr/bin/chromium')) need.push('chromium');
if (!existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc')) need.push('fonts-noto-cjk');
if (!existsSync('/usr/bin/pdftotext')) need.push('poppler-utils');
if (!existsSync('/usr/bin/soffice')) need.push('libreoffice-writer-nogui');

if (need.length > 0) {
  const root = process.getuid?.() === 0;
  const sudo = root ? '' : 'sudo ';
  console.log(`[pretest] installing ${need.join(' ')} from apt…`);
  try {
    execSync(`${sudo}apt-get update -qq`, { stdio: 'inherit' });
    execSync(
      `${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${need.join(' ')}`,
      {
        stdio: 'inherit',
      },
    );
  } catch {
    console.error(`[pretest] could not install ${need.join(' ')}; browser tests will fail. Install them with apt-get.`);
    process.exit(1);
  }
}
