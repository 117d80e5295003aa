/** The frame of every page: a title line with actions on the right, then the content. */
import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** Page title with optional extra actions and the page body. */
export function PageContainer({
  title,
  extra,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="qf-page">
      <Flex justify="space-between" align="center" wrap gap={8} className="qf-page-header">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra ? (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        ) : null}
      </Flex>
      {children}
    </div>
  );
}
