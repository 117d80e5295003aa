/**
 * The small upload button of the evidence and property cards: picks a file, sends it with
 * `upload` (the server seals it with its SHA-256), shows it is busy meanwhile, and reports the
 * outcome: `onUploaded` after the server kept it, `onError` with the server's words (or null when
 * a new attempt starts) so the card can show the refusal where a person reads it.
 */
import { Button, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { errorMessage } from '../../api/request.js';

/** Props of `CaseUploadButton`. */
export interface CaseUploadButtonProps {
  /** The wrapper's test id (tests reach the file input inside it). */
  testId: string;
  /** The button's words. */
  label: string;
  /** Sends one file. */
  upload: (file: File) => Promise<unknown>;
  onUploaded: () => void;
  onError: (message: string | null) => void;
  /** The file types offered by the picker (`image/*` for photos); any when absent. */
  accept?: string;
}

/** The button. One file at a time: the picker is not offered again until the last one is answered. */
export function CaseUploadButton({ testId, label, upload, onUploaded, onError, accept }: CaseUploadButtonProps) {
  const [busy, setBusy] = useState(false);
  return (
    <span data-testid={testId}>
      <Upload
        accept={accept}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          onError(null);
          setBusy(true);
          upload(file)
            .then(onUploaded, (err: unknown) => onError(errorMessage(err)))
            .finally(() => setBusy(false));
          // The file goes through `upload` (the API helper), not antd's own request.
          return false;
        }}
      >
        <Button size="small" icon={<UploadOutlined />} loading={busy}>
          {label}
        </Button>
      </Upload>
    </span>
  );
}
