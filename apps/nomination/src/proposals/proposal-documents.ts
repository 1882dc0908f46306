import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import pdfmake from 'pdfmake';
import type { KippProposal } from './kipp-proposal.js';

// The PDF's fonts are the standard PDF fonts (nothing read from disk), and a proposal never fetches
// anything: its texts are users' words, never paths or URLs to load.
const HELVETICA = { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' };
const STANDARD_FONTS = new Set(Object.values(HELVETICA));
pdfmake.setFonts({ Helvetica: HELVETICA });
pdfmake.setUrlAccessPolicy(() => false);
// pdfmake asks about every font "file"; the standard fonts' names are the only ones, built into pdfkit.
pdfmake.setLocalAccessPolicy((path) => STANDARD_FONTS.has(path));

const sectionTitle = (s: KippProposal['sections'][number], n: number) => `${n + 1}. ${s.heading}${s.weight ? ` (bobot ${s.weight}%)` : ''}`;

export async function proposalPdf(p: KippProposal): Promise<Buffer> {
  const content: unknown[] = [
    { text: p.subtitle, style: 'subtitle' },
    { text: p.title, style: 'title' },
    { table: { widths: [150, '*'], body: p.identity.map(([label, value]) => [{ text: label, bold: true }, value]) }, layout: 'lightHorizontalLines', margin: [0, 0, 0, 12] },
  ];
  p.sections.forEach((s, n) => {
    content.push({ text: sectionTitle(s, n), style: 'heading' });
    for (const paragraph of s.paragraphs) content.push({ text: paragraph, margin: [0, 0, 0, 6] });
  });
  if (p.evidence.length) {
    content.push({ text: 'Data Dukung', style: 'heading' });
    content.push({ ul: p.evidence.map((e) => `${e.indicator}: ${e.url}${e.note ? ` (${e.note})` : ''}`) });
  }
  const doc = pdfmake.createPdf({
    info: { title: p.title, subject: p.subtitle },
    content,
    defaultStyle: { font: 'Helvetica', fontSize: 10, lineHeight: 1.2 },
    styles: { title: { fontSize: 16, bold: true, margin: [0, 0, 0, 10] }, subtitle: { fontSize: 10, color: '#555555' }, heading: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] } },
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 56],
  });
  return doc.getBuffer();
}

export async function proposalDocx(p: KippProposal): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: p.subtitle, color: '555555' })] }),
    new Paragraph({ text: p.title, heading: HeadingLevel.TITLE }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: p.identity.map(
        ([label, value]) =>
          new TableRow({
            children: [
              new TableCell({ width: { size: 30, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text: label, bold: true })] })] }),
              new TableCell({ children: [new Paragraph(value)] }),
            ],
          }),
      ),
    }),
  ];
  p.sections.forEach((s, n) => {
    children.push(new Paragraph({ text: sectionTitle(s, n), heading: HeadingLevel.HEADING_1 }));
    for (const paragraph of s.paragraphs) children.push(new Paragraph({ text: paragraph, alignment: AlignmentType.JUSTIFIED }));
  });
  if (p.evidence.length) {
    children.push(new Paragraph({ text: 'Data Dukung', heading: HeadingLevel.HEADING_1 }));
    for (const e of p.evidence) children.push(new Paragraph({ text: `${e.indicator}: ${e.url}${e.note ? ` (${e.note})` : ''}`, bullet: { level: 0 } }));
  }
  const document = new Document({ title: p.title, subject: p.subtitle, sections: [{ children }] });
  return Packer.toBuffer(document);
}
