import JSZip from 'jszip';

/** What a reader of a .docx sees: headings by level, paragraphs and table rows as text. */
export interface ReadDocx {
  headings: Array<{ style: string; text: string }>;
  paragraphs: string[];
  tables: string[][][];
  core: string;
  files: string[];
}

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

const textOf = (xml: string): string =>
  unescape([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));

/** Opens the zip and reads word/document.xml the way Word lays it out. */
export async function readDocx(bytes: Uint8Array): Promise<ReadDocx> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const core = await zip.file('docProps/core.xml')!.async('string');
  const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1]!.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>|<w:tr [^>]*>([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...(r[1] ?? r[2]!).matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => textOf(c[1]!)),
    ),
  );
  const outside = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const paras = [...outside.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((p) => p[1] ?? p[2]!);
  return {
    headings: paras
      .map((p) => ({ style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? '', text: textOf(p) }))
      .filter((h) => /^(Title|Heading\d)$/.test(h.style)),
    paragraphs: paras.map(textOf).filter((t) => t !== ''),
    tables,
    core,
    files: Object.keys(zip.files),
  };
}
