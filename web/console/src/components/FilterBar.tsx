/** The filter row above a list: inline fields with 查询 and 重置 buttons. */
import type { ReactNode } from 'react';
import { Button, Form } from 'antd';
import type { FormInstance } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** Inline filter form; `onSearch` receives the field values, `onReset` clears them. */
export function FilterBar<V extends object>({
  form,
  children,
  onSearch,
  onReset,
}: {
  form: FormInstance<V>;
  children: ReactNode;
  onSearch: (values: V) => void;
  onReset: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Form<V> form={form} layout="inline" className="qf-filters" onFinish={onSearch} data-testid="filter-bar">
      {children}
      <Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filter-search">
          {t('common.search')}
        </Button>
      </Form.Item>
      <Form.Item>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            form.resetFields();
            onReset();
          }}
        >
          {t('common.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}
