/** Deterministic synthetic names for demo data: no real person is named. */

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志强海燕文辉晓东春林雪峰宏亮丹凤俊杰晨阳思远佳怡子涵浩然雨欣振华永刚德胜瑞琪';

/** A small seeded PRNG (mulberry32), so every seed run produces the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns a synthetic Chinese personal name. */
export function personName(r: () => number): string {
  const s = SURNAMES[Math.floor(r() * SURNAMES.length)]!;
  const len = r() < 0.7 ? 2 : 1;
  let g = '';
  for (let i = 0; i < len; i++) g += GIVEN[Math.floor(r() * GIVEN.length)]!;
  return s + g;
}

const VILLAGE_PARTS_A = '东西南北上下前后大小新老高低王李张刘陈杨赵河山沟坡岭庄湾';
const VILLAGE_PARTS_B = '沟坡岭庄湾洼峪村寨店营堡坪头窑';

/** Returns a synthetic village name, unique within `used`. */
export function villageName(r: () => number, used: Set<string>): string {
  for (let i = 0; i < 1000; i++) {
    const a = VILLAGE_PARTS_A[Math.floor(r() * VILLAGE_PARTS_A.length)]!;
    const b = VILLAGE_PARTS_A[Math.floor(r() * VILLAGE_PARTS_A.length)]!;
    const c = VILLAGE_PARTS_B[Math.floor(r() * VILLAGE_PARTS_B.length)]!;
    const name = `${a}${b}${c}村`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  const name = `第${used.size + 1}村`;
  used.add(name);
  return name;
}
