/** The tags the case pages share: a case's state and its handling mode, coloured by what they mean. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, HandlingMode } from '../../api/cases.js';

const STATUS_COLORS: Record<CaseStatus, string> = {
  filing_requested: 'processing',
  filing_returned: 'warning',
  filing_rejected: 'default',
  filed: 'blue',
  investigating: 'geekblue',
  facts_shown: 'geekblue',
  reported: 'purple',
  transferred: 'cyan',
  closed: 'green',
  withdrawn: 'default',
};

const MODE_COLORS: Record<HandlingMode, string> = {
  self: 'default',
  zone: 'red',
  escalated: 'volcano',
  cross: 'orange',
  off_site: 'gold',
  joint: 'cyan',
  designated: 'purple',
  flagged: 'magenta',
};

/** A case's state. */
export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status">
      {t(`case.status.${status}`)}
    </Tag>
  );
}

/** A case's handling mode. */
export function ModeTag({ mode }: { mode: HandlingMode }) {
  const { t } = useTranslation();
  return (
    <Tag color={MODE_COLORS[mode]} data-testid="case-mode">
      {t(`case.mode.${mode}`)}
    </Tag>
  );
}
