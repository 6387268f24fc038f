import type { RiskWord } from "../../core/internal.js";

/**
 * The built-in risk words (spec C-RISK): what seeds 001, 004 and 000 report getting accounts warned,
 * limited or blocked, and the absolute terms of China's advertising law that WeChat's review flags.
 * Each with its category and, where one exists, a rewrite that says the same thing safely. Plain
 * words only, matched on folded text (full-width, case, invisible characters), never patterns.
 * Teams add to it with `compliance.words` and turn entries off with `compliance.ignore`.
 */
export const RISK_WORDS: readonly RiskWord[] = [
  // absolute terms (seed 001 line 28: 像"最优惠""唯一授权"这种绝对化用语直接触发预警)
  { word: "最优惠", category: "absolute", suggest: "优惠" },
  { word: "唯一授权", category: "absolute", suggest: "官方授权" },
  { word: "最便宜", category: "absolute", suggest: "实惠" },
  { word: "最低价", category: "absolute", suggest: "优惠价" },
  { word: "全网最低价", category: "absolute", suggest: "实惠价" },
  { word: "全网最低", category: "absolute", suggest: "价格实惠" },
  { word: "史上最低", category: "absolute", suggest: "价格实惠" },
  { word: "全网第一", category: "absolute", suggest: null },
  { word: "第一品牌", category: "absolute", suggest: "知名品牌" },
  { word: "顶级", category: "absolute", suggest: "高品质" },
  { word: "最佳", category: "absolute", suggest: "优选" },
  { word: "国家级", category: "absolute", suggest: null },
  { word: "绝无仅有", category: "absolute", suggest: null },
  // medical and efficacy claims (seed 004 line 14: 不能在回复里说"保证治愈""绝对有效")
  { word: "保证治愈", category: "medical", suggest: "有助于改善" },
  { word: "绝对有效", category: "medical", suggest: "效果因人而异" },
  { word: "能治疗", category: "medical", suggest: "有助于调理" },
  { word: "根治", category: "medical", suggest: null },
  { word: "药到病除", category: "medical", suggest: null },
  { word: "无副作用", category: "medical", suggest: null },
  { word: "立竿见影", category: "medical", suggest: "见效因人而异" },
  // inducement (seed 004 line 13: "转发给朋友能再领一张"; seed 000 line 32: 不要用诱导式承诺,例如"点这里立刻返钱")
  { word: "转发给朋友", category: "inducement", suggest: null },
  { word: "分享到朋友圈", category: "inducement", suggest: null },
  { word: "集赞", category: "inducement", suggest: null },
  { word: "好评返现", category: "inducement", suggest: null },
  { word: "立刻返钱", category: "inducement", suggest: null },
  { word: "下单立减", category: "inducement", suggest: "限时优惠" },
  // guaranteed outcomes (seed 001 line 28: 某教育机构因为在自动回复里写了"保证提分"被举报)
  { word: "保证提分", category: "guarantee", suggest: "助力提分" },
  { word: "包过", category: "guarantee", suggest: "助力通过" },
  { word: "稳赚", category: "guarantee", suggest: null },
  { word: "零风险", category: "guarantee", suggest: null },
  { word: "百分百", category: "guarantee", suggest: null },
];

/**
 * Words that make a reply promotional (spec C-PROMO-FREQUENCY; seed 004 line 4: 重复推送促销信息 …
 * 被判定为"过度营销"): a promotional reply needs a frequency limit.
 */
export const PROMO_WORDS: readonly string[] = ["优惠", "折扣", "打折", "领券", "优惠券", "满减", "特价", "秒杀", "红包", "促销", "立减", "限时"];
