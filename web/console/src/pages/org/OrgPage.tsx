/** 组织机构: the region tree and the unit tree side by side, unit drawer, Excel export and import. */
import { useRef, useState } from 'react';
import { Button, Col, Row } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { QrPostersButton } from '../../components/QrPostersButton.js';
import { ImportModal } from './ImportModal.js';
import { RegionTree } from './RegionTree.js';
import { UnitDrawer } from './UnitDrawer.js';
import type { UnitDrawerTarget } from './UnitDrawer.js';
import { UnitTree } from './UnitTree.js';
import type { UnitTreeHandle } from './UnitTree.js';

/** The organisation page. */
export function OrgPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = session.can('org.manage');
  const [target, setTarget] = useState<UnitDrawerTarget | null>(null);
  const [importing, setImporting] = useState(false);
  const tree = useRef<UnitTreeHandle>(null);

  return (
    <PageContainer
      title={t('org.title')}
      extra={
        <>
          {session.can('org.export') ? (
            <Button icon={<DownloadOutlined />} href="/api/organisation/export.xlsx" download data-testid="org-export">
              {t('common.exportExcel')}
            </Button>
          ) : null}
          {session.can('org.poster') ? <QrPostersButton /> : null}
          {session.can('org.import') ? (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="org-import">
              {t('common.importExcel')}
            </Button>
          ) : null}
        </>
      }
    >
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <RegionTree canManage={canManage} ownUnitId={session.user?.unitId} />
        </Col>
        <Col xs={24} lg={12}>
          <UnitTree
            handle={tree}
            canManage={canManage}
            ownUnitId={session.user?.unitId}
            onOpen={(unit: Unit) => setTarget({ mode: 'view', unit })}
            onCreate={() => setTarget({ mode: 'create', parent: null })}
          />
        </Col>
      </Row>
      <UnitDrawer
        target={target}
        canManage={canManage}
        onClose={() => setTarget(null)}
        onSaved={() => tree.current?.reload()}
        onCreateChild={(parent) => setTarget({ mode: 'create', parent })}
      />
      <ImportModal open={importing} onClose={() => setImporting(false)} onImported={() => tree.current?.reload()} />
    </PageContainer>
  );
}
