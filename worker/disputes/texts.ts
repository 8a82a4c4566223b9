import type { DisputeReason, DisputeStatus } from '../../core/api/enums';
import { isLocale, type Locale } from '../channel/texts';

/**
 * The words of disputes on USSD and SMS (DESIGN 6 menu 5, `DISPUTE`; issue 12), per
 * language like worker/channel/texts.ts, kept in their own table so that the channel's
 * shared one only gains the menu line. GSM-7 for English and Kiswahili.
 */
export type DisputeRefusal = 'dispute_open' | 'sale_not_disputable' | 'not_found' | 'busy';

export interface DisputeTexts {
  menu: string;
  pickSale: string;
  askReason: string;
  /** The reasons in menu order: 1 wrong_number, 2 not_received, 3 charged_twice, 4 other. */
  reasons: Record<DisputeReason, string>;
  status: Record<DisputeStatus, string>;
  opened: (ref: string, status: string) => string;
  refused: Record<DisputeRefusal, string>;
  resolved: (ref: string, status: string, amount: string) => string;
  smsHelp: string;
}

const en: DisputeTexts = {
  menu: 'Dispute a sale',
  pickSale: 'Dispute which sale?',
  askReason: 'Reason:\n1 Wrong number\n2 Not received\n3 Charged twice\n4 Other',
  reasons: {
    wrong_number: 'wrong number',
    not_received: 'not received',
    charged_twice: 'charged twice',
    other: 'other',
  },
  status: {
    open: 'open',
    investigating: 'being checked',
    refunded: 'refunded',
    rejected: 'rejected',
    withdrawn: 'withdrawn',
  },
  opened: (r, s) => `Dispute of sale ${r}: ${s}. We reply by SMS.`,
  refused: {
    dispute_open: 'This sale already has an open dispute.',
    sale_not_disputable: 'This sale cannot be disputed yet.',
    not_found: 'No such sale.',
    busy: 'Busy, try again later.',
  },
  resolved: (r, s, a) =>
    `Airload: dispute of sale ${r}: ${s}${a ? `, ${a} back in your wallet` : ''}.`,
  smsHelp: 'Send: DISPUTE ref reason PIN (reason: WRONG, NOTRECEIVED, TWICE, OTHER)',
};

const sw: DisputeTexts = {
  menu: 'Lalamikia mauzo',
  pickSale: 'Lalamikia mauzo gani?',
  askReason: 'Sababu:\n1 Nambari si sahihi\n2 Haikufika\n3 Imetozwa mara mbili\n4 Nyingine',
  reasons: {
    wrong_number: 'nambari si sahihi',
    not_received: 'haikufika',
    charged_twice: 'imetozwa mara mbili',
    other: 'nyingine',
  },
  status: {
    open: 'wazi',
    investigating: 'inachunguzwa',
    refunded: 'imerudishiwa pesa',
    rejected: 'imekataliwa',
    withdrawn: 'imeondolewa',
  },
  opened: (r, s) => `Malalamiko ya mauzo ${r}: ${s}. Tutajibu kwa SMS.`,
  refused: {
    dispute_open: 'Mauzo haya tayari yana malalamiko wazi.',
    sale_not_disputable: 'Mauzo haya hayawezi kulalamikiwa bado.',
    not_found: 'Hakuna mauzo hayo.',
    busy: 'Kuna shughuli, jaribu tena baadaye.',
  },
  resolved: (r, s, a) =>
    `Airload: malalamiko ya mauzo ${r}: ${s}${a ? `, ${a} zimerudi kwenye pochi` : ''}.`,
  smsHelp: 'Tuma: DISPUTE ref sababu PIN (sababu: WRONG, NOTRECEIVED, TWICE, OTHER)',
};

const zh: DisputeTexts = {
  menu: '申诉销售',
  pickSale: '申诉哪一笔销售?',
  askReason: '原因:\n1 号码错误\n2 未到账\n3 重复扣款\n4 其他',
  reasons: {
    wrong_number: '号码错误',
    not_received: '未到账',
    charged_twice: '重复扣款',
    other: '其他',
  },
  status: {
    open: '待处理',
    investigating: '核查中',
    refunded: '已退款',
    rejected: '已驳回',
    withdrawn: '已撤回',
  },
  opened: (r, s) => `销售 ${r} 的申诉: ${s}。结果将以短信通知。`,
  refused: {
    dispute_open: '该销售已有未结申诉。',
    sale_not_disputable: '该销售暂不能申诉。',
    not_found: '没有这笔销售。',
    busy: '系统繁忙,请稍后再试。',
  },
  resolved: (r, s, a) => `Airload: 销售 ${r} 的申诉: ${s}${a ? `,${a} 已退回钱包` : ''}。`,
  smsHelp: '发送: DISPUTE 单号 原因 PIN (原因: WRONG, NOTRECEIVED, TWICE, OTHER)',
};

const TABLES: Record<Locale, DisputeTexts> = { en, sw, zh };

export const disputeTextsFor = (locale: string | null | undefined): DisputeTexts =>
  TABLES[isLocale(locale) ? locale : 'en'];

/** The reasons by their menu number on USSD (1-4) and their word in the SMS command. */
export const REASON_BY_CHOICE: Record<string, DisputeReason> = {
  '1': 'wrong_number',
  '2': 'not_received',
  '3': 'charged_twice',
  '4': 'other',
};
export const REASON_BY_WORD: Record<string, DisputeReason> = {
  WRONG: 'wrong_number',
  WRONG_NUMBER: 'wrong_number',
  NOTRECEIVED: 'not_received',
  NOT_RECEIVED: 'not_received',
  TWICE: 'charged_twice',
  CHARGED_TWICE: 'charged_twice',
  OTHER: 'other',
};
