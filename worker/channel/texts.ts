import { formatMoneyText } from '../../core/money';
import type { SaleStatus } from '../../db/schema';

/**
 * The words of the USSD screens and SMS replies (DESIGN 6, issue 10), one table per
 * language: English and Kiswahili in plain GSM-7, Chinese for the Chinese locale. A
 * new language is one more table. Amounts are shown as the receipt shows them.
 */

export const LOCALES = ['en', 'sw', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** The money as the receipt writes it ("KES 1,000.00"), with plain spaces for GSM-7. */
export const money = formatMoneyText;

/** Why a sale was refused, by the error code the sale service answers with. */
export type Refusal =
  | 'insufficient_funds'
  | 'outlet_frozen'
  | 'amount_out_of_range'
  | 'daily_limit_exceeded'
  | 'invalid_msisdn'
  | 'unknown_operator'
  | 'busy';

export interface Texts {
  /** The language's own name, on the language screen. */
  name: string;
  menu: { sell: string; balance: string; today: string; last: string; language: string };
  askNumber: string;
  askAmount: (currency: string) => string;
  confirm: (msisdn: string, amount: string, operator: string) => string;
  askPin: string;
  cancel: string;
  back: string;
  more: string;
  wrongPin: string;
  locked: (until: string) => string;
  badNumber: string;
  badAmount: string;
  badChoice: string;
  cancelled: string;
  sale: (ref: string, msisdn: string, amount: string, status: string) => string;
  pending: (ref: string) => string;
  refused: (reason: string) => string;
  refusals: Record<Refusal, string>;
  status: Record<SaleStatus, string>;
  balance: (available: string, held: string, commission: string) => string;
  today: (count: number, total: string, commission: string) => string;
  last: string;
  noSales: string;
  expired: string;
  notOutlet: string;
  chooseLanguage: string;
  help: string;
  smsHelp: Record<'sell' | 'bal' | 'comm' | 'last', string>;
  outletReceipt: (ref: string, msisdn: string, amount: string, status: string) => string;
  /** Stock requests (DESIGN 12): USSD menu 6, SMS STOCK, and the SMS on the answer. */
  stock: StockTexts;
}

export interface StockTexts {
  menu: string;
  askAmount: (currency: string) => string;
  confirm: (amount: string) => string;
  sent: (ref: string, amount: string) => string;
  /** Why a request was not made, by the service's answer. */
  refused: Record<'pending' | 'no_distributor' | 'busy', string>;
  help: string;
  approved: (ref: string, amount: string) => string;
  rejected: (ref: string, amount: string, reason: string) => string;
}

const EN_STOCK: StockTexts = {
  menu: 'Request stock',
  askAmount: (c) => `Stock amount in ${c}:`,
  confirm: (a) => `Ask your distributor for ${a}?\nEnter PIN to confirm`,
  sent: (r, a) => `Stock request ${r} for ${a} sent. We will SMS you the answer.`,
  refused: {
    pending: 'You already have a stock request waiting for an answer.',
    no_distributor: 'This outlet has no distributor yet. Ask your regional manager.',
    busy: 'Busy, try again in a minute.',
  },
  help: 'Send: STOCK amount PIN, e.g. STOCK 5000 1234',
  approved: (r, a) => `Airload: stock request ${r} for ${a} approved. It is in your wallet.`,
  rejected: (r, a, why) => `Airload: stock request ${r} for ${a} rejected: ${why}`,
};

const SW_STOCK: StockTexts = {
  menu: 'Omba mzigo',
  askAmount: (c) => `Kiasi cha mzigo kwa ${c}:`,
  confirm: (a) => `Omba ${a} kutoka kwa msambazaji?\nWeka PIN kuthibitisha`,
  sent: (r, a) => `Ombi la mzigo ${r} la ${a} limetumwa. Tutakutumia SMS ya jibu.`,
  refused: {
    pending: 'Tayari una ombi la mzigo linalosubiri jibu.',
    no_distributor: 'Duka hili bado halina msambazaji. Muulize meneja wa eneo.',
    busy: 'Kuna shughuli, jaribu tena baadaye.',
  },
  help: 'Tuma: STOCK kiasi PIN, mfano STOCK 5000 1234',
  approved: (r, a) => `Airload: ombi la mzigo ${r} la ${a} limekubaliwa. Liko kwenye salio lako.`,
  rejected: (r, a, why) => `Airload: ombi la mzigo ${r} la ${a} limekataliwa: ${why}`,
};

const ZH_STOCK: StockTexts = {
  menu: '申请库存',
  askAmount: (c) => `库存金额(${c}):`,
  confirm: (a) => `向分销商申请 ${a}?\n输入PIN确认`,
  sent: (r, a) => `库存申请 ${r} (${a}) 已发送,结果将以短信通知。`,
  refused: {
    pending: '您已有一笔库存申请在等待答复。',
    no_distributor: '该网点尚无分销商,请联系区域经理。',
    busy: '系统繁忙,请稍后再试。',
  },
  help: '发送: STOCK 金额 PIN, 例 STOCK 5000 1234',
  approved: (r, a) => `Airload: 库存申请 ${r} (${a}) 已批准,已存入钱包。`,
  rejected: (r, a, why) => `Airload: 库存申请 ${r} (${a}) 被拒绝: ${why}`,
};

const en: Texts = {
  name: 'English',
  menu: {
    sell: 'Sell airtime',
    balance: 'Balance',
    today: "Today's sales",
    last: 'Last sales',
    language: 'Language',
  },
  askNumber: "Customer's phone number:",
  askAmount: (c) => `Amount in ${c}:`,
  confirm: (n, a, o) => `Sell ${a} to ${n} (${o})?\nEnter PIN to confirm`,
  askPin: 'Enter PIN:',
  cancel: '0 Cancel',
  back: '0 Back',
  more: '98 More',
  wrongPin: 'Wrong PIN.',
  locked: (t) => `Too many wrong PINs. Locked until ${t}.`,
  badNumber: 'Not a valid number. Try again:',
  badAmount: 'Not a valid amount. Try again:',
  badChoice: 'Choose a number from the list.',
  cancelled: 'Cancelled. Nothing was sold.',
  sale: (r, n, a, s) => `Sale ${r}\n${a} to ${n}\nStatus: ${s}`,
  pending: () => 'The carrier has not answered yet: we will SMS you the result.',
  refused: (why) => `Not sold: ${why}`,
  refusals: {
    insufficient_funds: 'wallet too low.',
    outlet_frozen: 'this outlet is frozen.',
    amount_out_of_range: 'amount outside your limits.',
    daily_limit_exceeded: 'daily limit reached.',
    invalid_msisdn: 'not a valid number.',
    unknown_operator: 'no operator for this number.',
    busy: 'busy, try again in a minute.',
  },
  status: {
    pending: 'pending',
    unknown: 'pending',
    succeeded: 'sent',
    failed: 'failed',
    reversed: 'reversed',
  },
  balance: (a, h, c) => `Available ${a}\nHeld ${h}\nCommission ${c}`,
  today: (n, t, c) => `Today: ${n} sales\nTotal ${t}\nCommission ${c}`,
  last: 'Last sales:',
  noSales: 'No sales yet.',
  expired: 'Session expired. Dial again.',
  notOutlet: 'This number is not an Airload outlet. To register, ask your distributor.',
  chooseLanguage: 'Language:',
  help: 'Airload SMS: SELL number amount PIN, BAL PIN, COMM PIN, LAST PIN, STOCK amount PIN, HELP',
  smsHelp: {
    sell: 'Send: SELL number amount PIN, e.g. SELL 0712345678 100 1234',
    bal: 'Send: BAL PIN',
    comm: 'Send: COMM PIN',
    last: 'Send: LAST PIN',
  },
  outletReceipt: (r, n, a, s) => `Airload: sale ${r} of ${a} to ${n}: ${s}.`,
  stock: EN_STOCK,
};

const sw: Texts = {
  name: 'Kiswahili',
  menu: {
    sell: 'Uza muda wa maongezi',
    balance: 'Salio',
    today: 'Mauzo ya leo',
    last: 'Mauzo ya mwisho',
    language: 'Lugha',
  },
  askNumber: 'Nambari ya simu ya mteja:',
  askAmount: (c) => `Kiasi kwa ${c}:`,
  confirm: (n, a, o) => `Uza ${a} kwa ${n} (${o})?\nWeka PIN kuthibitisha`,
  askPin: 'Weka PIN:',
  cancel: '0 Ghairi',
  back: '0 Rudi',
  more: '98 Zaidi',
  wrongPin: 'PIN si sahihi.',
  locked: (t) => `PIN zisizo sahihi nyingi. Imefungwa hadi ${t}.`,
  badNumber: 'Nambari si sahihi. Jaribu tena:',
  badAmount: 'Kiasi si sahihi. Jaribu tena:',
  badChoice: 'Chagua nambari kwenye orodha.',
  cancelled: 'Imeghairiwa. Hakuna kilichouzwa.',
  sale: (r, n, a, s) => `Mauzo ${r}\n${a} kwa ${n}\nHali: ${s}`,
  pending: () => 'Mtandao haujajibu bado: tutakutumia SMS ya matokeo.',
  refused: (why) => `Haikuuzwa: ${why}`,
  refusals: {
    insufficient_funds: 'salio halitoshi.',
    outlet_frozen: 'duka hili limesimamishwa.',
    amount_out_of_range: 'kiasi kiko nje ya mipaka yako.',
    daily_limit_exceeded: 'kikomo cha siku kimefikiwa.',
    invalid_msisdn: 'nambari si sahihi.',
    unknown_operator: 'hakuna mtandao wa nambari hii.',
    busy: 'kuna shughuli, jaribu tena baadaye.',
  },
  status: {
    pending: 'inasubiri',
    unknown: 'inasubiri',
    succeeded: 'imetumwa',
    failed: 'imeshindwa',
    reversed: 'imerudishwa',
  },
  balance: (a, h, c) => `Salio ${a}\nIliyoshikiliwa ${h}\nKamisheni ${c}`,
  today: (n, t, c) => `Leo: mauzo ${n}\nJumla ${t}\nKamisheni ${c}`,
  last: 'Mauzo ya mwisho:',
  noSales: 'Bado hakuna mauzo.',
  expired: 'Kipindi kimeisha. Piga tena.',
  notOutlet: 'Nambari hii si duka la Airload. Kujiandikisha, muulize msambazaji wako.',
  chooseLanguage: 'Lugha:',
  help: 'Airload SMS: SELL nambari kiasi PIN, BAL PIN, COMM PIN, LAST PIN, STOCK kiasi PIN, HELP',
  smsHelp: {
    sell: 'Tuma: SELL nambari kiasi PIN, mfano SELL 0712345678 100 1234',
    bal: 'Tuma: BAL PIN',
    comm: 'Tuma: COMM PIN',
    last: 'Tuma: LAST PIN',
  },
  outletReceipt: (r, n, a, s) => `Airload: mauzo ${r} ya ${a} kwa ${n}: ${s}.`,
  stock: SW_STOCK,
};

const zh: Texts = {
  name: 'Zhongwen (Chinese)',
  menu: { sell: '卖话费', balance: '余额', today: '今日销售', last: '最近销售', language: '语言' },
  askNumber: '客户手机号:',
  askAmount: (c) => `金额(${c}):`,
  confirm: (n, a, o) => `向 ${n} (${o}) 卖 ${a}?\n输入PIN确认`,
  askPin: '输入PIN:',
  cancel: '0 取消',
  back: '0 返回',
  more: '98 更多',
  wrongPin: 'PIN错误。',
  locked: (t) => `PIN错误次数过多,锁定至 ${t}。`,
  badNumber: '号码无效,请重新输入:',
  badAmount: '金额无效,请重新输入:',
  badChoice: '请从列表中选择。',
  cancelled: '已取消,未售出。',
  sale: (r, n, a, s) => `销售 ${r}\n${a} 至 ${n}\n状态: ${s}`,
  pending: () => '运营商尚未回复,结果将以短信通知。',
  refused: (why) => `未售出: ${why}`,
  refusals: {
    insufficient_funds: '余额不足。',
    outlet_frozen: '该网点已冻结。',
    amount_out_of_range: '金额超出限额。',
    daily_limit_exceeded: '已达每日限额。',
    invalid_msisdn: '号码无效。',
    unknown_operator: '该号码无运营商。',
    busy: '系统繁忙,请稍后再试。',
  },
  status: {
    pending: '处理中',
    unknown: '处理中',
    succeeded: '成功',
    failed: '失败',
    reversed: '已冲正',
  },
  balance: (a, h, c) => `可用 ${a}\n冻结 ${h}\n佣金 ${c}`,
  today: (n, t, c) => `今日: ${n} 笔\n合计 ${t}\n佣金 ${c}`,
  last: '最近销售:',
  noSales: '暂无销售。',
  expired: '会话已过期,请重新拨打。',
  notOutlet: '此号码不是Airload网点。如需注册,请联系您的分销商。',
  chooseLanguage: '语言:',
  help: 'Airload短信: SELL 号码 金额 PIN, BAL PIN, COMM PIN, LAST PIN, STOCK 金额 PIN, HELP',
  smsHelp: {
    sell: '发送: SELL 号码 金额 PIN, 例 SELL 0712345678 100 1234',
    bal: '发送: BAL PIN',
    comm: '发送: COMM PIN',
    last: '发送: LAST PIN',
  },
  outletReceipt: (r, n, a, s) => `Airload: 销售 ${r} ${a} 至 ${n}: ${s}。`,
  stock: ZH_STOCK,
};

export const TEXTS: Record<Locale, Texts> = { en, sw, zh };

/** The texts of a stored locale, English when none or unknown. */
export const textsFor = (locale: string | null | undefined): Texts =>
  TEXTS[isLocale(locale) ? locale : 'en'];

/** The last characters of a sale's reference (a UUIDv7: its tail is the random part). */
export const refTail = (saleId: string) => saleId.replace(/-/g, '').slice(-6).toUpperCase();

/** A customer number shortened for a small screen: "*5678". */
export const numberTail = (msisdn: string) => `*${msisdn.slice(-4)}`;
