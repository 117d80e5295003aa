/** A centred spinner for the moment the session is being loaded. */
import { Spin } from 'antd';

/** Full-height centred spinner. */
export function FullPageSpin() {
  return (
    <div className="qf-full-spin">
      <Spin size="large" />
    </div>
  );
}
