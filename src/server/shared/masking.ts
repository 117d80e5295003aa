/**
 * Masking of personal data on public pages (个人信息保护法: publish what the purpose needs).
 * A private person's name keeps its first and last character (张*三, 李*), an identity number its
 * first four and last four (5221********1234, always eight stars so the length says nothing), a
 * bank account its last four, a phone its first three and last four. Organisations are named in
 * full: their names are not personal data. No Node built-ins: the phone pages import it too.
 */

/** A private person's name for a public page: 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length ? '*' : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** An ID number or credit code for a public page: first four, eight stars, last four. */
export function maskIdNumber(id: string): string {
  const s = id.replace(/\s+/g, '');
  if (s.length <= 8) return '*'.repeat(8);
  return `${s.slice(0, 4)}********${s.slice(-4)}`;
}

/** A bank account for a public page: ****1234. */
export function maskAccount(account: string): string {
  const s = account.replace(/\s+/g, '');
  return `****${s.slice(-4)}`;
}

/** A phone number for a public page: 138****5678. */
export function maskPhone(phone: string): string {
  const s = phone.replace(/[\s-]+/g, '');
  if (s.length < 7) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}****${s.slice(-4)}`;
}

/**
 * Whether a counterparty name is an organisation's (公司, 合作社, 委员会, 银行 …) rather than a
 * private person's; used when the upload does not say. A person's name is masked, an
 * organisation's is not. When unsure it answers false: a wrongly masked company costs less than an
 * unmasked person.
 */
export function looksLikeOrganisation(name: string): boolean {
  return /(公司|合作社|委员会|银行|信用社|商店|超市|加工厂|经营部|工作室|事务所|政府|办事处|中心|集团|协会|卫生院|卫生室|学校|小学|中学|幼儿园|村民小组|供电所|派出所|管理站)$/.test(
    name.trim(),
  );
}
