import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What poppler's tools (Debian's poppler-utils) read in a PDF: text per page, fonts and the XMP. */
export interface ReadPdf {
  pages: string[];
  /**
   * The whole text in the order it was written, with every run of white space as one space, as a reader
   * follows it across lines. Read raw, not laid out: poppler's layout mode guesses word gaps from glyph
   * positions and joins a short word to the next one ("Ö Ö" reads "ÖÖ"), though the space is in the file.
   */
  flat: string;
  fonts: Array<{ name: string; embedded: boolean }>;
  metadata: string;
}

export function readPdf(bytes: Uint8Array): ReadPdf {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  const file = join(dir, 'doc.pdf');
  try {
    writeFileSync(file, bytes);
    const run = (tool: string, ...args: string[]) => execFileSync(tool, [...args], { encoding: 'utf8' });
    const pages = run('pdftotext', '-layout', file, '-').split('\f').slice(0, -1);
    const fonts = run('pdffonts', file)
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const cols = l.trim().split(/\s+/);
        // name, type…, encoding, emb, sub, uni, object, id: "emb" is the fifth column from the end.
        return { name: cols[0]!, embedded: cols.at(-5) === 'yes' };
      });
    return {
      pages,
      flat: run('pdftotext', '-raw', file, '-').replace(/\s+/g, ' '),
      fonts,
      metadata: run('pdfinfo', '-meta', file),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
