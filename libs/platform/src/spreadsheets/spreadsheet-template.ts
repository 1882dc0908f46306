/**
 * A column of an import template: the field it fills and its header in each language. A file may use
 * either header (case, spacing and a trailing `*` do not matter), so the Indonesian template an
 * admin fills in and the English one a developer writes are read the same way.
 */
export interface TemplateColumn {
  field: string;
  id: string;
  en: string;
  required: boolean;
  /** A value as it would be typed, for the downloadable template and the README. */
  example: string;
  /** What the column accepts, when its header does not say it. */
  note?: string;
}

export interface SpreadsheetTemplate {
  kind: string;
  columns: readonly TemplateColumn[];
}

export type TemplateLanguage = 'id' | 'en';

const normalise = (header: string) =>
  header
    .replace(/\*/g, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

/** How a file's header row maps onto a template. */
export interface HeaderMatch {
  /** For each position of the file's row, the template column it holds, or null when it is not one. */
  columns: (TemplateColumn | null)[];
  /** Required columns the file lacks. */
  missing: TemplateColumn[];
  /** Headers of the file that are in no template column (ignored, and said so in the report). */
  unknown: string[];
  /** The header each field has in this file, to name the column of a bad value as its author wrote it. */
  headerOf: Map<string, string>;
}

export function matchHeaders(template: SpreadsheetTemplate, headers: readonly string[]): HeaderMatch {
  const byHeader = new Map<string, TemplateColumn>();
  for (const column of template.columns) {
    byHeader.set(normalise(column.id), column);
    byHeader.set(normalise(column.en), column);
  }
  const headerOf = new Map<string, string>();
  const unknown: string[] = [];
  const columns = headers.map((header) => {
    const column = byHeader.get(normalise(header)) ?? null;
    // A field given twice is read from its first column; the second is reported as unknown.
    if (!column || headerOf.has(column.field)) {
      if (header.trim()) unknown.push(header);
      return null;
    }
    headerOf.set(column.field, header.trim());
    return column;
  });
  const missing = template.columns.filter((c) => c.required && !headerOf.has(c.field));
  return { columns, missing, unknown, headerOf };
}

/** The template's header row in one language, required columns marked with `*`. */
export function templateHeaders(template: SpreadsheetTemplate, language: TemplateLanguage): string[] {
  return template.columns.map((c) => `${c[language]}${c.required ? ' *' : ''}`);
}
