import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/i18n.js';

/**
 * Bahasa Indonesia / English. `short` shows the codes (ID, EN) with each language's name for screen
 * readers, for a header; `full` shows the names, where there is room (the sign-in form).
 */
export function LanguageSwitch({ labels = 'short' }: { labels?: 'short' | 'full' }) {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('shell.language')}
      value={i18n.language}
      onChange={(language) => void i18n.changeLanguage(language)}
      data={LANGUAGES.map((l) => ({
        value: l,
        label:
          labels === 'full' ? (
            t(`shell.languages.${l}`)
          ) : (
            <span lang={l}>
              {l.toUpperCase()}
              <VisuallyHidden> {t(`shell.languages.${l}`)}</VisuallyHidden>
            </span>
          ),
      }))}
    />
  );
}
