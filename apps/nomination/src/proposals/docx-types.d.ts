/**
 * The part of docx 9.7's API this service uses. The package's own declarations re-export
 * extension-less paths (`export * from './file'`), which TypeScript's nodenext resolution does not
 * follow, and pull in a second @types/node; tsconfig.json's paths point "docx" here instead, for
 * types only: at run time Node loads the package's ES module as it is.
 */
declare module 'docx' {
  type Options = Record<string, unknown>;
  export class TextRun {
    constructor(options: string | Options);
  }
  export class Paragraph {
    constructor(options: string | Options);
  }
  export class TableCell {
    constructor(options: Options);
  }
  export class TableRow {
    constructor(options: Options);
  }
  export class Table {
    constructor(options: Options);
  }
  export class Document {
    constructor(options: Options);
  }
  export const Packer: { toBuffer(document: Document): Promise<Buffer> };
  export const HeadingLevel: { TITLE: string; HEADING_1: string; HEADING_2: string };
  export const AlignmentType: { JUSTIFIED: string; LEFT: string; CENTER: string };
  export const WidthType: { PERCENTAGE: string; DXA: string };
}
