/**
 * A role's code (`commission_leader`) under its name. On zh-CN pages no English code is shown
 * (issue 11 §5: role codes speak Chinese): the Chinese name above says it, and the code stays
 * in the name's tooltip for administrators who script against it. English pages show it.
 */
import { Typography } from 'antd';
import { currentLanguage } from '../../i18n/index.js';

/** The code line under a role name; nothing on zh-CN pages. */
export function RoleCode({ code }: { code: string }) {
  if (currentLanguage() !== 'en') return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {code}
    </Typography.Text>
  );
}
