import { Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format.js';
import type { Criterion } from './competitions.types.js';

/** The summary's limit in KIPP 2023 (PROPOSAL_SUMMARY_MAX_WORDS): counted as the user types, enforced by the service. */
const SUMMARY_MAX_WORDS = 200;
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** A proposal as its form holds it: the summary and one text per criterion code. */
export interface ProposalDraft {
  summary: string;
  sections: Record<string, string>;
}

/** The API's proposal: the summary, and the sections written (in the edition's order). */
export function proposalBody(criteria: readonly Criterion[], d: ProposalDraft): { summary: string; sections: { criterion: string; text: string }[] } {
  return { summary: d.summary.trim(), sections: criteria.map((c) => ({ criterion: c.code, text: (d.sections[c.code] ?? '').trim() })).filter((s) => s.text) };
}

/**
 * The field errors of a proposal refused by the service, keyed as the form shows them: a section's
 * error ("proposal.sections.<n>.text", or "sections.<n>.text" for a bare proposal) under its
 * criterion as "section.<code>", the summary's under "summary".
 */
export function proposalErrors(byField: Record<string, string>, criteria: readonly Criterion[], d: ProposalDraft): Record<string, string> {
  const sent = proposalBody(criteria, d).sections;
  const shown: Record<string, string> = {};
  for (const [field, text] of Object.entries(byField)) {
    const bare = field.replace(/^proposal\./, '');
    const n = /^sections\.(\d+)/.exec(bare)?.[1];
    shown[n !== undefined && sent[Number(n)] ? `section.${sent[Number(n)]!.criterion}` : bare] = text;
  }
  return shown;
}

/** The summary with its words counted, then one text per criterion with its weight. */
export function ProposalFields({ criteria, draft, onChange, errors }: { criteria: readonly Criterion[]; draft: ProposalDraft; onChange: (d: ProposalDraft) => void; errors: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  const words = wordCount(draft.summary);
  return (
    <>
      <Textarea
        label={t('competitions.submit.summary')}
        description={t('competitions.submit.words', { count: words, max: SUMMARY_MAX_WORDS, n: formatNumber(words, i18n.language) })}
        autosize
        minRows={3}
        value={draft.summary}
        onChange={(e) => onChange({ ...draft, summary: e.currentTarget.value })}
        error={errors.summary ?? (words > SUMMARY_MAX_WORDS ? t('errors.field.too-many-words', { max: SUMMARY_MAX_WORDS }) : undefined)}
      />
      <Title order={3}>{t('competitions.submit.sections')}</Title>
      {criteria.map((c) => (
        <Textarea
          key={c.code}
          label={`${c.name} (${formatNumber(c.weight, i18n.language)}%)`}
          autosize
          minRows={2}
          value={draft.sections[c.code] ?? ''}
          onChange={(e) => onChange({ ...draft, sections: { ...draft.sections, [c.code]: e.currentTarget.value } })}
          error={errors[`section.${c.code}`]}
        />
      ))}
    </>
  );
}
