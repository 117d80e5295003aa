/** The QR code of a TOTP enrolment: the otpauth:// URL drawn by the `qrcode` package as SVG. */
import QRCode from 'qrcode';

/** The options the QR code is drawn with (the browser test draws the same URL with them). */
export const TOTP_QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 } as const;

/** Draws an otpauth:// URL as an SVG QR code, as a data: URL for an <img> (no markup injected). */
export async function totpQrDataUrl(otpauthUrl: string): Promise<string> {
  const svg = await QRCode.toString(otpauthUrl, TOTP_QR_OPTIONS);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
