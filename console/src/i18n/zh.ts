/**
 * The console's words in Simplified Chinese: the first of its two tables, and the one that defines
 * the keys (en.ts must have exactly these). `{name}` is filled by `t` (index.ts); a key ending in
 * `.one` or `.other` is a pair chosen by the count `n`. Reply kinds carry the names the seeds use
 * (seed 003 for its eleven, seeds 000 and 002 for the others: see the comments), the engine's
 * identifier shown small beside them by the page.
 */
import type { ReplyKind, TimerName, Phase } from "../../../src/model/types.js";
import type { Verdict } from "../../../src/model/verdicts.js";

export const zh = {
  "page.title": "autoreply 自动回复演练台",
  "page.heading": "autoreply 自动回复演练台",
  "page.about": "写规则,演练一段对话,看清每条回复为什么发出。引擎在这个页面里运行,数据不会离开浏览器。",
  "lang.switch": "界面语言",

  // --- Reply kinds: seed 003 (line numbers of /work/shared/seeds/003) ---
  /** Seed 003 line 51: 1.收到消息回复 */
  "kind.received": "收到消息回复",
  /** Seed 003 line 52: 2.关键词回复 */
  "kind.keyword": "关键词回复",
  /** Seed 003 line 53: 3.打开客服回复 */
  "kind.opened": "打开客服回复",
  /** Seed 003 line 2: ●自动接入回复 */
  "kind.accepted": "自动接入回复",
  /** Seed 003 line 3: ●访客排队中回复 */
  "kind.queued": "访客排队中回复",
  /** Seed 003 line 56: 客服无响应回复消息1条 */
  "kind.agentSilent": "客服无响应",
  /** Seed 003 line 56: 访客无响应回复消息1条 (line 25: 3.2访客无响应时消息) */
  "kind.visitorSilent": "访客无响应",
  /** Seed 003 line 57: 自动结束会话回复消息1条 */
  "kind.autoEnd": "自动结束会话",
  /** Seed 003 line 57: 手动结束会话回复消息1条 */
  "kind.manualEnd": "手动结束会话",
  /** Seed 003 line 33: 批量结束接待中的会话时,系统会自动向访客发送一段消息。 */
  "kind.batchEnd": "批量结束",
  /** Seed 003 line 34: ●离线后回复可以设置触发回复的间隔时间。 */
  "kind.offline": "离线后回复",
  // --- The extended kinds: seeds 002 and 000 ---
  /** Seed 002 line 1: 企业微信如何设置请勿打扰自动回复? (line 13: 当客服人员激活“请勿打扰”状态时) */
  "kind.dnd": "请勿打扰自动回复",
  /** Seed 002 line 19: 例如客户连续发送3条消息未获人工响应时自动推送预约表单 */
  "kind.unanswered": "未获人工响应",
  /** Seed 002 line 27: 摩尔微客的算法能自动识别用户重复提问行为 */
  "kind.repeated": "重复提问回复",
  /** Seed 002 line 25: 最后准备应急模板包含紧急联系方式 … 当用户消息中包含"紧急"、"投诉"等关键词时优先调取第三类模板 */
  "kind.urgent": "应急模板",
  /** Seed 002 line 29: 遇到类似"别烦我"这种带情绪的关键词,系统会启用特殊应答策略 */
  "kind.upset": "情绪关键词回复",
  /** Seed 000 line 13: 自动触发消息写得好不好 (line 1: 自动化触发消息) */
  "kind.prompt": "自动触发消息",
  /** A trace entry of the event itself (a redelivery, a tag, a route, a transfer, an alert). */
  "kind.event": "事件",

  // --- Phases (seed 003: 机器人列表, 排队中列表, 接待中列表) and timers ---
  "phase.robot": "机器人列表",
  "phase.queued": "排队中",
  "phase.serving": "接待中",
  "phase.ended": "已结束",
  "phase.offline": "离线",
  "timer.agentSilent": "客服无响应",
  "timer.visitorSilent": "访客无响应",
  "timer.autoEnd": "自动结束会话",
  /** Seed 003 line 31: 超过一定时间没有互动 … 系统会自动结束 */
  "timer.idleEnd": "无互动自动结束",
  /** Seed 002 line 39: 主通道连续10分钟未响应 … 导流至备用通道 */
  "timer.backup": "转备用通道",
  "layer.agent": "客服的设置",
  "layer.group": "客服组的设置",
  "layer.channel": "渠道的设置",
  "layer.app": "应用的设置",

  // --- Verdicts: a short word, then the sentence of why (by the rule where it says more) ---
  "verdict.sent": "已发送",
  "verdict.armed": "已计时",
  "verdict.pending": "计时中",
  "verdict.notConfigured": "未设置",
  "verdict.noMatch": "未匹配",
  "verdict.noRule": "无适用规则",
  "verdict.cut": "已截断",
  "verdict.switchOff": "没有发送",
  "verdict.notInPhase": "不适用",
  "verdict.muted": "没有发送",
  "verdict.suppressed": "没有发送",
  "verdict.interval": "没有发送",
  "verdict.frequency": "没有发送",
  "verdict.window": "没有发送",
  "verdict.content": "没有发送",
  "verdict.quota": "没有发送",
  "verdict.stale": "已失效",
  "verdict.redelivered": "重复投递",
  "verdict.tag": "打标签",
  "verdict.route": "分配建议",
  "verdict.transfer": "转接",
  "verdict.alert": "提醒",
  "why.sent": "采用{layer}",
  "why.sent.cut": "只发送了前 {sent} 条,另外 {cut} 条没有发送",
  "why.armed": "计时器已设定,{until} 到期时发送",
  "why.pending": "计时器已在运行,{until} 到期",
  "why.notConfigured": "没有哪一层设置了{kind}",
  "why.noMatch": "没有关键词规则匹配这条消息",
  "why.noRule": "没有适用于这种情况的规则",
  "why.cut": "消息太长,关键词只匹配了开头的部分",
  "why.switchOff": "开关让{kind}保持关闭",
  "why.switchOff.R-SERVING": "访客在接待中列表里,没有开启“接待中触发收到消息回复”",
  "why.switchOff.A-FROM-QUEUE": "从排队中进入接待中,没有开启“排队中自动接入到接待中时触发自动接入回复”",
  "why.notInPhase": "在当前阶段或这一步不发送{kind}",
  "why.notInPhase.O-WHEN": "有客服在线,不发送离线后回复",
  "why.notInPhase.A-ENTER": "访客没有进入接待中",
  "why.notInPhase.T-SERVING-ONLY": "访客不在接待中列表里",
  "why.muted": "自动回复已暂停,{until} 之后恢复",
  "why.suppressed": "另一条回复优先于{kind}",
  "why.suppressed.winner": "{winner}优先于{loser}",
  "why.suppressed.D-REPLY": "客服处于请勿打扰状态,请勿打扰自动回复代替访客排队中回复",
  "why.suppressed.E-BATCH": "批量结束只发送批量结束回复,不发送手动结束会话回复",
  "why.suppressed.E-NOT-FROM-QUEUE": "在排队中和机器人列表里结束的会话不发送结束回复",
  "why.suppressed.T-SERVING-ONLY": "接待的客服已离线,接待会话中的计时器停止",
  "why.suppressed.P-ONE": "一次只显示一条自动触发消息",
  "why.suppressed.P-GAP": "访客刚关闭过一条自动触发消息",
  "why.suppressed.P-CAPTURE": "现在没有人能接待,这条自动触发消息也没有留资表单",
  "why.interval": "距上次发送不到间隔时间,{until} 之后才会再发",
  "why.frequency": "频率规则限制了它",
  "why.frequency.F-ONCE-SESSION": "本次会话已经发送过一次",
  "why.frequency.F-ONCE-VISITOR": "已经给这位访客发送过一次",
  "why.frequency.F-ONCE-PAGE": "在这个页面已经发送过一次",
  "why.frequency.F-COOLDOWN": "冷却时间未到,{until} 之后才会再发",
  "why.frequency.F-DISMISS": "访客关闭过它,{until} 之前不再发送",
  "why.frequency.F-PER-MESSAGE": "两条访客消息之间的自动消息已达上限",
  "why.frequency.F-BREAKER": "本次会话的自动回复太多,已暂停",
  "why.frequency.F-DEDUPE": "访客刚收到过相同的内容",
  "why.window": "渠道的互动窗口已关闭(已过期、在安全余量内,或访客已取消关注)",
  "why.content": "内容含有渠道不允许的链接",
  "why.quota": "渠道的消息额度已用完(除去为客服保留的条数)",
  "why.quota.cut": "额度只够发送前 {sent} 条,{cut} 条没有发送",
  "why.stale": "这个计时器已不再适用",
  "why.redelivered": "这个事件之前已处理过,不再重新决定",
  "why.tag": "不是回复:给访客打上标签",
  "why.route": "不是回复:建议把访客分配到另一个组",
  "why.transfer": "不是回复:请求转接这个会话",
  "why.alert": "不是回复:向负责人发出提醒",
  "why.sentence": "{verdict}:{why}",
  "why.unknown": "{verdict}",
  "why.engine": "引擎原文(英文)",
  "why.rule": "规则",

  // --- Lint findings: a short title per id (docs/cli.md's lint table) ---
  "lint.duplicate-id": "规则 id 重复",
  "lint.quota-budget": "消息额度可能不够",
  "lint.keyword-shadowed": "关键词规则永远不会触发",
  "lint.keyword-unreachable": "排除词挡住了所有消息",
  "lint.keyword-broad": "关键词太宽泛",
  "lint.placeholder-never": "占位符不会被填写",
  "lint.silence-order": "自动结束早于访客无响应",
  "lint.idle-switch": "无互动结束的设置不完整",
  "lint.offline-interval": "离线后回复每条消息都会发送",
  "lint.risk-word": "风险用语",
  "lint.link": "渠道会拦截的链接",
  "lint.personal-data": "模板里有个人信息",
  "lint.condition-never": "条件永远不成立",
  "lint.mute-long": "暂停自动回复的时间太长",
  "lint.prompt-way-out": "自动触发消息没有退路按钮",
  "lint.schedule-closed": "排班没有营业时间",
  "lint.schedule-overlap": "时间段重叠",
  "lint.holidays-end": "节假日没有排到明年",
  "lint.variant-unreachable": "时段变体永远不会被选中",
  "lint.urgent-words": "紧急词两处不一致",
  "lint.ab-weight": "A/B 权重有问题",
  "lint.promo-frequency": "推广消息没有频率限制",
  "lint.suggested": "建议改为:{suggest}",

  // --- Config files, and what the browser keeps (keep.ts) ---
  "keep.open": "打开…",
  "keep.save": "保存",
  "keep.recentList": "最近的配置",
  "keep.recent": "最近({n})",
  "keep.noRecent": "还没有打开或保存过配置",
  "keep.unsavedName": "{name}(未保存的修改)",
  "keep.edited": "已修改,还没有保存到文件",
  "keep.restored": "你在 {at} 对 {name} 的修改保存在这个浏览器里,已经恢复",
  "keep.unreadable": "这个浏览器保存的内容无法读取:已打开示例配置",
  "keep.blocked": "这个浏览器不为本页保存任何内容(存储被禁用,例如隐私浏览):刷新后修改会丢失;请把配置保存到文件",
  "keep.full": "这个浏览器为本页保存的空间已满:最后的修改没有保存在这里;请把配置保存到文件",
  "keep.tooLarge": "文件有 {size}:演练台最多读取 {limit} 的配置;更大的请用 autoreply check 检查",
  "keep.opened": "已打开 {name}",
  "keep.saved": "已保存为 {name}",

  // --- The check's findings, and the chat's note while the config is broken (panels.ts) ---
  "panel.error": "错误",
  "panel.warning": "警告",
  "panel.info": "提示",
  "panel.group": "{group}({n})",
  "panel.hint": "怎么改:{hint}",
  "note.broken": "编辑器里的配置有问题:",
  "note.failed": "编辑器里的配置无法检查({message})。",
  "note.end": "。",
  "note.keeps.last": "对话继续使用上一个检查通过的配置。",
  "note.keeps.kept": "对话使用这个浏览器保存的上一个有效配置。",
  "note.keeps.seed": "对话使用示例的配置。",
  "note.fix": "请修正配置,然后点“检查并应用”。",

  // --- Config: the editor and the check ---
  "config.title": "配置",
  "config.area": "配置(YAML)",
  "config.check": "检查并应用",
  "config.fix.one": "应用 {n} 处建议的改写",
  "config.fix.other": "应用 {n} 处建议的改写",
  "config.undo": "撤销改写",
  "config.redo": "重做改写",
  "config.problems": "问题与检查结果",
  "config.line": "第 {n} 行",
  "config.more": "还有 {n} 条",
  "config.checking": "正在检查…",
  "config.notChecked": "未检查",
  "config.stopped": "已停止:配置没有检查,对话继续使用之前的配置",
  "config.valid": "配置有效:{errors} 个错误,{warnings} 个警告",
  "config.yaml.one": "YAML 无法解析:{n} 个问题",
  "config.yaml.other": "YAML 无法解析:{n} 个问题",
  "config.invalid.one": "{n} 个问题",
  "config.invalid.other": "{n} 个问题",
  "config.tooLarge": "太大",
  "config.noRewrite": "没有改写:{message}",
  "config.rewriteStopped": "已停止:没有应用改写",
  "config.editorFailed": "带补全的编辑器无法加载({message});保留普通文本框",
  "where.(YAML)": "(YAML 语法)",
  "where.(config)": "(配置)",
  "where.(playground)": "(演练台)",
  "size.config": "配置有 {size}:演练台最多读取 {limit};更大的请用 autoreply check 或 simulate 检查",
  "size.scenario": "场景文件有 {size}:演练台最多读取 {limit};请用 autoreply simulate 运行",
  "size.batch": "批量测试有 {size}:演练台最多读取 {limit};请用 autoreply check 或 simulate 检查",

  // --- Work under way ---
  "work.stop": "停止",
  "work.what": "{what}…",
  "work.check": "正在检查配置",
  "work.fix": "正在查找改写",
  "work.scenario": "正在读取场景",
  "work.batch": "正在运行批量测试",
  "work.tables": "正在生成决策表",
  "work.failed": "后台计算失败:{message}",
  "work.notLoaded": "无法加载",

  // --- Chat ---
  "chat.title": "对话",
  "chat.channel": "渠道",
  "channel.miniprogram": "小程序 (miniprogram)",
  "channel.minigame": "小游戏 (minigame)",
  "channel.official_account": "公众号 (official_account)",
  "channel.web": "云客服 (web)",
  "chat.seed": "播放示例对话",
  "chat.reset": "重新开始",
  "chat.messages": "消息",
  "chat.text": "访客消息",
  "chat.placeholder": "访客输入…",
  "chat.route": "把访客分配到哪里",
  "route.none": "不指定",
  "route.agent": "分配给客服",
  "route.queue": "进入排队",
  "route.robot": "交给机器人",
  "chat.send": "发送",
  "chat.wait": "+2 分钟",
  "chat.nextTimer": "到下一个计时器",
  "chat.open": "访客打开客服",
  "chat.transfer": "访客转人工",
  "chat.accept": "客服接入",
  "chat.answer": "客服回复",
  "chat.end": "客服结束会话",
  "chat.presence": "客服上线 / 离线",
  "chat.until": "到某个日期和时间",
  "chat.go": "前往",
  "chat.load": "载入场景文件",
  "chat.save": "保存为场景文件",
  "chat.clock": "{clock} · {wall} {offset} · {phase} · {next}",
  "chat.nextNone": "没有待触发的计时器",
  "chat.next": "下一个计时器:{timer}({id}),{at}({wall})到期",

  // --- Events, as the timeline names them ---
  "event.visitor.message": "访客发送:{text}",
  "event.visitor.opened": "访客打开客服",
  "event.visitor.page": "访客浏览页面",
  "event.visitor.dismissed": "访客关闭了自动触发消息",
  "event.visitor.transfer": "访客转人工",
  "event.visitor.menu": "访客点击菜单",
  "event.visitor.unsubscribed": "访客取消关注",
  "event.queue.moved": "排队位置变化",
  "event.agent.accepted": "客服接入",
  "event.agent.message": "客服回复",
  "event.agent.ended": "客服结束会话",
  "event.presence": "客服在线状态变化",
  "event.presence.online": "客服上线",
  "event.presence.offline": "客服离线",
  "event.other": "事件",
  "event.wait": "过了 2 分钟",
  "event.time": "时间流逝",
  "event.timeTo": "时间前进到 {wall}",
  "event.timeToTimer": "时间前进到计时器:{timer}",
  "event.refused": "被拒绝,{code}",

  // --- The conversation's state and scenarios ---
  "scenario.goWhat": "请填写要前往的日期和时间",
  "scenario.passed": "{at} 已经过去:对话现在在 {now}",
  "scenario.fixFirst": "请先修正配置:场景在正在编辑的配置上播放",
  "scenario.tooLong": "这个场景有 {n} 步:演练台最多播放 {max} 步;请用 autoreply simulate 运行",
  "scenario.channel": "这个场景在渠道 {channel} 上,本页没有这个渠道:本页可以播放 {channels}",
  "scenario.played": "已播放 {n} 步",
  "scenario.reading": "正在读取场景…",
  "scenario.stopped": "已停止:场景没有播放",
  "scenario.yaml": "不是场景文件:YAML 无法解析({message})",
  "scenario.invalid": "不是本页能播放的场景文件:{message}",

  // --- Timeline ---
  "timeline.title": "时间线",
  "timeline.steps": "步骤:选择一步查看原因",
  "timeline.sent": "已发送:",
  "timeline.notSent": "未发送:",
  "timeline.reason": "({why})",
  "timeline.quota": "额度 {used}/{limit},为客服保留 {reserve} 条",
  "timeline.why": "为什么(所选步骤)",
  "timeline.choose": "请选择一个步骤。",
  "timeline.noDecision": "(这一步没有决定)",

  // --- Batch ---
  "batch.title": "批量测试:上线前的测试消息",
  "batch.area": "测试消息,每行一条,或 CSV(text, kinds, tags)",
  "batch.csv": "CSV(text, kinds, tags)",
  "batch.run": "运行批量测试",
  "batch.stop": "停止",
  "batch.fixFirst": "请先修正配置",
  "batch.starting": "正在开始…",
  "batch.line": "行",
  "batch.message": "消息",
  "batch.replies": "回复",
  "batch.problems": "与预期不符",
  "batch.summary": "{count} 条消息,{failed} 条与预期不符,{noKeyword} 条没有关键词规则回答",
  "batch.stoppedRest": "(已停止:{n} 条没有运行)",
  "batch.shown": ";表格只显示前 {n} 条",
  "batch.progress": "{count} / {total} 条消息…",
  "batch.done": "{summary}{stopped}{shown}",

  // --- Decision tables ---
  "tables.title": "决策表与状态图",
  "tables.about.before": "在正在编辑的配置下,每种情况会发送什么:由引擎计算,与",
  "tables.about.after": "命令输出的一样;最后是状态图的 Mermaid 源码。表格正文是引擎生成的英文,回复类型显示为中文名称。",
  "tables.generate": "生成",
  "tables.stopped": "已停止:没有生成决策表",
  "diagram.drawing": "会话阶段:正在绘制状态图…",
  "diagram.drawn": "会话阶段,以及在它们之间移动的事件:生成决策表时观察到的(Mermaid 源码在下面)。",
  "diagram.failed": "状态图无法绘制({message});Mermaid 源码在下面。",
} as const;

/** A key of the console's words. */
export type Key = keyof typeof zh;

/** A table of the console's words in one language: every key, each a template. */
export type Messages = Readonly<Record<Key, string>>;

/** Every reply kind, phase, timer and verdict has its words (a missing one fails the build). */
const complete: Record<`kind.${ReplyKind}` | `phase.${Phase}` | `timer.${TimerName}` | `verdict.${Verdict}` | `why.${Verdict}`, string> = zh;
void complete;
