import { useTranslation } from 'react-i18next';
import { ComingSoon } from '../ui/coming-soon.js';

/** To be built page by page (issue 15); the route and its permission are in place. */
export default function Page() {
  const { t } = useTranslation();
  return <ComingSoon title={t('sections.tracking')} />;
}
