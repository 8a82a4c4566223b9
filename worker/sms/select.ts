import type { Config } from '../env';
import { AfricasTalkingSms } from './africastalking';
import { LoggingSmsGateway, type SmsGateway } from './gateway';

type SmsConfig = Pick<
  Config,
  'SMS_PROVIDER' | 'AT_USERNAME' | 'AT_API_KEY' | 'AT_SMS_URL' | 'AT_SENDER_ID'
>;

/** The SMS gateway the configuration names (DESIGN 6): Africa's Talking, else the simulator. */
export function smsFromConfig(config: SmsConfig): SmsGateway {
  const { AT_USERNAME: username, AT_API_KEY: apiKey } = config;
  if (config.SMS_PROVIDER === 'africastalking' && username && apiKey)
    return new AfricasTalkingSms({
      username,
      apiKey,
      url: config.AT_SMS_URL,
      from: config.AT_SENDER_ID,
    });
  return new LoggingSmsGateway();
}
