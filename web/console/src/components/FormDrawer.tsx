/**
 * The create / edit drawer of a register (staff, subjects, roles): 取消 and 保存 in the header,
 * the last save's error above the form (the save step is `useSaveAction`).
 */
import type { ReactNode } from 'react';
import { Alert, Button, Drawer, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/** The drawer around a register's form: `onSave` submits the form (which then calls the save step). */
export function FormDrawer({
  open,
  onClose,
  width,
  title,
  saving,
  error,
  onSave,
  saveTestId,
  children,
}: {
  open: boolean;
  onClose: () => void;
  width: number;
  title: ReactNode;
  saving: boolean;
  error: string | null;
  onSave: () => void;
  saveTestId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={width}
      title={title}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={onSave} data-testid={saveTestId}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      {children}
    </Drawer>
  );
}
