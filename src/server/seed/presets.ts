/**
 * Shapes of the seed presets. `demo` follows Mianchi county (渑池县) as the 人民网 report of
 * 2023-01-17 describes it (shared/seeds/002): 12 townships in 4 zones, each zone with a central
 * township hosting a county commission workroom. Township names are Mianchi's; village names,
 * region codes below township level and every person are synthetic. `tongren` follows the
 * scale of 铜仁市 (shared/seeds): 10 counties, 178 townships, 2,887 villages, 60 zones.
 */

/** One county to generate. */
export interface CountySpec {
  code: string;
  name: string;
  /** Township names (ending in 镇 / 乡 / 街道). */
  townships: string[];
  /** Villages per township (distributed evenly to reach this total). */
  villages: number;
  /** Zones as lists of township indices; the first index is the central township. */
  zones: number[][];
}

/** A whole preset. */
export interface PresetSpec {
  key: string;
  city: { code: string; name: string };
  counties: CountySpec[];
  groupsPerVillage: number;
  /** Whether to create the demo accounts (one per role) for the first county. */
  accounts: boolean;
}

const MIANCHI_TOWNSHIPS = [
  '城关镇',
  '英豪镇',
  '张村镇',
  '洪阳镇',
  '天池镇',
  '仰韶镇',
  '果园乡',
  '陈村乡',
  '坡头乡',
  '段村乡',
  '仁村乡',
  '南村乡',
];

/** The demo county: 渑池县, 三门峡市. */
export const DEMO_PRESET: PresetSpec = {
  key: 'demo',
  city: { code: '411200000000', name: '三门峡市' },
  counties: [
    {
      code: '411221000000',
      name: '渑池县',
      townships: MIANCHI_TOWNSHIPS,
      villages: 120,
      // 第一: 城关 (centre), 英豪, 张村; 第二: 果园 (centre), 陈村, 段村;
      // 第三: 坡头 (centre), 南村, 天池; 第四: 仰韶 (centre), 洪阳, 仁村.
      zones: [
        [0, 1, 2],
        [6, 7, 9],
        [8, 11, 4],
        [5, 3, 10],
      ],
    },
  ],
  groupsPerVillage: 3,
  accounts: true,
};

const TOWN_STEMS =
  '灯塔 和平 川硐 滑石 漾头 瓦屋 云场坪 坝黄 六龙山 大坪 黄道 敖寨 下溪 谢桥 鱼塘 茶店 桃映 双江 民和 德旺 怒溪 闵孝 坝盘 官和 凯德 桶井 太平 孙家坝 张家寨 鹦鹉溪 许家坝 大河坝 瓮溪 三道水 亭子坝 塘头 青杠坡 合朋溪 天堂 长坝 长坝 文家店 凉水井 思林 大坝场 香坝 兴隆 板场 宽坪 洋溪 刀坝 杨柳 缠溪 新寨 沙子坡 罗场 天桥 甘溪 蓼皋 普觉 孟溪 寨英 乌罗 正大 盘信 长兴 平头 迓驾 盘石 冷水溪 石梁 木黄 朗溪 峨岭 合水 新业 中兴 土地坳 泉口 夹石 谯家 稳坪 煎茶 潮砥 楠杆 高山 复兴 荆角 钱家 龙泉 平原 长堡 堰塘 沙子 共和 官舟 黑水 甘溪 晓景 后坪 思渠 淇滩 土地坳 客田 黄土 新景 中界 板场 黑獭 泉坝 峰岩 铺子 大屯 坪坝';

/** Returns `n` synthetic township names (镇 for most, 乡 for the rest). */
function townshipNames(n: number, offset: number): string[] {
  const stems = TOWN_STEMS.split(' ');
  const out: string[] = [];
  const used = new Set<string>();
  for (let i = 0; out.length < n; i++) {
    const stem =
      stems[(offset + i) % stems.length]! + (i >= stems.length ? String(Math.floor(i / stems.length) + 1) : '');
    if (used.has(stem)) continue;
    used.add(stem);
    out.push(stem + (out.length % 4 === 3 ? '乡' : '镇'));
  }
  return out;
}

/** Splits `n` townships into `z` zones of near-equal size, the first of each as centre. */
function splitZones(n: number, z: number): number[][] {
  const zones: number[][] = Array.from({ length: z }, () => []);
  for (let i = 0; i < n; i++) zones[i % z]!.push(i);
  return zones;
}

const TONGREN: [string, string, number, number, number][] = [
  // code, name, townships, villages, zones — totals: 178 townships, 2,887 villages, 60 zones.
  ['520602000000', '碧江区', 10, 160, 4],
  ['520603000000', '万山区', 11, 155, 4],
  ['520621000000', '江口县', 10, 155, 4],
  ['520622000000', '玉屏侗族自治县', 6, 75, 3],
  ['520623000000', '石阡县', 18, 300, 6],
  ['520624000000', '思南县', 28, 520, 9],
  ['520625000000', '印江土家族苗族自治县', 17, 370, 6],
  ['520626000000', '德江县', 22, 360, 7],
  ['520627000000', '沿河土家族自治县', 22, 330, 7],
  ['520628000000', '松桃苗族自治县', 34, 462, 10],
];

/** The city-scale preset: 铜仁市. */
export const TONGREN_PRESET: PresetSpec = {
  key: 'tongren',
  city: { code: '520600000000', name: '铜仁市' },
  counties: TONGREN.map(([code, name, t, v, z], i) => ({
    code,
    name,
    townships: townshipNames(t, i * 17),
    villages: v,
    zones: splitZones(t, z),
  })),
  groupsPerVillage: 3,
  accounts: true,
};

/** A benchmark preset of `n` Mianchi-shaped counties under a synthetic city. */
export function scalePreset(n: number): PresetSpec {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError('scale must be 1..99 counties');
  return {
    key: `scale-${n}`,
    city: { code: '419000000000', name: '基准市' },
    counties: Array.from({ length: n }, (_, i) => ({
      code: `4190${String(i + 1).padStart(2, '0')}000000`,
      name: `基准${i + 1}县`,
      townships: townshipNames(12, i * 12),
      villages: 150,
      zones: splitZones(12, 4),
    })),
    groupsPerVillage: 3,
    accounts: true,
  };
}
